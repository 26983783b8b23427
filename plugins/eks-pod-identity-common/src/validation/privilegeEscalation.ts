import type { PolicyDocument } from '../api/types';
import { statementMatchesAction } from '../policy/matchAction';
import { statementsOf } from '../policy/statements';

/**
 * IAM actions that let a principal grant itself (or a role it can pass or
 * assume) more permissions than it has (DESIGN §6, POLICY_PRIVILEGE_ESCALATION).
 * Used by the scaffolder guardrails and by the findings.
 */
export const PRIVILEGE_ESCALATION_ACTIONS: readonly string[] = [
  'iam:PassRole',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AddUserToGroup',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
];

export interface EscalationGrant {
  /** Index of the Allow statement in the document's Statement list. */
  statementIndex: number;
  sid?: string;
  /** Escalation actions its Action/NotAction covers. */
  actions: string[];
  /** Its Resource patterns (`["*"]` for NotResource, which covers almost everything). */
  resources: string[];
  conditional: boolean;
}

/** The Allow statements of a document that grant any privilege-escalation action. */
export function privilegeEscalationGrants(
  document: PolicyDocument,
): EscalationGrant[] {
  return statementsOf(document).flatMap(statement => {
    if (statement.effect !== 'Allow') return [];
    const actions = PRIVILEGE_ESCALATION_ACTIONS.filter(a =>
      statementMatchesAction(statement, a),
    );
    if (actions.length === 0) return [];
    return [
      {
        statementIndex: statement.index,
        ...(statement.sid && { sid: statement.sid }),
        actions,
        resources: statement.resource ?? ['*'],
        conditional: statement.condition !== undefined,
      },
    ];
  });
}
