import { PROD } from '../__testUtils__/estate';
import {
  exampleInput,
  Harness,
  runAction,
  startHarness,
} from '../__testUtils__/harness';
import { testEstate } from '../__testUtils__/estate';
import { createAgentInstallAction } from './agentInstall';
import { examples } from './agentInstall.examples';

describe('eks-pod-identity:agent:install examples', () => {
  let harness: Harness;

  beforeEach(async () => {
    const seed = testEstate();
    seed.accounts
      .find(a => a.id === PROD)!
      .clusters!.push({ name: 'staging-euw1', region: 'eu-west-1' });
    harness = await startHarness({
      seed,
      eksPodIdentity: {
        clusters: [
          { name: 'staging-euw1', accountId: PROD, region: 'eu-west-1' },
        ],
        guardrails: { allowedClusters: ['*'] },
      },
    });
  });
  afterEach(() => harness.stop());

  it.each(examples.map(e => [e.description, e]))('%s', async (_, example) => {
    const { outputs } = await runAction(
      createAgentInstallAction(harness.deps, { pollIntervalMs: 100 }),
      exampleInput(example),
    );
    expect(outputs).toMatchObject({ installed: true, status: 'ACTIVE' });
    expect(harness.sandbox.mutations().map(m => m.operation)).toEqual([
      'CreateAddon',
    ]);
  });
});
