import type {
  AccountSeed,
  ClusterSeed,
  EstateSeed,
  KubernetesSeed,
  ManagedPolicySeed,
  PolicyDocument,
} from '../types';
import type { ClusterState, ManagedPolicyState, SandboxState } from './model';

const doc = (text: string) => JSON.parse(text) as PolicyDocument;
const tags = (map: Map<string, string>) =>
  map.size > 0 ? Object.fromEntries(map) : undefined;

function policySeed(policy: ManagedPolicyState): ManagedPolicySeed {
  const version = policy.versions.find(
    v => v.versionId === policy.defaultVersionId,
  )!;
  return {
    name: policy.name,
    path: policy.path,
    description: policy.description,
    document: doc(version.document),
    tags: tags(policy.tags),
  };
}

function clusterSeed(
  cluster: ClusterState,
  kubernetesOf: (cluster: ClusterState) => KubernetesSeed | undefined,
): ClusterSeed {
  return {
    name: cluster.name,
    region: cluster.region,
    version: cluster.version,
    autoMode: cluster.autoMode,
    oidcIssuer: cluster.oidcIssuer,
    tags: tags(cluster.tags),
    addons: [...cluster.addons.values()].map(a => ({
      name: a.name,
      version: a.version,
      status: a.status as NonNullable<ClusterSeed['addons']>[number]['status'],
    })),
    associations: [...cluster.associations.values()].map(a => ({
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
      role: a.roleArn,
      targetRoleArn: a.targetRoleArn,
      disableSessionTags: a.disableSessionTags,
      policy: a.policy ? doc(a.policy) : undefined,
      tags: tags(a.tags),
      ownerArn: a.ownerArn,
      createdAt: a.createdAt.toISOString(),
      modifiedAt: a.modifiedAt.toISOString(),
    })),
    kubernetes: kubernetesOf(cluster),
  };
}

/**
 * The current state in seed form (roles referenced by ARN). Loading it again
 * gives an equivalent sandbox, apart from ids of resources created through the API.
 */
export function exportState(
  state: SandboxState,
  kubernetesOf: (cluster: ClusterState) => KubernetesSeed | undefined = c =>
    c.kubernetes,
): EstateSeed {
  const accounts: AccountSeed[] = [...state.accounts.values()].map(account => ({
    id: account.id,
    alias: account.alias,
    accessKeyId: account.accessKeyId,
    secretAccessKey: account.secretAccessKey,
    iam: {
      policies: [...account.policies.values()].map(policySeed),
      roles: [...account.roles.values()].map(role => ({
        name: role.name,
        path: role.path,
        description: role.description,
        trustPolicy: doc(role.trustPolicy),
        managedPolicyArns: [...role.attachedPolicyArns],
        inlinePolicies: Object.fromEntries(
          [...role.inlinePolicies].map(([name, text]) => [name, doc(text)]),
        ),
        permissionsBoundaryArn: role.permissionsBoundaryArn,
        tags: tags(role.tags),
        maxSessionDuration: role.maxSessionDuration,
        createDate: role.createDate.toISOString(),
        lastUsed: role.lastUsed ? role.lastUsed.date.toISOString() : null,
        lastUsedRegion: role.lastUsed?.region,
      })),
    },
    clusters: [...account.clusters.values()].map(c =>
      clusterSeed(c, kubernetesOf),
    ),
  }));
  const awsManagedPolicies = [...state.awsManagedPolicies.values()].map(
    policySeed,
  );
  // Drop undefined members so the export is plain JSON and compares cleanly.
  return JSON.parse(JSON.stringify({ accounts, awsManagedPolicies }));
}
