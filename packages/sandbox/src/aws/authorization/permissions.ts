import {
  clusterArnOf,
  type ContextValue,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { QueryParams } from '../query/params';
import {
  associationArn,
  policyArn,
  roleArn,
  type AccountState,
} from '../../state/model';

/** One permission a request needs: what IAM evaluates, as the service authorization reference lists it. */
export type Permission = {
  action: string;
  /** The resource ARN, or `*` for actions without resource types. */
  resource: string;
  /** How AccessDenied names the resource when it is `*`. */
  messageResource?: string;
  context?: Record<string, ContextValue>;
};

const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

function requestTags(
  tags: Record<string, string>,
): Record<string, ContextValue> {
  const keys = Object.keys(tags);
  if (keys.length === 0) return {};
  return {
    'aws:TagKeys': keys,
    ...Object.fromEntries(
      Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v]),
    ),
  };
}

function passRole(roleArnValue: unknown): Permission[] {
  return typeof roleArnValue === 'string' && roleArnValue !== ''
    ? [
        {
          action: 'iam:PassRole',
          resource: roleArnValue,
          context: { 'iam:PassedToService': POD_IDENTITY_SERVICE },
        },
      ]
    : [];
}

/** The permissions an EKS request needs; EKS acts only in the caller's account. */
export function eksPermissions(
  operation: string,
  labels: Record<string, string>,
  body: Record<string, unknown>,
  account: AccountState,
  region: string,
): Permission[] {
  const clusterName = labels.clusterName ?? labels.name;
  const cluster = { accountId: account.id, region, name: clusterName };
  const ofCluster = (action: string, context = {}): Permission => ({
    action,
    resource: clusterArnOf(cluster),
    context,
  });
  const ofAssociation = (action: string): Permission => {
    const state = account.clusters.get(`${region}/${clusterName}`);
    return {
      action,
      resource: state
        ? associationArn(state, labels.associationId)
        : `arn:aws:eks:${region}:${account.id}:podidentityassociation/${clusterName}/${labels.associationId}`,
    };
  };
  switch (operation) {
    case 'ListClusters':
      return [
        {
          action: 'eks:ListClusters',
          resource: '*',
          messageResource: `arn:aws:eks:${region}:${account.id}:cluster/*`,
        },
      ];
    case 'DescribeCluster':
    case 'ListAddons':
    case 'ListPodIdentityAssociations':
      return [ofCluster(`eks:${operation}`)];
    case 'CreateAddon':
      return [
        ofCluster(
          'eks:CreateAddon',
          requestTags((body.tags as Record<string, string>) ?? {}),
        ),
      ];
    case 'DeleteAddon':
    case 'DescribeAddon': {
      const addon = account.clusters
        .get(`${region}/${clusterName}`)
        ?.addons.get(labels.addonName);
      return [
        {
          action: `eks:${operation}`,
          resource:
            addon?.arn ??
            `arn:aws:eks:${region}:${account.id}:addon/${clusterName}/${labels.addonName}/*`,
        },
      ];
    }
    case 'CreatePodIdentityAssociation':
      return [
        ofCluster(
          'eks:CreatePodIdentityAssociation',
          requestTags((body.tags as Record<string, string>) ?? {}),
        ),
        ...passRole(body.roleArn),
      ];
    case 'UpdatePodIdentityAssociation':
      return [
        ofAssociation('eks:UpdatePodIdentityAssociation'),
        ...passRole(body.roleArn),
      ];
    case 'DescribePodIdentityAssociation':
    case 'DeletePodIdentityAssociation':
      return [ofAssociation(`eks:${operation}`)];
    case 'TagResource':
      return [
        {
          action: 'eks:TagResource',
          resource: labels.resourceArn,
          context: requestTags((body.tags as Record<string, string>) ?? {}),
        },
      ];
    default:
      return [
        { action: `eks:${operation}`, resource: labels.resourceArn ?? '*' },
      ];
  }
}

function roleResource(
  account: AccountState,
  name: string | undefined,
  path?: string,
): string {
  const existing = name ? account.roles.get(name.toLowerCase()) : undefined;
  return existing?.arn ?? roleArn(account.id, path ?? '/', name ?? '');
}

function tagsOf(params: QueryParams): Record<string, string> {
  return Object.fromEntries(
    params.structList('Tags').map(t => [t.Key ?? '', t.Value ?? '']),
  );
}

/** The permissions an IAM request needs, with the condition keys IAM supplies for it. */
export function iamPermissions(
  operation: string,
  params: QueryParams,
  account: AccountState,
): Permission[] {
  const action = `iam:${operation}`;
  const name = params.optional('RoleName');
  const role = name ? account.roles.get(name.toLowerCase()) : undefined;
  const currentBoundary: Record<string, ContextValue> =
    role?.permissionsBoundaryArn
      ? { 'iam:PermissionsBoundary': role.permissionsBoundaryArn }
      : {};
  switch (operation) {
    case 'CreateRole': {
      const boundary = params.optional('PermissionsBoundary');
      const resource = roleResource(account, name, params.optional('Path'));
      const tags = requestTags(tagsOf(params));
      const create: Permission = {
        action,
        resource,
        context: {
          ...(boundary && { 'iam:PermissionsBoundary': boundary }),
          ...tags,
        },
      };
      // Creating a role with tags also takes iam:TagRole, as IAM documents.
      return Object.keys(tags).length === 0
        ? [create]
        : [create, { action: 'iam:TagRole', resource, context: tags }];
    }
    case 'PutRolePermissionsBoundary':
      return [
        {
          action,
          resource: roleResource(account, name),
          context: {
            'iam:PermissionsBoundary':
              params.optional('PermissionsBoundary') ?? '',
          },
        },
      ];
    case 'AttachRolePolicy':
    case 'DetachRolePolicy':
      return [
        {
          action,
          resource: roleResource(account, name),
          context: {
            ...currentBoundary,
            'iam:PolicyARN': params.optional('PolicyArn') ?? '',
          },
        },
      ];
    case 'PutRolePolicy':
    case 'DeleteRolePolicy':
    case 'DeleteRolePermissionsBoundary':
      return [
        {
          action,
          resource: roleResource(account, name),
          context: currentBoundary,
        },
      ];
    case 'TagRole':
      return [
        {
          action,
          resource: roleResource(account, name),
          context: requestTags(tagsOf(params)),
        },
      ];
    case 'CreatePolicy':
      return [
        {
          action,
          resource: policyArn(
            account.id,
            params.optional('Path') ?? '/',
            params.optional('PolicyName') ?? '',
          ),
        },
      ];
    case 'GetPolicy':
    case 'GetPolicyVersion':
    case 'DeletePolicy':
      return [{ action, resource: params.optional('PolicyArn') ?? '*' }];
    case 'GenerateServiceLastAccessedDetails':
      return [{ action, resource: params.optional('Arn') ?? '*' }];
    case 'ListRoles':
    case 'ListPolicies':
    case 'GetAccountAuthorizationDetails':
    case 'GetServiceLastAccessedDetails':
      return [{ action, resource: '*' }];
    default:
      // Every other operation the sandbox serves acts on one role.
      return [{ action, resource: roleResource(account, name) }];
  }
}
