import type {
  AccessSummary,
  PolicyDocument,
  PolicySet,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { createHash } from 'node:crypto';
import type { RoleRecord } from '../../inventory/types';
import type {
  ActionCatalogue,
  CatalogueAction,
} from '../catalogue/ActionCatalogue';
import type { InventoryIndex } from '../InventoryIndex';
import { resourcesFor } from './effectiveResources';
import { GrantLayers, specializePolicies } from './grants';
import { principalContext, PrincipalSession } from './principalContext';
import { documentKeys } from './referencedKeys';
import { grantsAdmin, summarize } from './summarizeAccess';

/** Each allowed catalogue action with the resource patterns it is allowed on. */
export type AccessMap = Map<CatalogueAction, string[]>;

export interface RoleAccess {
  layers: GrantLayers;
  actions: AccessMap;
  summary: AccessSummary;
}

/**
 * Effective access, computed once per distinct (role, session policy, the
 * context values the policies actually consult): the many associations
 * sharing a role share one computation unless its policies tell them apart.
 * Given the access an earlier analysis worked out (`earlier`), it takes over
 * what is unchanged: the same role, tags and policy documents give the same
 * access, so a change costs only the roles it touched.
 */
export class AccessCalculator {
  private readonly cache = new Map<string, RoleAccess>();
  /** By everything the computation reads, so a later analysis can reuse it. */
  readonly byContent = new Map<string, RoleAccess>();
  private readonly fingerprints = new Map<string, string>();

  constructor(
    private readonly index: InventoryIndex,
    private readonly catalogue: ActionCatalogue,
    private readonly earlier?: ReadonlyMap<string, RoleAccess>,
  ) {}

  /** The role on its own: its policies ∩ its boundary, for any session. */
  ofRole(role: RoleRecord): RoleAccess {
    return this.of(role, { kind: 'anySession' });
  }

  /** A session of the role, narrowed by a session policy when one is set. */
  of(
    role: RoleRecord,
    session: PrincipalSession,
    sessionPolicy?: PolicyDocument,
  ): RoleAccess {
    const { unreadablePolicyArns, ...policies } = this.index.policiesOf(role);
    const set: PolicySet = {
      ...policies,
      ...(sessionPolicy ? { sessionPolicy: { document: sessionPolicy } } : {}),
    };
    const context = principalContext(role, session);
    const keys = new Set<string>();
    for (const p of [
      ...set.identityPolicies,
      set.boundary,
      set.sessionPolicy,
    ]) {
      if (p) documentKeys(p.document).forEach(k => keys.add(k));
    }
    // Policies that consult no context key give every session the same access.
    const cacheKey = [
      role.arn,
      sessionPolicy ? JSON.stringify(sessionPolicy) : '',
      keys.size > 0 ? context.cacheKey(keys) : '',
    ].join('\n');
    let access = this.cache.get(cacheKey);
    if (!access) {
      const contentKey = `${cacheKey}\n${this.fingerprint(role)}`;
      access = this.earlier?.get(contentKey);
      if (!access) {
        const layers = specializePolicies(set, context);
        const actions = this.allowedActions(layers);
        access = {
          layers,
          actions,
          summary: summarize(actions, grantsAdmin(layers)),
        };
      }
      this.cache.set(cacheKey, access);
      this.byContent.set(contentKey, access);
    }
    return access;
  }

  /**
   * What can change under a role's ARN and decides its access: its tags and
   * its policies' documents (hashed, as the documents can be large and a key
   * is kept per association that consults the context).
   */
  private fingerprint(role: RoleRecord): string {
    let print = this.fingerprints.get(role.arn);
    if (!print) {
      const { unreadablePolicyArns: _, ...policies } =
        this.index.policiesOf(role);
      print = createHash('sha1')
        .update(JSON.stringify([role.tags, policies]))
        .digest('base64');
      this.fingerprints.set(role.arn, print);
    }
    return print;
  }

  /**
   * Actions covered by the same grants have the same resources, so each
   * distinct combination is worked out once (an Allow of `*` makes one
   * combination of all 20,000 actions).
   */
  private allowedActions(layers: GrantLayers): AccessMap {
    const grants = [...layers.allows.flat(), ...layers.denies];
    const coverage = grants.map(g => this.catalogue.covered(g));
    const candidates = new Set<CatalogueAction>();
    for (const grant of layers.allows[0] ?? []) {
      this.catalogue.covered(grant).forEach(a => candidates.add(a));
    }
    // A bit per grant names the combination; past 31 grants, a string does.
    const wide = coverage.length > 31;
    const byCombination = new Map<number | string, string[]>();
    const actions: AccessMap = new Map();
    for (const action of candidates) {
      let combination: number | string = wide ? '' : 0;
      for (let i = 0; i < coverage.length; i++) {
        if (!coverage[i].has(action)) continue;
        if (wide) combination += `${i},`;
        else combination = (combination as number) | (1 << i);
      }
      let resources = byCombination.get(combination);
      if (!resources) {
        const covering = new Set(
          grants.filter((_, i) => coverage[i].has(action)),
        );
        resources = resourcesFor(layers, g => covering.has(g));
        byCombination.set(combination, resources);
      }
      if (resources.length === 0) continue;
      const applicable = resources.every(r =>
        this.catalogue.appliesTo(action, r),
      )
        ? resources
        : resources.filter(r => this.catalogue.appliesTo(action, r));
      if (applicable.length > 0) actions.set(action, applicable);
    }
    return actions;
  }
}
