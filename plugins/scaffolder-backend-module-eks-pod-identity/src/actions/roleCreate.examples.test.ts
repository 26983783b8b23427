import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createRoleCreateAction } from './roleCreate';
import { examples } from './roleCreate.examples';

describe('eks-pod-identity:role:create examples', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.stop());

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const input = exampleInput(example);

    const { outputs } = await runAction(
      createRoleCreateAction(harness.deps),
      input,
    );

    expect(outputs.plan.length).toBeGreaterThan(0);
    expect(harness.sandbox.mutations().length).toBeGreaterThan(0);
    expect(outputs.roleArn).toMatch(
      /^arn:aws:iam::111111111111:role\/backstage\/bs-/,
    );
  });
});
