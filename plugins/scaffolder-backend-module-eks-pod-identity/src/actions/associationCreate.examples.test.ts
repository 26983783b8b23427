import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { createAssociationCreateAction } from './associationCreate';
import { examples } from './associationCreate.examples';

describe('eks-pod-identity:association:create examples', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.stop());

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const input = exampleInput(example);

    const { outputs } = await runAction(
      createAssociationCreateAction(harness.deps),
      input,
    );

    expect(outputs.plan.length).toBeGreaterThan(0);
    expect(harness.sandbox.mutations().length).toBeGreaterThan(0);
    expect(outputs.associationId).toMatch(/^a-/);
  });
});
