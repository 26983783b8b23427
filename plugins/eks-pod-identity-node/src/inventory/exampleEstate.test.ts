import { resolve } from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  BACKEND_ROLE_ARN,
  loadEstate,
  READER_ROLE_NAME,
  startSandbox,
  Sandbox,
} from '@pod-identity/sandbox';
import { DefaultEksGateway } from '../aws/EksGateway';
import { DefaultStsGateway } from '../aws/StsGateway';
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
    // The demo's quota-sized cluster (4,000 generated associations, all alike)
    // costs thousands of reads, which under load outlast any test budget and
    // prove no more than forty do; scan speed at that size is bench/'s job.
    const estate = await loadEstate(EXAMPLE_ESTATE);
    for (const account of estate.accounts) {
      for (const cluster of account.clusters ?? []) {
        if (cluster.generatedAssociations) {
          cluster.generatedAssociations.count = 40;
        }
      }
    }
    sandbox = await startSandbox({ seed: estate });
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
  }, 60_000);

  it('runs as the demo does: backstage-backend assumes backstage-reader in every account, through the shipped trust', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = sandbox.endpoints.sts;
    const config = new ConfigReader({
      aws: {
        mainAccount: sandbox.credentialsAs(BACKEND_ROLE_ARN),
        accounts: sandbox.accounts.map(a => ({
          accountId: a.accountId,
          roleName: READER_ROLE_NAME,
        })),
      },
      eksPodIdentity: { endpoints: sandbox.endpoints },
    });
    const demo = AwsClientFactory.fromConfig(config);
    try {
      const sts = new DefaultStsGateway(demo);
      for (const account of sandbox.accounts) {
        expect((await sts.getCallerIdentity(account.accountId)).arn).toBe(
          `arn:aws:sts::${account.accountId}:assumed-role/${READER_ROLE_NAME}/backstage`,
        );
        const [first] = await new DefaultEksGateway(demo).listClusters(
          account.accountId,
          sandbox.exportEstate().accounts.find(a => a.id === account.accountId)!
            .clusters![0].region,
        );
        expect(first).toEqual(expect.any(String));
      }
    } finally {
      await demo.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = saved;
    }
  });
});
