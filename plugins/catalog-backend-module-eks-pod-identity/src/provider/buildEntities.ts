import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_CLUSTER_ARN,
  ANNOTATION_REGION,
  ANNOTATION_ROLE_ARN,
  Association,
  CLUSTER_RESOURCE_TYPE,
  ClusterStatus,
  Finding,
  IAM_ROLE_RESOURCE_TYPE,
  LABEL_WORST_SEVERITY,
  accountOfArn,
  clusterArnOf,
  roleNameOfArn,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { clusterEntityName, roleEntityName } from './entityNames';
import { worstSeverity } from './worstSeverity';

/** `backstage.io/managed-by-location` of every entity this provider emits. */
export const PROVIDER_LOCATION = 'eks-pod-identity:inventory';

export interface BuildEntitiesInput {
  clusters: ClusterStatus[];
  associations: Association[];
  /**
   * `spec.owner` (as a full ref) of the catalog entities that claim service
   * accounts, keyed by lower-cased entity ref. Entities absent from the map
   * are no longer in the catalog.
   */
  ownerOfEntity: ReadonlyMap<string, string | undefined>;
  /** Cluster ARN → ref of the entity the catalog already holds for that cluster. */
  existingClusters: ReadonlyMap<string, string>;
  platformOwner: string;
}

interface RoleUse {
  users: Set<string>;
  clusters: Set<string>;
  targetRoles: Set<string>;
  serviceAccounts: Set<string>;
  findings: Set<Finding>;
}

const resourceRef = (name: string) => `resource:default/${name}`;
const sorted = (values: Iterable<string>) => [...values].sort();

function describeRole(use: RoleUse): string {
  const n = use.serviceAccounts.size;
  const accounts = `${n} service account${n === 1 ? '' : 's'}`;
  return `IAM role used through EKS Pod Identity by ${accounts} on ${sorted(
    use.clusters,
  ).join(', ')}.`;
}

/**
 * The catalog's view of the inventory: a Resource per IAM role that an
 * association uses (as its role or its target role) and per cluster the
 * catalog does not already hold.
 */
export function buildEntities(input: BuildEntitiesInput): Entity[] {
  const { associations, ownerOfEntity, existingClusters, platformOwner } =
    input;
  const clusterRefs = new Map<string, string>();
  for (const c of input.clusters) {
    clusterRefs.set(
      c.name,
      existingClusters.get(clusterArnOf(c)) ??
        resourceRef(clusterEntityName(c.name)),
    );
  }
  const clusterRef = (name: string) =>
    clusterRefs.get(name) ?? resourceRef(clusterEntityName(name));

  const roles = new Map<string, RoleUse>();
  const useOf = (arn: string) => {
    let use = roles.get(arn);
    if (!use) {
      use = {
        users: new Set(),
        clusters: new Set(),
        targetRoles: new Set(),
        serviceAccounts: new Set(),
        findings: new Set(),
      };
      roles.set(arn, use);
    }
    return use;
  };
  const clusterFindings = new Map<string, Set<Finding>>();

  for (const a of associations) {
    const users = a.mappedEntityRefs.filter(ref =>
      ownerOfEntity.has(ref.toLocaleLowerCase('en-US')),
    );
    const about = (type: Finding['subject']['type'], id: string) =>
      a.findings.filter(f => f.subject.type === type && f.subject.id === id);

    for (const arn of [a.roleArn, a.targetRoleArn]) {
      if (!arn) continue;
      const use = useOf(arn);
      users.forEach(u => use.users.add(u));
      use.clusters.add(a.cluster);
      use.serviceAccounts.add(
        `${a.cluster}:${a.namespace}/${a.serviceAccount}`,
      );
      about('role', arn).forEach(f => use.findings.add(f));
    }
    const role = useOf(a.roleArn);
    // Findings about the association (its session policy, its trust, its target) are the role's problems too.
    about('association', a.id).forEach(f => role.findings.add(f));
    if (a.targetRoleArn) role.targetRoles.add(a.targetRoleArn);

    const onCluster = clusterFindings.get(a.cluster) ?? new Set();
    about('cluster', a.cluster).forEach(f => onCluster.add(f));
    clusterFindings.set(a.cluster, onCluster);
  }

  const annotationsOf = (extra: Record<string, string>) => ({
    [ANNOTATION_LOCATION]: PROVIDER_LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: PROVIDER_LOCATION,
    ...extra,
  });

  const roleEntities: Entity[] = [...roles.entries()].map(([arn, use]) => {
    // Entity refs compare case-insensitively.
    const owners = new Map<string, string>();
    use.users.forEach(u => {
      const owner = ownerOfEntity.get(u.toLocaleLowerCase('en-US'));
      const key = owner?.toLocaleLowerCase('en-US');
      if (owner && key && !owners.has(key)) owners.set(key, owner);
    });
    const accountId = accountOfArn(arn) ?? '';
    const name = roleNameOfArn(arn);
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: roleEntityName(arn),
        title: name,
        description: describeRole(use),
        annotations: annotationsOf({
          [ANNOTATION_ROLE_ARN]: arn,
          [ANNOTATION_ACCOUNT_ID]: accountId,
        }),
        labels: { [LABEL_WORST_SEVERITY]: worstSeverity(use.findings) },
      },
      spec: {
        type: IAM_ROLE_RESOURCE_TYPE,
        owner: owners.size === 1 ? [...owners.values()][0] : platformOwner,
        dependencyOf: sorted(use.users),
        dependsOn: [
          ...sorted([...use.clusters].map(clusterRef)),
          ...sorted(
            [...use.targetRoles].map(t => resourceRef(roleEntityName(t))),
          ),
        ],
      },
    };
  });

  const clusterEntities: Entity[] = input.clusters
    .filter(c => !existingClusters.has(clusterArnOf(c)))
    .map(c => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: clusterEntityName(c.name),
        title: c.title ?? c.name,
        description: `EKS cluster ${c.name} in AWS account ${c.accountId}, ${c.region}.`,
        annotations: annotationsOf({
          [ANNOTATION_CLUSTER_ARN]: clusterArnOf(c),
          [ANNOTATION_ACCOUNT_ID]: c.accountId,
          [ANNOTATION_REGION]: c.region,
        }),
        labels: {
          [LABEL_WORST_SEVERITY]: worstSeverity(
            clusterFindings.get(c.name) ?? [],
          ),
        },
      },
      spec: { type: CLUSTER_RESOURCE_TYPE, owner: platformOwner },
    }));

  const byName = (x: Entity, y: Entity) =>
    x.metadata.name.localeCompare(y.metadata.name);
  return [...clusterEntities.sort(byName), ...roleEntities.sort(byName)];
}
