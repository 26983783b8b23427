import { createHash } from 'node:crypto';
import { BUILT_IN_AWS_MANAGED_POLICIES } from '../aws/iam/awsManagedPolicies';
import { seedAccessEntries } from '../aws/eks/accessEntrySeed';
import { associationId, hexId, iamUniqueId, uuid } from '../aws/ids';
import type {
  AccountSeed,
  ClusterSeed,
  EstateSeed,
  ManagedPolicySeed,
  RoleSeed,
} from '../types';
import { seededTrustPrincipals } from '../aws/iam/trustPrincipals';
import {
  AccountState,
  associationArn,
  AssociationState,
  ClusterState,
  ManagedPolicyState,
  policyArn,
  roleArn,
  RoleState,
  SandboxState,
} from './model';
import { clusterArnOf } from '@pod-identity/plugin-eks-pod-identity-common';

/** When AWS published its managed policies, roughly; only shown as their dates. */
const AWS_MANAGED_DATE = new Date('2015-02-06T18:39:46Z');
const DEFAULT_KUBERNETES_VERSION = '1.31';
const DEFAULT_ADDON_VERSIONS: Record<string, string> = {
  'eks-pod-identity-agent': 'v1.3.4-eksbuild.1',
  'vpc-cni': 'v1.19.2-eksbuild.1',
  coredns: 'v1.11.4-eksbuild.2',
  'kube-proxy': 'v1.31.3-eksbuild.2',
};

/** Keys of an account that has none in the seed: stable across restarts, so configs can name them. */
export function defaultAccessKeyId(accountId: string): string {
  return `AKIA${accountId}SBOX`;
}

export function defaultSecretAccessKey(accountId: string): string {
  return createHash('sha256')
    .update(`pod-identity-sandbox/${accountId}`)
    .digest('base64')
    .slice(0, 40);
}

function tagMap(tags: Record<string, string> | undefined): Map<string, string> {
  return new Map(Object.entries(tags ?? {}));
}

function date(value: string | Date | undefined | null, fallback: Date): Date {
  return value ? new Date(value) : fallback;
}

function buildManagedPolicy(
  seed: ManagedPolicySeed,
  owner: string,
  startedAt: Date,
): ManagedPolicyState {
  const path = seed.path ?? '/';
  const arn = policyArn(owner, path, seed.name);
  const created = owner === 'aws' ? AWS_MANAGED_DATE : startedAt;
  return {
    name: seed.name,
    path,
    arn,
    id: iamUniqueId('ANPA', arn),
    description: seed.description,
    createDate: created,
    updateDate: created,
    defaultVersionId: 'v1',
    versions: [
      {
        versionId: 'v1',
        document: JSON.stringify(seed.document),
        createDate: created,
      },
    ],
    tags: tagMap(seed.tags),
    awsManaged: owner === 'aws',
  };
}

function buildRole(
  seed: RoleSeed,
  accountId: string,
  startedAt: Date,
): RoleState {
  const path = seed.path ?? '/';
  const arn = roleArn(accountId, path, seed.name);
  return {
    name: seed.name,
    path,
    id: iamUniqueId('AROA', arn),
    arn,
    createDate: date(seed.createDate, startedAt),
    description: seed.description,
    maxSessionDuration: seed.maxSessionDuration ?? 3600,
    trustPolicy: JSON.stringify(seed.trustPolicy),
    trustPrincipalIds: new Map(),
    usableFrom: 0,
    permissionsBoundaryArn: seed.permissionsBoundaryArn,
    tags: tagMap(seed.tags),
    attachedPolicyArns: [...(seed.managedPolicyArns ?? [])],
    inlinePolicies: new Map(
      Object.entries(seed.inlinePolicies ?? {}).map(([name, doc]) => [
        name,
        JSON.stringify(doc),
      ]),
    ),
    lastUsed: seed.lastUsed
      ? { date: new Date(seed.lastUsed), region: seed.lastUsedRegion }
      : undefined,
    lastAccessed: new Map(
      (seed.lastAccessed ?? []).map(used => [
        used.service,
        {
          date: date(used.date, startedAt),
          region: used.region,
          actions: new Map(
            (used.actions ?? []).map(a => [a.action, date(a.date, startedAt)]),
          ),
        },
      ]),
    ),
  };
}

/** A role named in an association resolves in the cluster's account; unknown names stay dangling ARNs. */
function resolveRole(account: AccountState, reference: string): string {
  if (reference.startsWith('arn:')) return reference;
  return (
    account.roles.get(reference.toLowerCase())?.arn ??
    roleArn(account.id, '/', reference)
  );
}

function buildCluster(
  seed: ClusterSeed,
  account: AccountState,
  startedAt: Date,
): ClusterState {
  const base = { accountId: account.id, region: seed.region, name: seed.name };
  const arn = clusterArnOf(base);
  const state: ClusterState = {
    ...base,
    arn,
    version: seed.version ?? DEFAULT_KUBERNETES_VERSION,
    createdAt: startedAt,
    autoMode: seed.autoMode ?? false,
    oidcIssuer:
      seed.oidcIssuer ??
      `https://oidc.eks.${seed.region}.amazonaws.com/id/${hexId(32, arn)}`,
    tags: tagMap(seed.tags),
    addons: new Map(),
    authenticationMode:
      seed.accessConfig?.authenticationMode ?? 'API_AND_CONFIG_MAP',
    accessEntries: new Map(),
    associations: new Map(),
    releasingSlots: new Map(),
    requestTokens: new Map(),
    kubernetes: seed.kubernetes,
    seededDown: seed.down ?? false,
  };
  for (const addon of seed.addons ?? []) {
    state.addons.set(addon.name, {
      name: addon.name,
      version:
        addon.version ??
        DEFAULT_ADDON_VERSIONS[addon.name] ??
        'v1.0.0-eksbuild.1',
      status: addon.status ?? 'ACTIVE',
      arn: `arn:aws:eks:${seed.region}:${account.id}:addon/${seed.name}/${
        addon.name
      }/${uuid(`${arn}/${addon.name}`)}`,
      createdAt: startedAt,
      modifiedAt: startedAt,
      tags: new Map(),
    });
  }
  for (const a of seed.associations ?? []) {
    const id = associationId(`${arn}/${a.namespace}/${a.serviceAccount}`);
    const createdAt = date(a.createdAt, startedAt);
    const association: AssociationState = {
      id,
      arn: associationArn(state, id),
      clusterName: seed.name,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      roleArn: resolveRole(account, a.role),
      targetRoleArn: a.targetRoleArn,
      disableSessionTags: a.disableSessionTags ?? false,
      policy: a.policy ? JSON.stringify(a.policy) : undefined,
      tags: tagMap(a.tags),
      ownerArn: a.ownerArn,
      externalId: uuid(`${arn}/${id}/external`),
      createdAt,
      modifiedAt: date(a.modifiedAt, createdAt),
    };
    state.associations.set(id, association);
  }
  return state;
}

function buildAccount(seed: AccountSeed, startedAt: Date): AccountState {
  const state: AccountState = {
    id: seed.id,
    alias: seed.alias,
    accessKeyId: seed.accessKeyId ?? defaultAccessKeyId(seed.id),
    secretAccessKey: seed.secretAccessKey ?? defaultSecretAccessKey(seed.id),
    callerArn: `arn:aws:iam::${seed.id}:user/sandbox`,
    callerUserId: iamUniqueId('AIDA', `${seed.id}/user/sandbox`),
    roles: new Map(),
    policies: new Map(),
    clusters: new Map(),
  };
  for (const policy of seed.iam?.policies ?? []) {
    const p = buildManagedPolicy(policy, seed.id, startedAt);
    state.policies.set(p.arn, p);
  }
  for (const r of seed.iam?.roles ?? []) {
    state.roles.set(r.name.toLowerCase(), buildRole(r, seed.id, startedAt));
  }
  for (const c of seed.clusters ?? []) {
    state.clusters.set(
      `${c.region}/${c.name}`,
      buildCluster(c, state, startedAt),
    );
  }
  return state;
}

/** Builds the sandbox's state from a validated seed. */
export function buildState(
  seed: EstateSeed,
  startedAt = new Date(),
): SandboxState {
  const state = new SandboxState();
  for (const p of [
    ...BUILT_IN_AWS_MANAGED_POLICIES,
    ...(seed.awsManagedPolicies ?? []),
  ]) {
    const policy = buildManagedPolicy(p, 'aws', startedAt);
    state.awsManagedPolicies.set(policy.arn, policy);
  }
  for (const a of seed.accounts) {
    state.accounts.set(a.id, buildAccount(a, startedAt));
  }
  // Principals resolve once every account exists: trusts name roles across accounts.
  for (const account of state.accounts.values()) {
    for (const role of account.roles.values()) {
      role.trustPrincipalIds = seededTrustPrincipals(state, role.trustPolicy);
    }
  }
  // After every account: an entry may name a principal of another account.
  for (const a of seed.accounts) {
    const account = state.accounts.get(a.id)!;
    for (const c of a.clusters ?? []) {
      seedAccessEntries(
        state,
        account.clusters.get(`${c.region}/${c.name}`)!,
        c,
        account.callerArn,
        startedAt,
      );
    }
  }
  return state;
}
