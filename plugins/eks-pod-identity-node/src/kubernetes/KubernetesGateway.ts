import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1DaemonSet,
  V1Deployment,
  V1Job,
  V1ListMeta,
  V1Namespace,
  V1Node,
  V1Pod,
  V1ServiceAccount,
  V1StatefulSet,
} from '@kubernetes/client-node';
import { Config } from '@backstage/config';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import {
  ClusterLocation,
  DefaultEksGateway,
  EksGateway,
} from '../aws/EksGateway';
import { DefaultEksTokenProvider, EksTokenProvider } from './EksTokenProvider';

/** How to reach a cluster's Kubernetes API (from DescribeCluster). */
export interface KubernetesConnection {
  endpoint: string;
  /** Base64 PEM, as DescribeCluster returns it. */
  certificateAuthorityData?: string;
}

export interface MetadataChanges {
  labels?: Record<string, string | null>;
  /** `null` removes an annotation (merge patch). */
  annotations?: Record<string, string | null>;
}

/** One cluster's Kubernetes API: the reads the scanner needs, the writes the scaffolder needs. */
export interface KubernetesClusterClient {
  listNamespaces(): Promise<V1Namespace[]>;
  listServiceAccounts(): Promise<V1ServiceAccount[]>;
  listDeployments(labelSelector?: string): Promise<V1Deployment[]>;
  listStatefulSets(labelSelector?: string): Promise<V1StatefulSet[]>;
  listDaemonSets(labelSelector?: string): Promise<V1DaemonSet[]>;
  listJobs(labelSelector?: string): Promise<V1Job[]>;
  listPods(labelSelector?: string): Promise<V1Pod[]>;
  listNodes(): Promise<V1Node[]>;
  readDaemonSet(
    namespace: string,
    name: string,
  ): Promise<V1DaemonSet | undefined>;

  readNamespace(name: string): Promise<V1Namespace | undefined>;
  createNamespace(
    name: string,
    metadata?: MetadataChanges,
  ): Promise<V1Namespace>;
  patchNamespace(name: string, changes: MetadataChanges): Promise<V1Namespace>;
  deleteNamespace(name: string): Promise<void>;
  readServiceAccount(
    namespace: string,
    name: string,
  ): Promise<V1ServiceAccount | undefined>;
  createServiceAccount(
    namespace: string,
    name: string,
    metadata?: MetadataChanges,
  ): Promise<V1ServiceAccount>;
  patchServiceAccount(
    namespace: string,
    name: string,
    changes: MetadataChanges,
  ): Promise<V1ServiceAccount>;
  deleteServiceAccount(namespace: string, name: string): Promise<void>;
}

export interface KubernetesGateway {
  /**
   * A client for a cluster. Without `connection`, the endpoint and CA come
   * from EKS DescribeCluster.
   */
  forCluster(
    cluster: ClusterLocation,
    connection?: KubernetesConnection,
  ): KubernetesClusterClient;
}

// Large pages keep list calls few; the API server caps them anyway.
const PAGE_SIZE = 500;

type Page<T> = { items: T[]; metadata?: V1ListMeta };

async function listAll<T>(
  fetchPage: (params: {
    limit: number;
    _continue?: string;
  }) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined;
  do {
    const page = await fetchPage({ limit: PAGE_SIZE, _continue: next });
    items.push(...page.items);
    next = page.metadata?._continue || undefined;
  } while (next);
  return items;
}

async function orUndefinedOn404<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof ApiException && e.code === 404) {
      return undefined;
    }
    throw e;
  }
}

function definedOnly(values: Record<string, string | null> | undefined) {
  if (!values) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== null) {
      out[key] = value;
    }
  }
  return out;
}

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

type Apis = { core: CoreV1Api; apps: AppsV1Api; batch: BatchV1Api };

/**
 * A cluster client that signs in with a fresh EKS token whenever the previous
 * one is due for renewal: the API objects are rebuilt around each new token.
 */
class EksKubernetesClusterClient implements KubernetesClusterClient {
  private current?: { token: string; apis: Apis };

  constructor(
    private readonly cluster: ClusterLocation,
    private readonly connection: () => Promise<KubernetesConnection>,
    private readonly tokens: EksTokenProvider,
  ) {}

  private async apis(): Promise<Apis> {
    const [token, connection] = await Promise.all([
      this.tokens.getToken(this.cluster),
      this.connection(),
    ]);
    if (this.current?.token !== token) {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [
          {
            name: this.cluster.name,
            server: connection.endpoint,
            caData: connection.certificateAuthorityData,
            skipTLSVerify: false,
          },
        ],
        users: [{ name: 'backstage', token }],
        contexts: [
          { name: 'eks', cluster: this.cluster.name, user: 'backstage' },
        ],
        currentContext: 'eks',
      });
      this.current = {
        token,
        apis: {
          core: kc.makeApiClient(CoreV1Api),
          apps: kc.makeApiClient(AppsV1Api),
          batch: kc.makeApiClient(BatchV1Api),
        },
      };
    }
    return this.current.apis;
  }

  async listNamespaces() {
    const { core } = await this.apis();
    return listAll(p => core.listNamespace(p));
  }

  async listServiceAccounts() {
    const { core } = await this.apis();
    return listAll(p => core.listServiceAccountForAllNamespaces(p));
  }

  async listDeployments(labelSelector?: string) {
    const { apps } = await this.apis();
    return listAll(p =>
      apps.listDeploymentForAllNamespaces({ ...p, labelSelector }),
    );
  }

  async listStatefulSets(labelSelector?: string) {
    const { apps } = await this.apis();
    return listAll(p =>
      apps.listStatefulSetForAllNamespaces({ ...p, labelSelector }),
    );
  }

  async listDaemonSets(labelSelector?: string) {
    const { apps } = await this.apis();
    return listAll(p =>
      apps.listDaemonSetForAllNamespaces({ ...p, labelSelector }),
    );
  }

  async listJobs(labelSelector?: string) {
    const { batch } = await this.apis();
    return listAll(p => batch.listJobForAllNamespaces({ ...p, labelSelector }));
  }

  async listPods(labelSelector?: string) {
    const { core } = await this.apis();
    return listAll(p => core.listPodForAllNamespaces({ ...p, labelSelector }));
  }

  async listNodes() {
    const { core } = await this.apis();
    return listAll(p => core.listNode(p));
  }

  async readDaemonSet(namespace: string, name: string) {
    const { apps } = await this.apis();
    return orUndefinedOn404(apps.readNamespacedDaemonSet({ namespace, name }));
  }

  async readNamespace(name: string) {
    const { core } = await this.apis();
    return orUndefinedOn404(core.readNamespace({ name }));
  }

  async createNamespace(name: string, metadata?: MetadataChanges) {
    const { core } = await this.apis();
    return core.createNamespace({
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name,
          labels: definedOnly(metadata?.labels),
          annotations: definedOnly(metadata?.annotations),
        },
      },
    });
  }

  async patchNamespace(name: string, changes: MetadataChanges) {
    const { core } = await this.apis();
    return core.patchNamespace(
      { name, body: { metadata: changes } },
      MERGE_PATCH,
    );
  }

  async deleteNamespace(name: string) {
    const { core } = await this.apis();
    await core.deleteNamespace({ name });
  }

  async readServiceAccount(namespace: string, name: string) {
    const { core } = await this.apis();
    return orUndefinedOn404(
      core.readNamespacedServiceAccount({ namespace, name }),
    );
  }

  async createServiceAccount(
    namespace: string,
    name: string,
    metadata?: MetadataChanges,
  ) {
    const { core } = await this.apis();
    return core.createNamespacedServiceAccount({
      namespace,
      body: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name,
          namespace,
          labels: definedOnly(metadata?.labels),
          annotations: definedOnly(metadata?.annotations),
        },
      },
    });
  }

  async patchServiceAccount(
    namespace: string,
    name: string,
    changes: MetadataChanges,
  ) {
    const { core } = await this.apis();
    return core.patchNamespacedServiceAccount(
      { namespace, name, body: { metadata: changes } },
      MERGE_PATCH,
    );
  }

  async deleteServiceAccount(namespace: string, name: string) {
    const { core } = await this.apis();
    await core.deleteNamespacedServiceAccount({ namespace, name });
  }
}

/** Kubernetes access to EKS clusters with EKS bearer tokens; no kubeconfig needed. */
export class DefaultKubernetesGateway implements KubernetesGateway {
  private readonly connections = new Map<
    string,
    Promise<KubernetesConnection>
  >();

  static fromConfig(
    config: Config,
    options?: {
      clients?: AwsClientFactory;
      eks?: EksGateway;
      tokens?: EksTokenProvider;
    },
  ): DefaultKubernetesGateway {
    const clients = options?.clients ?? AwsClientFactory.fromConfig(config);
    return new DefaultKubernetesGateway(
      options?.eks ?? new DefaultEksGateway(clients),
      options?.tokens ?? new DefaultEksTokenProvider(clients),
    );
  }

  constructor(
    private readonly eks: EksGateway,
    private readonly tokens: EksTokenProvider,
  ) {}

  forCluster(
    cluster: ClusterLocation,
    connection?: KubernetesConnection,
  ): KubernetesClusterClient {
    return new EksKubernetesClusterClient(
      cluster,
      connection
        ? () => Promise.resolve(connection)
        : () => this.describe(cluster),
      this.tokens,
    );
  }

  // Endpoint and CA of a cluster do not change in its lifetime; a failed
  // lookup is forgotten so the next call retries it.
  private describe(cluster: ClusterLocation): Promise<KubernetesConnection> {
    const key = `${cluster.accountId}/${cluster.region}/${cluster.name}`;
    let connection = this.connections.get(key);
    if (!connection) {
      connection = this.eks.describeCluster(cluster).then(c => {
        if (!c.endpoint) {
          throw new Error(
            `EKS cluster ${cluster.name} has no Kubernetes API endpoint yet (status ${c.status})`,
          );
        }
        return {
          endpoint: c.endpoint,
          certificateAuthorityData: c.certificateAuthorityData,
        };
      });
      connection.catch(() => this.connections.delete(key));
      this.connections.set(key, connection);
    }
    return connection;
  }
}
