/** The state of one emulated cluster's Kubernetes API. */
import { isOrdinaryNode } from './objects';
import { resourceByPlural } from './resources';
import { ObjectStore } from './store';
import { ClusterMeta } from './types';

/** Seed-only facts about a workload's pods that its object cannot carry. */
export type WorkloadHint = { nodeNames?: string[]; startedAt?: string };

export const DEFAULT_KUBERNETES_VERSION = '1.31';

export class EmulatedCluster {
  readonly store: ObjectStore;
  down = false;
  /** By workload uid. */
  readonly hints = new Map<string, WorkloadHint>();
  private readonly podCounters = new Map<string, number>();
  private scheduled = 0;

  constructor(
    readonly key: string,
    readonly meta: ClusterMeta,
    readonly now: () => Date,
  ) {
    this.store = new ObjectStore(now);
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
