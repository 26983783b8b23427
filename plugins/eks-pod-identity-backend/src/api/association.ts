import type {
  Association,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationRecord } from '@pod-identity/plugin-eks-pod-identity-node';
import type { InventoryAnalysis } from '@pod-identity/plugin-eks-pod-identity-node';

export function toAssociation(
  cluster: string,
  record: AssociationRecord,
  owners: string[],
  findings: Finding[],
  analysis: InventoryAnalysis,
): Association {
  const access = analysis.associationAccess(record.associationId);
  return {
    id: record.associationId,
    arn: record.associationArn,
    cluster,
    namespace: record.namespace,
    serviceAccount: record.serviceAccount,
    roleArn: record.roleArn,
    ...(record.targetRoleArn ? { targetRoleArn: record.targetRoleArn } : {}),
    disableSessionTags: record.disableSessionTags,
    ...(record.sessionPolicy ? { sessionPolicy: record.sessionPolicy } : {}),
    ...(record.ownerArn ? { ownerArn: record.ownerArn } : {}),
    createdAt: record.createdAt,
    modifiedAt: record.modifiedAt,
    tags: record.tags ?? {},
    owners,
    findings,
    ...(access ? { access } : {}),
  };
}
