/**
 * The Kubernetes access the package ships for the backend (kubernetes/
 * reader-access-entry.json + kubernetes/reader-rbac.yaml) is enough for every
 * read of the scan, and nothing in it is spare: without any one of its
 * (resource, verb) pairs, a named read of the real KubernetesGateway is
 * refused. Against the sandbox, which authorizes as EKS does, signed in as
 * an assumed backstage-reader role.
 */
import path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  EstateSeed,
  KubernetesSeed,
  Sandbox,
  startSandbox,
} from '@pod-identity/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { ACCOUNT_A, testEstate } from '../__testUtils__/testEstate';
import { DefaultEksTokenProvider } from './EksTokenProvider';
import {
  DefaultKubernetesGateway,
  KubernetesClusterClient,
} from './KubernetesGateway';

jest.setTimeout(60_000);

const SHIPPED = path.resolve(__dirname, '../../kubernetes');
const READER_ARN = `arn:aws:iam::${ACCOUNT_A}:role/backstage-reader`;
const alpha = { accountId: ACCOUNT_A, region: 'us-east-1', name: 'alpha' };

/** Which read of the gateway needs each (API group/resource, verb) of the RBAC. */
const READS: Record<string, keyof KubernetesClusterClient> = {
  'list /namespaces': 'listNamespaces',
  'list /serviceaccounts': 'listServiceAccounts',
  'list /pods': 'listPods',
  'list /nodes': 'listNodes',
  'list apps/deployments': 'listDeployments',
  'list apps/statefulsets': 'listStatefulSets',
  'list apps/daemonsets': 'listDaemonSets',
  'list batch/jobs': 'listJobs',
};

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type RbacObject = Record<string, any>;

/** The estate with the reader's entry from the shipped file, and the given RBAC objects (default: the shipped file). */
function estate(rbac: KubernetesSeed['rbac']): EstateSeed {
  const seed = testEstate();
  const account = seed.accounts.find(a => a.id === ACCOUNT_A)!;
  account.iam!.roles!.push({
    name: 'backstage-reader',
    trustPolicy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    },
  });
  const cluster = account.clusters!.find(c => c.name === alpha.name)!;
  cluster.accessEntries = [
    {
      principalArn: READER_ARN,
      file: path.join(SHIPPED, 'reader-access-entry.json'),
    },
  ];
  cluster.kubernetes = { ...cluster.kubernetes, rbac };
  return seed;
}

/** A gateway signed in as backstage-reader, as the backend is with `aws.accounts[].roleName`. */
async function readerGateway(sandbox: Sandbox) {
  const sts = new STSClient({
    endpoint: sandbox.endpoints.sts,
    region: 'us-east-1',
    credentials: sandbox.credentialsFor(ACCOUNT_A),
  });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: READER_ARN,
      RoleSessionName: 'backstage',
    }),
  );
  const credentials = {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
  const clients = new AwsClientFactory({
    credentialsManager: {
      getCredentialProvider: async () => ({
        sdkCredentialProvider: async () => credentials,
      }),
    },
    endpoints: sandbox.endpoints,
    maxAttempts: 1,
  });
  const gateway = new DefaultKubernetesGateway(
    undefined as never, // the connection is given: no DescribeCluster
    new DefaultEksTokenProvider(clients),
  );
  return gateway.forCluster(alpha, {
    endpoint: sandbox.kubernetesUrl(alpha.name),
    certificateAuthorityData: Buffer.from(sandbox.kubernetesCaPem).toString(
      'base64',
    ),
  });
}

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: { code?: number; body?: string }) => ({
      code: e.code,
      message: JSON.parse(e.body ?? '{}').message as string,
    }),
  );

describe('the reader RBAC and access entry the node plugin ships', () => {
  let shipped: RbacObject[];

  beforeAll(async () => {
    // The sandbox reads the shipped YAML; its export gives the objects back.
    const sandbox = await startSandbox({
      seed: estate([path.join(SHIPPED, 'reader-rbac.yaml')]),
    });
    try {
      const exported = sandbox.exportEstate();
      shipped = exported.accounts
        .find(a => a.id === ACCOUNT_A)!
        .clusters!.find(c => c.name === alpha.name)!.kubernetes!
        .rbac as RbacObject[];
    } finally {
      await sandbox.stop();
    }
  });

  it('binds one ClusterRole to the group the access entry names', async () => {
    expect(shipped.map(o => o.kind)).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
    ]);
    expect(shipped[1].subjects).toEqual([
      expect.objectContaining({
        kind: 'Group',
        name: 'eks-pod-identity-reader',
      }),
    ]);
  });

  it('is enough for every read of the scan', async () => {
    const sandbox = await startSandbox({ seed: estate(shipped) });
    try {
      const client = await readerGateway(sandbox);
      for (const read of Object.values(READS)) {
        await expect(
          (client[read] as () => Promise<unknown[]>)(),
        ).resolves.toEqual(expect.any(Array));
      }
      // Nothing more: no writes, no secrets.
      expect(await failureOf(client.createNamespace('nope'))).toMatchObject({
        code: 403,
      });
    } finally {
      await sandbox.stop();
    }
  });

  it('has nothing spare: without each (resource, verb), a named read is refused', async () => {
    const rules = shipped[0].rules as Rule[];
    const pairs = rules.flatMap((rule, ri) =>
      rule.resources.flatMap(resource =>
        rule.verbs.map(verb => ({ ri, resource, verb, rule })),
      ),
    );
    const needed = pairs.map(
      p => `${p.verb} ${p.rule.apiGroups[0]}/${p.resource}`,
    );
    // Every pair is needed by a read, and every read is covered.
    expect(needed.sort()).toEqual(Object.keys(READS).sort());

    for (const { ri, resource, verb } of pairs) {
      const reduced = rules.flatMap((rule, i) => {
        if (i !== ri) return [rule];
        // The rule without this pair: the other resources keep every verb, this one the other verbs.
        const others = rule.resources.filter(r => r !== resource);
        const verbs = rule.verbs.filter(v => v !== verb);
        return [
          ...(others.length ? [{ ...rule, resources: others }] : []),
          ...(verbs.length ? [{ ...rule, resources: [resource], verbs }] : []),
        ];
      });
      const group = rules[ri].apiGroups[0];
      const read = READS[`${verb} ${group}/${resource}`];
      const sandbox = await startSandbox({
        seed: estate([{ ...shipped[0], rules: reduced }, shipped[1]]),
      });
      try {
        const client = await readerGateway(sandbox);
        const failure = await failureOf(
          (client[read] as () => Promise<unknown>)(),
        );
        expect({
          without: `${verb} ${group}/${resource}`,
          read,
          failure,
        }).toEqual({
          without: `${verb} ${group}/${resource}`,
          read,
          failure: {
            code: 403,
            message: expect.stringContaining(
              `cannot ${verb} resource "${resource}" in API group "${group}" at the cluster scope`,
            ),
          },
        });
      } finally {
        await sandbox.stop();
      }
    }
  });
});
