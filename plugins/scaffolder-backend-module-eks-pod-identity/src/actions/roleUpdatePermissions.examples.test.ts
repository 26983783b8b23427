import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createRoleUpdatePermissionsAction } from './roleUpdatePermissions';
import { examples } from './roleUpdatePermissions.examples';
import { createSetupAction } from './setup';

describe('eks-pod-identity:role:update-permissions examples', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
    await runAction(createSetupAction(harness.deps), {
      cluster: 'prod-use1',
      namespace: 'team-orders',
      serviceAccount: 'orders-api',
      permissions: [{ preset: 's3-read', resource: 'orders-data' }],
      tags: { owner: 'team-orders' },
      entityRef: 'component:default/orders-api',
    });
    harness.sandbox.clearMutations();
  });
  afterEach(() => harness.stop());

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const input = exampleInput(example);

    const { outputs } = await runAction(
      createRoleUpdatePermissionsAction(harness.deps),
      input,
    );

    expect(outputs.removedStatements.length).toBeGreaterThan(0);
    expect(
      harness.sandbox.mutations().map(m => `${m.service}:${m.operation}`),
    ).toEqual(['iam:PutRolePolicy']);
  });
});
