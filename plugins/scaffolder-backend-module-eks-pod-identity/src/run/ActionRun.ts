import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import { describeError } from '@pod-identity/plugin-eks-pod-identity-node';
import { describeChange, PlannedChange } from './plan';

/** The part of the scaffolder's ActionContext a run needs. */
export interface RunContext {
  logger: LoggerService;
  isDryRun?: boolean;
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

  constructor(private readonly ctx: RunContext) {}

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
    const registered = typeof undo === 'function' ? undo(value) : undo;
    if (registered) this.undos.push(registered);
    return value;
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
