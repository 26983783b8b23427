import type {
  AccessSummary,
  Finding,
  SimulateResult,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  ServiceAccountKey,
  SimulationQuestion,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { InventorySnapshot } from '../snapshot/types';

/**
 * What access analysis derives from one snapshot. The routes attach findings
 * by subject and access summaries by association / role; they never compute
 * either themselves.
 */
export interface SnapshotAnalysis {
  findings: Finding[];
  /** Effective access through an association (its role ∩ boundary ∩ session policy). */
  associationAccess(associationId: string): AccessSummary | undefined;
  /** Effective access of a role on its own (no session policy). */
  roleAccess(roleArn: string): AccessSummary | undefined;
  /**
   * `POST /v1/simulate` for one service account; undefined when its pods have
   * no AWS role. Absent when the analysis cannot simulate (then the route
   * answers 503).
   */
  simulate?(
    serviceAccount: ServiceAccountKey,
    question: SimulationQuestion,
  ): SimulateResult | undefined;
}

/**
 * Runs once per snapshot generation on each replica, off the request path;
 * requests are served from the previous analysis until it resolves.
 */
export interface SnapshotAnalyzer {
  analyze(snapshot: InventorySnapshot): Promise<SnapshotAnalysis>;
}

export const EMPTY_ACCESS_SUMMARY: AccessSummary = Object.freeze({
  services: [],
  admin: false,
}) as AccessSummary;

/** Used until an analyzer is installed: no findings, no access summaries. */
export const noAnalysis: SnapshotAnalyzer = {
  async analyze() {
    return {
      findings: [],
      associationAccess: () => undefined,
      roleAccess: () => undefined,
    };
  },
};
