/** Loads a cluster's `kubernetes` seed, and exports the current state back in seed form. */
import { resolveSeedDate, seedDateProblem } from '../estate/dates';
import type { KubernetesSeed, WorkloadSeed } from '../types';
import { EmulatedCluster } from './cluster';
import { reconcile } from './controllers';
import {
  copyJson,
  namespaceObject,
  nodeObject,
  runningStatus,
  serviceAccountObject,
  serviceAccountOf,
  SYSTEM_NAMESPACES,
  workloadObject,
} from './objects';
import { resourceByKind, resourceByPlural, ResourceType } from './resources';
import { StatusCause } from './status';
import { kubeTime, objectKey } from './store';
import { JsonObject, KubeObject } from './types';
import { metadataMapProblems, nameProblems } from './validation';

const NAMESPACES = resourceByPlural('namespaces');
const SERVICE_ACCOUNTS = resourceByPlural('serviceaccounts');
const NODES = resourceByPlural('nodes');
const PODS = resourceByPlural('pods');

/** A seed date (ISO, or relative to the cluster's clock: `-3d`) as a Kubernetes timestamp. */
function seedTime(cluster: EmulatedCluster, value: string, where: string) {
  const problem = seedDateProblem(value);
  if (problem) throw new Error(`${where}: ${problem}`);
  return kubeTime(new Date(resolveSeedDate(value, cluster.now())));
}

/**
 * Where seeded objects go: into the cluster's store, or, to check a seed
 * before anything is built, nowhere (only their keys are remembered).
 */
class SeedSink {
  private readonly keys = new Set<string>();
  private readonly decoratedDefaults = new Set<string>();

  constructor(readonly cluster: EmulatedCluster, readonly build: boolean) {}

  has(type: ResourceType, namespace: string | undefined, name: string) {
    return this.build
      ? Boolean(this.cluster.store.get(type, namespace, name))
      : this.keys.has(`${type.plural}:${objectKey(namespace, name)}`);
  }

  /**
   * Checks a freshly built seeded object as the API server would, failing
   * with a seed-author's message; the build stores it (already checked).
   */
  insert(type: ResourceType, object: KubeObject, where: string) {
    if (this.build) return this.cluster.store.adopt(type, object);
    const { name, namespace } = object.metadata;
    throwIfAny(where, [
      ...nameProblems(name, type.nameFormat),
      ...metadataMapProblems(object.metadata),
    ]);
    const key = `${type.plural}:${objectKey(namespace, name)}`;
    if (this.keys.has(key)) {
      throw new Error(
        `${where}: ${type.kind} ${
          namespace ? `${namespace}/` : ''
        }${name} is seeded twice`,
      );
    }
    this.keys.add(key);
    return object;
  }

  /** Every namespace has its `default` service account already; the seed may decorate it, once. */
  decorateDefault(object: KubeObject, where: string): boolean {
    const namespace = object.metadata.namespace!;
    if (this.decoratedDefaults.has(namespace)) return false;
    if (!this.build) throwIfAny(where, metadataMapProblems(object.metadata));
    this.decoratedDefaults.add(namespace);
    if (this.build) {
      const { store } = this.cluster;
      const existing = store.get(SERVICE_ACCOUNTS, namespace, 'default')!;
      const { labels, annotations } = object.metadata;
      store.update(SERVICE_ACCOUNTS, {
        ...existing,
        metadata: { ...existing.metadata, labels, annotations },
      });
    }
    return true;
  }
}

function throwIfAny(where: string, causes: StatusCause[]) {
  if (causes.length) {
    throw new Error(
      `${where}: ${causes.map(c => `${c.field}: ${c.message}`).join('; ')}`,
    );
  }
}

/**
 * Checks a cluster's seed, throwing an Error that names the seed entry that is
 * wrong, and leaves building its objects to the cluster's first use: a
 * sandbox with thousands of seeded namespaces in a cluster no one asks about
 * starts without building them. They are stamped as of `seededAt` (default:
 * now) all the same, and relative seed dates count back from it.
 */
export function loadSeed(
  cluster: EmulatedCluster,
  seed: KubernetesSeed = {},
  seededAt?: Date,
) {
  fill(new SeedSink(cluster, false), seed);
  cluster.whenFirstUsed(() => {
    fill(new SeedSink(cluster, true), seed);
    // A seed cannot make orphans, so the controllers' work is enough (no garbage collection).
    reconcile(cluster);
    // Pods made later (replacements, new workloads) start when they are made.
    for (const hint of cluster.hints.values()) delete hint.startedAt;
  }, seededAt);
}

function fill(sink: SeedSink, seed: KubernetesSeed) {
  const { cluster, build } = sink;
  const at = (what: string) =>
    `kubernetes seed of cluster ${cluster.key}, ${what}`;
  const namespacesUsed = new Set([
    ...SYSTEM_NAMESPACES,
    ...(seed.namespaces ?? []),
    ...(seed.serviceAccounts ?? []).map(s => s.namespace),
    ...(seed.workloads ?? []).map(w => w.namespace),
    ...(seed.pods ?? []).map(p => p.namespace),
  ]);
  for (const ns of namespacesUsed) {
    sink.insert(NAMESPACES, namespaceObject(ns), at(`namespace '${ns}'`));
    sink.insert(
      SERVICE_ACCOUNTS,
      serviceAccountObject(ns, 'default'),
      at(`namespace '${ns}'`),
    );
  }

  for (const sa of seed.serviceAccounts ?? []) {
    const where = at(`service account ${sa.namespace}/${sa.name}`);
    const object = serviceAccountObject(
      sa.namespace,
      sa.name,
      sa.labels,
      sa.annotations,
    );
    if (sa.name !== 'default' || !sink.decorateDefault(object, where)) {
      sink.insert(SERVICE_ACCOUNTS, object, where);
    }
  }

  for (const node of seed.nodes ?? []) {
    const object = nodeObject(
      node.name,
      node.labels,
      cluster.meta.region,
      `v${cluster.version}.0-eks`,
    );
    sink.insert(NODES, object, at(`node ${node.name}`));
  }
  const nodeNames = new Set((seed.nodes ?? []).map(n => n.name));
  const checkNode = (node: string, where: string) => {
    if (!nodeNames.has(node))
      throw new Error(
        `${where}: node '${node}' is not in the seed's nodes; add it there`,
      );
  };

  for (const workload of seed.workloads ?? []) {
    const where = at(`${workload.kind} ${workload.namespace}/${workload.name}`);
    workload.nodeNames?.forEach(n => checkNode(n, where));
    const object = workloadObject(workload);
    const startedAt = workload.startedAt
      ? seedTime(cluster, workload.startedAt, `${where}, startedAt`)
      : kubeTime(cluster.now());
    const stored = sink.insert(resourceByKind(object.kind), object, where);
    if (build) {
      cluster.hints.set(stored.metadata.uid, {
        ...(workload.nodeNames?.length
          ? { nodeNames: workload.nodeNames }
          : {}),
        startedAt,
      });
    }
  }

  (seed.rbac ?? []).forEach((item, i) => {
    const where = at(`rbac[${i}]`);
    if (typeof item === 'string')
      throw new Error(
        `${where}: the file ${item} was not read; load the estate with loadEstate or startSandbox`,
      );
    const object = rbacObject(item, where);
    const { namespace } = object.metadata;
    if (namespace && !namespacesUsed.has(namespace))
      throw new Error(
        `${where}: namespace '${namespace}' is not in the seed; add it to namespaces`,
      );
    sink.insert(resourceByKind(object.kind), object, where);
  });

  for (const pod of seed.pods ?? []) {
    const where = at(`pod ${pod.namespace}/${pod.name}`);
    const serviceAccount = pod.serviceAccountName ?? 'default';
    if (!sink.has(SERVICE_ACCOUNTS, pod.namespace, serviceAccount)) {
      throw new Error(
        `${where}: service account ${pod.namespace}/${serviceAccount} does not exist, so Kubernetes would refuse the pod; add it to serviceAccounts`,
      );
    }
    if (pod.nodeName) checkNode(pod.nodeName, where);
    // Only the build places pods, so that the round-robin starts where it would have.
    const nodeName =
      pod.nodeName ?? (build ? cluster.scheduleNode() : undefined);
    const startTime = pod.startTime
      ? seedTime(cluster, pod.startTime, `${where}, startTime`)
      : kubeTime(cluster.now());
    sink.insert(
      PODS,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          uid: '',
          resourceVersion: '',
          creationTimestamp: '',
          name: pod.name,
          namespace: pod.namespace,
          ...(pod.labels ? { labels: { ...pod.labels } } : {}),
        },
        spec: {
          serviceAccountName: serviceAccount,
          serviceAccount,
          containers: [{ name: 'app', image: `${pod.name}:latest` }],
          ...(nodeName ? { nodeName } : {}),
        },
        status: runningStatus(startTime),
      },
      where,
    );
  }
}

const RBAC_KINDS = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

/** A seeded RBAC object, checked as the API server would take it from `kubectl apply`. */
function rbacObject(item: Record<string, unknown>, where: string): KubeObject {
  const kind = item.kind as string;
  if (
    !RBAC_KINDS.includes(kind) ||
    item.apiVersion !== 'rbac.authorization.k8s.io/v1'
  )
    throw new Error(
      `${where}: only rbac.authorization.k8s.io/v1 ${RBAC_KINDS.join(
        ', ',
      )} may be seeded here, not ${String(item.apiVersion)} ${String(kind)}`,
    );
  const type = resourceByKind(kind);
  const metadata = (item.metadata ?? {}) as JsonObject;
  if (typeof metadata.name !== 'string')
    throw new Error(`${where}: metadata.name is required`);
  if (type.namespaced !== (typeof metadata.namespace === 'string'))
    throw new Error(
      `${where}: a ${kind} ${
        type.namespaced ? 'needs' : 'has no'
      } metadata.namespace`,
    );
  return {
    ...copyJson(item),
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: {
      ...(copyJson(metadata) as KubeObject['metadata']),
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
    },
  };
}

type Template = {
  metadata?: { labels?: Record<string, string> };
  spec?: JsonObject;
};

function exportWorkload(
  cluster: EmulatedCluster,
  object: KubeObject,
): WorkloadSeed {
  const spec = (object.spec ?? {}) as JsonObject & {
    replicas?: number;
    parallelism?: number;
    template?: Template;
  };
  const serviceAccountName = serviceAccountOf(spec.template?.spec);
  const replicasByKind: Record<string, number | undefined> = {
    Deployment: spec.replicas,
    StatefulSet: spec.replicas,
    Job: spec.parallelism,
  };
  const replicas = replicasByKind[object.kind];
  const nodeNames = cluster.hints.get(object.metadata.uid)?.nodeNames;
  const podLabels = { ...spec.template?.metadata?.labels };
  for (const generated of Object.keys(podLabels).filter(
    k => k.includes('controller-uid') || k.endsWith('job-name'),
  )) {
    delete podLabels[generated];
  }
  return {
    kind: object.kind as WorkloadSeed['kind'],
    namespace: object.metadata.namespace!,
    name: object.metadata.name,
    ...(object.metadata.labels ? { labels: object.metadata.labels } : {}),
    podLabels,
    ...(serviceAccountName !== 'default' ? { serviceAccountName } : {}),
    ...(replicas !== undefined ? { replicas } : {}),
    ...(nodeNames ? { nodeNames } : {}),
  };
}

function exportRbac(cluster: EmulatedCluster) {
  return RBAC_KINDS.flatMap(kind =>
    cluster.store.list(resourceByKind(kind)).map(o => {
      const {
        uid: _u,
        resourceVersion: _r,
        creationTimestamp: _c,
        ...metadata
      } = o.metadata;
      return { ...copyJson(o), metadata };
    }),
  );
}

export function exportSeed(cluster: EmulatedCluster): KubernetesSeed {
  const { store } = cluster;
  const rbac = exportRbac(cluster);
  return {
    ...(rbac.length ? { rbac } : {}),
    namespaces: store
      .list(NAMESPACES)
      .map(n => n.metadata.name)
      .filter(n => !SYSTEM_NAMESPACES.includes(n)),
    serviceAccounts: store
      .list(SERVICE_ACCOUNTS)
      .filter(
        sa =>
          sa.metadata.name !== 'default' ||
          sa.metadata.labels ||
          sa.metadata.annotations,
      )
      .map(sa => ({
        namespace: sa.metadata.namespace!,
        name: sa.metadata.name,
        ...(sa.metadata.labels ? { labels: sa.metadata.labels } : {}),
        ...(sa.metadata.annotations
          ? { annotations: sa.metadata.annotations }
          : {}),
      })),
    nodes: store
      .list(NODES)
      .map(n => ({ name: n.metadata.name, labels: { ...n.metadata.labels } })),
    workloads: ['deployments', 'statefulsets', 'daemonsets', 'jobs'].flatMap(
      plural =>
        store
          .list(resourceByPlural(plural))
          .map(w => exportWorkload(cluster, w)),
    ),
    pods: store
      .list(PODS)
      .filter(p => !p.metadata.ownerReferences?.length)
      .map(p => {
        const spec = (p.spec ?? {}) as JsonObject;
        const status = (p.status ?? {}) as JsonObject;
        return {
          namespace: p.metadata.namespace!,
          name: p.metadata.name,
          ...(p.metadata.labels ? { labels: p.metadata.labels } : {}),
          serviceAccountName: serviceAccountOf(spec),
          ...(typeof spec.nodeName === 'string'
            ? { nodeName: spec.nodeName }
            : {}),
          ...(typeof status.startTime === 'string'
            ? { startTime: status.startTime }
            : {}),
        };
      }),
  };
}
