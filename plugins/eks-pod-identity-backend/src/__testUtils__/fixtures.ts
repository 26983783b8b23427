/*
 * Hand-built scan results for tests that exercise the store and the routes
 * without AWS; the end-to-end tests use the sandbox and the real scanner.
 */
import type {
  AccountIamInventory,
  AssociationRecord,
  AssociationScope,
  ClusterInventory,
  ClusterRef,
  InventoryScan,
  InventoryScanner,
  RoleRecord,
  ScanOptions,
  ServiceAccountRecord,
} from '@pod-identity/plugin-eks-pod-identity-node';

const SCANNED_AT = '2026-11-01T10:00:00.000Z';

export function role(
  accountId: string,
  name: string,
  extra: Partial<RoleRecord> = {},
): RoleRecord {
  return {
    arn: `arn:aws:iam::${accountId}:role/${name}`,
    name,
    accountId,
    path: '/',
    createDate: '2026-01-01T00:00:00.000Z',
    maxSessionDuration: 3600,
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    },
    inlinePolicies: [],
    attachedPolicyArns: [],
    tags: {},
    ...extra,
  };
}

export function association(
  cluster: ClusterRef,
  n: number,
  namespace: string,
  serviceAccount: string,
  roleArn: string,
  extra: Partial<AssociationRecord> = {},
): AssociationRecord {
  const id = `a-${cluster.name.slice(0, 4)}${String(n).padStart(
    13,
    '0',
  )}`.slice(0, 19);
  return {
    associationId: id,
    associationArn: `arn:aws:eks:${cluster.region}:${cluster.accountId}:podidentityassociation/${cluster.name}/${id}`,
    clusterName: cluster.name,
    namespace,
    serviceAccount,
    roleArn,
    disableSessionTags: false,
    tags: {},
    createdAt: '2026-10-01T00:00:00.000Z',
    modifiedAt: '2026-10-01T00:00:00.000Z',
    ...extra,
  };
}

export function clusterInventory(
  ref: ClusterRef,
  parts: Partial<Omit<ClusterInventory, 'cluster'>> = {},
): ClusterInventory {
  return {
    cluster: {
      name: ref.name,
      accountId: ref.accountId,
      region: ref.region,
      title: ref.title,
      arn: `arn:aws:eks:${ref.region}:${ref.accountId}:cluster/${ref.name}`,
      autoMode: false,
      eksStatus: 'ACTIVE',
      tags: {},
      status: 'ok',
    },
    agent: {
      installed: true,
      addonStatus: 'ACTIVE',
      addonVersion: 'v1.3.4-eksbuild.1',
    },
    associations: [],
    namespaces: ['default', 'kube-system'],
    serviceAccounts: [],
    workloads: [],
    pods: [],
    nodes: [{ name: 'node-1', computeType: 'ec2', os: 'linux', labels: {} }],
    scannedAt: SCANNED_AT,
    ...parts,
  };
}

export function accountInventory(
  accountId: string,
  roles: RoleRecord[],
  extra: Partial<AccountIamInventory> = {},
): AccountIamInventory {
  return {
    accountId,
    complete: true,
    mode: 'authorizationDetails',
    roles,
    policies: [],
    notFoundRoleArns: [],
    unreadablePolicyArns: [],
    scannedAt: SCANNED_AT,
    ...extra,
  };
}

export const ALPHA: ClusterRef = {
  name: 'alpha',
  accountId: '111111111111',
  region: 'us-east-1',
  title: 'Alpha',
  source: 'config',
};
export const BETA: ClusterRef = {
  name: 'beta',
  accountId: '222222222222',
  region: 'eu-west-1',
  source: 'config',
};

/**
 * A scanner whose answers the test sets: per cluster an inventory (or a
 * function of the call number), per account an IAM inventory. Counts scans.
 */
export class FakeScanner implements InventoryScanner {
  clusters: ClusterRef[] = [];
  inventories = new Map<string, ClusterInventory>();
  accounts = new Map<string, AccountIamInventory>();
  scans: Array<string[] | undefined> = [];
  discoveryErrors: InventoryScan['discoveryErrors'] = [];
  /** Resolves when set; lets a test hold a scan in flight. */
  gate?: Promise<void>;

  async listClusters() {
    return { clusters: this.clusters, errors: this.discoveryErrors };
  }

  async scanCluster(ref: ClusterRef): Promise<ClusterInventory> {
    const inventory = this.inventories.get(ref.name);
    if (!inventory) throw new Error(`test set no inventory for ${ref.name}`);
    return structuredClone(inventory);
  }

  async scanAccountIam(accountId: string): Promise<AccountIamInventory> {
    return structuredClone(
      this.accounts.get(accountId) ?? accountInventory(accountId, []),
    );
  }

  async scanAssociations(
    ref: ClusterRef,
    scope: AssociationScope,
  ): Promise<AssociationRecord[]> {
    const { associations } = await this.scanCluster(ref);
    return associations.filter(
      a =>
        (!scope.associationId || a.associationId === scope.associationId) &&
        (!scope.namespace || a.namespace === scope.namespace) &&
        (!scope.serviceAccount || a.serviceAccount === scope.serviceAccount),
    );
  }

  async scanServiceAccount(
    ref: ClusterRef,
    namespace: string,
    name: string,
  ): Promise<ServiceAccountRecord | undefined> {
    const { serviceAccounts } = await this.scanCluster(ref);
    return serviceAccounts.find(
      sa => sa.namespace === namespace && sa.name === name,
    );
  }

  async scan(options: ScanOptions = {}): Promise<InventoryScan> {
    this.scans.push(options.clusters);
    const refs = this.clusters.filter(
      c => !options.clusters || options.clusters.includes(c.name),
    );
    const clusters: ClusterInventory[] = [];
    for (const ref of refs) {
      await this.gate;
      const inventory = await this.scanCluster(ref);
      await options.onCluster?.(inventory);
      clusters.push(inventory);
    }
    const accountIds = [...new Set(refs.map(r => r.accountId))];
    return {
      startedAt: SCANNED_AT,
      finishedAt: SCANNED_AT,
      clusters,
      accounts: await Promise.all(
        accountIds.map(id => this.scanAccountIam(id)),
      ),
      unreadableAccountIds: [],
      discoveryErrors: this.discoveryErrors,
    };
  }
}
