import type { LoggerService } from '@backstage/backend-plugin-api';
import type { InventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import { toAnalysisInput } from '../analysis/toAnalysisInput';
import type { SnapshotStore } from '../database/SnapshotStore';
import { spliceSnapshot, type TouchedParts } from './spliceSnapshot';
import type { InventorySnapshot } from './types';
import { SnapshotView } from './SnapshotView';

/** What a batch of targeted writes of this replica wrote: how many, and where. */
export interface LocalWrites extends TouchedParts {
  /** Each write bumped the generation by one. */
  count: number;
}

export interface SnapshotReadModelOptions {
  store: SnapshotStore;
  analyzer: InventoryAnalyzer;
  logger: LoggerService;
  /**
   * How often a request may trigger a look at the stored generation. Writes
   * made on this replica are seen at once; other replicas' writes within this.
   */
  generationCheckIntervalMs?: number;
  /** Told of every newer view, once it is served (e.g. to record the access history). */
  onNewView?: (view: SnapshotView) => void;
}

/**
 * The snapshot held in memory, so requests never wait on the database. It is
 * rebuilt when the stored generation moves (a scan committed, here or on
 * another replica); until the rebuild is done, the previous view is served.
 */
export class SnapshotReadModel {
  private view?: SnapshotView;
  private running?: Promise<SnapshotView>;
  private queued?: Promise<SnapshotView>;
  private lastCheck = 0;
  /** How long the last load (with its analysis) took, and when it ended. */
  private lastLoadMs = 0;
  private lastLoadEnd = 0;
  /** Targeted writes of this replica in progress; their own load follows them. */
  private localWrites = 0;
  private readonly checkIntervalMs: number;

  constructor(private readonly options: SnapshotReadModelOptions) {
    this.checkIntervalMs = options.generationCheckIntervalMs ?? 1000;
  }

  /** The latest view; waits only when none has been loaded yet. */
  async current(): Promise<SnapshotView> {
    if (!this.view) return this.running ?? this.reload();
    if (Date.now() - this.lastCheck >= this.checkIntervalMs) {
      this.lastCheck = Date.now();
      this.checkGeneration().catch(error =>
        this.options.logger.warn(
          `Could not check the inventory snapshot generation: ${error}`,
        ),
      );
    }
    return this.view;
  }

  /**
   * Loads the stored snapshot as it is now (e.g. after a local write). A load
   * already running may have read before that write, so one more is queued
   * behind it; callers arriving meanwhile share the queued one.
   */
  reload(): Promise<SnapshotView> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  /**
   * Runs targeted writes of this replica (`write`), then serves them for the
   * cost of what they touched: only those clusters and accounts are read back
   * and spliced into the view, and the analyzer reuses what it worked out for
   * the rest. When anything else wrote meanwhile (a scan, another replica),
   * or a write added or removed a cluster or account, it loads everything.
   */
  async applyLocalWrites(
    write: () => Promise<LocalWrites>,
  ): Promise<SnapshotView> {
    const base = await this.current();
    this.localWrites++;
    let writes: LocalWrites;
    try {
      writes = await write();
    } finally {
      this.localWrites--;
    }
    if (writes.count === 0) return this.current();
    if (this.running || this.queued) return this.reload();
    return this.start(() => this.loadWrites(base, writes));
  }

  private start(
    load: () => Promise<SnapshotView> = () => this.load(),
  ): Promise<SnapshotView> {
    const loading = load().finally(() => {
      if (this.running === loading) this.running = undefined;
    });
    this.running = loading;
    return loading;
  }

  private async checkGeneration() {
    if (this.running || this.localWrites > 0) return;
    const { generation, scanStartedAt } = await this.options.store.readMeta();
    if (generation === this.view?.generation) return;
    // A scan commits cluster by cluster; reloading (and re-analysing) after
    // each one would keep a core busy, so while one runs the pause between
    // reloads grows with what a load costs. A single change (one commit, e.g.
    // made through a template) is picked up at the next check.
    if (scanStartedAt && Date.now() - this.lastLoadEnd < 2 * this.lastLoadMs) {
      return;
    }
    await this.reload();
  }

  private async load(): Promise<SnapshotView> {
    const started = Date.now();
    this.lastCheck = started;
    const snapshot = await this.options.store.load();
    if (this.view && this.view.generation === snapshot.generation) {
      return this.view;
    }
    return this.serve(snapshot, started);
  }

  private async loadWrites(
    base: SnapshotView,
    writes: LocalWrites,
  ): Promise<SnapshotView> {
    const started = Date.now();
    this.lastCheck = started;
    const part = await this.options.store.loadPart(writes);
    const snapshot =
      this.view === base && part.generation === base.generation + writes.count
        ? spliceSnapshot(base.snapshot, writes, part)
        : undefined;
    return snapshot ? this.serve(snapshot, started) : this.load();
  }

  /** Analyses the snapshot and serves it, unless a newer view is served already. */
  private async serve(
    snapshot: InventorySnapshot,
    started: number,
  ): Promise<SnapshotView> {
    const analysis = await this.options.analyzer.analyze(
      toAnalysisInput(snapshot),
    );
    const view = new SnapshotView(snapshot, analysis);
    this.lastLoadMs = Date.now() - started;
    this.lastLoadEnd = Date.now();
    this.lastCheck = Date.now();
    // A slower, older load must not replace a newer view.
    if (!this.view || view.generation > this.view.generation) {
      this.view = view;
      this.options.onNewView?.(view);
    }
    return this.view;
  }
}
