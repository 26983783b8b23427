import type {
  AccessSummary,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
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
