/**
 * The Kubernetes API of the sandbox's clusters signs callers in and
 * authorizes them as EKS does: the token's STS host, signed cluster name and
 * age; the caller's access entry; its access policies (cluster or namespace
 * scope) and RBAC bound to its groups or user name. Through the real SDK and
 * @kubernetes/client-node.
 */
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
} from '@aws-sdk/client-eks';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  CoreApi,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { startSandbox } from './sandbox';
import type { EstateSeed, Sandbox } from './types';
import { awsClients, MAIN, smallEstate } from './__testUtils__/aws';
import { kubeConfigFor } from './__testUtils__/kubernetes';

const POLICY = 'arn:aws:eks::aws:cluster-access-policy/';
const ROLES = ['viewer', 'editor', 'grouped', 'named', 'outsider'];

function estate(): EstateSeed {
  const seed = smallEstate();
  const main = seed.accounts[0];
  const trustMain = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow' as const,
        Principal: { AWS: `arn:aws:iam::${MAIN}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  main.iam!.roles!.push(
    ...ROLES.map(name => ({ name, trustPolicy: trustMain })),
  );
  const prod = main.clusters!.find(c => c.name === 'prod')!;
  const role = (name: string) => `arn:aws:iam::${MAIN}:role/${name}`;
  prod.accessEntries = [
    {
      principalArn: role('viewer'),
      accessPolicies: [
        {
          policyArn: `${POLICY}AmazonEKSViewPolicy`,
          accessScope: { type: 'cluster' },
        },
      ],
    },
    {
      principalArn: role('editor'),
      accessPolicies: [
        {
          policyArn: `${POLICY}AmazonEKSEditPolicy`,
          accessScope: { type: 'namespace', namespaces: ['orders'] },
        },
      ],
    },
    { principalArn: role('grouped'), kubernetesGroups: ['node-readers'] },
    { principalArn: role('named'), username: 'named-user' },
  ];
  prod.kubernetes!.rbac = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'node-reader' },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'node-readers' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'node-reader',
      },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: 'node-readers',
        },
      ],
    },
  ];
  return seed;
}

describe('Kubernetes API authorization by EKS access entries', () => {
  let sandbox: Sandbox;
  const sessions: Record<string, KubeConfig> = {};

  const sessionOf = async (name: string) => {
    const { Credentials } = await awsClients(sandbox).sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${MAIN}:role/${name}`,
        RoleSessionName: 'alice@example.com',
      }),
    );
    return {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
  };
  const core = (name: string) => sessions[name].makeApiClient(CoreV1Api);

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: estate() });
    for (const name of ROLES) {
      sessions[name] = await kubeConfigFor(
        sandbox,
        'prod',
        await sessionOf(name),
      );
    }
  });
  afterAll(() => sandbox.stop());

  it('refuses a valid token of an identity with no access entry: 401, as EKS does', async () => {
    await expect(core('outsider').listNamespace()).rejects.toMatchObject({
      code: 401,
    });
  });

  it('applies AmazonEKSViewPolicy at cluster scope: reads most things, never nodes, never writes', async () => {
    await expect(core('viewer').listNamespace()).resolves.toBeDefined();
    await expect(
      core('viewer').listServiceAccountForAllNamespaces(),
    ).resolves.toBeDefined();
    const nodes = await core('viewer')
      .listNode()
      .catch(e => e);
    expect(nodes.code).toBe(403);
    expect(JSON.parse(nodes.body).message).toBe(
      `nodes is forbidden: User "arn:aws:sts::${MAIN}:assumed-role/viewer/alice-example.com" cannot list resource "nodes" in API group "" at the cluster scope`,
    );
    await expect(
      core('viewer').createNamespacedServiceAccount({
        namespace: 'orders',
        body: { metadata: { name: 'x' } },
      }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('applies a namespace-scoped AmazonEKSEditPolicy only inside its namespaces', async () => {
    await expect(
      core('editor').createNamespacedServiceAccount({
        namespace: 'orders',
        body: { metadata: { name: 'worker' } },
      }),
    ).resolves.toBeDefined();
    await expect(
      core('editor').createNamespacedServiceAccount({
        namespace: 'default',
        body: { metadata: { name: 'worker' } },
      }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      core('editor').listServiceAccountForAllNamespaces(),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      core('editor').readNamespace({ name: 'orders' }),
    ).resolves.toBeDefined();
  });

  it('authorizes by RBAC bound to the entry’s Kubernetes groups and user name, as soon as the binding exists', async () => {
    await expect(core('grouped').listNode()).resolves.toBeDefined();
    await expect(core('grouped').listNamespace()).rejects.toMatchObject({
      code: 403,
    });

    await expect(
      core('named').listNamespacedPod({ namespace: 'orders' }),
    ).rejects.toMatchObject({ code: 403 });
    // The creator (cluster admin) grants the entry's user name a Role in one namespace.
    const admin = (
      await kubeConfigFor(sandbox, 'prod', sandbox.credentialsFor(MAIN))
    ).makeApiClient(RbacAuthorizationV1Api);
    await admin.createNamespacedRole({
      namespace: 'orders',
      body: {
        metadata: { name: 'pod-reader' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
      },
    });
    await admin.createNamespacedRoleBinding({
      namespace: 'orders',
      body: {
        metadata: { name: 'pod-reader' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'pod-reader',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'User',
            name: 'named-user',
          },
        ],
      },
    });
    await expect(
      core('named').listNamespacedPod({ namespace: 'orders' }),
    ).resolves.toBeDefined();
    await expect(
      core('named').listNamespacedPod({ namespace: 'default' }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('lets every signed-in caller read discovery, as Kubernetes’ discovery roles do', async () => {
    const { eks } = awsClients(sandbox);
    const principalArn = `arn:aws:iam::${MAIN}:role/outsider`;
    await eks.send(
      new CreateAccessEntryCommand({ clusterName: 'prod', principalArn }),
    );
    try {
      const kc = await kubeConfigFor(
        sandbox,
        'prod',
        await sessionOf('outsider'),
      );
      await expect(
        kc.makeApiClient(CoreApi).getAPIVersions(),
      ).resolves.toMatchObject({ versions: ['v1'] });
      await eks.send(
        new AssociateAccessPolicyCommand({
          clusterName: 'prod',
          principalArn,
          policyArn: `${POLICY}AmazonEKSAdminPolicy`,
          accessScope: { type: 'namespace', namespaces: ['orders'] },
        }),
      );
      await expect(
        kc.makeApiClient(CoreV1Api).listNamespacedServiceAccount({
          namespace: 'orders',
        }),
      ).resolves.toBeDefined();
    } finally {
      await eks.send(
        new DeleteAccessEntryCommand({ clusterName: 'prod', principalArn }),
      );
    }
  });

  it('checks tokens as EKS does: the STS host, the signed cluster name, the age', async () => {
    const admin = sandbox.credentialsFor(MAIN);
    const refused = async (kc: KubeConfig) =>
      expect(kc.makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject(
        { code: 401 },
      );
    // Presigned for another host: EKS would send it there, not to STS.
    await refused(
      await kubeConfigFor(sandbox, 'prod', admin, {
        stsEndpoint: 'http://127.0.0.1:9',
      }),
    );
    // Signed for another cluster's name.
    const other = await kubeConfigFor(sandbox, 'auto', admin);
    other.clusters[0] = {
      ...other.clusters[0],
      server: sandbox.kubernetesUrl('prod'),
    };
    await refused(other);
    // Signed 20 minutes ago: past the 15 minutes EKS accepts.
    await refused(
      await kubeConfigFor(sandbox, 'prod', admin, {
        signingDate: new Date(Date.now() - 20 * 60 * 1000),
      }),
    );
    await expect(
      (await kubeConfigFor(sandbox, 'prod', admin))
        .makeApiClient(CoreV1Api)
        .listNamespace(),
    ).resolves.toBeDefined();
  });
});

describe('Kubernetes API with access entries not enforced', () => {
  it('lets any identity of the cluster’s account in as administrator, and no other account', async () => {
    const sandbox = await startSandbox({
      seed: smallEstate(),
      enforceAccessEntries: false,
    });
    try {
      const { Credentials } = await awsClients(sandbox).sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${MAIN}:role/backstage-reader`,
          RoleSessionName: 'k8s',
        }),
      );
      const kc = await kubeConfigFor(sandbox, 'prod', {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      });
      await expect(
        kc.makeApiClient(CoreV1Api).listNode(),
      ).resolves.toBeDefined();
      const outsider = await kubeConfigFor(
        sandbox,
        'prod',
        sandbox.credentialsFor('222222222222'),
      );
      await expect(
        outsider.makeApiClient(CoreV1Api).listNamespace(),
      ).rejects.toMatchObject({ code: 401 });
    } finally {
      await sandbox.stop();
    }
  });
});
