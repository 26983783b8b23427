import {
  ContextValue,
  POD_LEVEL_SESSION_TAGS,
  podIdentitySessionContext,
  clusterArnOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AssociationRecord,
  ClusterInfo,
  RoleRecord,
} from '../../inventory/types';

/**
 * How the role is used, which decides what is known about its sessions:
 * - `podIdentity`: a Pod Identity association's session, whose principal tags
 *   are the role's tags plus the session tags EKS sets (unless disabled);
 * - `irsa`: a web-identity session, with the role's tags only;
 * - `anySession`: the role on its own, whatever session assumes it.
 */
export type PrincipalSession =
  | {
      kind: 'podIdentity';
      cluster: ClusterInfo;
      association: AssociationRecord;
    }
  | { kind: 'irsa' }
  | { kind: 'anySession' };

/** The request context the principal itself brings to every request. */
export interface PrincipalContext {
  values: Record<string, ContextValue>;
  /**
   * Whether a key the context lacks is known to be absent from every request
   * of the principal (e.g. a principal tag nobody sets), rather than unknown
   * (e.g. `aws:SourceIp`, which depends on the request).
   */
  knownAbsent(key: string): boolean;
  /**
   * Identifies what the context says about the given (lower-cased) keys, for
   * caching what depends on them only.
   */
  cacheKey(keys: ReadonlySet<string>): string;
}

const PRINCIPAL_TAG = 'aws:principaltag/';
const POD_LEVEL_KEYS = new Set(
  POD_LEVEL_SESSION_TAGS.map(tag => `${PRINCIPAL_TAG}${tag}`),
);

export function principalContext(
  role: RoleRecord,
  session: PrincipalSession,
): PrincipalContext {
  const values: Record<string, ContextValue> = {
    'aws:PrincipalArn': role.arn,
    'aws:PrincipalAccount': role.accountId,
  };
  for (const [key, value] of Object.entries(role.tags)) {
    values[`aws:PrincipalTag/${key}`] = value;
  }
  let sessionTags = false;
  if (session.kind === 'podIdentity') {
    const { cluster, association } = session;
    sessionTags = !association.disableSessionTags;
    Object.assign(
      values,
      podIdentitySessionContext({
        clusterArn: cluster.arn ?? clusterArnOf(cluster),
        clusterName: cluster.name,
        namespace: association.namespace,
        serviceAccount: association.serviceAccount,
        disableSessionTags: association.disableSessionTags,
      }),
    );
  }
  const knownAbsent = (key: string) => {
    const lower = key.toLowerCase();
    if (!lower.startsWith(PRINCIPAL_TAG)) return false;
    if (session.kind === 'anySession') return false;
    // Pod name and uid are set per pod: present, but not known here.
    return !(sessionTags && POD_LEVEL_KEYS.has(lower));
  };
  const cacheKey = (keys: ReadonlySet<string>) => {
    const used = Object.entries(values).filter(([k]) =>
      keys.has(k.toLowerCase()),
    );
    return `${session.kind}:${sessionTags}:${JSON.stringify(used)}`;
  };
  return { values, knownAbsent, cacheKey };
}
