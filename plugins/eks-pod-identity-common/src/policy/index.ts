export { evaluateRequest } from './evaluateRequest';
export { actionAccess, isAdmin, statementsAllowing } from './access';
export type { ActionAccess } from './access';
export { actionPatternMatches } from './matchAction';
export { resourcePatternMatches } from './matchResource';
export { isKnownConditionOperator } from './conditions/operators';
export { podIdentitySessionContext } from './sessionContext';
export type { PodIdentitySession } from './sessionContext';
export { statementsOf } from './statements';
export type { NormalizedStatement } from './statements';
export type {
  EvaluationInput,
  EvaluationRequest,
  EvaluationResult,
  NamedPolicy,
  PolicySet,
} from './types';
