/**
 * One thing wrong with an input. `message` is a full sentence that names the
 * field and says how to fix it, so callers can show it as is.
 */
export interface ValidationProblem {
  field: string;
  message: string;
}

/** Joins problems into one error message (for `InputError` and friends). */
export function formatProblems(problems: ValidationProblem[]): string {
  return problems.map(p => p.message).join(' ');
}

export function problem(field: string, message: string): ValidationProblem[] {
  return [{ field, message }];
}
