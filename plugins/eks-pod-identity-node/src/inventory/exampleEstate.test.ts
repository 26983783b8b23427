import { resolve } from 'node:path';
import { startSandbox, Sandbox } from '@pod-identity/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { expectScanMatchesEstate } from '../__testUtils__/expectScanMatchesEstate';
import { sandboxConfig } from '../__testUtils__/sandbox';
import { DefaultInventoryScanner } from './DefaultInventoryScanner';

// The estate the embedded default serves (npm start).
const EXAMPLE_ESTATE = resolve(
  __dirname,
  '../../../../examples/sandbox/estate.yaml',
);

describe('scanning the demo estate', () => {
  let sandbox: Sandbox;
  let clients: AwsClientFactory;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: EXAMPLE_ESTATE });
  });

  afterAll(async () => {
    await clients?.destroy();
    await sandbox.stop();
  });

  it('reads every cluster, association, role and policy as the sandbox holds them', async () => {
    const estate = sandbox.exportEstate();
    const config = sandboxConfig(sandbox, {
      discovery: estate.accounts
        .filter(a => (a.clusters ?? []).length > 0)
        .map(a => ({
          accountId: a.id,
          regions: [...new Set(a.clusters!.map(c => c.region))],
        })),
    });
    clients = AwsClientFactory.fromConfig(config);
    const scan = await DefaultInventoryScanner.fromConfig(config, {
      clients,
    }).scan();

    expectScanMatchesEstate(scan, estate);
    expect(scan.discoveryErrors).toEqual([]);
    expect(scan.unreadableAccountIds).toEqual([]);
    // Every role an association names is either read or known not to exist.
    const known = new Set(
      scan.accounts.flatMap(a => [
        ...a.roles.map(r => r.arn),
        ...a.notFoundRoleArns,
      ]),
    );
    const complete = new Set(
      scan.accounts.filter(a => a.complete).map(a => a.accountId),
    );
    for (const association of scan.clusters.flatMap(c => c.associations)) {
      for (const arn of [association.roleArn, association.targetRoleArn].filter(
        Boolean,
      ) as string[]) {
        const accountId = arn.split(':')[4];
        expect({
          arn,
          accounted: known.has(arn) || complete.has(accountId),
        }).toEqual({ arn, accounted: true });
      }
    }
    // The estate holds a cluster near the association quota: thousands of reads.
  }, 120_000);
});
