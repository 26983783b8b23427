import type { AccessSummary } from '@pod-identity/plugin-eks-pod-identity-common';
import type { InventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';

export const EMPTY_ACCESS_SUMMARY: AccessSummary = Object.freeze({
  services: [],
  admin: false,
}) as AccessSummary;

/** An analyzer that finds nothing and cannot simulate; for tests of what was scanned. */
export const noAnalysis: InventoryAnalyzer = {
  async analyze() {
    return {
      findings: [],
      associationAccess: () => undefined,
      roleAccess: () => undefined,
    };
  },
};
