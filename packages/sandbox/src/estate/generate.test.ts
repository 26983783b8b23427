import { BUILT_IN_AWS_MANAGED_POLICIES } from '../aws/iam/awsManagedPolicies';
import type { EstateSeed, PolicyDocument } from '../types';
import { validateEstate } from './validate';
import {
  BENCHMARK_ESTATE_OPTIONS,
  BENCHMARK_ESTATE_SIZE,
  benchmarkEstateOptions,
  expandGeneratedAssociations,
  generateEstate,
} from './generate';

const builtIn = ['AmazonS3ReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess'];
const benchmark = {
  ...BENCHMARK_ESTATE_OPTIONS,
  builtInAwsManagedPolicyNames: builtIn,
};

function allClusters(estate: EstateSeed) {
  return estate.accounts.flatMap(account =>
    (account.clusters ?? []).map(cluster => ({ account, cluster })),
  );
}

function roleArnsOf(estate: EstateSeed) {
  return new Set(
    estate.accounts.flatMap(account =>
      (account.iam?.roles ?? []).map(
        role =>
          `arn:aws:iam::${account.id}:role${role.path ?? '/'}${role.name}`,
      ),
    ),
  );
}

function statements(document: PolicyDocument) {
  return Array.isArray(document.Statement)
    ? document.Statement
    : [document.Statement];
}

describe('generateEstate', () => {
  const estate = generateEstate(benchmark);

  it('has the benchmark shape', () => {
    const clusters = allClusters(estate);
    const accountRegions = new Set(
      clusters.map(({ account, cluster }) => `${account.id}/${cluster.region}`),
    );
    expect(accountRegions.size).toBe(4);
    expect(clusters).toHaveLength(20);
    for (const { cluster } of clusters) {
      expect(cluster.associations).toHaveLength(100);
    }
    const roles = estate.accounts.flatMap(a => a.iam?.roles ?? []);
    expect(roles).toHaveLength(600);
    const customerPolicies = estate.accounts.flatMap(
      a => a.iam?.policies ?? [],
    );
    expect(customerPolicies).toHaveLength(100);
    expect(estate.awsManagedPolicies).toHaveLength(40 - builtIn.length);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(generateEstate(benchmark))).toBe(
      JSON.stringify(estate),
    );
    expect(JSON.stringify(generateEstate({ ...benchmark, seed: 7 }))).not.toBe(
      JSON.stringify(estate),
    );
  });

  it('gives cluster names that are unique across accounts and regions', () => {
    const names = allClusters(estate).map(({ cluster }) => cluster.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refers only to roles and policies that exist', () => {
    const roleNamesByAccount = new Map(
      estate.accounts.map(a => [
        a.id,
        new Set((a.iam?.roles ?? []).map(role => role.name)),
      ]),
    );
    const awsManagedArns = new Set([
      ...builtIn.map(name => `arn:aws:iam::aws:policy/${name}`),
      ...(estate.awsManagedPolicies ?? []).map(
        p => `arn:aws:iam::aws:policy${p.path ?? '/'}${p.name}`,
      ),
    ]);
    for (const { account, cluster } of allClusters(estate)) {
      for (const association of cluster.associations ?? []) {
        expect(roleNamesByAccount.get(account.id)).toContain(association.role);
      }
    }
    const problems: string[] = [];
    for (const account of estate.accounts) {
      const customerArns = new Set(
        (account.iam?.policies ?? []).map(
          p => `arn:aws:iam::${account.id}:policy${p.path ?? '/'}${p.name}`,
        ),
      );
      for (const role of account.iam?.roles ?? []) {
        for (const arn of role.managedPolicyArns ?? []) {
          if (!customerArns.has(arn) && !awsManagedArns.has(arn)) {
            problems.push(`${role.name}: missing managed policy ${arn}`);
          }
        }
        const boundary = role.permissionsBoundaryArn;
        if (boundary && !customerArns.has(boundary)) {
          problems.push(`${role.name}: missing boundary ${boundary}`);
        }
        // IAM's default quota of managed policies per role.
        if ((role.managedPolicyArns ?? []).length > 10) {
          problems.push(`${role.name}: more than 10 managed policies`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(roleArnsOf(estate).size).toBe(600);
  });

  it('uses every role, shares roles between service accounts, and attaches every policy', () => {
    const usage = new Map<string, number>();
    for (const { account, cluster } of allClusters(estate)) {
      for (const association of cluster.associations ?? []) {
        const key = `${account.id}/${association.role}`;
        usage.set(key, (usage.get(key) ?? 0) + 1);
      }
    }
    expect(usage.size).toBe(600);
    expect(Math.max(...usage.values())).toBeGreaterThan(1);

    const attached = new Set(
      estate.accounts.flatMap(a =>
        (a.iam?.roles ?? []).flatMap(role => [
          ...(role.managedPolicyArns ?? []),
          ...(role.permissionsBoundaryArn ? [role.permissionsBoundaryArn] : []),
        ]),
      ),
    );
    expect(attached.size).toBe(140);
  });

  it('gives every role the Pod Identity trust that EKS requires', () => {
    for (const account of estate.accounts) {
      for (const role of account.iam?.roles ?? []) {
        const trusts = statements(role.trustPolicy).some(
          s =>
            s.Effect === 'Allow' &&
            JSON.stringify(s.Principal) ===
              JSON.stringify({ Service: 'pods.eks.amazonaws.com' }) &&
            JSON.stringify(s.Action) ===
              JSON.stringify(['sts:AssumeRole', 'sts:TagSession']),
        );
        expect(trusts ? role.name : `untrusted ${role.name}`).toBe(role.name);
      }
    }
  });

  it('backs every association with Kubernetes objects and the agent', () => {
    for (const { cluster } of allClusters(estate)) {
      const k8s = cluster.kubernetes!;
      const namespaces = new Set(k8s.namespaces);
      const serviceAccounts = new Set(
        k8s.serviceAccounts!.map(sa => `${sa.namespace}/${sa.name}`),
      );
      const workloadAccounts = new Set(
        k8s.workloads!.map(w => `${w.namespace}/${w.serviceAccountName}`),
      );
      const nodes = new Set(k8s.nodes!.map(node => node.name));
      for (const association of cluster.associations ?? []) {
        const key = `${association.namespace}/${association.serviceAccount}`;
        expect(namespaces).toContain(association.namespace);
        expect(serviceAccounts).toContain(key);
        expect(workloadAccounts).toContain(key);
      }
      for (const workload of k8s.workloads!) {
        expect(namespaces).toContain(workload.namespace);
        for (const node of workload.nodeNames ?? [])
          expect(nodes).toContain(node);
      }
      expect(cluster.addons).toEqual([
        expect.objectContaining({
          name: 'eks-pod-identity-agent',
          status: 'ACTIVE',
        }),
      ]);
      expect(k8s.workloads).toContainEqual(
        expect.objectContaining({
          kind: 'DaemonSet',
          namespace: 'kube-system',
          name: 'eks-pod-identity-agent',
        }),
      );
    }
  });

  it('keeps each service account to one association per cluster', () => {
    for (const { cluster } of allClusters(estate)) {
      const keys = (cluster.associations ?? []).map(
        a => `${a.namespace}/${a.serviceAccount}`,
      );
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it("passes the sandbox's estate validation", () => {
    expect(() => validateEstate(estate, 'generated')).not.toThrow();
  });

  it("dates everything relative to the sandbox's start, pods no older than their association", () => {
    const dates = estate.accounts.flatMap(account => [
      ...(account.iam?.roles ?? []).flatMap(r => [r.createDate, r.lastUsed]),
      ...(account.clusters ?? []).flatMap(c => [
        ...(c.associations ?? []).flatMap(a => [a.createdAt, a.modifiedAt]),
        ...(c.kubernetes?.workloads ?? []).map(w => w.startedAt),
      ]),
    ]);
    expect(dates.filter(d => d !== null && !/^-\d+d$/.test(d!))).toEqual([]);
    const days = (date: string | undefined) => Number(date!.slice(1, -1));
    for (const { cluster } of allClusters(estate)) {
      const modified = new Map(
        (cluster.associations ?? []).map(a => [
          `${a.namespace}/${a.serviceAccount}`,
          days(a.modifiedAt),
        ]),
      );
      const early = (cluster.kubernetes?.workloads ?? []).filter(
        w =>
          w.serviceAccountName &&
          days(w.startedAt) >
            modified.get(`${w.namespace}/${w.serviceAccountName}`)!,
      );
      expect(early.map(w => w.name)).toEqual([]);
    }
  });

  it("draws AWS-managed policies from the sandbox's built-in ones by default", () => {
    const builtInNames = BUILT_IN_AWS_MANAGED_POLICIES.map(p => p.name);
    const withDefaults = generateEstate(BENCHMARK_ESTATE_OPTIONS);
    expect(withDefaults.awsManagedPolicies).toHaveLength(
      40 - builtInNames.length,
    );
    const attached = new Set(
      withDefaults.accounts.flatMap(a =>
        (a.iam?.roles ?? []).flatMap(role => role.managedPolicyArns ?? []),
      ),
    );
    for (const name of builtInNames) {
      expect(attached).toContain(`arn:aws:iam::aws:policy/${name}`);
    }
  });

  it('scales down to a tiny estate', () => {
    const tiny = generateEstate({
      accounts: 1,
      regionsPerAccount: 1,
      clustersPerRegion: 1,
      associationsPerCluster: 3,
      roles: 2,
      customerManagedPolicies: 0,
      awsManagedPolicies: 0,
      seed: 1,
    });
    expect(tiny.accounts).toHaveLength(1);
    expect(tiny.accounts[0].clusters![0].associations).toHaveLength(3);
    expect(tiny.awsManagedPolicies).toEqual([]);
  });

  it.each([
    [{ accounts: 0 }, /options\.accounts must be a whole number of at least 1/],
    [{ roles: 1 }, /options\.roles must be a whole number of at least 2/],
    [{ seed: 1.5 }, /options\.seed must be a whole number/],
    [{ regionsPerAccount: 99 }, /options\.regionsPerAccount can be at most 8/],
    [{ associationsPerCluster: 5001 }, /at most 5000 \(the EKS limit/],
  ])('rejects %j with a message naming the option', (override, message) => {
    expect(() => generateEstate({ ...benchmark, ...override })).toThrow(
      message,
    );
  });
});

describe('expandGeneratedAssociations', () => {
  const seed: EstateSeed = {
    accounts: [
      {
        id: '222222222222',
        clusters: [
          {
            name: 'ci',
            region: 'us-east-1',
            associations: [
              { namespace: 'tools', serviceAccount: 'bot', role: 'bot' },
            ],
            generatedAssociations: {
              count: 12,
              namespacePrefix: 'ci-',
              role: 'ci-runner',
              serviceAccount: 'runner',
              workloadLabels: { app: 'runner' },
              startedAt: '2026-11-20T00:00:00Z',
              createdAt: '2026-10-01T00:00:00Z',
              modifiedAt: '2026-10-02T00:00:00Z',
            },
            kubernetes: { namespaces: ['tools'] },
          },
          { name: 'plain', region: 'us-east-1' },
        ],
      },
    ],
  };

  it('turns the spec into associations, namespaces, service accounts and workloads', () => {
    const expanded = expandGeneratedAssociations(seed);
    const [ci, plain] = expanded.accounts[0].clusters!;
    expect(ci.generatedAssociations).toBeUndefined();
    expect(ci.associations).toHaveLength(13);
    expect(ci.associations![0].namespace).toBe('tools');
    expect(ci.associations![1]).toEqual({
      namespace: 'ci-0001',
      serviceAccount: 'runner',
      role: 'ci-runner',
      createdAt: '2026-10-01T00:00:00Z',
      modifiedAt: '2026-10-02T00:00:00Z',
    });
    expect(ci.associations![12].namespace).toBe('ci-0012');
    expect(ci.kubernetes!.namespaces).toEqual([
      'tools',
      ...Array.from(
        { length: 12 },
        (_, i) => `ci-${String(i + 1).padStart(4, '0')}`,
      ),
    ]);
    expect(ci.kubernetes!.serviceAccounts).toContainEqual({
      namespace: 'ci-0005',
      name: 'runner',
    });
    expect(ci.kubernetes!.workloads).toContainEqual({
      kind: 'Deployment',
      namespace: 'ci-0005',
      name: 'runner',
      labels: { app: 'runner' },
      serviceAccountName: 'runner',
      replicas: 1,
      startedAt: '2026-11-20T00:00:00Z',
    });
    expect(plain).toBe(seed.accounts[0].clusters![1]);
  });

  it('leaves its input untouched', () => {
    const before = JSON.stringify(seed);
    expandGeneratedAssociations(seed);
    expect(JSON.stringify(seed)).toBe(before);
  });

  it('creates no workloads unless asked to', () => {
    const expanded = expandGeneratedAssociations({
      accounts: [
        {
          id: '1',
          clusters: [
            {
              name: 'c',
              region: 'us-east-1',
              generatedAssociations: {
                count: 2,
                namespacePrefix: 'n-',
                role: 'r',
              },
            },
          ],
        },
      ],
    });
    const cluster = expanded.accounts[0].clusters![0];
    expect(cluster.kubernetes!.workloads).toEqual([]);
    expect(cluster.associations!.map(a => a.serviceAccount)).toEqual([
      'workload',
      'workload',
    ]);
  });

  it.each([
    [
      { count: 0 },
      /clusters\[0\]\.generatedAssociations\.count must be a whole number from 1 to 5000/,
    ],
    [{ count: 5001 }, /count must be a whole number from 1 to 5000/],
    [{ namespacePrefix: 'CI_' }, /namespacePrefix must be lowercase letters/],
    [{ role: '' }, /role must be a role name/],
    [{ serviceAccount: 'Runner' }, /serviceAccount must be a Kubernetes name/],
    [
      { createdAt: 'yesterday' },
      /generatedAssociations\.createdAt: 'yesterday' must be an ISO date/,
    ],
    [{ startedAt: '-3x' }, /startedAt: '-3x' is not a relative date/],
  ])('rejects %j naming the field', (override, message) => {
    const bad: EstateSeed = {
      accounts: [
        {
          id: '1',
          clusters: [
            {
              name: 'c',
              region: 'us-east-1',
              generatedAssociations: {
                count: 3,
                namespacePrefix: 'n-',
                role: 'r',
                ...override,
              },
            },
          ],
        },
      ],
    };
    expect(() => expandGeneratedAssociations(bad)).toThrow(message);
  });

  it('refuses to go past the EKS limit together with listed associations', () => {
    const crowded = expandGeneratedAssociations.bind(null, {
      accounts: [
        {
          id: '1',
          clusters: [
            {
              name: 'c',
              region: 'us-east-1',
              associations: [
                { namespace: 'a', serviceAccount: 'b', role: 'r' },
              ],
              generatedAssociations: {
                count: 5000,
                namespacePrefix: 'n-',
                role: 'r',
              },
            },
          ],
        },
      ],
    });
    expect(crowded).toThrow(/exceed EKS's 5000 per cluster/);
  });
});

describe('benchmarkEstateOptions', () => {
  it('gives the benchmark options at the default size', () => {
    expect(benchmarkEstateOptions(BENCHMARK_ESTATE_SIZE)).toEqual(
      BENCHMARK_ESTATE_OPTIONS,
    );
  });

  it('spreads ten times the estate over accounts, regions and clusters', () => {
    const options = benchmarkEstateOptions({
      associations: 20000,
      clusters: 40,
      accounts: 10,
      regions: 2,
    });
    expect(options).toMatchObject({
      accounts: 10,
      regionsPerAccount: 2,
      clustersPerRegion: 2,
      associationsPerCluster: 500,
      roles: 6000,
      customerManagedPolicies: 1000,
      awsManagedPolicies: 40,
    });
  });

  it.each([
    [{ clusters: 41 }, /^clusters must be a multiple of .* 4\b/],
    [{ associations: 2001 }, /^associations must be a multiple of clusters/],
    [
      { associations: 200000, clusters: 4 },
      /^associations can be at most 5000/,
    ],
    [{ regions: 9 }, /^regions can be at most 8/],
    [{ accounts: 0 }, /^accounts must be a whole number of at least 1/],
  ])('names the field to change for %j', (change, message) => {
    expect(() =>
      benchmarkEstateOptions({ ...BENCHMARK_ESTATE_SIZE, ...change }),
    ).toThrow(message);
  });
});
