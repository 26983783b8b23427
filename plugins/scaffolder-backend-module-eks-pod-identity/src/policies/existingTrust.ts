import {
  ContextValue,
  POD_IDENTITY_PRINCIPAL,
  POD_IDENTITY_SESSION_TAGS,
  POD_LEVEL_SESSION_TAGS,
  PolicyDocument,
  partitionOfArn,
  SESSION_TAG_CLUSTER_ARN,
  SESSION_TAG_CLUSTER_NAME,
  SESSION_TAG_NAMESPACE,
  SESSION_TAG_SERVICE_ACCOUNT,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  askTrust,
  servicePrincipal,
  trustStatementsFor,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { ResolvedCluster } from '../services/ClusterDirectory';
import type { TrustScope } from './trustPolicy';

/** One association's use of a role: who EKS assumes it for. */
export interface PodIdentityUse {
  cluster: Pick<ResolvedCluster, 'name' | 'arn' | 'accountId'>;
  namespace: string;
  serviceAccount: string;
  sessionTags: boolean;
}

const POD_LEVEL_KEYS = new Set(
  POD_LEVEL_SESSION_TAGS.map(tag => `aws:requesttag/${tag}`),
);

/**
 * Whether the trust lets EKS assume the role for `use`. Only a definite
 * denial counts as "no": a statement testing keys EKS may send per pod (or
 * keys it never sends) could still admit it.
 */
function admits(trust: PolicyDocument, use: PodIdentityUse): boolean {
  const statements = trustStatementsFor(
    trust,
    servicePrincipal(POD_IDENTITY_PRINCIPAL),
  );
  const context: Record<string, ContextValue> = {
    'aws:SourceAccount': use.cluster.accountId,
    'aws:SourceArn': use.cluster.arn,
  };
  if (use.sessionTags) {
    context[`aws:RequestTag/${SESSION_TAG_CLUSTER_ARN}`] = use.cluster.arn;
    context[`aws:RequestTag/${SESSION_TAG_CLUSTER_NAME}`] = use.cluster.name;
    context[`aws:RequestTag/${SESSION_TAG_NAMESPACE}`] = use.namespace;
    context[`aws:RequestTag/${SESSION_TAG_SERVICE_ACCOUNT}`] =
      use.serviceAccount;
    context['aws:TagKeys'] = [...POD_IDENTITY_SESSION_TAGS];
  }
  const answer = askTrust(statements, trust.Version, {
    action: 'sts:AssumeRole',
    context,
    knownAbsent: key => {
      const lower = key.toLowerCase();
      if (lower === 'aws:tagkeys') return !use.sessionTags;
      if (!lower.startsWith('aws:requesttag/')) return false;
      return !use.sessionTags || !POD_LEVEL_KEYS.has(lower);
    },
  });
  return answer.outcome !== 'denied';
}

/**
 * How widely an existing role's trust admits Pod Identity, probed the way
 * the analyzers evaluate trust: `service-account` when only `use`'s service
 * account gets in, `cluster` when other service accounts of its cluster do,
 * `none` when associations of other clusters do. Other associations may run
 * with or without session tags, so both are tried. Undefined when the trust
 * does not admit `use` itself.
 */
export function existingTrustScope(
  trust: PolicyDocument,
  use: PodIdentityUse,
): TrustScope | undefined {
  if (!admits(trust, use)) return undefined;
  const elsewhere = `${use.cluster.name}-elsewhere`;
  const otherCluster = {
    ...use.cluster,
    name: elsewhere,
    arn: use.cluster.arn.replace(/cluster\/[^/]+$/, `cluster/${elsewhere}`),
  };
  const widerThan = (probe: Omit<PodIdentityUse, 'sessionTags'>) =>
    admits(trust, { ...probe, sessionTags: true }) ||
    admits(trust, { ...probe, sessionTags: false });
  if (widerThan({ ...use, cluster: otherCluster })) return 'none';
  if (
    widerThan({
      ...use,
      namespace: `${use.namespace}-elsewhere`,
      serviceAccount: `${use.serviceAccount}-elsewhere`,
    })
  ) {
    return 'cluster';
  }
  return 'service-account';
}

/**
 * Whether an IRSA role trusts the cluster's OIDC provider for exactly this
 * service account (`<issuer>:sub` = `system:serviceaccount:NS:SA`): allowed
 * for it, denied for a neighbour in the same namespace and for the same name
 * in another namespace. Returns why not, or undefined when it does.
 */
export function irsaTrustGap(
  trust: PolicyDocument,
  cluster: Pick<ResolvedCluster, 'name' | 'arn' | 'accountId' | 'oidcIssuer'>,
  namespace: string,
  serviceAccount: string,
): string | undefined {
  if (!cluster.oidcIssuer) {
    return `cluster ${cluster.name} has no OIDC issuer, so nothing there uses IRSA`;
  }
  const issuer = cluster.oidcIssuer.replace(/^https:\/\//, '');
  const provider = `arn:${partitionOfArn(cluster.arn)}:iam::${
    cluster.accountId
  }:oidc-provider/${issuer}`;
  const statements = trustStatementsFor(
    trust,
    (type, value) => type === 'Federated' && value === provider,
  );
  const allows = (ns: string, sa: string) =>
    askTrust(statements, trust.Version, {
      action: 'sts:AssumeRoleWithWebIdentity',
      context: {
        [`${issuer}:sub`]: `system:serviceaccount:${ns}:${sa}`,
        [`${issuer}:aud`]: 'sts.amazonaws.com',
      },
      knownAbsent: () => false,
    }).outcome;
  if (allows(namespace, serviceAccount) !== 'allowed') {
    return `its trust policy does not let ${provider} (the OIDC provider of ${cluster.name}) assume it for system:serviceaccount:${namespace}:${serviceAccount}`;
  }
  if (
    allows(namespace, `${serviceAccount}-elsewhere`) !== 'denied' ||
    allows(`${namespace}-elsewhere`, serviceAccount) !== 'denied'
  ) {
    return `its trust policy lets ${provider} assume it for more service accounts than system:serviceaccount:${namespace}:${serviceAccount}`;
  }
  return undefined;
}
