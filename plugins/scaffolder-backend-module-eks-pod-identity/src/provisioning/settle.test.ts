/*
 * Creating an association right after its role, or right after deleting the
 * service account's previous association, meets AWS's eventual consistency
 * (the sandbox emulates both); the actions wait it out with bounded, logged
 * retries, and give up cleanly when AWS does not settle in time.
 */
import { PROD, PROD_CLUSTER } from '../__testUtils__/estate';
import { runAction, startHarness, Harness } from '../__testUtils__/harness';
import { createAssociationDeleteAction } from '../actions/associationDelete';
import { createSetupAction } from '../actions/setup';

jest.setTimeout(60_000);

const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };
const input = {
  cluster: PROD_CLUSTER,
  namespace: 'team-returns',
  serviceAccount: 'returns-worker',
  createNamespace: true,
  permissions: [{ preset: 'sqs-consume', resource: 'returns-events' }],
  tags: { owner: 'team-orders' },
  entityRef: 'component:default/returns-worker',
};
const target = {
  cluster: PROD_CLUSTER,
  namespace: 'team-returns',
  serviceAccount: 'returns-worker',
  entityRef: 'component:default/returns-worker',
};

describe('waiting for AWS to settle', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('creates the association once EKS sees the new role, logging each wait', async () => {
    harness = await startHarness({ consistencyDelayMs: 1500 });
    const log: string[] = [];
    const { outputs } = await runAction(
      createSetupAction(harness.deps),
      input,
      {
        log,
      },
    );
    expect(outputs.associationId).toMatch(/^a-/);
    const waits = log.filter(l => l.includes('AWS is eventually consistent'));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toContain(
      `EKS does not see role arn:aws:iam::${PROD}:role/backstage/bs-team-returns-returns-worker yet`,
    );
  });

  it('re-creates an association for a service account a deleted one still holds', async () => {
    harness = await startHarness({ consistencyDelayMs: 1500 });
    await runAction(createSetupAction(harness.deps), input);
    await runAction(createAssociationDeleteAction(harness.deps), target);
    const log: string[] = [];
    const { outputs } = await runAction(
      createSetupAction(harness.deps),
      input,
      {
        log,
        taskId: 'task-2',
      },
    );
    expect(outputs.associationId).toMatch(/^a-/);
    expect(log.join('\n')).toContain(
      `A deleted association still holds team-returns/returns-worker on ${PROD_CLUSTER}`,
    );
  });

  it('gives up after a bounded number of attempts and undoes what it made', async () => {
    harness = await startHarness({ consistencyDelayMs: 600_000 });
    const log: string[] = [];
    await expect(
      runAction(createSetupAction(harness.deps), input, { log }),
    ).rejects.toThrow(/does not exist/);
    expect(log.filter(l => l.includes('retrying in'))).toHaveLength(5);
    expect(
      await harness.deps.iam.readRole(PROD, 'bs-team-returns-returns-worker'),
    ).toBeUndefined();
    expect(
      await harness.deps.eks.listAssociations(cluster, {
        namespace: 'team-returns',
        serviceAccount: 'returns-worker',
      }),
    ).toEqual([]);
  });
});
