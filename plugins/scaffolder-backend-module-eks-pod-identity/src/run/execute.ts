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
    const message = `${describeError(error)} ${reportText(report)}`;
    if (error instanceof InputError) throw new InputError(message, error);
    if (error instanceof ConflictError) throw new ConflictError(message, error);
    throw new Error(message, { cause: error });
  }
}
