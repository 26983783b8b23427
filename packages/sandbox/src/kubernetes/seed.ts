/** Loads a cluster's `kubernetes` seed, and exports the current state back in seed form. */
import type { KubernetesSeed, WorkloadSeed } from '../types';
import { EmulatedCluster } from './cluster';
import { reconcile } from './controllers';
import {
  namespaceObject,
  nodeObject,
  runningStatus,
  serviceAccountObject,
  serviceAccountOf,
  SYSTEM_NAMESPACES,
  workloadObject,
} from './objects';
import { resourceByKind, resourceByPlural, ResourceType } from './resources';
import { kubeTime } from './store';
import { JsonObject, KubeObject } from './types';
import { metadataMapProblems, nameProblems } from './validation';

const NAMESPACES = resourceByPlural('namespaces');
const SERVICE_ACCOUNTS = resourceByPlural('serviceaccounts');
const NODES = resourceByPlural('nodes');
const PODS = resourceByPlural('pods');

function seedTime(value: string, where: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new Error(
      `${where}: '${value}' is not an ISO date such as 2025-01-31T12:00:00Z`,
    );
  }
  return kubeTime(date);
}

/** Inserts a freshly built seeded object after the checks the API server would make, failing with a seed-author's message. */
function insertChecked(
  cluster: EmulatedCluster,
  type: ResourceType,
  object: KubeObject,
  where: string,
) {
  const { name, namespace } = object.metadata;
  const causes = [
    ...nameProblems(name, type.nameFormat),
    ...metadataMapProblems(object.metadata),
  ];
  if (causes.length) {
    throw new Error(
      `${where}: ${causes.map(c => `${c.field}: ${c.message}`).join('; ')}`,
    );
  }
  if (cluster.store.get(type, namespace, name)) {
    throw new Error(
      `${where}: ${type.kind} ${
        namespace ? `${namespace}/` : ''
      }${name} is seeded twice`,
    );
  }
  return cluster.store.adopt(type, object);
}

function ensureNamespace(
  cluster: EmulatedCluster,
  name: string,
  where: string,
) {
  if (cluster.store.get(NAMESPACES, undefined, name)) return;
  insertChecked(cluster, NAMESPACES, namespaceObject(name), where);
  cluster.store.adopt(SERVICE_ACCOUNTS, serviceAccountObject(name, 'default'));
}

/** Fills an empty cluster from its seed; throws an Error naming the seed entry that is wrong. */
export function loadSeed(cluster: EmulatedCluster, seed: KubernetesSeed = {}) {
  const at = (what: string) =>
    `kubernetes seed of cluster ${cluster.key}, ${what}`;
  const namespacesUsed = new Set([
    ...SYSTEM_NAMESPACES,
    ...(seed.namespaces ?? []),
    ...(seed.serviceAccounts ?? []).map(s => s.namespace),
    ...(seed.workloads ?? []).map(w => w.namespace),
    ...(seed.pods ?? []).map(p => p.namespace),
  ]);
  for (const ns of namespacesUsed)
    ensureNamespace(cluster, ns, at(`namespace '${ns}'`));

  for (const sa of seed.serviceAccounts ?? []) {
    const where = at(`service account ${sa.namespace}/${sa.name}`);
    const object = serviceAccountObject(
      sa.namespace,
      sa.name,
      sa.labels,
      sa.annotations,
    );
    const existing = cluster.store.get(SERVICE_ACCOUNTS, sa.namespace, sa.name);
    if (
      existing &&
      sa.name === 'default' &&
      !existing.metadata.labels &&
      !existing.metadata.annotations
    ) {
      // Every namespace has its `default` service account already; the seed only decorates it.
      const { labels, annotations } = object.metadata;
      const causes = metadataMapProblems(object.metadata);
      if (causes.length)
        throw new Error(
          `${where}: ${causes.map(c => `${c.field}: ${c.message}`).join('; ')}`,
        );
      cluster.store.update(SERVICE_ACCOUNTS, {
        ...existing,
        metadata: { ...existing.metadata, labels, annotations },
      });
    } else {
      insertChecked(cluster, SERVICE_ACCOUNTS, object, where);
    }
  }

  for (const node of seed.nodes ?? []) {
    const object = nodeObject(
      node.name,
      node.labels,
      cluster.meta.region,
      `v${cluster.version}.0-eks`,
    );
    insertChecked(cluster, NODES, object, at(`node ${node.name}`));
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
    const stored = insertChecked(
      cluster,
      resourceByKind(object.kind),
      object,
      where,
    );
    cluster.hints.set(stored.metadata.uid, {
      ...(workload.nodeNames?.length ? { nodeNames: workload.nodeNames } : {}),
      startedAt: workload.startedAt
        ? seedTime(workload.startedAt, `${where}, startedAt`)
        : kubeTime(cluster.now()),
    });
  }

  for (const pod of seed.pods ?? []) {
    const where = at(`pod ${pod.namespace}/${pod.name}`);
    const serviceAccount = pod.serviceAccountName ?? 'default';
    if (!cluster.store.get(SERVICE_ACCOUNTS, pod.namespace, serviceAccount)) {
      throw new Error(
        `${where}: service account ${pod.namespace}/${serviceAccount} does not exist, so Kubernetes would refuse the pod; add it to serviceAccounts`,
      );
    }
    if (pod.nodeName) checkNode(pod.nodeName, where);
    const nodeName = pod.nodeName ?? cluster.scheduleNode();
    const startTime = pod.startTime
      ? seedTime(pod.startTime, `${where}, startTime`)
      : kubeTime(cluster.now());
    insertChecked(
      cluster,
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

  // A seed cannot make orphans, so the controllers' work is enough (no garbage collection).
  reconcile(cluster);
  // Pods made later (replacements, new workloads) start when they are made.
  for (const hint of cluster.hints.values()) delete hint.startedAt;
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

export function exportSeed(cluster: EmulatedCluster): KubernetesSeed {
  const { store } = cluster;
  return {
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
