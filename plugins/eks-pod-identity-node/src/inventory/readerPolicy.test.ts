/*
 * The shipped reader policy is minimal: removing any one of its actions from
 * backstage-reader makes a named part of the scan fail, with the sentence
 * that names the action and the file. (Sufficiency is every other scanner
 * test: they all run as backstage-reader under exactly this file.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  READER_ROLE_NAME,
  SHIPPED_POLICY_NAMES,
  startSandbox,
  type Sandbox,
} from '@pod-identity/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { sandboxConfig } from '../__testUtils__/sandbox';
import { ACCOUNT_A, testEstate } from '../__testUtils__/testEstate';
import { DefaultLastAccessedReader } from '../lastAccessed/LastAccessedReader';
import { DefaultInventoryScanner } from './DefaultInventoryScanner';
import type { InventoryScan } from './types';

jest.setTimeout(120_000);

type Statement = { Sid: string; Action: string | string[] };
const READER_POLICY_FILE = resolve(
  __dirname,
  '../../policies/reader-policy.json',
);
const readerPolicy: { Version: string; Statement: Statement[] } = JSON.parse(
  readFileSync(READER_POLICY_FILE, 'utf8'),
);
const actionsOf = (s: Statement) => [s.Action].flat();

/** The reader policy without some actions. */
function without(removed: string[]) {
  return {
    ...readerPolicy,
    Statement: readerPolicy.Statement.map(s => ({
      ...s,
      Action: actionsOf(s).filter(a => !removed.includes(a)),
    })).filter(s => s.Action.length > 0),
  };
}

/** Every error of a scan of account A, one line each. */
function errorsOf(scan: InventoryScan): string[] {
  return [
    ...scan.clusters.flatMap(c => [c.cluster.error, c.kubernetesError]),
    ...scan.accounts.map(a => a.error),
    ...scan.discoveryErrors.map(d => d.error),
  ].filter((e): e is string => typeof e === 'string');
}

describe('the shipped reader policy', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: testEstate() });
    iam = new IAMClient({
      endpoint: sandbox.endpoints.iam,
      region: 'us-east-1',
      credentials: sandbox.credentialsFor(ACCOUNT_A),
    });
  });
  afterAll(async () => {
    iam.destroy();
    await sandbox.stop();
  });

  async function scanWithout(removed: string[]): Promise<InventoryScan> {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: READER_ROLE_NAME,
        PolicyName: SHIPPED_POLICY_NAMES.reader,
        PolicyDocument: JSON.stringify(without(removed)),
      }),
    );
    const config = sandboxConfig(
      sandbox,
      {
        discovery: [{ accountId: ACCOUNT_A, regions: ['us-east-1'] }],
        requests: { maxAttempts: 1 },
      },
      { accountIds: [ACCOUNT_A] },
    );
    const clients = AwsClientFactory.fromConfig(config);
    try {
      return await DefaultInventoryScanner.fromConfig(config, {
        clients,
      }).scan();
    } finally {
      await clients.destroy();
    }
  }

  it('as shipped, reads account A without an error', async () => {
    const scan = await scanWithout([]);
    expect(errorsOf(scan)).toEqual([]);
    expect(scan.accounts[0]).toMatchObject({
      mode: 'authorizationDetails',
      complete: true,
    });
  });

  it('without iam:GetAccountAuthorizationDetails, the account is read role by role (many more calls)', async () => {
    const scan = await scanWithout(['iam:GetAccountAuthorizationDetails']);
    expect(errorsOf(scan)).toEqual([]);
    expect(scan.accounts[0].mode).toBe('perRole');
  });

  // Without these, a role's managed policies cannot be read: the account
  // says which, and the analysis treats their permissions as unknown.
  it.each(['iam:GetPolicy', 'iam:GetPolicyVersion'])(
    'without %s (role by role), the customer-managed policies are unreadable',
    async action => {
      const scan = await scanWithout([
        action,
        'iam:GetAccountAuthorizationDetails',
      ]);
      expect(scan.accounts[0].unreadablePolicyArns).toEqual(
        expect.arrayContaining([
          `arn:aws:iam::${ACCOUNT_A}:policy/app/orders-data`,
        ]),
      );
    },
  );

  // The role-by-role statement is what the scanner falls back to without
  // GetAccountAuthorizationDetails: each of its actions is needed then.
  const fallback = actionsOf(
    readerPolicy.Statement.find(
      s => s.Sid === 'IamRoleByRoleFallbackAndTargetRoles',
    )!,
  );
  const quiet = [
    'iam:GetAccountAuthorizationDetails',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
  ];
  // Read apart from the scan, by the last-accessed refresh (tested below).
  const lastAccessed = actionsOf(
    readerPolicy.Statement.find(s => s.Sid === 'IamLastAccessed')!,
  );
  const cases = readerPolicy.Statement.flatMap(actionsOf)
    .filter(action => !quiet.includes(action) && !lastAccessed.includes(action))
    .map(action => ({
      action,
      removed: fallback.includes(action)
        ? [action, 'iam:GetAccountAuthorizationDetails']
        : [action],
    }));

  it.each(lastAccessed)(
    'without %s, the last-accessed read says backstage-reader lacks it',
    async action => {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: READER_ROLE_NAME,
          PolicyName: SHIPPED_POLICY_NAMES.reader,
          PolicyDocument: JSON.stringify(without([action])),
        }),
      );
      const config = sandboxConfig(sandbox, {}, { accountIds: [ACCOUNT_A] });
      const clients = AwsClientFactory.fromConfig(config);
      try {
        const read = await DefaultLastAccessedReader.fromConfig(config, {
          clients,
          pollIntervalMs: 50,
        }).read([`arn:aws:iam::${ACCOUNT_A}:role/backstage/orders-role`]);
        expect(read.errors.map(e => e.error)).toEqual([
          `${READER_ROLE_NAME} in ${ACCOUNT_A} lacks ${action} (add it from plugins/eks-pod-identity-node/policies/reader-policy.json)`,
        ]);
      } finally {
        await clients.destroy();
      }
    },
  );

  it.each(cases)(
    'without $action, the scan says backstage-reader lacks it',
    async ({ action, removed }) => {
      const errors = errorsOf(await scanWithout(removed));
      expect(errors).toContain(
        `${READER_ROLE_NAME} in ${ACCOUNT_A} lacks ${action} (add it from plugins/eks-pod-identity-node/policies/reader-policy.json)`,
      );
    },
  );
});
