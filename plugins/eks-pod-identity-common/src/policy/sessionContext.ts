import type { ContextValue } from '../api/types';
import {
  SESSION_TAG_CLUSTER_ARN,
  SESSION_TAG_CLUSTER_NAME,
  SESSION_TAG_NAMESPACE,
  SESSION_TAG_SERVICE_ACCOUNT,
} from '../constants';

export interface PodIdentitySession {
  clusterArn: string;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  disableSessionTags?: boolean;
}

/**
 * The `aws:PrincipalTag/…` context keys EKS Pod Identity sets on the role
 * session. Pod-level tags (pod name and uid) differ per pod, so they are left
 * out: a policy that tests them reports them in `missingContextKeys`.
 * With session tags disabled there are none.
 */
export function podIdentitySessionContext(
  session: PodIdentitySession,
): Record<string, ContextValue> {
  if (session.disableSessionTags) return {};
  return {
    [`aws:PrincipalTag/${SESSION_TAG_CLUSTER_ARN}`]: session.clusterArn,
    [`aws:PrincipalTag/${SESSION_TAG_CLUSTER_NAME}`]: session.clusterName,
    [`aws:PrincipalTag/${SESSION_TAG_NAMESPACE}`]: session.namespace,
    [`aws:PrincipalTag/${SESSION_TAG_SERVICE_ACCOUNT}`]: session.serviceAccount,
  };
}
