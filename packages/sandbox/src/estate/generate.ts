import type {
  AccountSeed,
  AssociationSeed,
  ClusterSeed,
  EstateSeed,
  GeneratedAssociationsSeed,
  KubernetesSeed,
  ManagedPolicySeed,
  PolicyDocument,
  PolicyStatement,
  RoleSeed,
  WorkloadSeed,
} from '../types';
import { BUILT_IN_AWS_MANAGED_POLICIES } from '../aws/iam/awsManagedPolicies';
import { seedDateProblem } from './dates';

/**
 * Synthetic estates for benchmarks, and the expansion of `generatedAssociations`
 * for seeds that need quota-sized clusters. Everything here is a pure function of
 * its input: the same options always give the same estate, so benchmark figures
 * compare across runs and machines.
 */

export type GenerateEstateOptions = {
  accounts: number;
  regionsPerAccount: number;
  clustersPerRegion: number;
  associationsPerCluster: number;
  /** Total over all accounts; each account gets an even share. */
  roles: number;
  /** Total over all accounts; the first of each account's share is its permissions boundary. */
  customerManagedPolicies: number;
  /**
   * Distinct AWS-managed policies attached across the estate: the sandbox's
   * built-in ones first (`builtInAwsManagedPolicyNames`), then generated ones
   * returned in `awsManagedPolicies`.
   */
  awsManagedPolicies: number;
  /** PRNG seed. */
  seed: number;
  /** Names of the AWS-managed policies the sandbox already serves (default: all of them). */
  builtInAwsManagedPolicyNames?: string[];
};

/** The estate of the scan and analysis benchmarks (issues 3 and 4). */
export const BENCHMARK_ESTATE_OPTIONS: GenerateEstateOptions = {
  accounts: 2,
  regionsPerAccount: 2,
  clustersPerRegion: 5,
  associationsPerCluster: 100,
  roles: 600,
  customerManagedPolicies: 100,
  awsManagedPolicies: 40,
  seed: 20261128,
};

/** EKS refuses more associations than this per cluster. */
const MAX_ASSOCIATIONS_PER_CLUSTER = 5000;

const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'us-west-2',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'us-east-2',
  'eu-north-1',
];

/** The size of a benchmark estate, as the benches' flags give it. */
export type BenchmarkEstateSize = {
  associations: number;
  clusters: number;
  accounts: number;
  /** Regions each account has clusters in. */
  regions: number;
};

/** The benchmark estate's size: 2,000 associations over 20 clusters in 2 accounts × 2 regions. */
export const BENCHMARK_ESTATE_SIZE: BenchmarkEstateSize = {
  associations: 2000,
  clusters: 20,
  accounts: 2,
  regions: 2,
};

/**
 * Options for a benchmark estate of the given size, in the proportions of
 * BENCHMARK_ESTATE_OPTIONS (which the default size gives exactly): one role per
 * 3.3 associations and one customer-managed policy per 20, spread evenly over
 * the accounts; the same 40 AWS-managed policies. Clusters spread evenly over
 * account-regions and associations over clusters, so each must divide evenly;
 * an error starts with the name of the field to change.
 */
export function benchmarkEstateOptions(
  size: BenchmarkEstateSize,
): GenerateEstateOptions {
  for (const field of [
    'associations',
    'clusters',
    'accounts',
    'regions',
  ] as const) {
    const value = size[field];
    const min = field === 'associations' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `${field} must be a whole number of at least ${min}, got ${JSON.stringify(
          value,
        )}`,
      );
    }
  }
  if (size.regions > REGIONS.length) {
    throw new Error(
      `regions can be at most ${REGIONS.length} (${REGIONS.join(', ')}), got ${
        size.regions
      }`,
    );
  }
  const scopes = size.accounts * size.regions;
  if (size.clusters % scopes !== 0) {
    throw new Error(
      `clusters must be a multiple of accounts × regions (${size.accounts} × ${size.regions} = ${scopes}) so each account-region gets the same number, got ${size.clusters}`,
    );
  }
  if (size.associations % size.clusters !== 0) {
    throw new Error(
      `associations must be a multiple of clusters (${size.clusters}) so each cluster gets the same number, got ${size.associations}`,
    );
  }
  if (size.associations / size.clusters > MAX_ASSOCIATIONS_PER_CLUSTER) {
    throw new Error(
      `associations can be at most ${MAX_ASSOCIATIONS_PER_CLUSTER} per cluster (the EKS limit), got ${
        size.associations / size.clusters
      } per cluster; add clusters`,
    );
  }
  const scale = size.associations / BENCHMARK_ESTATE_SIZE.associations;
  return {
    ...BENCHMARK_ESTATE_OPTIONS,
    accounts: size.accounts,
    regionsPerAccount: size.regions,
    clustersPerRegion: size.clusters / scopes,
    associationsPerCluster: size.associations / size.clusters,
    roles: Math.max(
      size.accounts,
      Math.round(BENCHMARK_ESTATE_OPTIONS.roles * scale),
    ),
    customerManagedPolicies: Math.round(
      BENCHMARK_ESTATE_OPTIONS.customerManagedPolicies * scale,
    ),
  };
}

const NAMESPACE_SIZE = 10;
const NODES_PER_CLUSTER = 3;
const AGENT_ADDON = 'eks-pod-identity-agent';
const AGENT_VERSION = 'v1.3.8-eksbuild.1';

export function generateEstate(options: GenerateEstateOptions): EstateSeed {
  validateOptions(options);
  const random = createRandom(options.seed);
  const rolesPerAccount = evenShares(options.roles, options.accounts);
  const policiesPerAccount = evenShares(
    options.customerManagedPolicies,
    options.accounts,
  );
  const awsManaged = awsManagedPolicyPlan(options);
  let globalRoleIndex = 0;

  const accounts: AccountSeed[] = [];
  for (let a = 0; a < options.accounts; a++) {
    const accountId = String(700000000001 + a);
    const regions = REGIONS.slice(0, options.regionsPerAccount);
    const policies = generateCustomerPolicies(
      random,
      accountId,
      regions,
      policiesPerAccount[a],
    );
    const roles: RoleSeed[] = [];
    for (let r = 0; r < rolesPerAccount[a]; r++) {
      roles.push(
        generateRole(random, {
          accountId,
          regions,
          index: r,
          globalIndex: globalRoleIndex++,
          customerPolicies: policies,
          awsManagedArns: awsManaged.arns,
        }),
      );
    }
    const nextRole = cycle(
      shuffle(
        random,
        roles.map(role => role.name),
      ),
    );
    const clusters: ClusterSeed[] = [];
    regions.forEach((region, regionIndex) => {
      for (let c = 0; c < options.clustersPerRegion; c++) {
        clusters.push(
          generateCluster(random, {
            name: `bench-a${pad(a + 1, 2)}-${shortRegion(region)}-c${pad(
              c + 1,
              2,
            )}`,
            region,
            subnet: regionIndex * options.clustersPerRegion + c,
            associations: options.associationsPerCluster,
            roleFor: nextRole,
          }),
        );
      }
    });
    accounts.push({
      id: accountId,
      alias: `bench-${pad(a + 1, 2)}`,
      iam: { roles, policies },
      clusters,
    });
  }
  return { accounts, awsManagedPolicies: awsManaged.generated };
}

/**
 * Returns the seed with every cluster's `generatedAssociations` turned into
 * plain associations plus the namespaces, service accounts and (optionally)
 * workloads they refer to, so the generated associations are healthy unless the
 * seed says otherwise. The input is left untouched.
 */
export function expandGeneratedAssociations(seed: EstateSeed): EstateSeed {
  // Malformed seeds pass through untouched: validateEstate names their faults.
  if (!Array.isArray(seed?.accounts)) return seed;
  return {
    ...seed,
    accounts: seed.accounts.map((account, a) =>
      Array.isArray(account?.clusters)
        ? {
            ...account,
            clusters: account.clusters.map((cluster, c) =>
              cluster?.generatedAssociations
                ? expandCluster(
                    cluster,
                    `accounts[${a}].clusters[${c}].generatedAssociations`,
                  )
                : cluster,
            ),
          }
        : account,
    ),
  };
}

function expandCluster(cluster: ClusterSeed, path: string): ClusterSeed {
  const { generatedAssociations: spec, ...rest } = cluster;
  const generated = spec as GeneratedAssociationsSeed;
  validateGeneratedAssociations(generated, path);
  const serviceAccount = generated.serviceAccount ?? 'workload';
  const width = Math.max(4, String(generated.count).length);
  const namespaces: string[] = [];
  const associations: AssociationSeed[] = [];
  const workloads: WorkloadSeed[] = [];
  for (let i = 1; i <= generated.count; i++) {
    const namespace = `${generated.namespacePrefix}${pad(i, width)}`;
    namespaces.push(namespace);
    associations.push({
      namespace,
      serviceAccount,
      role: generated.role,
      ...(generated.createdAt && { createdAt: generated.createdAt }),
      ...(generated.modifiedAt && { modifiedAt: generated.modifiedAt }),
      ...(generated.tags && { tags: { ...generated.tags } }),
    });
    if (generated.workloadLabels) {
      workloads.push({
        kind: 'Deployment',
        namespace,
        name: serviceAccount,
        labels: { ...generated.workloadLabels },
        serviceAccountName: serviceAccount,
        replicas: 1,
        ...(generated.startedAt && { startedAt: generated.startedAt }),
      });
    }
  }
  const kubernetes: KubernetesSeed = rest.kubernetes ?? {};
  const existingAssociations = rest.associations ?? [];
  if (
    existingAssociations.length + generated.count >
    MAX_ASSOCIATIONS_PER_CLUSTER
  ) {
    throw new Error(
      `${path}.count: ${generated.count} generated plus ${existingAssociations.length} listed associations exceed EKS's ${MAX_ASSOCIATIONS_PER_CLUSTER} per cluster; lower the count`,
    );
  }
  return {
    ...rest,
    associations: [...existingAssociations, ...associations],
    kubernetes: {
      ...kubernetes,
      namespaces: [...(kubernetes.namespaces ?? []), ...namespaces],
      serviceAccounts: [
        ...(kubernetes.serviceAccounts ?? []),
        ...namespaces.map(namespace => ({ namespace, name: serviceAccount })),
      ],
      workloads: [...(kubernetes.workloads ?? []), ...workloads],
    },
  };
}

function validateGeneratedAssociations(
  spec: GeneratedAssociationsSeed,
  path: string,
) {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new Error(
      `${path} must be a mapping with count, namespacePrefix and role`,
    );
  }
  if (
    !Number.isInteger(spec.count) ||
    spec.count < 1 ||
    spec.count > MAX_ASSOCIATIONS_PER_CLUSTER
  ) {
    throw new Error(
      `${path}.count must be a whole number from 1 to ${MAX_ASSOCIATIONS_PER_CLUSTER}, got ${JSON.stringify(
        spec.count,
      )}`,
    );
  }
  // The 4-digit suffix takes 4 of the 63 characters a namespace may have.
  if (
    typeof spec.namespacePrefix !== 'string' ||
    !/^[a-z0-9]([-a-z0-9]{0,57}[-a-z0-9])?$/.test(spec.namespacePrefix)
  ) {
    throw new Error(
      `${path}.namespacePrefix must be lowercase letters, digits and '-' (at most 59 characters, not starting with '-'), got ${JSON.stringify(
        spec.namespacePrefix,
      )}`,
    );
  }
  if (typeof spec.role !== 'string' || spec.role.length === 0) {
    throw new Error(
      `${path}.role must be a role name in the cluster's account or a role ARN`,
    );
  }
  if (
    spec.serviceAccount !== undefined &&
    (typeof spec.serviceAccount !== 'string' ||
      !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(spec.serviceAccount))
  ) {
    throw new Error(
      `${path}.serviceAccount must be a Kubernetes name (lowercase letters, digits, '-' and '.'), got ${JSON.stringify(
        spec.serviceAccount,
      )}`,
    );
  }
  for (const field of ['startedAt', 'createdAt', 'modifiedAt'] as const) {
    const problem =
      spec[field] === undefined ? undefined : seedDateProblem(spec[field]);
    if (problem) throw new Error(`${path}.${field}: ${problem}`);
  }
}

function validateOptions(options: GenerateEstateOptions) {
  const wholeNumber = (field: keyof GenerateEstateOptions, min: number) => {
    const value = options[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new Error(
        `generateEstate: options.${field} must be a whole number of at least ${min}, got ${JSON.stringify(
          value,
        )}`,
      );
    }
  };
  wholeNumber('accounts', 1);
  wholeNumber('regionsPerAccount', 1);
  wholeNumber('clustersPerRegion', 1);
  wholeNumber('associationsPerCluster', 0);
  wholeNumber('roles', options.accounts);
  wholeNumber('customerManagedPolicies', 0);
  wholeNumber('awsManagedPolicies', 0);
  wholeNumber('seed', 0);
  if (options.regionsPerAccount > REGIONS.length) {
    throw new Error(
      `generateEstate: options.regionsPerAccount can be at most ${
        REGIONS.length
      } (${REGIONS.join(', ')}), got ${options.regionsPerAccount}`,
    );
  }
  if (options.associationsPerCluster > MAX_ASSOCIATIONS_PER_CLUSTER) {
    throw new Error(
      `generateEstate: options.associationsPerCluster can be at most ${MAX_ASSOCIATIONS_PER_CLUSTER} (the EKS limit per cluster), got ${options.associationsPerCluster}`,
    );
  }
}

// --- IAM -----------------------------------------------------------------

type ServiceTemplate = {
  service: string;
  read: string[];
  write: string[];
  resource: (accountId: string, region: string, n: number) => string;
};

/** Realistic data-plane permissions; resources are specific, as good policies are. */
const SERVICES: ServiceTemplate[] = [
  {
    service: 's3',
    read: ['s3:GetObject', 's3:ListBucket'],
    write: ['s3:PutObject', 's3:DeleteObject'],
    resource: (accountId, _region, n) =>
      `arn:aws:s3:::bench-${accountId}-data-${pad(n, 3)}/*`,
  },
  {
    service: 'dynamodb',
    read: ['dynamodb:GetItem', 'dynamodb:Query'],
    write: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    resource: (accountId, region, n) =>
      `arn:aws:dynamodb:${region}:${accountId}:table/bench-table-${pad(n, 3)}`,
  },
  {
    service: 'sqs',
    read: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'],
    write: ['sqs:SendMessage', 'sqs:DeleteMessage'],
    resource: (accountId, region, n) =>
      `arn:aws:sqs:${region}:${accountId}:bench-queue-${pad(n, 3)}`,
  },
  {
    service: 'sns',
    read: ['sns:GetTopicAttributes'],
    write: ['sns:Publish'],
    resource: (accountId, region, n) =>
      `arn:aws:sns:${region}:${accountId}:bench-topic-${pad(n, 3)}`,
  },
  {
    service: 'secretsmanager',
    read: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    write: ['secretsmanager:PutSecretValue'],
    resource: (accountId, region, n) =>
      `arn:aws:secretsmanager:${region}:${accountId}:secret:bench/app-${pad(
        n,
        3,
      )}-*`,
  },
  {
    service: 'kms',
    read: ['kms:Decrypt', 'kms:DescribeKey'],
    write: ['kms:Encrypt', 'kms:GenerateDataKey'],
    resource: (accountId, region, n) =>
      `arn:aws:kms:${region}:${accountId}:key/00000000-0000-4000-8000-${pad(
        n,
        12,
      )}`,
  },
];

function generateCustomerPolicies(
  random: Random,
  accountId: string,
  regions: string[],
  count: number,
): ManagedPolicySeed[] {
  const policies: ManagedPolicySeed[] = [];
  for (let p = 0; p < count; p++) {
    if (p === 0) {
      policies.push({
        name: 'bench-boundary',
        description: 'Permissions boundary of generated workload roles',
        document: boundaryDocument(),
      });
      continue;
    }
    const statements: PolicyStatement[] = [];
    const statementCount = 1 + Math.floor(random() * 3);
    for (let s = 0; s < statementCount; s++) {
      statements.push(
        dataPlaneStatement(random, accountId, pick(random, regions)),
      );
    }
    policies.push({
      name: `bench-policy-${pad(p, 3)}`,
      description: `Generated workload policy ${p}`,
      document: { Version: '2012-10-17', Statement: statements },
      tags: { 'generated-by': 'sandbox-bench' },
    });
  }
  return policies;
}

function boundaryDocument(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DataPlane',
        Effect: 'Allow',
        Action: SERVICES.flatMap(service => [
          ...service.read,
          ...service.write,
        ]),
        Resource: '*',
      },
      { Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    ],
  };
}

function dataPlaneStatement(
  random: Random,
  accountId: string,
  region: string,
): PolicyStatement {
  const service = pick(random, SERVICES);
  const write = random() < 0.4;
  return {
    Effect: 'Allow',
    Action: write ? [...service.read, ...service.write] : [...service.read],
    Resource: service.resource(accountId, region, Math.floor(random() * 200)),
  };
}

function generateRole(
  random: Random,
  ctx: {
    accountId: string;
    regions: string[];
    index: number;
    globalIndex: number;
    customerPolicies: ManagedPolicySeed[];
    awsManagedArns: string[];
  },
): RoleSeed {
  const { accountId, customerPolicies, awsManagedArns } = ctx;
  const attached = new Set<string>();
  // Workload policies start after the boundary; cycling through them first
  // makes every policy attached somewhere when there are enough roles.
  const workloadPolicies = customerPolicies.slice(1);
  if (workloadPolicies.length > 0) {
    attached.add(
      customerPolicyArn(
        accountId,
        workloadPolicies[ctx.index % workloadPolicies.length],
      ),
    );
    const extra = Math.floor(random() * 3);
    for (let e = 0; e < extra; e++) {
      attached.add(
        customerPolicyArn(accountId, pick(random, workloadPolicies)),
      );
    }
  }
  if (awsManagedArns.length > 0) {
    if (ctx.globalIndex < awsManagedArns.length) {
      attached.add(awsManagedArns[ctx.globalIndex]);
    } else if (random() < 0.2) {
      attached.add(pick(random, awsManagedArns));
    }
  }
  const withBoundary = customerPolicies.length > 0 && random() < 0.5;
  const inline = random() < 0.3;
  const daysSinceUse = Math.floor(random() * 200);
  return {
    name: `bench-role-${pad(ctx.index, 4)}`,
    path: '/workloads/',
    description: 'Generated workload role',
    trustPolicy: podIdentityTrust(accountId, random() < 0.5),
    managedPolicyArns: [...attached],
    ...(inline && {
      inlinePolicies: {
        inline: {
          Version: '2012-10-17',
          Statement: [
            dataPlaneStatement(random, accountId, pick(random, ctx.regions)),
          ],
        },
      },
    }),
    ...(withBoundary && {
      permissionsBoundaryArn: customerPolicyArn(accountId, customerPolicies[0]),
    }),
    tags: { owner: `team-${pad(ctx.index % 20, 2)}` },
    createDate: daysBefore(400 + Math.floor(random() * 300)),
    lastUsed: daysSinceUse < 180 ? daysBefore(daysSinceUse) : null,
    ...(daysSinceUse < 180 && { lastUsedRegion: ctx.regions[0] }),
  };
}

/** The trust EKS requires; `scoped` narrows it to the account's clusters. */
function podIdentityTrust(accountId: string, scoped: boolean): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        ...(scoped && {
          Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
        }),
      },
    ],
  };
}

function customerPolicyArn(accountId: string, policy: ManagedPolicySeed) {
  return `arn:aws:iam::${accountId}:policy${policy.path ?? '/'}${policy.name}`;
}

function awsManagedPolicyPlan(options: GenerateEstateOptions): {
  arns: string[];
  generated: ManagedPolicySeed[];
} {
  const builtIn = (
    options.builtInAwsManagedPolicyNames ??
    BUILT_IN_AWS_MANAGED_POLICIES.map(policy => policy.name)
  ).slice(0, options.awsManagedPolicies);
  const generated: ManagedPolicySeed[] = [];
  for (let g = builtIn.length; g < options.awsManagedPolicies; g++) {
    const service = SERVICES[g % SERVICES.length];
    generated.push({
      name: `BenchGenerated${pad(g + 1, 3)}ReadOnlyAccess`,
      description: `Generated AWS-managed read access to ${service.service}`,
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: service.read, Resource: '*' }],
      },
    });
  }
  return {
    arns: [...builtIn, ...generated.map(policy => policy.name)].map(
      name => `arn:aws:iam::aws:policy/${name}`,
    ),
    generated,
  };
}

// --- EKS and Kubernetes ----------------------------------------------------

function generateCluster(
  random: Random,
  ctx: {
    name: string;
    region: string;
    subnet: number;
    associations: number;
    roleFor: () => string;
  },
): ClusterSeed {
  const nodes = Array.from({ length: NODES_PER_CLUSTER }, (_, n) => ({
    name: `ip-10-${ctx.subnet}-${n + 1}-10.${ctx.region}.compute.internal`,
    labels: {
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'eks.amazonaws.com/nodegroup': 'general',
      'node.kubernetes.io/instance-type': 'm6i.large',
      'topology.kubernetes.io/region': ctx.region,
    },
  }));
  const namespaceCount = Math.max(
    1,
    Math.ceil(ctx.associations / NAMESPACE_SIZE),
  );
  const namespaces = Array.from(
    { length: namespaceCount },
    (_, n) => `team-${pad(n + 1, 3)}`,
  );
  const associations: AssociationSeed[] = [];
  const serviceAccounts: NonNullable<KubernetesSeed['serviceAccounts']> = [];
  const workloads: WorkloadSeed[] = [
    {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: AGENT_ADDON,
      labels: { 'app.kubernetes.io/name': AGENT_ADDON },
      nodeNames: nodes.map(node => node.name),
      startedAt: daysBefore(400),
    },
  ];
  for (let i = 0; i < ctx.associations; i++) {
    const namespace = namespaces[i % namespaceCount];
    const serviceAccount = `svc-${pad(i + 1, 4)}`;
    const createdDaysAgo = 30 + Math.floor(random() * 300);
    const modifiedDaysAgo =
      random() < 0.3 ? Math.floor(random() * createdDaysAgo) : createdDaysAgo;
    associations.push({
      namespace,
      serviceAccount,
      role: ctx.roleFor(),
      createdAt: daysBefore(createdDaysAgo),
      modifiedAt: daysBefore(modifiedDaysAgo),
      tags: { owner: namespace },
    });
    serviceAccounts.push({ namespace, name: serviceAccount });
    workloads.push({
      kind: 'Deployment',
      namespace,
      name: serviceAccount,
      labels: {
        app: serviceAccount,
        'backstage.io/kubernetes-id': `${ctx.name}-${serviceAccount}`,
      },
      serviceAccountName: serviceAccount,
      replicas: random() < 0.3 ? 2 : 1,
      startedAt: daysBefore(Math.max(0, modifiedDaysAgo - 1)),
    });
  }
  return {
    name: ctx.name,
    region: ctx.region,
    version: '1.31',
    tags: { environment: 'bench' },
    addons: [{ name: AGENT_ADDON, version: AGENT_VERSION, status: 'ACTIVE' }],
    associations,
    kubernetes: {
      namespaces: ['kube-system', ...namespaces],
      serviceAccounts,
      nodes,
      workloads,
    },
  };
}

// --- helpers ---------------------------------------------------------------

type Random = () => number;

/** mulberry32: tiny, fast and good enough to shuffle a synthetic estate. */
function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: T[]): T {
  return items[Math.floor(random() * items.length)];
}

function shuffle<T>(random: Random, items: T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/** Hands out the items in turn, forever: every role gets used before any repeats. */
function cycle<T>(items: T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length];
}

function evenShares(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function shortRegion(region: string): string {
  const [area, direction, number] = region.split('-');
  return `${area.slice(0, 2)}${direction.slice(0, 1)}${number}`;
}

/**
 * A date relative to the sandbox's start (estate/dates.ts): the estate stays
 * deterministic, and its ages (last use, pods after their association) hold
 * whatever day it is loaded on.
 */
function daysBefore(days: number): string {
  return `-${days}d`;
}
