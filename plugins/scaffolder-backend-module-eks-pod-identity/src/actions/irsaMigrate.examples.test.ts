import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createIrsaMigrateAction } from './irsaMigrate';
import { examples } from './irsaMigrate.examples';

describe('eks-pod-identity:irsa:migrate examples', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.stop());

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const input = exampleInput(example);

    const { outputs } = await runAction(
      createIrsaMigrateAction(harness.deps),
      input,
    );

    expect(outputs.plan.length).toBeGreaterThan(0);
    expect(harness.sandbox.mutations().length).toBeGreaterThan(0);
    expect(outputs.associationId).toMatch(/^a-/);
  });
});
