import { randomUUID } from 'node:crypto';
import type { Caller } from '../context';

/**
 * The mutations whose CloudTrail management events the sandbox records, by
 * service: the ones that change what the inventory shows.
 */
export const RECORDED_EVENT_NAMES = {
  eks: [
    'CreatePodIdentityAssociation',
    'UpdatePodIdentityAssociation',
    'DeletePodIdentityAssociation',
    'CreateAddon',
    'DeleteAddon',
  ],
  iam: [
    'CreateRole',
    'DeleteRole',
    'PutRolePolicy',
    'DeleteRolePolicy',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'UpdateAssumeRolePolicy',
    'PutRolePermissionsBoundary',
    'CreatePolicyVersion',
  ],
} as const;

/** A CloudTrail management event as EventBridge delivers it to a target. */
export type CloudTrailEventBridgeEvent = {
  version: '0';
  id: string;
  'detail-type': 'AWS API Call via CloudTrail';
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    eventVersion: string;
    userIdentity: {
      type: string;
      principalId: string;
      arn: string;
      accountId: string;
      accessKeyId: string;
    };
    eventTime: string;
    eventSource: string;
    eventName: string;
    awsRegion: string;
    sourceIPAddress: string;
    userAgent: string;
    requestParameters: Record<string, unknown> | null;
    responseElements: Record<string, unknown> | null;
    requestID: string;
    eventID: string;
    readOnly: false;
    eventType: 'AwsApiCall';
    managementEvent: true;
    recipientAccountId: string;
    eventCategory: 'Management';
  };
};

export function isRecorded(service: string, operation: string): boolean {
  const names: readonly string[] | undefined =
    RECORDED_EVENT_NAMES[service as keyof typeof RECORDED_EVENT_NAMES];
  return names?.includes(operation) ?? false;
}

/**
 * The event CloudTrail records for a successful call. IAM is a global
 * service: its events are recorded, and delivered to EventBridge, in
 * us-east-1 whatever region the caller signed for.
 */
export function cloudTrailEvent(call: {
  service: 'eks' | 'iam';
  operation: string;
  caller: Caller;
  region: string;
  requestId: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  userAgent?: string;
}): CloudTrailEventBridgeEvent {
  const time = `${new Date().toISOString().slice(0, 19)}Z`;
  const region = call.service === 'iam' ? 'us-east-1' : call.region;
  const accountId = call.caller.account.id;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${call.service}`,
    account: accountId,
    time,
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: call.caller.session ? 'AssumedRole' : 'IAMUser',
        principalId: call.caller.userId,
        arn: call.caller.arn,
        accountId,
        accessKeyId: call.caller.accessKeyId,
      },
      eventTime: time,
      eventSource: `${call.service}.amazonaws.com`,
      eventName: call.operation,
      awsRegion: region,
      sourceIPAddress: '127.0.0.1',
      userAgent: call.userAgent ?? 'unknown',
      requestParameters: call.requestParameters,
      responseElements: call.responseElements,
      requestID: call.requestId,
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    },
  };
}

/**
 * A Query-protocol request's parameters as CloudTrail writes them: member
 * names with a lower-case first letter; lists and tags are left out.
 */
export function queryRequestParameters(
  params: Iterable<[string, string]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version' || key.includes('.')) continue;
    out[key.charAt(0).toLowerCase() + key.slice(1)] = value;
  }
  return out;
}
