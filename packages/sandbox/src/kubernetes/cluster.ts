/** The state of one emulated cluster's Kubernetes API. */
import { isOrdinaryNode } from './objects';
import { resourceByPlural } from './resources';
import { ObjectStore } from './store';
import { ClusterMeta } from './types';

/** Seed-only facts about a workload's pods that its object cannot carry. */
export type WorkloadHint = { nodeNames?: string[]; startedAt?: string };

export const DEFAULT_KUBERNETES_VERSION = '1.31';

export class EmulatedCluster {
  down = false;
  /** By workload uid. */
  readonly hints = new Map<string, WorkloadHint>();
  private readonly objects: ObjectStore;
  private readonly podCounters = new Map<string, number>();
  private scheduled = 0;
  private pending?: () => void;
  private pinnedNow?: Date;

  constructor(
    readonly key: string,
    readonly meta: ClusterMeta,
    private readonly clock: () => Date,
  ) {
    this.objects = new ObjectStore(() => this.now());
  }

  /** The cluster's objects, once any work deferred with `whenFirstUsed` is done. */
  get store(): ObjectStore {
    const work = this.pending;
    if (work) {
      this.pending = undefined;
      work();
    }
    return this.objects;
  }

  now(): Date {
    return this.pinnedNow ?? this.clock();
  }

  /**
   * Leaves `work` for the first use of the store, done with the clock stopped
   * at `at` (default: now), so its results look as if done then. Seeding defers its
   * controllers: a sandbox with thousands of workloads in a cluster no one
   * asks about starts without building their pods.
   */
  whenFirstUsed(work: () => void, at = this.now()) {
    this.pending = () => {
      this.pinnedNow = at;
      try {
        work();
      } finally {
        this.pinnedNow = undefined;
      }
    };
  }

  get version() {
    return this.meta.version ?? DEFAULT_KUBERNETES_VERSION;
  }

  /** Pod names of a controller never repeat, as with real generated names. */
  nextPodIndex(ownerUid: string): number {
    const next = this.podCounters.get(ownerUid) ?? 0;
    this.podCounters.set(ownerUid, next + 1);
    return next;
  }

  /** Nodes a scheduler would use for an ordinary pod (all nodes when there is no ordinary one). */
  schedulableNodes(): string[] {
    const nodes = this.store.list(resourceByPlural('nodes'));
    const ordinary = nodes.filter(isOrdinaryNode);
    return (ordinary.length ? ordinary : nodes).map(n => n.metadata.name);
  }

  /** Round-robin placement of a pod that names no node. */
  scheduleNode(): string | undefined {
    const nodes = this.schedulableNodes();
    return nodes.length ? nodes[this.scheduled++ % nodes.length] : undefined;
  }
}
