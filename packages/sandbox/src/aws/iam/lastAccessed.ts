import { statementsOf } from '@pod-identity/plugin-eks-pod-identity-common';
import type { RequestContext } from '../context';
import { AwsError } from '../errors';
import { uuid } from '../ids';
import { decodePageToken, pageAfter } from '../paging';
import { QueryParams, validationError } from '../query/params';
import type { XmlValue } from '../query/xml';
import { parseRoleArn, type RoleState } from '../../state/model';
import { readMarker, readMaxItems } from './validate';

/** IAM reports activity for (at least) the last 400 days. */
export const TRACKING_PERIOD_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Actions IAM reports action last accessed information for, by service: a
 * subset of AWS's list ("IAM action last accessed information services and
 * actions") covering what the demo estate grants. S3's tracked actions are
 * its management actions; object reads and writes (GetObject, PutObject) are
 * data events IAM reports at the service level only.
 */
export const TRACKED_ACTIONS: Record<string, string[]> = {
  s3: [
    'CreateBucket',
    'DeleteBucket',
    'GetBucketLocation',
    'GetBucketPolicy',
    'ListAllMyBuckets',
    'PutBucketPolicy',
    'PutBucketTagging',
  ],
  iam: [
    'AttachRolePolicy',
    'CreateRole',
    'DeleteRole',
    'GetRole',
    'PassRole',
    'PutRolePolicy',
  ],
};

const SERVICE_NAMES: Record<string, string> = {
  dynamodb: 'Amazon DynamoDB',
  ec2: 'Amazon EC2',
  eks: 'Amazon Elastic Kubernetes Service',
  es: 'Amazon OpenSearch Service',
  iam: 'AWS Identity and Access Management',
  kms: 'AWS Key Management Service',
  s3: 'Amazon S3',
  secretsmanager: 'AWS Secrets Manager',
  ses: 'Amazon SES',
  sns: 'Amazon SNS',
  sqs: 'Amazon SQS',
  sts: 'AWS Security Token Service',
};

const GRANULARITIES = ['SERVICE_LEVEL', 'ACTION_LEVEL'] as const;

function wildcardPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`,
    'i',
  );
}

/** The role's permissions policies (inline, then attached), as documents. */
function permissionsPolicies(ctx: RequestContext, role: RoleState): unknown[] {
  const attached = role.attachedPolicyArns.flatMap(arn => {
    const policy = ctx.state.findPolicy(ctx.caller.account, arn);
    const version = policy?.versions.find(
      v => v.versionId === policy.defaultVersionId,
    );
    return version ? [version.document] : [];
  });
  return [...role.inlinePolicies.values(), ...attached].map(text =>
    JSON.parse(text),
  );
}

/**
 * Action patterns the permissions policies allow, by service namespace. Like
 * IAM, only permissions policies count (no boundary, no resource policy);
 * an `Action: "*"` grants every service the report knows of for the role.
 */
function grantedActions(
  ctx: RequestContext,
  role: RoleState,
): Map<string, string[]> {
  const granted = new Map<string, string[]>();
  const add = (service: string, action: string) => {
    const list = granted.get(service) ?? [];
    list.push(action);
    granted.set(service, list);
  };
  for (const document of permissionsPolicies(ctx, role)) {
    for (const statement of statementsOf(document as any)) {
      if (statement.effect !== 'Allow' || !statement.action) continue;
      for (const pattern of statement.action) {
        if (pattern === '*') {
          for (const service of role.lastAccessed.keys()) add(service, '*');
          continue;
        }
        const [prefix, action] = pattern.split(':');
        if (action === undefined) continue;
        if (prefix.includes('*') || prefix.includes('?')) continue;
        add(prefix.toLowerCase(), action);
      }
    }
  }
  return granted;
}

function withinTrackingPeriod(date: Date | undefined, now: Date) {
  return (
    date !== undefined &&
    now.getTime() - date.getTime() <= TRACKING_PERIOD_DAYS * DAY_MS
  );
}

function trackedActions(
  role: RoleState,
  service: string,
  patterns: string[],
  now: Date,
): XmlValue[] | undefined {
  const tracked = (TRACKED_ACTIONS[service] ?? []).filter(name =>
    patterns.some(p => wildcardPattern(p).test(name)),
  );
  if (tracked.length === 0) return undefined;
  const used = role.lastAccessed.get(service);
  return tracked.map(name => {
    const at = used?.actions.get(name);
    const inPeriod = withinTrackingPeriod(at, now);
    return {
      ActionName: name,
      LastAccessedEntity: inPeriod ? role.arn : undefined,
      LastAccessedRegion: inPeriod ? used?.region : undefined,
      LastAccessedTime: inPeriod ? at : undefined,
    };
  });
}

function report(
  ctx: RequestContext,
  role: RoleState,
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL',
  now: Date,
): XmlValue[] {
  const granted = grantedActions(ctx, role);
  return [...granted.keys()].sort().map(service => {
    const used = role.lastAccessed.get(service);
    const inPeriod = withinTrackingPeriod(used?.date, now);
    return {
      ServiceName: SERVICE_NAMES[service] ?? service,
      ServiceNamespace: service,
      LastAuthenticated: inPeriod ? used?.date : undefined,
      LastAuthenticatedEntity: inPeriod ? role.arn : undefined,
      LastAuthenticatedRegion: inPeriod ? used?.region : undefined,
      TotalAuthenticatedEntities: inPeriod ? 1 : 0,
      TrackedActionsLastAccessed:
        granularity === 'ACTION_LEVEL'
          ? trackedActions(role, service, granted.get(service)!, now)
          : undefined,
    };
  });
}

/** The sandbox reports on roles only (it has no users, groups or their policies). */
export function generateServiceLastAccessedDetails(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const arn = params.required('Arn');
  const granularity = params.optional('Granularity') ?? 'SERVICE_LEVEL';
  if (!(GRANULARITIES as readonly string[]).includes(granularity)) {
    throw validationError(
      'Granularity',
      granularity,
      `Member must satisfy enum value set: [${GRANULARITIES.join(', ')}]`,
    );
  }
  const parsed = parseRoleArn(arn);
  if (!parsed || parsed.accountId !== ctx.caller.account.id) {
    throw new AwsError('InvalidInput', 400, `ARN ${arn} is not valid.`);
  }
  if (!ctx.state.findRoleByArn(arn)) {
    throw new AwsError(
      'NoSuchEntity',
      404,
      `The role with name ${parsed.name} cannot be found.`,
    );
  }
  const createdAt = new Date();
  const id = uuid();
  ctx.state.lastAccessedJobs.set(id, {
    id,
    callerArn: ctx.caller.arn,
    arn,
    granularity: granularity as 'SERVICE_LEVEL' | 'ACTION_LEVEL',
    createdAt,
    completesAt: new Date(createdAt.getTime() + ctx.state.lastAccessedJobMs),
  });
  return { JobId: id };
}

export function getServiceLastAccessedDetails(
  params: QueryParams,
  ctx: RequestContext,
): XmlValue {
  const id = params.required('JobId');
  const maxItems = readMaxItems(params);
  const after = readMarker(params, decodePageToken);
  const job = ctx.state.lastAccessedJobs.get(id);
  if (!job || job.callerArn !== ctx.caller.arn) {
    throw new AwsError('NoSuchEntity', 404, `Job ${id} was not found.`);
  }
  const now = new Date();
  const common = {
    JobStatus: 'IN_PROGRESS',
    JobType: job.granularity,
    JobCreationDate: job.createdAt,
  };
  if (now < job.completesAt) {
    return { ...common, ServicesLastAccessed: [], IsTruncated: false };
  }
  const role = ctx.state.findRoleByArn(job.arn);
  if (!role) {
    return {
      ...common,
      JobStatus: 'FAILED',
      JobCompletionDate: job.completesAt,
      ServicesLastAccessed: [],
      IsTruncated: false,
      Error: {
        Message: `The entity ${job.arn} no longer exists.`,
        Code: 'NoSuchEntity',
      },
    };
  }
  const services = report(ctx, role, job.granularity, now);
  const key = (item: XmlValue) =>
    (item as { ServiceNamespace: string }).ServiceNamespace;
  const page = pageAfter(services, key, after, maxItems);
  return {
    ...common,
    JobStatus: 'COMPLETED',
    JobCompletionDate: job.completesAt,
    ServicesLastAccessed: page.items,
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
