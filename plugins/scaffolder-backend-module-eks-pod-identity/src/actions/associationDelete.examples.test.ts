import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createAssociationDeleteAction } from './associationDelete';
import { examples } from './associationDelete.examples';
import { createSetupAction } from './setup';

describe('eks-pod-identity:association:delete examples', () => {
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
      createAssociationDeleteAction(harness.deps),
      input,
    );

    expect(outputs.plan.length).toBeGreaterThan(0);
    expect(harness.sandbox.mutations().length).toBeGreaterThan(0);
    expect(outputs.deleted).toBe(true);
  });
});
