import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createServiceAccountCreateAction } from './serviceAccountCreate';
import { examples } from './serviceAccountCreate.examples';

describe('eks-pod-identity:service-account:create examples', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.stop());

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const input = exampleInput(example);

    const { outputs } = await runAction(
      createServiceAccountCreateAction(harness.deps),
      input,
    );

    expect(outputs.plan.length).toBeGreaterThan(0);
    expect(harness.sandbox.mutations().length).toBeGreaterThan(0);
    expect(outputs.serviceAccount).toBe(
      `${input.cluster}:${input.namespace}/${input.name}`,
    );
  });
});
