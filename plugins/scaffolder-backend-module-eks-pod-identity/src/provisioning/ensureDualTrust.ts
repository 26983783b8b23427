import { ConflictError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  POD_IDENTITY_PRINCIPAL,
  PolicyStatement,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  IamGateway,
  RoleBasics,
} from '@pod-identity/plugin-eks-pod-identity-node';
import type { ActionRun } from '../run/ActionRun';
import { StatementList, toList } from '../policies/statements';

function statementsOf(document: RoleBasics['trustPolicy']): PolicyStatement[] {
  return Array.isArray(document.Statement)
    ? document.Statement
    : [document.Statement];
}

function namesPodIdentity(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  return (
    statement.Effect === 'Allow' &&
    typeof principal === 'object' &&
    toList(principal.Service as string | string[] | undefined).includes(
      POD_IDENTITY_PRINCIPAL,
    )
  );
}

function allows(statement: PolicyStatement, action: string): boolean {
  return toList(statement.Action).some(a =>
    new RegExp(
      `^${a.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
      'i',
    ).test(action),
  );
}

/**
 * Adds the Pod Identity statement to an IRSA role's trust policy, keeping the
 * OIDC statement so pods that still use IRSA keep working during the move.
 * Undo puts the previous trust policy back.
 */
export async function ensureDualTrust(
  run: ActionRun,
  iam: IamGateway,
  role: Pick<RoleBasics, 'accountId' | 'name' | 'arn' | 'trustPolicy'>,
  podIdentityStatement: PolicyStatement,
): Promise<StatementList> {
  const current = statementsOf(role.trustPolicy);
  const existing = current.filter(namesPodIdentity);
  if (existing.length) {
    const complete = existing.some(
      s => allows(s, 'sts:AssumeRole') && allows(s, 'sts:TagSession'),
    );
    if (!complete) {
      throw new ConflictError(
        `The trust policy of ${role.arn} already names ${POD_IDENTITY_PRINCIPAL} but does not allow both sts:AssumeRole and sts:TagSession: fix that statement by hand, then run the migration again.`,
      );
    }
    run.keep({
      resource: 'iam-trust-policy',
      target: role.arn,
      detail: `already trusts ${POD_IDENTITY_PRINCIPAL}`,
    });
    return { ...role.trustPolicy, Statement: current };
  }
  const updated: StatementList = {
    Version: '2012-10-17',
    Statement: [...current, podIdentityStatement],
  };
  await run.mutate(
    {
      resource: 'iam-trust-policy',
      action: 'update',
      target: role.arn,
      detail: `add ${POD_IDENTITY_PRINCIPAL} beside the IRSA statement`,
      document: updated as unknown as JsonObject,
    },
    `iam.${role.accountId}.${role.name}.UpdateAssumeRolePolicy`,
    () => iam.updateAssumeRolePolicy(role.accountId, role.name, updated),
    {
      description: `trust policy change of ${role.arn}`,
      fn: () =>
        iam.updateAssumeRolePolicy(role.accountId, role.name, role.trustPolicy),
    },
  );
  return updated;
}
