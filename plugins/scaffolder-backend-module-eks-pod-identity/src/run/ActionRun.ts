import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import { describeError } from '@pod-identity/plugin-eks-pod-identity-node';
import type { ChangeAnnouncer } from './ChangeAnnouncer';
import { describeChange, PlannedChange } from './plan';

/** The part of the scaffolder's ActionContext a run needs. */
export interface RunContext {
  logger: LoggerService;
  isDryRun?: boolean;
  /** Who runs the task. */
  user?: { ref?: string };
  checkpoint<T extends JsonValue | void>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T>;
}

interface Undo {
  description: string;
  fn: () => Promise<void>;
}

export interface UndoReport {
  undone: string[];
  left: string[];
}

/**
 * One execution of an action: collects the plan, carries out mutations (never
 * in a dry run), and remembers how to undo what it created.
 *
 * Every mutation is decided by reading the current state first, and runs
 * inside `ctx.checkpoint`. A checkpoint that replays a result for a mutation
 * the state says is still needed means an earlier attempt of this task did it
 * and it was undone since (e.g. rolled back), so it runs again.
 */
export class ActionRun {
  readonly plan: PlannedChange[] = [];
  private readonly undos: Undo[] = [];
  /** Whether a mutation was carried out (not planned, not reused). */
  private changed = false;

  constructor(
    private readonly ctx: RunContext,
    private readonly announcement?: {
      /** The action id, announced as the change's `source`. */
      source: string;
      changes: ChangeAnnouncer;
    },
  ) {}

  get dryRun(): boolean {
    return this.ctx.isDryRun === true;
  }

  get logger(): LoggerService {
    return this.ctx.logger;
  }

  /** Records a change that needs no call (something reused). */
  keep(change: Omit<PlannedChange, 'action'>): void {
    this.record({ ...change, action: 'reuse' });
  }

  /**
   * Records `change` and, unless this is a dry run, makes it by calling `fn`
   * under checkpoint `key`. `undo`, when given, is how to take it back (or,
   * as a function of the result, whether there is anything to take back).
   */
  async mutate<T extends JsonValue | void>(
    change: PlannedChange,
    key: string,
    fn: () => Promise<T>,
    undo?: Undo | ((value: T) => Undo | undefined),
  ): Promise<T | undefined> {
    this.record(change);
    if (this.dryRun) return undefined;
    let ran = false;
    let value = await this.ctx.checkpoint<T>({
      key,
      fn: async () => {
        ran = true;
        return fn();
      },
    });
    if (!ran) {
      this.logger.info(
        `Checkpoint ${key} was done by an earlier attempt of this task and undone since; doing it again`,
      );
      value = await fn();
    }
    this.changed = true;
    const registered = typeof undo === 'function' ? undo(value) : undo;
    if (registered) this.undos.push(registered);
    return value;
  }

  /**
   * Announces on `eks-pod-identity.changed` what this run changed, with the
   * task's user as `actor` — only if it changed something: never in a dry
   * run, never when everything was already as requested.
   */
  async announceChange(
    event: Omit<EksPodIdentityChangedEvent, 'actor' | 'source'>,
  ): Promise<void> {
    if (!this.changed || !this.announcement) return;
    const announced: EksPodIdentityChangedEvent = {
      ...event,
      actor: this.ctx.user?.ref,
      source: this.announcement.source,
    };
    // Absent, not undefined: the payload may travel as JSON.
    await this.announcement.changes.announce(
      Object.fromEntries(
        Object.entries(announced).filter(([, v]) => v !== undefined),
      ) as EksPodIdentityChangedEvent,
    );
  }

  /** Undoes this run's mutations, newest first; never throws. */
  async undoAll(): Promise<UndoReport> {
    const report: UndoReport = { undone: [], left: [] };
    while (this.undos.length > 0) {
      const undo = this.undos.pop()!;
      try {
        await undo.fn();
        report.undone.push(undo.description);
        this.logger.info(`Undone: ${undo.description}`);
      } catch (e) {
        const why = describeError(e);
        report.left.push(`${undo.description} (could not undo: ${why})`);
        this.logger.error(`Could not undo ${undo.description}: ${why}`);
      }
    }
    return report;
  }

  private record(change: PlannedChange): void {
    this.plan.push(change);
    this.logger.info(
      `${this.dryRun ? '[dry run] would ' : ''}${describeChange(change)}`,
    );
  }
}
