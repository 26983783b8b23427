import { mockServices } from '@backstage/backend-test-utils';
import type { EksPodIdentityChangedEvent } from '@pod-identity/plugin-eks-pod-identity-common';
import type { SnapshotReadModel } from '../snapshot/SnapshotReadModel';
import { CloudTrailEventConsumer } from './CloudTrailEventConsumer';

const ACCOUNT = '111111111111';

const cluster = { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' };
const role = {
  arn: `arn:aws:iam::${ACCOUNT}:role/team/orders`,
  name: 'orders',
  attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/orders-read`],
};
/** The parts of the read model the consumer asks. */
const readModel = {
  current: async () => ({
    clusterNames: () => ['prod'],
    cluster: (name: string) => (name === 'prod' ? cluster : undefined),
    account: (id: string) =>
      id === ACCOUNT ? { accountId: id, roles: [role] } : undefined,
  }),
} as unknown as SnapshotReadModel;

function event(
  source: 'aws.eks' | 'aws.iam',
  eventName: string,
  requestParameters: Record<string, unknown>,
  region = 'eu-west-1',
) {
  return {
    version: '0',
    id: 'x',
    'detail-type': 'AWS API Call via CloudTrail',
    source,
    account: ACCOUNT,
    region,
    time: '2026-12-03T10:00:00Z',
    detail: {
      eventSource: `${source.slice(4)}.amazonaws.com`,
      eventName,
      awsRegion: region,
      userIdentity: { arn: `arn:aws:iam::${ACCOUNT}:user/alice` },
      requestParameters,
      responseElements: null,
    },
  };
}

function setUp() {
  const refreshed: EksPodIdentityChangedEvent[] = [];
  const logger = mockServices.logger.mock();
  const consumer = new CloudTrailEventConsumer({
    changes: { refreshAll: async e => void refreshed.push(...e) },
    readModel,
    logger,
    coalesceWindowMs: 20,
  });
  return { consumer, refreshed, logger };
}

describe('CloudTrailEventConsumer', () => {
  it("re-reads an association once however many events name it, and an account's roles in one pass", async () => {
    const { consumer, refreshed } = setUp();
    for (let i = 0; i < 50; i++) {
      await consumer.handle(
        event('aws.eks', 'UpdatePodIdentityAssociation', {
          clusterName: 'prod',
          associationId: 'a-1',
          roleArn: role.arn,
        }),
      );
      await consumer.handle(
        event(
          'aws.iam',
          'PutRolePolicy',
          { roleName: 'orders', policyName: `p${i}` },
          'us-east-1',
        ),
      );
    }
    await consumer.handle(
      event(
        'aws.iam',
        'CreateRole',
        { roleName: 'new', path: '/apps/' },
        'us-east-1',
      ),
    );
    await consumer.idle();
    expect(refreshed).toEqual([
      {
        kind: 'association',
        change: 'updated',
        cluster: 'prod',
        associationId: 'a-1',
        roleArns: [role.arn],
      },
      {
        kind: 'role',
        change: 'updated',
        roleArns: [role.arn, `arn:aws:iam::${ACCOUNT}:role/apps/new`],
      },
    ]);
  });

  it('re-reads the roles that use a policy given a new version, and a cluster whose agent add-on changed', async () => {
    const { consumer, refreshed } = setUp();
    await consumer.handle(
      event(
        'aws.iam',
        'CreatePolicyVersion',
        { policyArn: role.attachedPolicyArns[0] },
        'us-east-1',
      ),
    );
    await consumer.handle(
      event('aws.eks', 'CreateAddon', {
        clusterName: 'prod',
        addonName: 'eks-pod-identity-agent',
      }),
    );
    await consumer.handle(
      event('aws.eks', 'CreateAddon', {
        clusterName: 'prod',
        addonName: 'vpc-cni',
      }),
    );
    await consumer.idle();
    expect(refreshed).toEqual([
      { kind: 'agent', change: 'updated', cluster: 'prod' },
      { kind: 'role', change: 'updated', roleArns: [role.arn] },
    ]);
  });

  it('logs and drops what is malformed or outside the inventory, without logging the payload', async () => {
    const { consumer, refreshed, logger } = setUp();
    await consumer.handle({ secret: 'AKIAEXAMPLE' });
    await consumer.handle('not even an object');
    await consumer.handle(
      event(
        'aws.eks',
        'CreatePodIdentityAssociation',
        {
          clusterName: 'prod',
          namespace: 'a',
          serviceAccount: 'b',
        },
        'us-west-2',
      ),
    );
    await consumer.handle(
      event('aws.iam', 'DeleteRole', { roleName: 'x' }, 'us-east-1') as any,
    );
    const otherAccount = event(
      'aws.iam',
      'DeleteRole',
      { roleName: 'x' },
      'us-east-1',
    );
    otherAccount.account = '999999999999';
    await consumer.handle(otherAccount);
    await consumer.idle();

    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.info).toHaveBeenCalledWith(
      'Dropped a CloudTrail event: cluster prod in 111111111111/us-west-2 is not in the inventory',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Dropped a CloudTrail event: account 999999999999 is not in the inventory',
    );
    const logged = JSON.stringify([
      ...logger.warn.mock.calls,
      ...logger.info.mock.calls,
    ]);
    expect(logged).not.toContain('AKIA');
    // The one event about a known account still counts.
    expect(refreshed).toEqual([
      {
        kind: 'role',
        change: 'updated',
        roleArns: [`arn:aws:iam::${ACCOUNT}:role/x`],
      },
    ]);
  });
});
