import type {
  AccessSummary,
  ContextValue,
  Finding,
  RightSizingProposal,
  SimulateResult,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AccountIamInventory,
  ClusterInventory,
  RoleLastAccessedRecord,
} from '../inventory/types';

/** What the analysis reads: the inventory, and what the catalog maps. */
export interface AnalysisInput {
  clusters: ClusterInventory[];
  accounts: AccountIamInventory[];
  /**
   * `cluster:namespace/serviceAccount` of every service account some catalog
   * entity maps to. Absent when the catalog is not known: then
   * UNOWNED_ASSOCIATION is not reported.
   */
  ownedServiceAccounts?: ReadonlySet<string>;
  /** Catalog claims on service accounts that other entities have proven theirs (MAPPING_CONTESTED). */
  contestedClaims?: ContestedClaim[];
  /**
   * IAM's service last accessed reports by role ARN (read apart from the
   * scan, see LastAccessedReader). A role without one gets no PERMISSIONS_UNUSED
   * and no usage in its access summary.
   */
  lastAccessed?: ReadonlyMap<string, RoleLastAccessedRecord>;
}

/**
 * An entity's claim on a service account (through its annotations) that is
 * not corroborated, while other entities' claims are (a workload of the
 * service account carries their kubernetes-id, or the association or its
 * role is tagged with their entity ref), or other entities declare the same
 * kubernetes-id.
 */
export interface ContestedClaim extends ServiceAccountKey {
  entityRef: string;
  /** The entities with an equal or better claim. */
  corroboratedBy: string[];
}

/** How strictly a missing permissions boundary is treated. */
export type PermissionsBoundaryPolicy = 'required' | 'advisory' | 'off';

/** Whether Pod Identity trust must be scoped below the account (TRUST_UNSCOPED). */
export type ScopedTrustPolicy = 'required' | 'advisory';

/** Thresholds teams tune (`eksPodIdentity.analysis`). */
export interface AnalysisSettings {
  /** ROLE_UNUSED when a role was last used longer ago than this, or never. */
  unusedRoleDays: number;
  /** QUOTA_NEAR_LIMIT when a cluster holds at least this share (0–1) of the association quota. */
  quotaWarningRatio: number;
  /** Associations per cluster EKS allows. */
  associationQuota: number;
  /** NO_PERMISSIONS_BOUNDARY: `required` raises it to high, `off` turns it off. */
  permissionsBoundary: PermissionsBoundaryPolicy;
  /** TRUST_UNSCOPED: `required` raises it from low to high. */
  scopedTrust: ScopedTrustPolicy;
  /** PERMISSIONS_UNUSED and "used / granted": a grant is unused when not used in this many days. */
  lastAccessedWindowDays: number;
}

/** A Kubernetes service account in one cluster. */
export interface ServiceAccountKey {
  cluster: string;
  namespace: string;
  serviceAccount: string;
}

/** The question of a simulation, for one service account. */
export interface SimulationQuestion {
  /** `service:Action`. */
  action: string;
  /** Resource ARN, or `*`. */
  resource: string;
  /** Request context keys the caller supplies. */
  context?: Record<string, ContextValue>;
}

/** Everything derived from one inventory; cheap to query. */
export interface InventoryAnalysis {
  /** Every finding, worst first. */
  readonly findings: Finding[];
  /** What pods of the association can do (through the target role when there is one). */
  associationAccess(associationId: string): AccessSummary | undefined;
  /** What a role can do on its own (its policies ∩ its boundary, any session). */
  roleAccess(roleArn: string): AccessSummary | undefined;
  /** Its policies without what it did not use (with PERMISSIONS_UNUSED only). */
  rightSizing?(roleArn: string): RightSizingProposal | undefined;
  /**
   * Whether the service account's pods may make the request: through its
   * Pod Identity association, else through its IRSA role. Undefined when the
   * service account has neither. Absent when the analyzer cannot simulate.
   */
  simulate?(
    serviceAccount: ServiceAccountKey,
    question: SimulationQuestion,
  ): SimulateResult | undefined;
}

/**
 * Derives findings and access from an inventory; the backend runs it once per
 * stored snapshot generation, off the request path. `DefaultInventoryAnalyzer`
 * is the one the backend installs unless a module sets another through
 * `eksPodIdentityInventoryExtensionPoint`.
 */
export interface InventoryAnalyzer {
  analyze(input: AnalysisInput): Promise<InventoryAnalysis>;
}
