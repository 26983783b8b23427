import type {
  ContextValue,
  MatchedStatement,
  PolicyDecision,
  PolicyDocument,
} from '../api/types';

/** A policy document and how to name it in explanations. */
export interface NamedPolicy {
  /** Inline policy name, managed policy name, or a label. */
  name?: string;
  /** Managed policy (or boundary) ARN. */
  arn?: string;
  document: PolicyDocument;
}

/** The policies that apply to one role session. */
export interface PolicySet {
  /** Managed and inline policies of the role. */
  identityPolicies: NamedPolicy[];
  /** The role's permissions boundary, when it has one. */
  boundary?: NamedPolicy;
  /** The session policy (the association's `policy`), when set. */
  sessionPolicy?: NamedPolicy;
}

export interface EvaluationRequest {
  /** `service:Action`, e.g. `s3:GetObject`. */
  action: string;
  /** Resource ARN, or `*` for actions that take no resource. */
  resource: string;
  /** Request context keys; names are case-insensitive. */
  context?: Record<string, ContextValue>;
}

export interface EvaluationInput extends PolicySet {
  request: EvaluationRequest;
}

export interface EvaluationResult {
  decision: PolicyDecision;
  /**
   * For an explicit deny, the deny statements that matched; otherwise the allow
   * statements that matched, in every policy kind that allowed.
   */
  matchedStatements: MatchedStatement[];
  explanation: string;
  /** Condition keys (and policy variables) the policies consulted but the request did not supply. */
  missingContextKeys: string[];
}
