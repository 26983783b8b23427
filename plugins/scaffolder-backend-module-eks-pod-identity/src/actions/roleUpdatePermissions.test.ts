import { InputError, NotAllowedError } from '@backstage/errors';
import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import { PROD, PROD_CLUSTER } from '../__testUtils__/estate';
import {
  administratorIam,
  Harness,
  mutationsOf,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createRoleCreateAction } from './roleCreate';
import {
  createRoleUpdatePermissionsAction,
  statementDiff,
} from './roleUpdatePermissions';

const ROLE_NAME = 'bs-team-orders-orders-worker';
const ROLE_ARN = `arn:aws:iam::${PROD}:role/backstage/${ROLE_NAME}`;
const POLICY = 'eks-pod-identity-permissions';
const READ = {
  Effect: 'Allow' as const,
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::orders-data/*',
};
const SEND = {
  Effect: 'Allow' as const,
  Action: 'sqs:SendMessage',
  Resource: `arn:aws:sqs:us-east-1:${PROD}:orders-events`,
};
const narrowed = { Version: '2012-10-17', Statement: [READ] };

describe('eks-pod-identity:role:update-permissions', () => {
  let harness: Harness;
  let announced: EksPodIdentityChangedEvent[];
  let action: ReturnType<typeof createRoleUpdatePermissionsAction>;

  beforeEach(async () => {
    harness = await startHarness();
    announced = [];
    harness.deps.changes = { announce: async e => void announced.push(e) };
    await runAction(createRoleCreateAction(harness.deps), {
      cluster: PROD_CLUSTER,
      namespace: 'team-orders',
      serviceAccount: 'orders-worker',
      customPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [READ, SEND],
      }),
      tags: { owner: 'team-orders' },
      entityRef: 'component:default/orders-api',
    });
    announced = [];
    action = createRoleUpdatePermissionsAction(harness.deps);
  });
  afterEach(() => harness.stop());

  const input = {
    cluster: PROD_CLUSTER,
    roleArn: ROLE_ARN,
    policyName: POLICY,
    policyDocument: JSON.stringify(narrowed),
    entityRef: 'component:default/orders-api',
  };
  const services = (summary: { services: Array<{ service: string }> }) =>
    summary.services.map(s => s.service);

  it('dry run: shows the statements removed and the access before and after, and changes nothing', async () => {
    const { outputs } = await runAction(action, input, { isDryRun: true });
    expect(outputs.removedStatements).toEqual([SEND]);
    expect(outputs.addedStatements).toEqual([]);
    expect(services(outputs.accessBefore)).toEqual(['s3', 'sqs']);
    expect(services(outputs.accessAfter)).toEqual(['s3']);
    expect(outputs.plan).toEqual([
      expect.objectContaining({
        resource: 'iam-role-policy',
        action: 'update',
        target: `${ROLE_NAME}/${POLICY}`,
      }),
    ]);
    expect(
      mutationsOf(harness.sandbox).filter(m => m.operation === 'PutRolePolicy'),
    ).toHaveLength(1); // role:create's only
    expect(announced).toEqual([]);
  });

  it('narrows the policy as the dry run said, and announces the change', async () => {
    const dry = await runAction(action, input, { isDryRun: true });
    const { outputs } = await runAction(action, input);
    const role = await harness.deps.iam.readRole(PROD, ROLE_NAME);
    expect(role!.inlinePolicies).toEqual([
      { name: POLICY, document: narrowed },
    ]);
    expect(outputs.accessAfter).toEqual(dry.outputs.accessAfter);
    expect(announced).toEqual([
      expect.objectContaining({
        kind: 'role',
        change: 'updated',
        roleArns: [ROLE_ARN],
        source: 'eks-pod-identity:role:update-permissions',
      }),
    ]);
    // Again: nothing to change, nothing announced.
    announced = [];
    const again = await runAction(action, input);
    expect(again.outputs.plan).toEqual([
      expect.objectContaining({ action: 'reuse' }),
    ]);
    expect(announced).toEqual([]);
  });

  it('refuses a policy the analysis rates at or above the limit, before any change', async () => {
    // Within the boundary (s3, sqs, sts): any role's credentials.
    const escalating = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
    };
    const attempt = runAction(action, {
      ...input,
      policyDocument: JSON.stringify(escalating),
    });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      /policyDocument is refused: the access analysis rates it POLICY_/,
    );
    const role = await harness.deps.iam.readRole(PROD, ROLE_NAME);
    expect(role!.inlinePolicies[0].document.Statement).toEqual([READ, SEND]);
  });

  it("refuses another team's role, a role the scaffolder did not make, and an unknown policy name", async () => {
    await expect(
      runAction(action, {
        ...input,
        entityRef: 'component:default/payments-api',
      }),
    ).rejects.toThrow(NotAllowedError);
    await administratorIam(harness).untagRole(PROD, ROLE_NAME, [
      'eks-pod-identity/managed-by',
    ]);
    await expect(runAction(action, input)).rejects.toThrow(
      /was not created by the scaffolder/,
    );
    await administratorIam(harness).tagRole(PROD, ROLE_NAME, {
      'eks-pod-identity/managed-by': 'backstage-scaffolder',
    });
    await expect(
      runAction(action, { ...input, policyName: 'nope' }),
    ).rejects.toThrow(
      `policyName: role ${ROLE_NAME} has no inline policy nope; it has ${POLICY}.`,
    );
  });

  it('puts the old policy back when the change fails half-way', async () => {
    harness.deps.changes = {
      announce: async () => {
        throw new Error('events down');
      },
    };
    // The announcement comes after the change; its failure is not AWS's, so
    // the change stands. A failing PutRolePolicy leaves the old policy.
    const failing = createRoleUpdatePermissionsAction({
      ...harness.deps,
      iam: Object.assign(Object.create(harness.deps.iam), {
        putRolePolicy: async () => {
          throw new Error('Throttling: Rate exceeded');
        },
      }),
    });
    await expect(runAction(failing, input)).rejects.toThrow(
      /Throttling: Rate exceeded Nothing had been changed\./,
    );
    const role = await harness.deps.iam.readRole(PROD, ROLE_NAME);
    expect(role!.inlinePolicies[0].document.Statement).toEqual([READ, SEND]);
  });

  it('statementDiff names removed and added statements', () => {
    expect(
      statementDiff(
        { Version: '2012-10-17', Statement: [READ, SEND] },
        { Version: '2012-10-17', Statement: [READ, { ...SEND, Sid: 'X' }] },
      ),
    ).toEqual({ removed: [SEND], added: [{ ...SEND, Sid: 'X' }] });
  });
});
