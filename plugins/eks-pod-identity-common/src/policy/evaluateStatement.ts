import { evaluateConditionBlock } from './conditions/evaluateCondition';
import { statementMatchesAction } from './matchAction';
import { statementMatchesResource } from './matchResource';
import type { RequestContext } from './requestContext';
import type { NormalizedStatement } from './statements';
import type { EvaluationRequest } from './types';

/**
 * A statement applies when its action, resource and condition all match.
 * The condition is only consulted for statements whose action and resource
 * match, so only keys that matter are reported as missing.
 */
export function statementApplies(
  statement: NormalizedStatement,
  request: EvaluationRequest,
  context: RequestContext,
): boolean {
  return (
    statementMatchesAction(statement, request.action) &&
    statementMatchesResource(statement, request.resource, context) &&
    evaluateConditionBlock(
      statement.condition,
      context,
      statement.substituteVariables,
    )
  );
}
