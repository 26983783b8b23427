import {
  accessDenied,
  callerContext,
  evaluatePermission,
} from '../authorization/authorize';
import { evaluateTrust } from '../authorization/trust';
import type { RequestContext } from '../context';
import { policyDocumentProblem } from '../policyDocument';
import type { RoleState } from '../../state/model';
import { AwsError } from '../errors';
import { secretKey, sessionToken, temporaryAccessKeyId } from '../ids';
import { QueryParams, requirePattern } from '../query/params';
import type { QueryService } from '../query/service';
import type { XmlValue } from '../query/xml';
import { accountOfArn } from '@pod-identity/plugin-eks-pod-identity-common';

/** AWS caps role chaining (assuming a role with assumed-role credentials) at one hour. */
const ROLE_CHAINING_MAX_SECONDS = 3600;

function getCallerIdentity(
  _params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  return {
    UserId: ctx.caller.userId,
    Account: ctx.caller.account.id,
    Arn: ctx.caller.arn,
  };
}

function assumeRole(params: QueryParams, ctx: RequestContext): XmlValue {
  const roleArn = params.required('RoleArn');
  const sessionName = params.required('RoleSessionName');
  requirePattern(
    'RoleSessionName',
    sessionName,
    /^[\w+=,.@-]{2,}$/,
    '[\\w+=,.@-]*',
    64,
  );
  const externalId = params.optional('ExternalId');
  const sessionPolicy = params.optional('Policy');
  if (sessionPolicy !== undefined) {
    const problem = policyDocumentProblem(sessionPolicy, 'identity');
    if (problem) throw new AwsError('MalformedPolicyDocument', 400, problem);
  }
  const role = ctx.state.findRoleByArn(roleArn);
  // A role IAM has not yet propagated to STS is refused as one that does not exist.
  if (!role || !ctx.state.isUsable(role)) {
    throw accessDenied('sts', ctx.caller.arn, 'sts:AssumeRole', roleArn);
  }
  if (ctx.state.enforcement.authorization) {
    checkAssumeRole(ctx, role, {
      ...(externalId !== undefined && { 'sts:ExternalId': externalId }),
      'sts:RoleSessionName': sessionName,
    });
  }
  const maxSeconds = ctx.caller.session
    ? ROLE_CHAINING_MAX_SECONDS
    : role.maxSessionDuration;
  const duration = params.integer('DurationSeconds', 900, 43200) ?? 3600;
  if (duration > maxSeconds) {
    throw new AwsError(
      'ValidationError',
      400,
      `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
    );
  }
  const accountId = accountOfArn(roleArn)!;
  const session = {
    accessKeyId: temporaryAccessKeyId(),
    secretAccessKey: secretKey(),
    sessionToken: sessionToken(),
    accountId,
    roleArn,
    roleName: role.name,
    roleId: role.id,
    sessionName,
    expiration: new Date(Date.now() + duration * 1000),
    policy: sessionPolicy,
  };
  pruneExpiredSessions(ctx);
  ctx.state.sessions.set(session.accessKeyId, session);
  // Assuming a role is what IAM reports as the role's last use.
  role.lastUsed = { date: new Date(), region: ctx.region };
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration,
    },
    AssumedRoleUser: {
      AssumedRoleId: `${role.id}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${role.name}/${sessionName}`,
    },
  };
}

/**
 * AWS's rule for AssumeRole: the trust policy must let the caller in (an
 * explicit Deny there or in the caller's policies refuses). A trust that
 * names the caller itself in the role's own account is enough on its own;
 * otherwise (it names only the caller's account, or the caller is in another
 * account) the caller's identity policies must allow sts:AssumeRole on the role too.
 */
function checkAssumeRole(
  ctx: RequestContext,
  role: RoleState,
  context: Record<string, string>,
): void {
  const { caller, state, region } = ctx;
  const permission = { action: 'sts:AssumeRole', resource: role.arn, context };
  const trust = evaluateTrust(state, role, caller, {
    ...callerContext(caller, region),
    ...context,
  });
  const identity = evaluatePermission(state, caller, region, permission);
  const sameAccount = accountOfArn(role.arn) === caller.account.id;
  const refused =
    trust.denied ||
    identity?.result.decision === 'explicitDeny' ||
    !trust.allowed ||
    (identity !== undefined && !(sameAccount && trust.allowed === 'principal'));
  if (refused) {
    throw accessDenied('sts', caller.arn, 'sts:AssumeRole', role.arn);
  }
}

function pruneExpiredSessions(ctx: RequestContext): void {
  const now = Date.now();
  for (const [key, session] of ctx.state.sessions) {
    // Kept an hour past expiry so late callers get ExpiredToken rather than an unknown key.
    if (session.expiration.getTime() + 3_600_000 < now)
      ctx.state.sessions.delete(key);
  }
}

export const stsService: QueryService = {
  name: 'sts',
  version: '2011-06-15',
  namespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  handlers: {
    GetCallerIdentity: getCallerIdentity,
    AssumeRole: assumeRole,
  },
};
