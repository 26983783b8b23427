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
  buildArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  askTrust,
  servicePrincipal,
  trustStatementsFor,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { ResolvedCluster } from '../services/ClusterResolver';
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
 * Names one edit away from `name`: a character inserted at every position
 * or replaced at every position. A wildcard anywhere in a pattern that
 * matches `name` (`team-*`, `*-api`, `orders-?pi`, `or*ders`) also matches
 * one of them.
 */
function neighbours(name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= name.length; i++) {
    out.push(`${name.slice(0, i)}x${name.slice(i)}`);
    if (i < name.length) {
      const other = name[i] === 'x' ? 'y' : 'x';
      out.push(`${name.slice(0, i)}${other}${name.slice(i + 1)}`);
    }
  }
  return out;
}

/**
 * How widely an existing role's trust admits Pod Identity, probed the way
 * the analyzers evaluate trust: `service-account` when only `use`'s service
 * account gets in, `cluster` when other service accounts of its cluster do,
 * `none` when associations of other clusters do. Other associations may run
 * without session tags, so that is tried too. Undefined when the trust does
 * not admit `use` itself.
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
  const admitsAny = (probes: Array<Omit<PodIdentityUse, 'sessionTags'>>) =>
    probes.some(probe => admits(trust, { ...probe, sessionTags: true }));
  if (
    admits(trust, { ...use, cluster: otherCluster, sessionTags: false }) ||
    admitsAny([{ ...use, cluster: otherCluster }])
  ) {
    return 'none';
  }
  if (
    admits(trust, { ...use, sessionTags: false }) ||
    admitsAny([
      ...neighbours(use.namespace).map(namespace => ({ ...use, namespace })),
      ...neighbours(use.serviceAccount).map(serviceAccount => ({
        ...use,
        serviceAccount,
      })),
    ])
  ) {
    return 'cluster';
  }
  return 'service-account';
}

/**
 * Whether an IRSA role trusts the cluster's OIDC provider for exactly this
 * service account (`<issuer>:sub` = `system:serviceaccount:NS:SA`): allowed
 * for it, denied for every name one edit away in the namespace and for the
 * same name in every namespace one edit away (so wildcards show). Returns
 * why not, or undefined when it does.
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
  const provider = buildArn({
    partition: partitionOfArn(cluster.arn),
    service: 'iam',
    region: '',
    accountId: cluster.accountId,
    resource: `oidc-provider/${issuer}`,
  });
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
  const others: Array<[string, string]> = [
    ...neighbours(namespace).map((ns): [string, string] => [
      ns,
      serviceAccount,
    ]),
    ...neighbours(serviceAccount).map((sa): [string, string] => [
      namespace,
      sa,
    ]),
  ];
  if (others.some(([ns, sa]) => allows(ns, sa) !== 'denied')) {
    return `its trust policy lets ${provider} assume it for more service accounts than system:serviceaccount:${namespace}:${serviceAccount}`;
  }
  return undefined;
}
