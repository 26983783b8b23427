import {
  CreateAddonCommand,
  CreatePodIdentityAssociationCommand,
  DeleteAddonCommand,
  DeletePodIdentityAssociationCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  PodIdentityAssociation,
  PodIdentityAssociationSummary,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePodIdentityAssociationCommand,
  paginateDescribeAddonVersions,
  paginateListAddons,
  paginateListClusters,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import { Config } from '@backstage/config';
import type { PolicyDocument } from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationRecord } from '../inventory/types';
import { AwsClientFactory } from './AwsClientFactory';
import { isNotFoundError } from './errors';
import { encodePolicyDocument, parsePolicyJson } from './policyDocuments';

/** Where an EKS cluster lives. */
export interface ClusterLocation {
  accountId: string;
  region: string;
  name: string;
}

export interface ClusterDescription {
  name: string;
  arn: string;
  endpoint?: string;
  /** Base64 PEM of the cluster CA, as DescribeCluster returns it. */
  certificateAuthorityData?: string;
  version?: string;
  status?: string;
  autoMode: boolean;
  /** The OIDC issuer URL that IRSA trust policies name, when the cluster has one. */
  oidcIssuer?: string;
  tags: Record<string, string>;
}

export interface AddonDescription {
  name: string;
  status?: string;
  version?: string;
}

export interface AssociationSummary {
  associationId: string;
  associationArn: string;
  namespace: string;
  serviceAccount: string;
  ownerArn?: string;
}

export interface CreateAssociationInput {
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  sessionPolicy?: PolicyDocument;
  tags?: Record<string, string>;
  /** Makes retries of the same create idempotent. */
  clientRequestToken?: string;
}

export interface UpdateAssociationInput {
  roleArn?: string;
  /** Empty string removes the target role. */
  targetRoleArn?: string;
  disableSessionTags?: boolean;
  /** `null` removes the session policy. */
  sessionPolicy?: PolicyDocument | null;
  clientRequestToken?: string;
}

/** EKS reads and writes the plugins need, with paging and decoding done. */
export interface EksGateway {
  listClusters(accountId: string, region: string): Promise<string[]>;
  describeCluster(cluster: ClusterLocation): Promise<ClusterDescription>;
  listAddons(cluster: ClusterLocation): Promise<string[]>;
  /** `undefined` when the add-on is not installed. */
  describeAddon(
    cluster: ClusterLocation,
    addonName: string,
  ): Promise<AddonDescription | undefined>;
  /** Installs an add-on (version: EKS's default for the cluster when absent); it starts CREATING. */
  createAddon(
    cluster: ClusterLocation,
    input: { addonName: string; addonVersion?: string },
  ): Promise<AddonDescription>;
  deleteAddon(cluster: ClusterLocation, addonName: string): Promise<void>;
  /** The versions of an add-on EKS offers for a Kubernetes version, its default first. */
  describeAddonVersions(
    location: { accountId: string; region: string },
    addonName: string,
    kubernetesVersion: string,
  ): Promise<string[]>;
  listAssociations(
    cluster: ClusterLocation,
    filter?: { namespace?: string; serviceAccount?: string },
  ): Promise<AssociationSummary[]>;
  describeAssociation(
    cluster: ClusterLocation,
    associationId: string,
  ): Promise<AssociationRecord>;
  createAssociation(
    cluster: ClusterLocation,
    input: CreateAssociationInput,
  ): Promise<AssociationRecord>;
  updateAssociation(
    cluster: ClusterLocation,
    associationId: string,
    input: UpdateAssociationInput,
  ): Promise<AssociationRecord>;
  deleteAssociation(
    cluster: ClusterLocation,
    associationId: string,
  ): Promise<AssociationRecord>;
  tagResource(
    location: { accountId: string; region: string },
    resourceArn: string,
    tags: Record<string, string>,
  ): Promise<void>;
  untagResource(
    location: { accountId: string; region: string },
    resourceArn: string,
    tagKeys: string[],
  ): Promise<void>;
}

// The largest page EKS serves; fewer pages means fewer throttled calls.
const MAX_RESULTS = 100;

export class DefaultEksGateway implements EksGateway {
  static fromConfig(
    config: Config,
    options?: { clients?: AwsClientFactory },
  ): DefaultEksGateway {
    return new DefaultEksGateway(
      options?.clients ?? AwsClientFactory.fromConfig(config),
    );
  }

  constructor(private readonly clients: AwsClientFactory) {}

  async listClusters(accountId: string, region: string): Promise<string[]> {
    const client = await this.clients.eks(accountId, region);
    const names: string[] = [];
    for await (const page of paginateListClusters(
      { client, pageSize: MAX_RESULTS },
      {},
    )) {
      names.push(...(page.clusters ?? []));
    }
    return names;
  }

  async describeCluster(cluster: ClusterLocation): Promise<ClusterDescription> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    const { cluster: c } = await client.send(
      new DescribeClusterCommand({ name: cluster.name }),
    );
    if (!c?.arn) {
      throw new Error(
        `EKS DescribeCluster returned no cluster for ${cluster.name}`,
      );
    }
    return {
      name: c.name ?? cluster.name,
      arn: c.arn,
      endpoint: c.endpoint,
      certificateAuthorityData: c.certificateAuthority?.data,
      version: c.version,
      status: c.status,
      autoMode: c.computeConfig?.enabled === true,
      oidcIssuer: c.identity?.oidc?.issuer,
      tags: c.tags ?? {},
    };
  }

  async listAddons(cluster: ClusterLocation): Promise<string[]> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    const names: string[] = [];
    for await (const page of paginateListAddons(
      { client, pageSize: MAX_RESULTS },
      { clusterName: cluster.name },
    )) {
      names.push(...(page.addons ?? []));
    }
    return names;
  }

  async describeAddon(
    cluster: ClusterLocation,
    addonName: string,
  ): Promise<AddonDescription | undefined> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    try {
      const { addon } = await client.send(
        new DescribeAddonCommand({ clusterName: cluster.name, addonName }),
      );
      return addon
        ? {
            name: addon.addonName ?? addonName,
            status: addon.status,
            version: addon.addonVersion,
          }
        : undefined;
    } catch (e) {
      // EKS answers ResourceNotFoundException for an add-on that is not installed.
      if (isNotFoundError(e)) {
        return undefined;
      }
      throw e;
    }
  }

  async createAddon(
    cluster: ClusterLocation,
    input: { addonName: string; addonVersion?: string },
  ): Promise<AddonDescription> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    const { addon } = await client.send(
      new CreateAddonCommand({ clusterName: cluster.name, ...input }),
    );
    return {
      name: addon?.addonName ?? input.addonName,
      status: addon?.status,
      version: addon?.addonVersion,
    };
  }

  async deleteAddon(cluster: ClusterLocation, addonName: string) {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    await client.send(
      new DeleteAddonCommand({ clusterName: cluster.name, addonName }),
    );
  }

  async describeAddonVersions(
    location: { accountId: string; region: string },
    addonName: string,
    kubernetesVersion: string,
  ): Promise<string[]> {
    const client = await this.clients.eks(location.accountId, location.region);
    const versions: Array<{ version: string; isDefault: boolean }> = [];
    for await (const page of paginateDescribeAddonVersions(
      { client, pageSize: MAX_RESULTS },
      { addonName, kubernetesVersion },
    )) {
      for (const addon of page.addons ?? []) {
        for (const v of addon.addonVersions ?? []) {
          if (!v.addonVersion) continue;
          versions.push({
            version: v.addonVersion,
            isDefault: Boolean(
              v.compatibilities?.some(
                c => c.clusterVersion === kubernetesVersion && c.defaultVersion,
              ),
            ),
          });
        }
      }
    }
    return [
      ...versions.filter(v => v.isDefault),
      ...versions.filter(v => !v.isDefault),
    ].map(v => v.version);
  }

  async listAssociations(
    cluster: ClusterLocation,
    filter?: { namespace?: string; serviceAccount?: string },
  ): Promise<AssociationSummary[]> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    const items: AssociationSummary[] = [];
    for await (const page of paginateListPodIdentityAssociations(
      { client, pageSize: MAX_RESULTS },
      {
        clusterName: cluster.name,
        namespace: filter?.namespace,
        serviceAccount: filter?.serviceAccount,
      },
    )) {
      items.push(...(page.associations ?? []).map(toSummary));
    }
    return items;
  }

  async describeAssociation(
    cluster: ClusterLocation,
    associationId: string,
  ): Promise<AssociationRecord> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    const { association } = await client.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: cluster.name,
        associationId,
      }),
    );
    return toRecord(association, cluster.name);
  }

  async createAssociation(
    cluster: ClusterLocation,
    input: CreateAssociationInput,
  ): Promise<AssociationRecord> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    const { association } = await client.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: cluster.name,
        namespace: input.namespace,
        serviceAccount: input.serviceAccount,
        roleArn: input.roleArn,
        targetRoleArn: input.targetRoleArn,
        disableSessionTags: input.disableSessionTags,
        policy: input.sessionPolicy
          ? encodePolicyDocument(input.sessionPolicy)
          : undefined,
        tags: input.tags,
        clientRequestToken: input.clientRequestToken,
      }),
    );
    return toRecord(association, cluster.name);
  }

  async updateAssociation(
    cluster: ClusterLocation,
    associationId: string,
    input: UpdateAssociationInput,
  ): Promise<AssociationRecord> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    let policy: string | undefined;
    if (input.sessionPolicy === null) {
      policy = '';
    } else if (input.sessionPolicy) {
      policy = encodePolicyDocument(input.sessionPolicy);
    }
    const { association } = await client.send(
      new UpdatePodIdentityAssociationCommand({
        clusterName: cluster.name,
        associationId,
        roleArn: input.roleArn,
        targetRoleArn: input.targetRoleArn,
        disableSessionTags: input.disableSessionTags,
        policy,
        clientRequestToken: input.clientRequestToken,
      }),
    );
    return toRecord(association, cluster.name);
  }

  async deleteAssociation(
    cluster: ClusterLocation,
    associationId: string,
  ): Promise<AssociationRecord> {
    const client = await this.clients.eks(cluster.accountId, cluster.region);
    const { association } = await client.send(
      new DeletePodIdentityAssociationCommand({
        clusterName: cluster.name,
        associationId,
      }),
    );
    return toRecord(association, cluster.name);
  }

  async tagResource(
    location: { accountId: string; region: string },
    resourceArn: string,
    tags: Record<string, string>,
  ): Promise<void> {
    const client = await this.clients.eks(location.accountId, location.region);
    await client.send(new TagResourceCommand({ resourceArn, tags }));
  }

  async untagResource(
    location: { accountId: string; region: string },
    resourceArn: string,
    tagKeys: string[],
  ): Promise<void> {
    const client = await this.clients.eks(location.accountId, location.region);
    await client.send(new UntagResourceCommand({ resourceArn, tagKeys }));
  }
}

function toSummary(a: PodIdentityAssociationSummary): AssociationSummary {
  return {
    associationId: a.associationId!,
    associationArn: a.associationArn!,
    namespace: a.namespace!,
    serviceAccount: a.serviceAccount!,
    ownerArn: a.ownerArn,
  };
}

function toRecord(
  a: PodIdentityAssociation | undefined,
  clusterName: string,
): AssociationRecord {
  if (!a?.associationId) {
    throw new Error(`EKS returned no association for cluster ${clusterName}`);
  }
  const policy = a.policy;
  return {
    associationId: a.associationId,
    associationArn: a.associationArn ?? '',
    clusterName: a.clusterName ?? clusterName,
    namespace: a.namespace ?? '',
    serviceAccount: a.serviceAccount ?? '',
    roleArn: a.roleArn ?? '',
    targetRoleArn: a.targetRoleArn || undefined,
    externalId: a.externalId,
    disableSessionTags: a.disableSessionTags === true,
    sessionPolicy: policy
      ? parsePolicyJson(policy, `association ${a.associationId}`)
      : undefined,
    ownerArn: a.ownerArn,
    tags: a.tags ?? {},
    createdAt: (a.createdAt ?? new Date(0)).toISOString(),
    modifiedAt: (a.modifiedAt ?? a.createdAt ?? new Date(0)).toISOString(),
  };
}
