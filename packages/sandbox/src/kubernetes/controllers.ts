/**
 * What Kubernetes' controllers do in the background, done at once after every
 * change: workloads get their pods (Deployments through a ReplicaSet, as for
 * real, so ownerReferences chains look the same), and objects whose owner is
 * gone are garbage-collected. A workload whose service account does not exist
 * gets no pods, as the API server refuses such pods.
 */
import { EmulatedCluster, WorkloadHint } from './cluster';
import {
  copyJson,
  ownerReference,
  podFromTemplate,
  PodTemplate,
  serviceAccountOf,
  templateHash,
} from './objects';
import { RESOURCES, resourceByPlural } from './resources';
import { kubeTime } from './store';
import { JsonObject, KubeObject } from './types';

const PODS = resourceByPlural('pods');
const REPLICA_SETS = resourceByPlural('replicasets');

type Spec = JsonObject & {
  replicas?: number;
  parallelism?: number;
  template?: PodTemplate;
  selector?: JsonObject;
};

const specOf = (o: KubeObject) => (o.spec ?? {}) as Spec;

function controllerUid(o: KubeObject) {
  return o.metadata.ownerReferences?.find(r => r.controller)?.uid;
}

type PodPlan = {
  name: string;
  nodeName?: string;
  extraLabels: Record<string, string>;
};

class Reconciler {
  private readonly podsByOwner = new Map<string, KubeObject[]>();

  /** `namespace` limits the work to that namespace's workloads. */
  constructor(
    private readonly cluster: EmulatedCluster,
    private readonly namespace?: string,
  ) {
    for (const pod of cluster.store.list(PODS, namespace)) {
      const owner = controllerUid(pod);
      if (!owner) continue;
      const owned = this.podsByOwner.get(owner);
      if (owned) owned.push(pod);
      else this.podsByOwner.set(owner, [pod]);
    }
  }

  run() {
    const { store } = this.cluster;
    const workloads = (plural: string) =>
      store.list(resourceByPlural(plural), this.namespace);
    for (const deployment of workloads('deployments'))
      this.deployment(deployment);
    for (const sts of workloads('statefulsets')) this.statefulSet(sts);
    for (const ds of workloads('daemonsets')) this.daemonSet(ds);
    for (const job of workloads('jobs')) this.job(job);
  }

  private hintOf(owner: KubeObject): WorkloadHint {
    const parent = controllerUid(owner);
    return (
      this.cluster.hints.get(owner.metadata.uid) ??
      (parent ? this.cluster.hints.get(parent) : undefined) ??
      {}
    );
  }

  /** Creates the missing pods of `owner`; returns how many it has now. */
  private podsFor(
    owner: KubeObject,
    hint: WorkloadHint,
    plan: (owned: KubeObject[], hint: WorkloadHint) => PodPlan[],
  ) {
    const owned = this.podsByOwner.get(owner.metadata.uid) ?? [];
    const template = specOf(owner).template ?? {};
    const namespace = owner.metadata.namespace!;
    const serviceAccount = serviceAccountOf(template.spec);
    if (
      !this.cluster.store.get(
        resourceByPlural('serviceaccounts'),
        namespace,
        serviceAccount,
      )
    ) {
      return owned.length;
    }
    const startTime = hint.startedAt ?? kubeTime(this.cluster.now());
    for (const p of plan(owned, hint)) {
      const pod = podFromTemplate({
        template,
        namespace,
        owner,
        startTime,
        ...p,
      });
      owned.push(this.cluster.store.adopt(PODS, pod));
    }
    this.podsByOwner.set(owner.metadata.uid, owned);
    return owned.length;
  }

  /** `count` pods named `<prefix>-<n>` placed round-robin over the hinted or schedulable nodes. */
  private counted(
    owner: KubeObject,
    prefix: string,
    count: number,
    hint: WorkloadHint,
    extraLabels: Record<string, string>,
  ) {
    const nodes = hint.nodeNames ?? this.cluster.schedulableNodes();
    const plans: PodPlan[] = [];
    for (let i = 0; i < count; i++) {
      const n = this.cluster.nextPodIndex(owner.metadata.uid);
      plans.push({
        name: `${prefix}-${n}`,
        nodeName: nodes.length ? nodes[n % nodes.length] : undefined,
        extraLabels,
      });
    }
    return plans;
  }

  private deployment(deployment: KubeObject) {
    const spec = specOf(deployment);
    const hash = templateHash(spec.template);
    const name = `${deployment.metadata.name}-${hash}`;
    const namespace = deployment.metadata.namespace!;
    let rs = this.cluster.store.get(REPLICA_SETS, namespace, name);
    if (!rs) {
      const template = copyJson(spec.template ?? {});
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
      };
      const selector = copyJson(spec.selector ?? {}) as {
        matchLabels?: Record<string, string>;
      };
      rs = this.cluster.store.adopt(REPLICA_SETS, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          uid: '',
          resourceVersion: '',
          creationTimestamp: '',
          name,
          namespace,
          labels: { ...template.metadata.labels },
          ownerReferences: [ownerReference(deployment)],
        },
        spec: {
          replicas: spec.replicas ?? 1,
          selector: {
            ...selector,
            matchLabels: { ...selector.matchLabels, 'pod-template-hash': hash },
          },
          template,
        },
      });
    }
    this.retireOldReplicaSets(deployment, name);
    const replicaSet = rs;
    const ready = this.podsFor(rs, this.hintOf(rs), (owned, hint) =>
      this.counted(
        replicaSet,
        name,
        (spec.replicas ?? 1) - owned.length,
        hint,
        { 'pod-template-hash': hash },
      ),
    );
    this.setStatus(deployment, {
      observedGeneration: 1,
      replicas: ready,
      updatedReplicas: ready,
      readyReplicas: ready,
      availableReplicas: ready,
    });
  }

  /**
   * A changed pod template (`kubectl rollout restart`, a new image) rolls
   * out at once: the deployment's older ReplicaSets keep their objects, as
   * revision history, scaled to zero without pods.
   */
  private retireOldReplicaSets(deployment: KubeObject, current: string) {
    const { store } = this.cluster;
    const namespace = deployment.metadata.namespace!;
    for (const old of store.list(REPLICA_SETS, namespace)) {
      if (
        old.metadata.name === current ||
        controllerUid(old) !== deployment.metadata.uid
      )
        continue;
      for (const pod of this.podsByOwner.get(old.metadata.uid) ?? [])
        store.remove(PODS, namespace, pod.metadata.name);
      this.podsByOwner.delete(old.metadata.uid);
      if (specOf(old).replicas !== 0) {
        store.replace(REPLICA_SETS, {
          ...old,
          spec: { ...specOf(old), replicas: 0 },
          status: { replicas: 0 },
        });
      }
    }
  }

  private statefulSet(sts: KubeObject) {
    const spec = specOf(sts);
    const hash = templateHash(spec.template);
    const replicas = spec.replicas ?? 1;
    const count = this.podsFor(sts, this.hintOf(sts), (owned, hint) => {
      const nodes = hint.nodeNames ?? this.cluster.schedulableNodes();
      const taken = new Set(owned.map(p => p.metadata.name));
      const plans: PodPlan[] = [];
      for (let i = 0; i < replicas; i++) {
        const name = `${sts.metadata.name}-${i}`;
        if (taken.has(name)) continue;
        plans.push({
          name,
          nodeName: nodes.length ? nodes[i % nodes.length] : undefined,
          extraLabels: {
            'controller-revision-hash': `${sts.metadata.name}-${hash}`,
            'statefulset.kubernetes.io/pod-name': name,
            'apps.kubernetes.io/pod-index': String(i),
          },
        });
      }
      return plans;
    });
    this.setStatus(sts, {
      observedGeneration: 1,
      replicas: count,
      readyReplicas: count,
      currentReplicas: count,
    });
  }

  private daemonSet(ds: KubeObject) {
    const hash = templateHash(specOf(ds).template);
    const hint = this.hintOf(ds);
    const nodes = hint.nodeNames ?? this.cluster.schedulableNodes();
    const count = this.podsFor(ds, hint, owned => {
      const covered = new Set(
        owned.map(p => (p.spec as JsonObject | undefined)?.nodeName),
      );
      return nodes
        .filter(node => !covered.has(node))
        .map(node => ({
          name: `${ds.metadata.name}-${hash}-${this.cluster.nextPodIndex(
            ds.metadata.uid,
          )}`,
          nodeName: node,
          extraLabels: {
            'controller-revision-hash': hash,
            'pod-template-generation': '1',
          },
        }));
    });
    this.setStatus(ds, {
      observedGeneration: 1,
      desiredNumberScheduled: nodes.length,
      currentNumberScheduled: count,
      numberReady: count,
      numberAvailable: count,
      updatedNumberScheduled: count,
    });
  }

  private job(seen: KubeObject) {
    let job = seen;
    const uid = job.metadata.uid;
    const name = job.metadata.name;
    const jobLabels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    };
    const spec = specOf(job);
    if (!spec.selector) {
      // The Job controller's generated selector, set on creation by the API server.
      const template = copyJson(spec.template ?? {});
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, ...jobLabels },
      };
      job = this.cluster.store.update(resourceByPlural('jobs'), {
        ...job,
        spec: {
          ...spec,
          selector: {
            matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
          },
          template,
        },
      });
    }
    const hash = templateHash(specOf(job).template);
    const parallelism = specOf(job).parallelism ?? 1;
    const owner = job;
    const count = this.podsFor(job, this.hintOf(job), (owned, hint) =>
      this.counted(
        owner,
        `${name}-${hash}`,
        parallelism - owned.length,
        hint,
        {},
      ),
    );
    this.setStatus(job, {
      active: count,
      ...(count ? { startTime: kubeTime(this.cluster.now()) } : {}),
    });
  }

  private setStatus(object: KubeObject, status: JsonObject) {
    const type = RESOURCES.find(r => r.kind === object.kind)!;
    const current =
      this.cluster.store.get(
        type,
        object.metadata.namespace,
        object.metadata.name,
      ) ?? object;
    const previous = (current.status ?? {}) as JsonObject;
    // A status field the controller set once (Job startTime) keeps its first value.
    const merged = {
      ...status,
      ...(previous.startTime ? { startTime: previous.startTime } : {}),
    };
    // Settling runs over every workload after each change; most are already settled.
    if (JSON.stringify(previous) === JSON.stringify(merged)) return;
    this.cluster.store.replace(type, {
      ...current,
      metadata: { ...current.metadata },
      status: merged,
    });
  }
}

/**
 * Deletes, transitively, every object whose controlling owner no longer
 * exists; only in `namespace` when given (owners are always in their
 * dependents' namespace).
 */
export function collectGarbage(cluster: EmulatedCluster, namespace?: string) {
  const namespaced = RESOURCES.filter(r => r.namespaced);
  for (;;) {
    const uids = new Set<string>();
    for (const type of namespaced) {
      for (const o of cluster.store.list(type, namespace))
        uids.add(o.metadata.uid);
    }
    let removed = 0;
    for (const type of namespaced) {
      for (const o of cluster.store.list(type, namespace)) {
        const owner = controllerUid(o);
        if (owner && !uids.has(owner)) {
          cluster.store.remove(type, o.metadata.namespace, o.metadata.name);
          removed++;
        }
      }
    }
    if (removed === 0) return;
  }
}

/**
 * Brings the cluster to the state its controllers would reach after a
 * change. A change to a namespaced object can only affect its own namespace,
 * so `namespace` spares the other namespaces' workloads; a change to a
 * cluster-scoped object (a node, a namespace) passes none.
 */
export function settle(cluster: EmulatedCluster, namespace?: string) {
  collectGarbage(cluster, namespace);
  new Reconciler(cluster, namespace).run();
}

/** Gives every workload its pods and status; enough for a freshly seeded cluster, where nothing is orphaned. */
export function reconcile(cluster: EmulatedCluster) {
  new Reconciler(cluster).run();
}
