import { ConflictError, InputError } from '@backstage/errors';
import { describeError } from '@pod-identity/plugin-eks-pod-identity-node';
import type { ActionRun, UndoReport } from './ActionRun';

function reportText(report: UndoReport): string {
  const parts: string[] = [];
  if (report.undone.length) parts.push(`Undone: ${report.undone.join('; ')}.`);
  if (report.left.length) {
    parts.push(`Left in place, remove by hand: ${report.left.join('; ')}.`);
  }
  if (!parts.length) parts.push('Nothing had been changed.');
  return parts.join(' ');
}

/**
 * Runs the mutating part of an action. On failure, what this run created is
 * undone newest first, and the error says what was undone and what is left.
 */
export async function executeWithUndo<T>(
  run: ActionRun,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const report = await run.undoAll();
    // Our own errors are sentences already; AWS and Kubernetes ones get their
    // error code in front (and any credentials stripped).
    if (error instanceof InputError || error instanceof ConflictError) {
      const Type = error.constructor as typeof InputError;
      throw new Type(`${error.message} ${reportText(report)}`);
    }
    throw new Error(`${describeError(error)} ${reportText(report)}`, {
      cause: error,
    });
  }
}
