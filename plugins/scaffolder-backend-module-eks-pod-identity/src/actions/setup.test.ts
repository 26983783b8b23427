import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { PROD, PROD_CLUSTER, TARGET_ROLE_ARN } from '../__testUtils__/estate';
import { failNextKubernetesWrite } from '../__testUtils__/faults';
import {
  Harness,
  mutationsOf,
  runAction,
  startHarness,
  administratorIam,
} from '../__testUtils__/harness';
import { PLATFORM_ADMIN } from '../__testUtils__/requesters';
import { createSetupAction } from './setup';

describe('eks-pod-identity:setup', () => {
  let harness: Harness;
  let action: ReturnType<typeof createSetupAction>;

  beforeEach(async () => {
    harness = await startHarness();
    action = createSetupAction(harness.deps);
  });
  afterEach(() => harness.stop());

  const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };
  const input = {
    cluster: PROD_CLUSTER,
    namespace: 'team-returns',
    serviceAccount: 'returns-worker',
    createNamespace: true,
    permissions: [
      { preset: 'sqs-consume', resource: 'returns-events' },
      { preset: 'dynamodb-read-write', resource: 'returns' },
    ],
    managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    tags: { owner: 'team-orders' },
    entityRef: 'component:default/returns-worker',
  };
  const roleArn = `arn:aws:iam::${PROD}:role/backstage/bs-team-returns-returns-worker`;
  const operations = () =>
    mutationsOf(harness.sandbox).map(m => `${m.service}:${m.operation}`);

  it('creates role, namespace, service account and association, and links the entity page', async () => {
    const { outputs } = await runAction(action, input);

    expect(operations()).toEqual([
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:AttachRolePolicy',
      'kubernetes:create Namespace',
      'kubernetes:create ServiceAccount',
      'eks:CreatePodIdentityAssociation',
    ]);
    expect(outputs.roleArn).toBe(roleArn);
    const association = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(association).toMatchObject({
      namespace: 'team-returns',
      serviceAccount: 'returns-worker',
      roleArn,
      tags: expect.objectContaining({
        owner: 'team-orders',
        'backstage.io/entity-ref': 'component:default/returns-worker',
        // spec.owner "team-orders", completed as the catalog would.
        'eks-pod-identity/owner': 'group:default/team-orders',
      }),
    });
    expect(outputs.entityUrl).toBe(
      'http://localhost:3000/catalog/default/component/returns-worker/aws-access',
    );
  });

  describe('with a target role in the cluster account', () => {
    const chain = {
      ...input,
      permissions: [],
      managedPolicyArns: [],
      entityRef: 'component:default/orders-api',
    };

    it('chains to a role of the entity, as EKS allows ("the same or different account")', async () => {
      const target = `arn:aws:iam::${PROD}:role/backstage/bs-orders-api`;
      const { outputs } = await runAction(action, {
        ...chain,
        targetRoleArn: target,
      });

      const association = await harness.deps.eks.describeAssociation(
        cluster,
        outputs.associationId,
      );
      expect(association.targetRoleArn).toBe(target);
      expect(JSON.parse(outputs.role.permissionsPolicy).Statement).toEqual([
        {
          Sid: 'AssumeTargetRole',
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Resource: target,
        },
      ]);
    });

    it("refuses a role that trusts the account but is not the entity's, or breaks the guardrails", async () => {
      await administratorIam(harness).createRole(PROD, {
        roleName: 'BreakGlassAdmin',
        path: '/',
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${PROD}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        tags: {},
      });
      await administratorIam(harness).attachRolePolicy(
        PROD,
        'BreakGlassAdmin',
        'arn:aws:iam::aws:policy/AdministratorAccess',
      );
      harness.sandbox.clearMutations();
      const before = harness.sandbox.exportEstate();
      const request = {
        ...chain,
        targetRoleArn: `arn:aws:iam::${PROD}:role/BreakGlassAdmin`,
      };

      const asTeam = runAction(action, request);
      await expect(asTeam).rejects.toThrow(NotAllowedError);
      await expect(asTeam).rejects.toThrow(
        /^targetRoleArn arn:aws:iam::111111111111:role\/BreakGlassAdmin does not belong to component:default\/orders-api/,
      );
      const asAdmin = runAction(action, request, { user: PLATFORM_ADMIN });
      await expect(asAdmin).rejects.toThrow(InputError);
      const message = await asAdmin.catch(e => e.message);
      expect(message).toMatch(/its permissions boundary is missing/);
      expect(message).toMatch(
        /managedPolicyArns: "arn:aws:iam::aws:policy\/AdministratorAccess" is denied/,
      );
      expect(operations()).toEqual([]);
      expect(harness.sandbox.exportEstate()).toEqual(before);
    });
  });

  it('changes nothing when run again with the same input', async () => {
    const first = await runAction(action, input);
    harness.sandbox.clearMutations();

    const second = await runAction(action, input, { taskId: 'task-2' });

    expect(operations()).toEqual([]);
    expect(second.outputs.associationId).toBe(first.outputs.associationId);
    expect(second.outputs.plan.every((c: any) => c.action === 'reuse')).toBe(
      true,
    );
  });

  it('refuses a different existing association before creating anything', async () => {
    const attempt = runAction(action, {
      ...input,
      namespace: 'team-search',
      serviceAccount: 'search-api',
      createNamespace: false,
    });

    await expect(attempt).rejects.toThrow(ConflictError);
    expect(operations()).toEqual([]);
  });

  it('refuses a missing namespace before creating anything', async () => {
    const attempt = runAction(action, { ...input, createNamespace: false });

    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /team-returns" does not exist .* set createNamespace to true/,
    );
    expect(operations()).toEqual([]);
  });

  it('shows the whole plan in a dry run and changes nothing', async () => {
    const { outputs } = await runAction(action, input, { isDryRun: true });

    expect(operations()).toEqual([]);
    expect(outputs.plan.map((c: any) => `${c.action} ${c.resource}`)).toEqual([
      'create iam-role',
      'create iam-role-policy',
      'create iam-policy-attachment',
      'create kubernetes-namespace',
      'create kubernetes-service-account',
      'create eks-pod-identity-association',
    ]);
    expect(outputs.roleArn).toBe(roleArn);
  });

  it('lists what the analysis finds below the refusal limit as warnings, in a dry run too', async () => {
    const log: string[] = [];
    const { outputs } = await runAction(
      action,
      {
        ...input,
        customPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Notify',
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Resource: '*',
            },
          ],
        },
      },
      { isDryRun: true, log },
    );

    expect(operations()).toEqual([]);
    expect(outputs.findings).toEqual([
      expect.objectContaining({
        field: 'customPolicy',
        code: 'POLICY_WILDCARD_RESOURCE_WRITE',
        severity: 'medium',
        detail: expect.stringContaining(
          'statement "Notify" of inline policy "customPolicy"',
        ),
      }),
    ]);
    expect(log).toContainEqual(
      expect.stringMatching(
        /^Warning about customPolicy: POLICY_WILDCARD_RESOURCE_WRITE \(medium\): .* Fix: /,
      ),
    );
  });

  it('with planOnly, plans in a real run and outputs the role exactly as a run would make it', async () => {
    const planned = await runAction(action, { ...input, planOnly: true });
    expect(operations()).toEqual([]);

    await runAction(action, input, { taskId: 'task-2' });

    const role = await harness.deps.iam.readRole(
      PROD,
      'bs-team-returns-returns-worker',
    );
    expect(planned.outputs.role).toEqual({
      arn: roleArn,
      name: role!.name,
      path: role!.path,
      permissionsBoundaryArn: role!.permissionsBoundaryArn,
      managedPolicyArns: role!.attachedPolicyArns,
      tags: role!.tags,
      trustPolicy: JSON.stringify(role!.trustPolicy, null, 2),
      permissionsPolicy: JSON.stringify(
        role!.inlinePolicies[0].document,
        null,
        2,
      ),
    });
  });

  it('gives a cross-account association a role that can only assume the target', async () => {
    const { outputs } = await runAction(action, {
      cluster: PROD_CLUSTER,
      namespace: 'team-data',
      serviceAccount: 'inventory-sync',
      targetRoleArn: TARGET_ROLE_ARN,
      tags: { owner: 'team-data' },
    });

    const association = await harness.deps.eks.describeAssociation(
      cluster,
      outputs.associationId,
    );
    expect(association.targetRoleArn).toBe(TARGET_ROLE_ARN);
    const role = await harness.deps.iam.readRole(
      PROD,
      'bs-team-data-inventory-sync',
    );
    expect(role!.inlinePolicies.map(p => p.document.Statement)).toEqual([
      [
        expect.objectContaining({
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Resource: TARGET_ROLE_ARN,
        }),
      ],
    ]);
    expect(
      JSON.parse(outputs.targetTrustPolicy).Statement[0].Condition,
    ).toEqual({
      StringEquals: { 'sts:ExternalId': association.externalId },
    });
  });

  describe('undoes what it created when a step fails', () => {
    const cases: Array<{
      step: string;
      inject: (h: Harness) => Parameters<typeof createSetupAction>[0] | void;
      undone: RegExp;
    }> = [
      {
        step: 'iam:CreateRole',
        inject: h => h.sandbox.faults.failNext('iam:CreateRole'),
        undone: /Nothing had been changed\./,
      },
      {
        step: 'iam:PutRolePolicy',
        inject: h => h.sandbox.faults.failNext('iam:PutRolePolicy'),
        undone:
          /Undone: IAM role arn:aws:iam::111111111111:role\/backstage\/bs-team-returns-returns-worker\./,
      },
      {
        step: 'iam:AttachRolePolicy',
        inject: h => h.sandbox.faults.failNext('iam:AttachRolePolicy'),
        undone: /Undone: inline policy .*; IAM role .*\./,
      },
      {
        step: 'kubernetes: create Namespace',
        inject: h => ({
          ...h.deps,
          kubernetes: failNextKubernetesWrite(
            h.deps.kubernetes,
            'createNamespace',
          ),
        }),
        undone: /Undone: attachment of .*; inline policy .*; IAM role .*\./,
      },
      {
        step: 'kubernetes: create ServiceAccount',
        inject: h => ({
          ...h.deps,
          kubernetes: failNextKubernetesWrite(
            h.deps.kubernetes,
            'createServiceAccount',
          ),
        }),
        undone:
          /Undone: namespace prod-use1:team-returns; attachment of .*; inline policy .*; IAM role .*\./,
      },
      {
        step: 'kubernetes: API unreachable',
        inject: h => h.sandbox.faults.setClusterDown(PROD_CLUSTER, true),
        undone: /Undone: attachment of .*; inline policy .*; IAM role .*\./,
      },
      {
        step: 'eks:CreatePodIdentityAssociation',
        inject: h =>
          h.sandbox.faults.failNext('eks:CreatePodIdentityAssociation'),
        undone:
          /Undone: service account prod-use1:team-returns\/returns-worker; namespace prod-use1:team-returns; attachment of .*; inline policy .*; IAM role .*\./,
      },
    ];

    it.each(cases)(
      'at $step: the estate is as before',
      async ({ inject, undone }) => {
        const before = harness.sandbox.exportEstate();
        const deps = inject(harness) ?? harness.deps;

        const attempt = runAction(createSetupAction(deps), input);

        await expect(attempt).rejects.toThrow(undone);
        expect(harness.sandbox.exportEstate()).toEqual(before);
      },
    );

    it('says what it could not undo', async () => {
      harness.sandbox.faults.failNext('eks:CreatePodIdentityAssociation');
      harness.sandbox.faults.failNext('iam:DeleteRole');

      const attempt = runAction(action, input);

      await expect(attempt).rejects.toThrow(
        /Left in place, remove by hand: IAM role arn:aws:iam::111111111111:role\/backstage\/bs-team-returns-returns-worker \(could not undo: .*\)\./,
      );
      const role = await harness.deps.iam.readRole(
        PROD,
        'bs-team-returns-returns-worker',
      );
      expect(role).toMatchObject({
        inlinePolicies: [],
        attachedPolicyArns: [],
      });
    });
  });

  it('on a retried task, does again what an earlier attempt did and then undid', async () => {
    const checkpoints = new Map<string, unknown>();
    harness.sandbox.faults.failNext('eks:CreatePodIdentityAssociation');
    await expect(runAction(action, input, { checkpoints })).rejects.toThrow(
      /Undone/,
    );
    harness.sandbox.clearMutations();

    const { outputs } = await runAction(action, input, { checkpoints });

    expect(operations()).toEqual([
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'iam:AttachRolePolicy',
      'kubernetes:create Namespace',
      'kubernetes:create ServiceAccount',
      'eks:CreatePodIdentityAssociation',
    ]);
    expect(outputs.associationId).toMatch(/^a-/);
  });
});
