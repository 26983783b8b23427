import type { RequestContext } from '../context';
import { AwsError } from '../errors';
import { secretKey, sessionToken, temporaryAccessKeyId } from '../ids';
import { QueryParams, requirePattern } from '../query/params';
import type { QueryService } from '../query/service';
import type { XmlValue } from '../query/xml';

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
  const role = ctx.state.findRoleByArn(roleArn);
  if (!role) {
    throw new AwsError(
      'AccessDenied',
      403,
      `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
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
  const accountId = roleArn.split(':')[4];
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
