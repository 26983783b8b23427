import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import {
  ESCALATION_METHODS,
  FindingCode,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  ADMIN_TARGET_ROLE_ARN,
  PROD,
  TARGET_ROLE_ARN,
} from '../__testUtils__/estate';
import {
  Harness,
  runAction,
  startHarness,
  TEST_GUARDRAILS,
} from '../__testUtils__/harness';
import { createEksPodIdentityActions } from '.';

/*
 * The bad-input corpus: every case must fail with an InputError whose message
 * names the field at fault, before anything in AWS or Kubernetes changes.
 */

const OUTSIDE_TARGET =
  'arn:aws:iam::999999999999:role/OrganizationAccountAccessRole';

const setup = {
  cluster: 'prod-use1',
  namespace: 'team-orders',
  serviceAccount: 'orders-api',
  permissions: [{ preset: 's3-read', resource: 'orders-data/reports/' }],
  tags: { owner: 'team-orders' },
};
const association = {
  cluster: 'prod-use1',
  namespace: 'team-orders',
  serviceAccount: 'orders-api',
  roleArn: `arn:aws:iam::${PROD}:role/backstage/bs-orders-api`,
  tags: { owner: 'team-orders' },
};
const serviceAccount = {
  cluster: 'prod-use1',
  namespace: 'team-orders',
  name: 'orders-worker',
};
const role = {
  cluster: 'prod-use1',
  roleName: 'bs-orders-batch',
  trustScope: 'cluster',
  tags: { owner: 'team-orders' },
};
const migrate = {
  cluster: 'prod-use1',
  namespace: 'team-payments',
  serviceAccount: 'payments-api',
  tags: { owner: 'team-payments' },
};
const remove = {
  cluster: 'prod-use1',
  namespace: 'team-orders',
  serviceAccount: 'orders-api',
};

const policy = (...Statement: unknown[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (
  Action: unknown,
  Resource: unknown = 'arn:aws:s3:::orders-data/*',
) => ({ Effect: 'Allow', Action, Resource });

/** Action, what is wrong, input, the field the error names, and the finding code when the analysis refuses it. */
type Case = [string, string, JsonObject, string, FindingCode?];

const cases: Case[] = [
  // Names
  [
    'setup',
    'namespace with capitals',
    { ...setup, namespace: 'Team-Orders' },
    'namespace',
  ],
  [
    'setup',
    'namespace of 64 characters',
    { ...setup, namespace: `team-${'a'.repeat(59)}` },
    'namespace',
  ],
  [
    'setup',
    'service account with an underscore',
    { ...setup, serviceAccount: 'orders_api' },
    'serviceAccount',
  ],
  [
    'setup',
    'empty service account',
    { ...setup, serviceAccount: '' },
    'serviceAccount',
  ],
  [
    'setup',
    'cluster name with a space',
    { ...setup, cluster: 'prod use1' },
    'cluster',
  ],
  ['setup', 'no cluster', { ...setup, cluster: undefined as any }, 'cluster'],
  [
    'setup',
    'role name with a space',
    { ...setup, roleName: 'bs-orders api' },
    'roleName',
  ],
  [
    'setup',
    'role name of 65 characters',
    { ...setup, roleName: `bs-${'a'.repeat(62)}` },
    'roleName',
  ],
  [
    'service-account:create',
    'service account name with capitals',
    { ...serviceAccount, name: 'Orders' },
    'name',
  ],
  [
    'service-account:create',
    'label key starting with a dash',
    { ...serviceAccount, labels: { '-bad': 'x' } },
    'labels',
  ],
  [
    'service-account:create',
    'label value with a space',
    { ...serviceAccount, labels: { app: 'has space' } },
    'labels',
  ],
  [
    'association:delete',
    'namespace with a dot',
    { ...remove, namespace: 'team.orders' },
    'namespace',
  ],
  [
    'setup',
    'entity reference without a name',
    { ...setup, entityRef: 'component:default/' },
    'entityRef',
  ],
  // ARNs
  [
    'setup',
    'managed policy ARN of another service',
    { ...setup, managedPolicyArns: ['arn:aws:s3:::orders-data'] },
    'managedPolicyArns[0]',
  ],
  [
    'setup',
    'managed policy that is not an ARN',
    { ...setup, managedPolicyArns: ['ReadOnlyAccess'] },
    'managedPolicyArns[0]',
  ],
  [
    'setup',
    'target role ARN with a short account',
    {
      ...setup,
      permissions: [],
      targetRoleArn: 'arn:aws:iam::12345:role/reader',
    },
    'targetRoleArn',
  ],
  [
    'association:create',
    'role ARN naming a user',
    { ...association, roleArn: `arn:aws:iam::${PROD}:user/bob` },
    'roleArn',
  ],
  [
    'association:create',
    'no role ARN',
    { ...association, roleArn: undefined as any },
    'roleArn',
  ],
  [
    'setup',
    'DynamoDB preset with a non-table ARN',
    {
      ...setup,
      permissions: [
        {
          preset: 'dynamodb-read',
          resource: `arn:aws:dynamodb:us-east-1:${PROD}:bucket/x`,
        },
      ],
    },
    'permissions[0].resource',
  ],
  [
    'setup',
    'KMS preset with an alias',
    {
      ...setup,
      permissions: [
        {
          preset: 'kms-decrypt',
          resource: `arn:aws:kms:us-east-1:${PROD}:alias/orders`,
        },
      ],
    },
    'permissions[0].resource',
  ],
  [
    'setup',
    'S3 preset with an invalid bucket',
    { ...setup, permissions: [{ preset: 's3-read', resource: 'Bad_Bucket' }] },
    'permissions[0].resource',
  ],
  [
    'setup',
    'SQS preset with an SNS ARN',
    {
      ...setup,
      permissions: [
        {
          preset: 'sqs-send',
          resource: `arn:aws:sns:us-east-1:${PROD}:orders`,
        },
      ],
    },
    'permissions[0].resource',
  ],
  [
    'setup',
    'unknown preset',
    {
      ...setup,
      permissions: [{ preset: 's3-admin', resource: 'orders-data' }],
    },
    'permissions[0].preset',
  ],
  // Policy JSON
  [
    'setup',
    'custom policy that is not JSON',
    { ...setup, customPolicy: '{"Statement": [' },
    'customPolicy',
  ],
  [
    'setup',
    'custom policy without statements',
    { ...setup, customPolicy: '{"Version":"2012-10-17","Statement":[]}' },
    'customPolicy.Statement',
  ],
  [
    'setup',
    'custom policy naming a principal',
    {
      ...setup,
      customPolicy: policy({ ...allow('s3:GetObject'), Principal: '*' }),
    },
    'customPolicy.Statement[0].Principal',
  ],
  [
    'setup',
    'custom policy with Effect Maybe',
    {
      ...setup,
      customPolicy: policy({ ...allow('s3:GetObject'), Effect: 'Maybe' }),
    },
    'customPolicy.Statement[0].Effect',
  ],
  [
    'setup',
    'custom policy with Action and NotAction',
    {
      ...setup,
      customPolicy: policy({
        ...allow('s3:GetObject'),
        NotAction: 's3:PutObject',
      }),
    },
    'customPolicy.Statement[0]',
  ],
  [
    'setup',
    'custom policy with a resource that is not an ARN',
    { ...setup, customPolicy: policy(allow('s3:GetObject', 'orders-data')) },
    'customPolicy.Statement[0].Resource',
  ],
  [
    'setup',
    'custom policy with an unknown condition operator',
    {
      ...setup,
      customPolicy: policy({
        ...allow('s3:GetObject'),
        Condition: { StringMaybe: { 'aws:SourceVpc': 'vpc-1' } },
      }),
    },
    'customPolicy.Statement[0].Condition',
  ],
  [
    'setup',
    'custom policy over the inline size limit',
    {
      ...setup,
      customPolicy: policy(
        allow(Array.from({ length: 700 }, (_, i) => `s3:GetObject${i}`)),
      ),
    },
    'customPolicy',
  ],
  // Guardrails
  [
    'setup',
    'cluster outside allowedClusters',
    { ...setup, cluster: 'sandbox-use1' },
    'cluster',
  ],
  [
    'setup',
    'namespace outside allowedNamespaces',
    { ...setup, namespace: 'kube-system' },
    'namespace',
  ],
  [
    'setup',
    'role name without the prefix',
    { ...setup, roleName: 'orders-api' },
    'roleName',
  ],
  [
    'setup',
    'denied managed policy',
    {
      ...setup,
      managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    },
    'managedPolicyArns',
  ],
  [
    'setup',
    'managed policy that allows NotAction',
    {
      ...setup,
      managedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'],
    },
    'managedPolicyArns[0]',
    'POLICY_WILDCARD_ACTION',
  ],
  ['setup', 'no owner tag', { ...setup, tags: { team: 'orders' } }, 'tags'],
  [
    'setup',
    'tag with the reserved aws: prefix',
    { ...setup, tags: { owner: 'team-orders', 'aws:team': 'x' } },
    'tags',
  ],
  // What the access analysis rates high or critical (refuseFindingsAtOrAbove: high)
  [
    'setup',
    'custom policy allowing s3:* on *',
    { ...setup, customPolicy: policy(allow('s3:*', '*')) },
    'customPolicy',
    'POLICY_WILDCARD_ACTION',
  ],
  [
    'setup',
    'custom policy allowing *',
    { ...setup, customPolicy: policy(allow('*')) },
    'customPolicy',
    'POLICY_WILDCARD_ACTION',
  ],
  [
    'setup',
    'custom policy allowing *:*',
    { ...setup, customPolicy: policy(allow('*:*')) },
    'customPolicy.Statement[0].Action',
  ],
  [
    'setup',
    'custom policy allowing DynamoDB:* on one table (case game)',
    {
      ...setup,
      customPolicy: policy(
        allow('DynamoDB:*', `arn:aws:dynamodb:us-east-1:${PROD}:table/orders`),
      ),
    },
    'customPolicy',
    'POLICY_WILDCARD_ACTION',
  ],
  [
    'setup',
    'custom policy allowing NotAction',
    {
      ...setup,
      customPolicy: policy({
        Effect: 'Allow',
        NotAction: 'iam:*',
        Resource: '*',
      }),
    },
    'customPolicy',
    'POLICY_WILDCARD_ACTION',
  ],
  [
    'setup',
    'custom policy allowing sts:AssumeRole on * (the boundary allows sts:*)',
    { ...setup, customPolicy: policy(allow('sts:AssumeRole', '*')) },
    'customPolicy',
    'POLICY_LATERAL_MOVEMENT',
  ],
  [
    'role:create',
    'custom policy allowing sts:As* on every role of any account',
    {
      ...role,
      customPolicy: policy(allow('sts:As*', 'arn:aws:iam::*:role/*')),
    },
    'customPolicy',
    'POLICY_LATERAL_MOVEMENT',
  ],
  [
    'role:create',
    'custom policy allowing sts:GetFederationToken',
    { ...role, customPolicy: policy(allow('sts:GetFederationToken', '*')) },
    'customPolicy',
    'POLICY_LATERAL_MOVEMENT',
  ],
  [
    'setup',
    'custom policy exposing every bucket (s3:PutBucketPolicy on *)',
    { ...setup, customPolicy: policy(allow('s3:PutBucketPolicy', '*')) },
    'customPolicy',
    'POLICY_LATERAL_MOVEMENT',
  ],
  [
    'service-account:create',
    'namespace outside allowedNamespaces',
    { ...serviceAccount, namespace: 'default' },
    'namespace',
  ],
  [
    'irsa:migrate',
    'cluster outside allowedClusters',
    { ...migrate, cluster: 'sandbox-use1' },
    'cluster',
  ],
  // Session policy rules
  [
    'association:create',
    'session policy with session tags on',
    { ...association, sessionPolicy: policy(allow('s3:GetObject')) },
    'sessionPolicy',
  ],
  [
    'association:create',
    'session policy over 2,048 characters',
    {
      ...association,
      disableSessionTags: true,
      sessionPolicy: policy(
        allow(Array.from({ length: 120 }, (_, i) => `s3:GetObject${i}`)),
      ),
    },
    'sessionPolicy',
  ],
  [
    'setup',
    'session policy that is not JSON',
    { ...setup, disableSessionTags: true, sessionPolicy: 'allow reads' },
    'sessionPolicy',
  ],
  [
    'setup',
    'service-account trust scope without session tags',
    { ...setup, disableSessionTags: true, trustScope: 'service-account' },
    'trustScope',
  ],
  [
    'role:create',
    'unknown trust scope',
    { ...role, trustScope: 'everyone' },
    'trustScope',
  ],
  [
    'role:create',
    'service-account trust scope without a service account',
    { ...role, trustScope: 'service-account' },
    'trustScope',
  ],
  [
    'irsa:migrate',
    'service-account trust scope without session tags',
    { ...migrate, disableSessionTags: true, trustScope: 'service-account' },
    'trustScope',
  ],
  [
    'association:create',
    'target role that is an administrator of its account',
    {
      ...association,
      entityRef: 'component:default/orders-api',
      targetRoleArn: ADMIN_TARGET_ROLE_ARN,
    },
    'targetRoleArn',
    'POLICY_ADMIN',
  ],
  [
    'setup',
    'chain to a target role that is an administrator of its account',
    { ...setup, permissions: [], targetRoleArn: ADMIN_TARGET_ROLE_ARN },
    'targetRoleArn',
    'POLICY_ADMIN',
  ],
  // Cross-account rules
  [
    'setup',
    'target role in an account outside allowedTargetAccounts',
    {
      ...setup,
      permissions: [],
      targetRoleArn: OUTSIDE_TARGET,
    },
    'targetRoleArn',
  ],
  [
    'setup',
    'target role together with permissions',
    { ...setup, targetRoleArn: TARGET_ROLE_ARN },
    'targetRoleArn',
  ],
  [
    'association:create',
    'association role in another account',
    { ...association, roleArn: TARGET_ROLE_ARN },
    'roleArn',
  ],
  [
    'association:create',
    'target role in an account outside allowedTargetAccounts',
    { ...association, targetRoleArn: OUTSIDE_TARGET },
    'targetRoleArn',
  ],
  // Partitions: refused before any call, naming the field
  [
    'setup',
    'managed policy of another partition',
    {
      ...setup,
      managedPolicyArns: ['arn:aws-cn:iam::aws:policy/ReadOnlyAccess'],
    },
    'managedPolicyArns[0]',
  ],
  [
    'setup',
    'target role of another partition',
    {
      ...setup,
      permissions: [],
      targetRoleArn: 'arn:aws-us-gov:iam::333333333333:role/inventory-reader',
    },
    'targetRoleArn',
  ],
  [
    'association:create',
    'role of another partition',
    {
      ...association,
      roleArn: `arn:aws-cn:iam::${PROD}:role/backstage/bs-orders-api`,
    },
    'roleArn',
  ],
  [
    'setup',
    'preset resource of another partition',
    {
      ...setup,
      permissions: [
        { preset: 's3-read', resource: 'arn:aws-cn:s3:::orders-data' },
      ],
    },
    'permissions[0].resource',
  ],
  // Trust scope: "none" only where the platform lists it
  [
    'irsa:migrate',
    'trust scope none (the reproduced hijack)',
    {
      ...migrate,
      entityRef: 'component:default/payments-api',
      trustScope: 'none',
    },
    'trustScope',
  ],
  ['setup', 'trust scope none', { ...setup, trustScope: 'none' }, 'trustScope'],
  // Denied policies compared normalised
  [
    'setup',
    'denied managed policy in lower case',
    {
      ...setup,
      managedPolicyArns: ['arn:aws:iam::aws:policy/administratoraccess'],
    },
    'managedPolicyArns',
  ],
  [
    'setup',
    'denied managed policy behind ./',
    {
      ...setup,
      managedPolicyArns: ['arn:aws:iam::aws:policy/./AdministratorAccess'],
    },
    'managedPolicyArns',
  ],
  // Reserved tags and the requesting entity
  [
    'setup',
    'entity tag given as a tag (the reproduced claim)',
    {
      ...setup,
      tags: {
        owner: 'team-orders',
        'backstage.io/entity-ref': 'component:default/payments-worker',
      },
    },
    'tags.backstage.io/entity-ref',
  ],
  [
    'association:create',
    'owner tag given as a tag',
    {
      ...association,
      tags: { owner: 'team-orders', 'eks-pod-identity/owner': 'group:x/y' },
    },
    'tags.eks-pod-identity/owner',
  ],
  [
    'role:create',
    'managed-by tag given as a tag',
    {
      ...role,
      tags: { owner: 'team-orders', 'EKS-Pod-Identity/managed-by': 'me' },
    },
    'tags.EKS-Pod-Identity/managed-by',
  ],
  ['setup', 'blank owner tag', { ...setup, tags: { owner: '  ' } }, 'tags'],
  [
    'setup',
    'entity the user cannot read',
    { ...setup, entityRef: 'component:default/skunkworks-api' },
    'entityRef',
  ],
  [
    'association:create',
    'entity that does not exist',
    { ...association, entityRef: 'component:default/no-such-thing' },
    'entityRef',
  ],
  [
    'association:delete',
    'entity reference that is not one',
    { ...remove, entityRef: 'component:default/' },
    'entityRef',
  ],
  [
    'service-account:create',
    'the IRSA role annotation',
    {
      ...serviceAccount,
      annotations: {
        'eks.amazonaws.com/role-arn': `arn:aws:iam::${PROD}:role/BreakGlassAdmin`,
      },
    },
    'annotations.eks.amazonaws.com/role-arn',
  ],
  // Types
  [
    'setup',
    'createNamespace as text',
    { ...setup, createNamespace: 'yes' as any },
    'createNamespace',
  ],
  [
    'irsa:migrate',
    'removeAnnotation as text',
    { ...migrate, removeAnnotation: 'true' as any },
    'removeAnnotation',
  ],
  [
    'association:delete',
    'deleteRole as a number',
    { ...remove, deleteRole: 1 as any },
    'deleteRole',
  ],
  ['agent:install', 'no cluster', {}, 'cluster'],
  [
    'agent:install',
    'a cluster outside allowedClusters',
    { cluster: 'sandbox-use1' },
    'cluster',
  ],
  [
    'agent:install',
    'a version that is not an add-on version',
    { cluster: 'prod-use1', version: 'latest' },
    'version',
  ],
  [
    'role:update-permissions',
    'no role ARN',
    {
      cluster: 'prod-use1',
      policyName: 'p',
      policyDocument: '{"Version":"2012-10-17","Statement":[]}',
    },
    'roleArn',
  ],
  [
    'role:update-permissions',
    'a policy document that is not JSON',
    {
      cluster: 'prod-use1',
      roleArn: 'arn:aws:iam::111111111111:role/backstage/bs-x',
      policyName: 'p',
      policyDocument: '{nope',
    },
    'policyDocument',
  ],
];

/**
 * A platform that attaches no boundary, where the analysis is the only guard
 * of what a role may do, and that requires trust scoped below the account.
 */
const UNBOUNDED = {
  guardrails: {
    ...TEST_GUARDRAILS,
    permissionsBoundaryArn: undefined,
    allowedTrustScopes: ['service-account', 'cluster', 'none'],
  },
  analysis: { scopedTrust: 'required' },
};

const unboundedCases: Case[] = [
  [
    'setup',
    'custom policy making the role an administrator',
    { ...setup, customPolicy: policy(allow('*', '*')) },
    'customPolicy',
    'POLICY_ADMIN',
  ],
  [
    'role:create',
    'trust open to every cluster and service account of the account',
    { ...role, trustScope: 'none' },
    'trustScope',
    'TRUST_UNSCOPED',
  ],
  [
    'setup',
    'custom policy exposing every key (kms:CreateGrant on *) through a wildcard',
    { ...setup, customPolicy: policy(allow('kms:Create*', '*')) },
    'customPolicy',
    'POLICY_LATERAL_MOVEMENT',
  ],
  // Every method of the escalation catalogue, each refused on its own.
  ...ESCALATION_METHODS.map(
    (method): Case => [
      'setup',
      `${method.name}: ${method.actions.join(' + ')}`,
      { ...setup, customPolicy: policy(allow([...method.actions], '*')) },
      'customPolicy',
      method.risk === 'privilege-escalation'
        ? 'POLICY_PRIVILEGE_ESCALATION'
        : 'POLICY_LATERAL_MOVEMENT',
    ],
  ),
];

/** The role each case would create, to read back that it was not. */
function roleNameOf(id: string, input: JsonObject): string | undefined {
  if (id === 'role:create') return String(input.roleName);
  if (id === 'setup') return `bs-${input.namespace}-${input.serviceAccount}`;
  return undefined;
}

describe('bad input', () => {
  it('has a corpus of at least 40 cases over every action', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map(c => c[0]))).toEqual(
      new Set([
        'role:create',
        'service-account:create',
        'association:create',
        'setup',
        'irsa:migrate',
        'association:delete',
        'agent:install',
        'role:update-permissions',
      ]),
    );
  });
});

describe.each([
  ['on the platform guardrails of the demo', cases, {}],
  [
    'on a platform without a boundary, requiring scoped trust',
    unboundedCases,
    UNBOUNDED,
  ],
] as Array<[string, Case[], JsonObject]>)(
  'bad input %s',
  (_name, corpus, eksPodIdentity) => {
    let harness: Harness;
    let actions: Map<
      string,
      ReturnType<typeof createEksPodIdentityActions>[number]
    >;

    beforeAll(async () => {
      harness = await startHarness({ eksPodIdentity });
      actions = new Map(
        createEksPodIdentityActions(harness.deps).map(a => [
          a.id.replace('eks-pod-identity:', ''),
          a,
        ]),
      );
    });
    afterAll(() => harness.stop());
    beforeEach(() => harness.sandbox.clearMutations());

    it.each(
      corpus.map(
        ([id, what, input, field, code]) =>
          [id, what, field, code ?? 'no finding', input] as const,
      ),
    )(
      '%s: %s → InputError naming %s (%s)',
      async (id, _what, field, code, input) => {
        const attempt = runAction(actions.get(id)!, input);

        const error = await attempt.then(
          () => undefined,
          e => e,
        );
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toContain(field);
        const analysed = code !== 'no finding';
        // A refusal by the analysis names the field, the code, the detail and the fix.
        expect(error.message).toContain(
          analysed
            ? `${field} is refused: the access analysis rates it ${code} (`
            : field,
        );
        expect(!analysed || / Fix: \S/.test(error.message)).toBe(true);
        expect(harness.sandbox.mutations()).toEqual([]);
        const roleName = analysed ? roleNameOf(id, input) : undefined;
        const made = roleName
          ? await harness.deps.iam.readRole(PROD, roleName)
          : undefined;
        expect(made).toBeUndefined();
      },
    );
  },
);
