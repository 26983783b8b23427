import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListClustersCommand } from '@aws-sdk/client-eks';
import { startSandbox } from '../sandbox';
import {
  awsClients,
  POD_IDENTITY_TRUST,
  smallEstate,
} from '../__testUtils__/aws';
import { expandGeneratedAssociations } from './generate';
import { loadEstate } from './load';
import { EstateError, validateEstate } from './validate';

const DEMO_ESTATE = path.resolve(
  __dirname,
  '../../../../examples/sandbox/estate.yaml',
);

function writeTemp(text: string): string {
  const file = path.join(
    mkdtempSync(path.join(tmpdir(), 'estate-')),
    'estate.yaml',
  );
  writeFileSync(file, text);
  return file;
}

describe('loadEstate', () => {
  it('loads the demo estate', async () => {
    const estate = await loadEstate(DEMO_ESTATE);
    expect(estate.accounts.length).toBeGreaterThan(0);
    expect(() =>
      validateEstate(expandGeneratedAssociations(estate), DEMO_ESTATE),
    ).not.toThrow();
  });

  it('starts a sandbox from a YAML file', async () => {
    const file = writeTemp(
      [
        'accounts:',
        "  - id: '333333333333'",
        '    clusters:',
        '      - name: yaml-cluster',
        '        region: eu-central-1',
      ].join('\n'),
    );
    const sandbox = await startSandbox({ seed: file });
    try {
      const { clusters } = await awsClients(
        sandbox,
        '333333333333',
        'eu-central-1',
      ).eks.send(new ListClustersCommand({}));
      expect(clusters).toEqual(['yaml-cluster']);
    } finally {
      await sandbox.stop();
    }
  });

  it.each([
    ['a missing file', undefined, /Cannot read the estate file/],
    ['invalid YAML', 'accounts: [', /is not valid YAML/],
    ['no accounts', 'accounts: []', /accounts: must list at least one account/],
    [
      'an unquoted account id',
      'accounts:\n  - id: 111111111111\n',
      /accounts\[0\]\.id: must be a string; quote it/,
    ],
    [
      'a malformed relative date',
      [
        'accounts:',
        "  - id: '111111111111'",
        '    clusters:',
        '      - name: c',
        '        region: us-east-1',
        '        kubernetes:',
        '          workloads:',
        "            - { kind: Deployment, namespace: a, name: w, startedAt: '-3x' }",
      ].join('\n'),
      /accounts\[0\]\.clusters\[0\]\.kubernetes\.workloads\[0\]\.startedAt: '-3x' is not a relative date/,
    ],
    [
      'an unknown field',
      "accounts:\n  - id: '111111111111'\n    clusterz: []\n",
      /accounts\[0\]\.clusterz: unknown field/,
    ],
  ])('names the file and the problem for %s', async (_what, text, message) => {
    const file =
      text === undefined
        ? path.join(tmpdir(), 'no-such-estate.yaml')
        : writeTemp(text);
    const error = await loadEstate(file).catch(e => e);
    expect(error).toBeInstanceOf(EstateError);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(message);
  });
});

describe('validateEstate', () => {
  const fails = (mutate: (estate: ReturnType<typeof smallEstate>) => void) => {
    const estate = smallEstate();
    mutate(estate);
    return () => validateEstate(estate, 'seed');
  };

  it('accepts the contract-test estate', () => {
    expect(() => validateEstate(smallEstate())).not.toThrow();
  });

  it.each([
    [
      'a duplicate association',
      (e: any) =>
        e.accounts[0].clusters[0].associations.push({
          namespace: 'orders',
          serviceAccount: 'orders-api',
          role: 'x',
        }),
      /accounts\[0\]\.clusters\[0\]\.associations\[1\]: duplicate association for service account 'orders\/orders-api'/,
    ],
    [
      'a managed policy that is not defined',
      (e: any) =>
        e.accounts[0].iam.roles[0].managedPolicyArns.push(
          'arn:aws:iam::111111111111:policy/ghost',
        ),
      /accounts\[0\]\.iam\.roles\[0\]\.managedPolicyArns\[1\]: policy arn:aws:iam::111111111111:policy\/ghost is not defined/,
    ],
    [
      'a trust policy IAM would reject',
      (e: any) =>
        (e.accounts[0].iam.roles[0].trustPolicy = {
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }],
        }),
      /accounts\[0\]\.iam\.roles\[0\]\.trustPolicy: IAM would reject this policy: Missing required field Principal/,
    ],
    [
      'roles whose names differ only in case',
      (e: any) =>
        e.accounts[0].iam.roles.push({
          name: 'Orders-API',
          trustPolicy: POD_IDENTITY_TRUST,
        }),
      /duplicate role name/,
    ],
    [
      'a bad region',
      (e: any) => (e.accounts[0].clusters[0].region = 'moon-1'),
      /clusters\[0\]\.region: 'moon-1' is not an AWS region name/,
    ],
    [
      'a bad add-on status',
      (e: any) => (e.accounts[0].clusters[0].addons[0].status = 'FINE'),
      /addons\[0\]\.status: must be one of/,
    ],
    [
      'a non-string tag value',
      (e: any) => (e.accounts[0].clusters[0].tags = { cost: 42 }),
      /clusters\[0\]\.tags\.cost: must be a string \(quote numbers and booleans\)/,
    ],
    [
      'a duplicate account',
      (e: any) => e.accounts.push({ id: e.accounts[0].id }),
      /accounts\[2\]\.id: duplicate account id/,
    ],
  ])('rejects %s, naming the field', (_what, mutate, message) => {
    expect(fails(mutate)).toThrow(message);
    expect(fails(mutate)).toThrow(/^seed: /);
  });

  it('lets an estate hold misconfigurations the plugins must find', () => {
    const estate = smallEstate();
    estate.accounts[0].clusters![0].associations!.push(
      {
        namespace: 'gone',
        serviceAccount: 'sa',
        role: 'role-that-was-deleted',
      },
      {
        namespace: 'tags',
        serviceAccount: 'sa',
        role: 'orders-api',
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        },
      },
    );
    expect(() => validateEstate(estate)).not.toThrow();
  });
});
