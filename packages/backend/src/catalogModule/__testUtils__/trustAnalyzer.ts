import {
  FINDING_CATALOGUE,
  POD_IDENTITY_PRINCIPAL,
  PolicyStatement,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { InventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';

const allowsPods = (statements: PolicyStatement[]) =>
  statements.some(s => {
    const principal =
      s.Effect === 'Allow' && typeof s.Principal === 'object'
        ? s.Principal.Service
        : undefined;
    return [principal ?? []].flat().includes(POD_IDENTITY_PRINCIPAL);
  });

/**
 * Stands in for the access analysis with one of its rules: a role whose
 * trust policy does not allow pods.eks.amazonaws.com gets a critical
 * TRUST_MISSING_PRINCIPAL finding. Pure, and driven by what the scan read,
 * so a test changes findings by changing the role in the sandbox.
 */
export const trustAnalyzer: InventoryAnalyzer = {
  async analyze(inventory) {
    const roles = inventory.accounts.flatMap(a => a.roles);
    const used = new Set(
      inventory.clusters.flatMap(c => c.associations.map(a => a.roleArn)),
    );
    const findings = roles
      .filter(
        r => used.has(r.arn) && !allowsPods([r.trustPolicy.Statement].flat()),
      )
      .map(r => ({
        code: 'TRUST_MISSING_PRINCIPAL' as const,
        ...FINDING_CATALOGUE.TRUST_MISSING_PRINCIPAL,
        detail: `The trust policy of ${r.arn} does not allow ${POD_IDENTITY_PRINCIPAL}.`,
        remediation: `Allow ${POD_IDENTITY_PRINCIPAL} to sts:AssumeRole and sts:TagSession.`,
        subject: { type: 'role' as const, id: r.arn },
      }));
    return {
      findings,
      associationAccess: () => undefined,
      roleAccess: () => undefined,
    };
  },
};
