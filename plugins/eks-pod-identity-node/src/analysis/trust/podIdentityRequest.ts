import {
  ContextValue,
  POD_IDENTITY_SESSION_TAGS,
  POD_LEVEL_SESSION_TAGS,
  SESSION_TAG_CLUSTER_ARN,
  SESSION_TAG_CLUSTER_NAME,
  SESSION_TAG_NAMESPACE,
  SESSION_TAG_SERVICE_ACCOUNT,
  clusterArnOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationRecord, ClusterInfo } from '../../inventory/types';
import type { TrustRequest } from './trustStatements';

const POD_LEVEL_REQUEST_TAGS = new Set(
  POD_LEVEL_SESSION_TAGS.map(tag => `aws:requesttag/${tag}`),
);

/** The session tags EKS passes for an association, known at association level. */
export function sessionTagValues(
  cluster: ClusterInfo,
  association: AssociationRecord,
): Record<string, string> {
  return {
    [SESSION_TAG_CLUSTER_ARN]: cluster.arn ?? clusterArnOf(cluster),
    [SESSION_TAG_CLUSTER_NAME]: cluster.name,
    [SESSION_TAG_NAMESPACE]: association.namespace,
    [SESSION_TAG_SERVICE_ACCOUNT]: association.serviceAccount,
  };
}

/**
 * The request context of the AssumeRole / TagSession calls EKS Pod Identity
 * makes for an association: the cluster's account as `aws:SourceAccount`,
 * and, with session tags on, the tags as `aws:RequestTag/…` and
 * `aws:TagKeys`. With session tags off there are no request tags at all.
 * Pod name and uid tags are sent but differ per pod, so they stay unknown.
 */
export function podIdentityTrustRequest(
  action: string,
  cluster: ClusterInfo,
  association: AssociationRecord,
): TrustRequest {
  const tagsOn = !association.disableSessionTags;
  const context: Record<string, ContextValue> = {
    'aws:SourceAccount': cluster.accountId,
  };
  if (tagsOn) {
    for (const [key, value] of Object.entries(
      sessionTagValues(cluster, association),
    )) {
      context[`aws:RequestTag/${key}`] = value;
    }
    context['aws:TagKeys'] = [...POD_IDENTITY_SESSION_TAGS];
  }
  const knownAbsent = (key: string) => {
    const lower = key.toLowerCase();
    if (lower === 'aws:tagkeys') return !tagsOn;
    if (!lower.startsWith('aws:requesttag/')) return false;
    return !tagsOn || !POD_LEVEL_REQUEST_TAGS.has(lower);
  };
  return { action, context, knownAbsent };
}
