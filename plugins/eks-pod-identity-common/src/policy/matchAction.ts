import { matchesWildcard } from './patterns';
import type { NormalizedStatement } from './statements';

/** Action names are case-insensitive; `*` and `?` match within the whole `service:action`. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return pattern === '*' || matchesWildcard(pattern, action, true);
}

/** Action: any pattern matches. NotAction: no pattern matches. Neither: nothing matches. */
export function statementMatchesAction(
  statement: NormalizedStatement,
  action: string,
): boolean {
  if (statement.action) {
    return statement.action.some(p => actionPatternMatches(p, action));
  }
  if (statement.notAction) {
    return !statement.notAction.some(p => actionPatternMatches(p, action));
  }
  return false;
}
