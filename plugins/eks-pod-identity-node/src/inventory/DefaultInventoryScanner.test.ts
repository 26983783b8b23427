import { startSandbox, Sandbox } from '@pod-identity/sandbox';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { DefaultIamGateway } from '../aws/IamGateway';
import { expectScanMatchesEstate } from '../__testUtils__/expectScanMatchesEstate';
import { sandboxConfig } from '../__testUtils__/sandbox';
import { ACCOUNT_A, ACCOUNT_B, testEstate } from '../__testUtils__/testEstate';
import { DefaultInventoryScanner } from './DefaultInventoryScanner';

const discoverEverything = {
  discovery: [
    { accountId: ACCOUNT_A, regions: ['us-east-1', 'eu-west-1'] },
    { accountId: ACCOUNT_B, regions: ['us-east-1'] },
  ],
};

// Each test drives a real sandbox over HTTP; a busy CI machine needs room.
jest.setTimeout(30_000);

describe('DefaultInventoryScanner against the sandbox', () => {
  let sandbox: Sandbox;
  const opened: AwsClientFactory[] = [];
  const savedStsEndpoint = process.env.AWS_ENDPOINT_URL_STS;

  function scannerFor(
    eksPodIdentity: Record<string, unknown>,
    options?: { accountIds?: string[] },
  ) {
    const config = sandboxConfig(sandbox, eksPodIdentity, options);
    const clients = AwsClientFactory.fromConfig(config);
    opened.push(clients);
    return DefaultInventoryScanner.fromConfig(config, { clients });
  }

  beforeEach(async () => {
    sandbox = await startSandbox({ seed: testEstate() });
    // integration-aws-node asks STS who the main account is when an account
    // has no entry in aws.accounts; that call carries no endpoint option.
    process.env.AWS_ENDPOINT_URL_STS = sandbox.endpoints.sts;
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map(c => c.destroy()));
    await sandbox.stop();
    if (savedStsEndpoint === undefined) {
      delete process.env.AWS_ENDPOINT_URL_STS;
    } else {
      process.env.AWS_ENDPOINT_URL_STS = savedStsEndpoint;
    }
  });

  it('reports exactly what the sandbox holds', async () => {
    const scan = await scannerFor(discoverEverything).scan();
    expectScanMatchesEstate(scan, sandbox.exportEstate());
    expect(scan.discoveryErrors).toEqual([]);
    expect(scan.unreadableAccountIds).toEqual([]);

    const alpha = scan.clusters.find(c => c.cluster.name === 'alpha')!;
    expect(alpha.cluster.arn).toBe(
      `arn:aws:eks:us-east-1:${ACCOUNT_A}:cluster/alpha`,
    );
    expect(alpha.cluster.endpoint).toBe(
      sandbox.kubernetesUrl('alpha', ACCOUNT_A),
    );
    expect(alpha.agent).toEqual({
      installed: true,
      addonStatus: 'ACTIVE',
      addonVersion: 'v1.3.8-eksbuild.1',
      daemonSetPresent: true,
      daemonSetReady: expect.any(Boolean),
    });
    expect(alpha.nodes.map(n => [n.name, n.computeType, n.os]).sort()).toEqual([
      ['fargate-1', 'fargate', 'linux'],
      ['node-a', 'ec2', 'linux'],
      ['win-1', 'ec2', 'windows'],
    ]);
    expect(
      alpha.serviceAccounts.find(s => s.name === 'worker')?.irsaRoleArn,
    ).toBe(`arn:aws:iam::${ACCOUNT_A}:role/irsa-role`);
    const orderPods = alpha.pods.filter(
      p => p.serviceAccountName === 'orders-api',
    );
    expect(orderPods.map(p => p.startTime)).toEqual([
      '2026-01-15T00:00:00.000Z',
      '2026-01-15T00:00:00.000Z',
    ]);
    expect(
      alpha.workloads.find(w => w.name === 'orders-api')?.podLabels,
    ).toMatchObject({
      'backstage.io/kubernetes-id': 'orders',
    });

    const gamma = scan.clusters.find(c => c.cluster.name === 'gamma')!;
    expect(gamma.agent).toEqual({ installed: false, daemonSetPresent: false });
    // Auto Mode clusters carry the agent themselves.
    expect(
      scan.clusters.find(c => c.cluster.name === 'beta')!.cluster.autoMode,
    ).toBe(true);

    // The target role lives in a cluster account, so the full read covers it.
    expect(
      scan.accounts.map(a => [a.accountId, a.complete, a.mode]).sort(),
    ).toEqual([
      [ACCOUNT_A, true, 'authorizationDetails'],
      [ACCOUNT_B, true, 'authorizationDetails'],
    ]);
  });

  // The fewest AWS and Kubernetes calls that can read the test estate (one list per kind and cluster).
  const minimumCalls = {
    'eks:ListClusters': 3,
    'eks:DescribeCluster': 3,
    'eks:DescribeAddon': 3,
    'eks:ListPodIdentityAssociations': 3,
    'eks:DescribePodIdentityAssociation': 5,
    'iam:GetAccountAuthorizationDetails': 2,
    'kubernetes:list Namespace': 3,
    'kubernetes:list Node': 3,
    'kubernetes:list ServiceAccount': 3,
    'kubernetes:list Pod': 3,
    'kubernetes:list Deployment': 3,
    'kubernetes:list StatefulSet': 3,
    'kubernetes:list DaemonSet': 3,
    'kubernetes:list Job': 3,
  };

  it('hands no cluster over once the caller aborts, and rejects with the reason', async () => {
    const controller = new AbortController();
    const handed: string[] = [];
    const scan = scannerFor(discoverEverything).scan({
      signal: controller.signal,
      onCluster: inventory => {
        handed.push(inventory.cluster.name);
        controller.abort(new Error('the scan task timed out'));
      },
    });
    await expect(scan).rejects.toThrow('the scan task timed out');
    expect(handed).toHaveLength(1);
    // The estate has more clusters than the one handed over.
    expect(
      (await scannerFor(discoverEverything).listClusters()).clusters.length,
    ).toBeGreaterThan(1);
  });

  it('reads just the associations asked for: one by id, one service account, or a whole cluster', async () => {
    const scanner = scannerFor(discoverEverything);
    const { clusters } = await scanner.listClusters();
    const full = await scanner.scanCluster(clusters[0]);
    const [first] = full.associations;
    expect(first).toBeDefined();

    const calls = () => ({ ...sandbox.callCounts() });
    const before = calls();
    expect(
      await scanner.scanAssociations(clusters[0], {
        associationId: first.associationId,
      }),
    ).toEqual([first]);
    const after = calls();
    expect(
      (after['eks:DescribePodIdentityAssociation'] ?? 0) -
        (before['eks:DescribePodIdentityAssociation'] ?? 0),
    ).toBe(1);
    expect(after['eks:ListPodIdentityAssociations']).toBe(
      before['eks:ListPodIdentityAssociations'],
    );

    expect(
      await scanner.scanAssociations(clusters[0], {
        namespace: first.namespace,
        serviceAccount: first.serviceAccount,
      }),
    ).toEqual([first]);
    expect(await scanner.scanAssociations(clusters[0], {})).toEqual(
      full.associations,
    );
    expect(
      await scanner.scanAssociations(clusters[0], {
        associationId: 'a-0000000000000000000',
      }),
    ).toEqual([]);
  });

  it('makes no redundant calls', async () => {
    await scannerFor(discoverEverything).scan();
    expect(sandbox.callCounts()).toEqual(minimumCalls);
  });

  it('merges explicit clusters with discovery, keeping titles and scanning each once', async () => {
    const scanner = scannerFor({
      clusters: [
        {
          name: 'alpha',
          accountId: ACCOUNT_A,
          region: 'us-east-1',
          title: 'Alpha (prod)',
        },
      ],
      discovery: [
        { accountId: ACCOUNT_A, regions: ['us-east-1', 'eu-west-1'] },
      ],
    });
    const { clusters, errors } = await scanner.listClusters();
    expect(errors).toEqual([]);
    expect(clusters).toEqual([
      {
        name: 'alpha',
        accountId: ACCOUNT_A,
        region: 'us-east-1',
        title: 'Alpha (prod)',
        source: 'config',
      },
      {
        name: 'beta',
        accountId: ACCOUNT_A,
        region: 'eu-west-1',
        source: 'discovery',
      },
    ]);
    const scan = await scanner.scan({ clusters: ['alpha'] });
    expect(scan.clusters.map(c => [c.cluster.name, c.cluster.title])).toEqual([
      ['alpha', 'Alpha (prod)'],
    ]);
  });

  it('completes with nothing missing under throttling', async () => {
    await sandbox.stop();
    sandbox = await startSandbox({
      seed: testEstate(),
      throttle: {
        eks: { ratePerSecond: 8, burst: 2 },
        iam: { ratePerSecond: 4, burst: 1 },
      },
    });
    const saw: string[] = [];
    const scan = await scannerFor(discoverEverything).scan({
      onCluster: c => {
        saw.push(c.cluster.name);
      },
    });
    expectScanMatchesEstate(scan, sandbox.exportEstate());
    expect(saw.sort()).toEqual(['alpha', 'beta', 'gamma']);
    // More calls were answered than the scan needs: some were throttled and retried.
    const counts = sandbox.callCounts();
    const total = (c: Record<string, number>) =>
      Object.values(c).reduce((a, b) => a + b, 0);
    expect(total(counts)).toBeGreaterThan(total(minimumCalls));
  });

  it('keeps scanning the others when a cluster is down or its EKS reads fail', async () => {
    sandbox.faults.setClusterDown('alpha', true);
    sandbox.faults.denyOperation(ACCOUNT_B, 'eks:ListPodIdentityAssociations');
    const scan = await scannerFor(discoverEverything).scan();

    const alpha = scan.clusters.find(c => c.cluster.name === 'alpha')!;
    expect(alpha.cluster.status).toBe('ok');
    expect(alpha.associations).toHaveLength(3);
    expect(alpha.kubernetesError).toEqual(expect.any(String));
    expect(alpha.serviceAccounts).toEqual([]);
    expect(alpha.agent).toEqual({
      installed: true,
      addonStatus: 'ACTIVE',
      addonVersion: 'v1.3.8-eksbuild.1',
    });

    const gamma = scan.clusters.find(c => c.cluster.name === 'gamma')!;
    expect(gamma.cluster.status).toBe('error');
    expect(gamma.cluster.error).toBe(
      'backstage-reader in 222222222222 lacks eks:ListPodIdentityAssociations (add it from plugins/eks-pod-identity-node/policies/reader-policy.json)',
    );
    expect(gamma.kubernetesError).toBeUndefined();

    const beta = scan.clusters.find(c => c.cluster.name === 'beta')!;
    expect(beta.cluster.status).toBe('ok');
    expect(beta.kubernetesError).toBeUndefined();
    expect(beta.associations).toHaveLength(1);
    expect(scan.accounts.every(a => !a.error)).toBe(true);
  });

  it('reads role by role, to the same roles, when GetAccountAuthorizationDetails is denied', async () => {
    const normal = await scannerFor(discoverEverything).scan();
    sandbox.faults.denyOperation(
      ACCOUNT_A,
      'iam:GetAccountAuthorizationDetails',
    );
    sandbox.faults.denyOperation(
      ACCOUNT_B,
      'iam:GetAccountAuthorizationDetails',
    );
    sandbox.resetCallCounts();
    const fallback = await scannerFor(discoverEverything).scan();

    for (const accountId of [ACCOUNT_A, ACCOUNT_B]) {
      const before = normal.accounts.find(a => a.accountId === accountId)!;
      const after = fallback.accounts.find(a => a.accountId === accountId)!;
      expect(after).toMatchObject({
        mode: 'perRole',
        complete: true,
        notFoundRoleArns: [],
      });
      expect(after.error).toBeUndefined();
      const byArn = <T extends { arn: string }>(items: T[]) =>
        [...items].sort((x, y) => (x.arn < y.arn ? -1 : 1));
      // GetRole adds what GetAccountAuthorizationDetails leaves out.
      expect(
        byArn(after.roles).map(
          ({ description, maxSessionDuration, ...rest }) => rest,
        ),
      ).toEqual(byArn(before.roles));
      const referenced = new Set(
        after.roles.flatMap(r => [
          ...r.attachedPolicyArns,
          r.permissionsBoundaryArn,
        ]),
      );
      expect(byArn(after.policies)).toEqual(
        byArn(before.policies.filter(p => referenced.has(p.arn))),
      );
    }
    // Two customer-managed policies in account A, and each of the two
    // AWS-managed policies in use read once, though both accounts use S3ReadOnly.
    expect(sandbox.callCounts()['iam:GetPolicy']).toBe(4);
    expect(sandbox.callCounts()['iam:GetPolicyVersion']).toBe(4);
  });

  it('reads cross-account target roles when their account has credentials, and says which it cannot read', async () => {
    // Setting the estate up is an administrator's job, not the scanner's.
    const iam = new DefaultIamGateway(
      AwsClientFactory.fromConfig(
        sandboxConfig(sandbox, {}, { administrator: true }),
      ),
    );
    await iam
      .detachRolePolicy(
        ACCOUNT_B,
        'other-role',
        'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      )
      .catch(() => undefined);
    const onlyAlpha = {
      clusters: [{ name: 'alpha', accountId: ACCOUNT_A, region: 'us-east-1' }],
    };

    const withCredentials = await scannerFor(onlyAlpha).scan();
    const b = withCredentials.accounts.find(a => a.accountId === ACCOUNT_B)!;
    expect(b).toMatchObject({
      complete: false,
      mode: 'perRole',
      notFoundRoleArns: [],
    });
    expect(b.roles.map(r => r.name)).toEqual(['target-role']);
    expect(b.policies.map(p => p.arn)).toEqual([
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    ]);
    expect(withCredentials.unreadableAccountIds).toEqual([]);

    const withoutCredentials = await scannerFor(onlyAlpha, {
      accountIds: [ACCOUNT_A],
    }).scan();
    expect(withoutCredentials.accounts.map(a => a.accountId)).toEqual([
      ACCOUNT_A,
    ]);
    expect(withoutCredentials.unreadableAccountIds).toEqual([ACCOUNT_B]);

    await iam.detachRolePolicy(
      ACCOUNT_B,
      'target-role',
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    );
    await iam.deleteRole(ACCOUNT_B, 'target-role');
    const afterDelete = await scannerFor(onlyAlpha).scan();
    expect(
      afterDelete.accounts.find(a => a.accountId === ACCOUNT_B),
    ).toMatchObject({
      roles: [],
      notFoundRoleArns: [`arn:aws:iam::${ACCOUNT_B}:role/target-role`],
    });
  });

  it('reports a discovery failure and still scans what it can', async () => {
    sandbox.faults.denyOperation(ACCOUNT_B, 'eks:ListClusters');
    const scan = await scannerFor(discoverEverything).scan();
    expect(scan.clusters.map(c => c.cluster.name).sort()).toEqual([
      'alpha',
      'beta',
    ]);
    expect(scan.discoveryErrors).toEqual([
      {
        accountId: ACCOUNT_B,
        region: 'us-east-1',
        error:
          'backstage-reader in 222222222222 lacks eks:ListClusters (add it from plugins/eks-pod-identity-node/policies/reader-policy.json)',
      },
    ]);
  });
});
