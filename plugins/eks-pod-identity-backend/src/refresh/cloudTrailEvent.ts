import { partitionOfArn } from '@pod-identity/plugin-eks-pod-identity-common';
import { z } from 'zod';

/** The EKS pod identity agent add-on: its create/delete changes a cluster's agent status. */
const AGENT_ADDON = 'eks-pod-identity-agent';

const parameters = z.record(z.string(), z.unknown()).nullish();

const envelopeSchema = z.object({
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  source: z.enum(['aws.eks', 'aws.iam']),
  account: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  detail: z.object({
    eventSource: z.enum(['eks.amazonaws.com', 'iam.amazonaws.com']),
    eventName: z.string().min(1),
    awsRegion: z.string().min(1),
    recipientAccountId: z.string().optional(),
    userIdentity: z
      .object({ arn: z.string().optional() })
      .passthrough()
      .optional(),
    requestParameters: parameters,
    responseElements: parameters,
    errorCode: z.string().optional(),
  }),
});

/**
 * What one CloudTrail management event changed, in the inventory's terms,
 * before it is matched against the inventory: names, not ARNs, for roles
 * (CloudTrail records `roleName`), since the role's path is in the inventory.
 */
export type CloudTrailChange =
  | {
      kind: 'association';
      change: 'created' | 'updated' | 'deleted';
      accountId: string;
      region: string;
      cluster: string;
      associationId?: string;
      namespace?: string;
      serviceAccount?: string;
      roleArns: string[];
    }
  | { kind: 'agent'; accountId: string; region: string; cluster: string }
  | {
      kind: 'role';
      accountId: string;
      partition: string;
      roleName: string;
      path?: string;
    }
  | { kind: 'policy'; accountId: string; policyArn: string };

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

const ASSOCIATION_CHANGES: Record<string, 'created' | 'updated' | 'deleted'> = {
  CreatePodIdentityAssociation: 'created',
  UpdatePodIdentityAssociation: 'updated',
  DeletePodIdentityAssociation: 'deleted',
};

const ROLE_EVENTS = new Set([
  'CreateRole',
  'DeleteRole',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'UpdateAssumeRolePolicy',
  'PutRolePermissionsBoundary',
]);

/**
 * Reads an EventBridge-delivered CloudTrail event. `undefined`: not one of
 * the events the README's rule sends, or not of that shape (the queue can
 * hold anything anyone sent it); `null`: one that changes nothing the
 * inventory shows (a failed call, another add-on).
 */
export function parseCloudTrailEvent(
  payload: unknown,
): CloudTrailChange | null | undefined {
  const parsed = envelopeSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const { account, detail } = parsed.data;
  if (detail.errorCode) return null;
  const request = detail.requestParameters ?? {};
  const response = detail.responseElements ?? {};
  const accountId = detail.recipientAccountId ?? account;

  const associationChange = ASSOCIATION_CHANGES[detail.eventName];
  if (associationChange) {
    const association = (response.association ?? {}) as Record<string, unknown>;
    const cluster = str(request.clusterName);
    if (!cluster) return undefined;
    const roleArns = [
      str(request.roleArn) ?? str(association.roleArn),
      str(request.targetRoleArn) ?? str(association.targetRoleArn),
    ].filter((a): a is string => !!a);
    return {
      kind: 'association',
      change: associationChange,
      accountId,
      region: detail.awsRegion,
      cluster,
      associationId:
        str(request.associationId) ?? str(association.associationId),
      namespace: str(request.namespace) ?? str(association.namespace),
      serviceAccount:
        str(request.serviceAccount) ?? str(association.serviceAccount),
      roleArns,
    };
  }
  if (
    detail.eventName === 'CreateAddon' ||
    detail.eventName === 'DeleteAddon'
  ) {
    const cluster = str(request.clusterName);
    if (!cluster || !str(request.addonName)) return undefined;
    if (request.addonName !== AGENT_ADDON) return null;
    return { kind: 'agent', accountId, region: detail.awsRegion, cluster };
  }
  if (ROLE_EVENTS.has(detail.eventName)) {
    const roleName = str(request.roleName);
    if (!roleName) return undefined;
    return {
      kind: 'role',
      accountId,
      partition: partitionOfArn(detail.userIdentity?.arn ?? '') ?? 'aws',
      roleName,
      path: str(request.path),
    };
  }
  if (detail.eventName === 'CreatePolicyVersion') {
    const policyArn = str(request.policyArn);
    return policyArn ? { kind: 'policy', accountId, policyArn } : undefined;
  }
  return undefined;
}
