import {
  OWNER_TAG_KEY,
  type Association,
  type Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationRecord } from '@pod-identity/plugin-eks-pod-identity-node';
import type { InventoryAnalysis } from '@pod-identity/plugin-eks-pod-identity-node';

/** The entities mapped to an association's service account, and their `spec.owner`s. */
export interface AssociationMapping {
  entityRefs: string[];
  ownerRefs: string[];
}

/**
 * The owner is what the association's owner tag says (the scaffolder writes
 * it), else the one `spec.owner` all mapped entities share; entities of two
 * owners leave it unsaid rather than pick one.
 */
function ownerOf(
  tags: Record<string, string>,
  ownerRefs: string[],
): string | undefined {
  return (
    tags[OWNER_TAG_KEY] ?? (ownerRefs.length === 1 ? ownerRefs[0] : undefined)
  );
}

export function toAssociation(
  cluster: string,
  record: AssociationRecord,
  mapping: AssociationMapping,
  findings: Finding[],
  analysis: InventoryAnalysis,
): Association {
  const access = analysis.associationAccess(record.associationId);
  const tags = record.tags ?? {};
  const owner = ownerOf(tags, mapping.ownerRefs);
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
    tags,
    mappedEntityRefs: mapping.entityRefs,
    ...(owner ? { owner } : {}),
    findings,
    ...(access ? { access } : {}),
  };
}
