import {
  formatServiceAccountRef,
  ServiceAccountAccess,
  severityRank,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { mappingContestedFinding } from '@pod-identity/plugin-eks-pod-identity-node';
import { EMPTY_ACCESS_SUMMARY } from '../analysis/emptyAnalysis';
import type { EntityServiceAccount } from '../mapping/resolveEntityServiceAccounts';
import type { SnapshotView } from '../snapshot/SnapshotView';

/** Everything the entity tab shows about one of the entity's service accounts. */
export function toServiceAccountAccess(
  sa: EntityServiceAccount,
  view: SnapshotView,
  entityRef: string,
): ServiceAccountAccess {
  const record = view.serviceAccount(
    sa.cluster,
    sa.namespace,
    sa.serviceAccount,
  );
  const association = view.associationFor(
    sa.cluster,
    sa.namespace,
    sa.serviceAccount,
  );
  const findings = view.findings.about(
    { type: 'serviceAccount', id: formatServiceAccountRef(sa) },
    association ? { type: 'association', id: association.id } : undefined,
    association ? { type: 'role', id: association.roleArn } : undefined,
    association?.targetRoleArn
      ? { type: 'role', id: association.targetRoleArn }
      : undefined,
    association ? { type: 'cluster', id: sa.cluster } : undefined,
  );
  if (sa.contestedBy) {
    // The claim may be newer than the last scan's analysis.
    const contested = mappingContestedFinding({
      ...sa,
      entityRef,
      corroboratedBy: sa.contestedBy,
    });
    if (!findings.some(f => f.detail === contested.detail)) {
      findings.push(contested);
      findings.sort(
        (a, b) => severityRank(a.severity) - severityRank(b.severity),
      );
    }
  }
  return {
    cluster: sa.cluster,
    namespace: sa.namespace,
    serviceAccount: sa.serviceAccount,
    source: sa.source,
    ...(sa.contestedBy ? { contestedBy: sa.contestedBy } : {}),
    serviceAccountExists: Boolean(record),
    ...(record?.irsaRoleArn ? { irsaRoleArn: record.irsaRoleArn } : {}),
    ...(association
      ? {
          association,
          role: view.roleSummary(association.roleArn),
          ...(association.targetRoleArn
            ? { targetRole: view.roleSummary(association.targetRoleArn) }
            : {}),
        }
      : {}),
    // Without an association, pods that use IRSA still act as the IRSA role.
    access:
      association?.access ??
      (record?.irsaRoleArn
        ? view.analysis.roleAccess(record.irsaRoleArn)
        : undefined) ??
      EMPTY_ACCESS_SUMMARY,
    findings,
  };
}
