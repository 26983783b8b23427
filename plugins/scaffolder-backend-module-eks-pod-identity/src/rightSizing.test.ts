/*
 * Right-sizing end to end through the sandbox with the real clients: IAM's
 * last-accessed data raises PERMISSIONS_UNUSED and its proposal, the action
 * applies the proposal, and after a fresh scan and read the finding is gone
 * and the role's access is what the dry run said.
 */
import {
  AccessSummary,
  PolicyStatement,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  DefaultInventoryScanner,
  DefaultLastAccessedReader,
  DefaultInventoryAnalyzer,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { createRoleUpdatePermissionsAction } from './actions/roleUpdatePermissions';
import { PROD, PROD_CLUSTER, testEstate } from './__testUtils__/estate';
import { Harness, runAction, startHarness } from './__testUtils__/harness';

jest.setTimeout(120_000);

const ROLE_ARN = `arn:aws:iam::${PROD}:role/backstage/bs-orders-api`;
const READ: PolicyStatement = {
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::orders-data/*',
};
const SEND: PolicyStatement = {
  Effect: 'Allow',
  Action: 'sqs:SendMessage',
  Resource: `arn:aws:sqs:us-east-1:${PROD}:orders-events`,
};

function estate() {
  const seed = testEstate();
  const account = seed.accounts[0];
  const role = account.iam!.roles!.find(r => r.name === 'bs-orders-api')!;
  role.inlinePolicies = {
    'eks-pod-identity-permissions': {
      Version: '2012-10-17',
      Statement: [READ, SEND],
    },
  };
  role.createDate = '-200d';
  role.lastUsed = '-1h';
  role.lastAccessed = [{ service: 's3', date: '-1h', region: 'us-east-1' }];
  account.clusters![0].associations!.push({
    namespace: 'team-orders',
    serviceAccount: 'orders-api',
    role: 'bs-orders-api',
  });
  return seed;
}

const withoutUsage = (summary: AccessSummary) =>
  summary.services.map(({ usage: _usage, ...service }) => service);

describe('right-sizing a role through the sandbox', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ seed: estate() });
  });
  afterAll(() => harness.stop());

  async function analyse() {
    const scan = await DefaultInventoryScanner.fromConfig(
      harness.config,
    ).scan();
    const read = await DefaultLastAccessedReader.fromConfig(harness.config, {
      pollIntervalMs: 50,
    }).read([ROLE_ARN]);
    expect(read.errors).toEqual([]);
    return new DefaultInventoryAnalyzer().analyze({
      clusters: scan.clusters,
      accounts: scan.accounts,
      lastAccessed: new Map(read.records.map(r => [r.roleArn, r])),
    });
  }

  it('finds the unused grant, applies the proposal, and the finding clears with the access the dry run showed', async () => {
    const before = await analyse();
    const finding = before.findings.find(
      f => f.code === 'PERMISSIONS_UNUSED' && f.subject.id === ROLE_ARN,
    );
    expect(finding?.detail).toContain(
      'inline policy eks-pod-identity-permissions statement #1: sqs:SendMessage',
    );
    const proposal = before.rightSizing!(ROLE_ARN)!;
    expect(proposal.inlinePolicies).toEqual([
      {
        policyName: 'eks-pod-identity-permissions',
        document: { Version: '2012-10-17', Statement: [READ] },
        removedActions: ['sqs:SendMessage'],
      },
    ]);

    const action = createRoleUpdatePermissionsAction(harness.deps);
    const input = {
      cluster: PROD_CLUSTER,
      roleArn: ROLE_ARN,
      policyName: 'eks-pod-identity-permissions',
      policyDocument: JSON.stringify(proposal.inlinePolicies[0].document),
      entityRef: 'component:default/orders-api',
    };
    const dry = await runAction(action, input, { isDryRun: true });
    expect(dry.outputs.removedStatements).toEqual([SEND]);
    await runAction(action, input);

    const after = await analyse();
    expect(
      after.findings.filter(
        f => f.code === 'PERMISSIONS_UNUSED' && f.subject.id === ROLE_ARN,
      ),
    ).toEqual([]);
    const access = after.roleAccess(ROLE_ARN)!;
    expect(withoutUsage(access)).toEqual(withoutUsage(dry.outputs.accessAfter));
    expect(access.services.map(s => s.service)).toEqual(['s3']);
    expect(
      withoutUsage(before.roleAccess(ROLE_ARN)!).map(s => s.service),
    ).toEqual(['s3', 'sqs']);
  });
});
