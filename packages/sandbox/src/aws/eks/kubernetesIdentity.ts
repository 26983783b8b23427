/**
 * Who an EKS bearer token signs in as on a cluster, as EKS decides it: the
 * token must be a presigned STS GetCallerIdentity URL for the STS endpoint,
 * signing `x-k8s-aws-id` = the cluster's name, not expired; the caller it
 * proves must have an access entry on the cluster (matched by ARN and by the
 * principal's unique id); the entry gives the Kubernetes user name and
 * groups, and its access policies the rules granted from outside RBAC.
 */
import type { KubernetesUser, RuleGrant } from '../../kubernetes/authorize';
import type { ClusterState, SandboxState } from '../../state/model';
import type { Caller } from '../context';
import { verifyEksToken, EKS_TOKEN_PREFIX } from '../sts/eksToken';
import { accessPolicyRules, CLUSTER_ADMIN_POLICY_ARN } from './accessPolicies';

export type KubernetesSignIn =
  | { ok: true; user: KubernetesUser }
  | { ok: false; reason: string };

/** The host of the presigned URL inside a token; undefined when it is not one. */
function presignedHost(token: string): string | undefined {
  try {
    return new URL(
      Buffer.from(token.slice(EKS_TOKEN_PREFIX.length), 'base64url').toString(
        'utf8',
      ),
    ).host;
  } catch {
    return undefined;
  }
}

/** The principal behind a caller: the role of an assumed-role session, or the user. */
function principalOf(caller: Caller) {
  return caller.session
    ? {
        arn: caller.session.roleArn,
        id: caller.session.roleId,
        sessionName: caller.session.sessionName,
      }
    : { arn: caller.arn, id: caller.userId, sessionName: undefined };
}

/** `{{SessionName}}` (with `@` as `-`) and `{{SessionNameRaw}}` filled in, as EKS does. */
function username(template: string, sessionName: string | undefined) {
  return template
    .replace(/\{\{SessionNameRaw\}\}/g, sessionName ?? '')
    .replace(/\{\{SessionName\}\}/g, (sessionName ?? '').replace(/@/g, '-'));
}

const CLUSTER_ADMIN: RuleGrant[] = [
  { rules: accessPolicyRules(CLUSTER_ADMIN_POLICY_ARN)! },
];

export function signInToCluster(
  state: SandboxState,
  cluster: ClusterState,
  token: string,
  options: { stsHosts: string[]; enforceAccessEntries: boolean; now?: Date },
): KubernetesSignIn {
  const host = presignedHost(token);
  if (!host || !options.stsHosts.includes(host)) {
    return {
      ok: false,
      reason: `the presigned URL's host ${host} is not the STS endpoint`,
    };
  }
  const verified = verifyEksToken(state, token, cluster.name, options.now);
  if (!verified.ok) return verified;
  const principal = principalOf(verified.caller);

  if (!options.enforceAccessEntries) {
    // The sandbox's earlier rule: every identity of the cluster's account is an administrator.
    if (verified.caller.account.id !== cluster.accountId)
      return { ok: false, reason: 'the caller is not of the cluster account' };
    return {
      ok: true,
      user: { username: principal.arn, groups: [], grants: CLUSTER_ADMIN },
    };
  }

  if (cluster.authenticationMode === 'CONFIG_MAP') {
    // No aws-auth ConfigMap is emulated: only the cluster's creator (the account's own identity) is mapped.
    if (
      principal.arn !== verified.caller.account.callerArn ||
      verified.caller.account.id !== cluster.accountId
    )
      return { ok: false, reason: 'no aws-auth mapping for the caller' };
    return {
      ok: true,
      user: {
        username: principal.arn,
        groups: ['system:masters'],
        grants: CLUSTER_ADMIN,
      },
    };
  }

  const entry = cluster.accessEntries.get(principal.arn);
  if (!entry || (entry.principalId && entry.principalId !== principal.id)) {
    return {
      ok: false,
      reason: `${principal.arn} has no access entry on cluster ${cluster.name}`,
    };
  }
  const grants: RuleGrant[] = [...entry.accessPolicies.values()].map(p => ({
    rules: accessPolicyRules(p.policyArn) ?? [],
    ...(p.accessScope.type === 'namespace'
      ? { namespaces: p.accessScope.namespaces }
      : {}),
  }));
  return {
    ok: true,
    user: {
      username: username(entry.username, principal.sessionName),
      groups: entry.kubernetesGroups,
      grants,
    },
  };
}
