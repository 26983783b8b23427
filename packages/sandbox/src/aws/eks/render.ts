import type {
  AddonState,
  AssociationState,
  ClusterState,
} from '../../state/model';
import type { EksContext } from './service';

/** REST-JSON timestamps are epoch seconds. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

export function renderAssociation(a: AssociationState) {
  return {
    clusterName: a.clusterName,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    roleArn: a.roleArn,
    associationArn: a.arn,
    associationId: a.id,
    tags: Object.fromEntries(a.tags),
    createdAt: epochSeconds(a.createdAt),
    modifiedAt: epochSeconds(a.modifiedAt),
    ownerArn: a.ownerArn,
    disableSessionTags: a.disableSessionTags,
    targetRoleArn: a.targetRoleArn,
    externalId: a.externalId,
    policy: a.policy,
  };
}

export function renderAssociationSummary(a: AssociationState) {
  return {
    clusterName: a.clusterName,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    associationArn: a.arn,
    associationId: a.id,
    ownerArn: a.ownerArn,
  };
}

export function renderCluster(cluster: ClusterState, ctx: EksContext) {
  return {
    name: cluster.name,
    arn: cluster.arn,
    createdAt: epochSeconds(cluster.createdAt),
    version: cluster.version,
    endpoint: ctx.kubernetes.urlOf(cluster),
    roleArn: `arn:aws:iam::${cluster.accountId}:role/eks-cluster-role`,
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: '10.100.0.0/16',
      ipFamily: 'ipv4',
    },
    identity: { oidc: { issuer: cluster.oidcIssuer } },
    status: 'ACTIVE',
    certificateAuthority: {
      data: Buffer.from(ctx.kubernetes.caPem).toString('base64'),
    },
    platformVersion: 'eks.1',
    tags: Object.fromEntries(cluster.tags),
    health: { issues: [] },
    accessConfig: { authenticationMode: cluster.authenticationMode },
    computeConfig: cluster.autoMode
      ? {
          enabled: true,
          nodePools: ['general-purpose', 'system'],
          nodeRoleArn: `arn:aws:iam::${cluster.accountId}:role/eks-auto-node-role`,
        }
      : undefined,
  };
}

export function renderAddon(cluster: ClusterState, addon: AddonState) {
  return {
    addonName: addon.name,
    clusterName: cluster.name,
    status: addon.status,
    addonVersion: addon.version,
    health: { issues: [] },
    addonArn: addon.arn,
    createdAt: epochSeconds(addon.createdAt),
    modifiedAt: epochSeconds(addon.modifiedAt),
    tags: Object.fromEntries(addon.tags),
  };
}
