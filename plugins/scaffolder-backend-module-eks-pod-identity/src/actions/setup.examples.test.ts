import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createSetupAction } from './setup';
import { examples } from './setup.examples';

describe('eks-pod-identity:setup examples', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.stop());

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const input = exampleInput(example);

    const { outputs } = await runAction(createSetupAction(harness.deps), input);

    expect(outputs.plan.length).toBeGreaterThan(0);
    expect(harness.sandbox.mutations().length).toBeGreaterThan(0);
    expect(outputs.associationId).toMatch(/^a-/);
    expect(outputs.roleArn).toMatch(
      /^arn:aws:iam::111111111111:role\/backstage\/bs-/,
    );
  });
});
