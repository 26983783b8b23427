/*
 * yarn bench:analysis [--associations N --clusters C --accounts A --regions R]
 * — access analysis of the bench estate (issue 4): the estate of bench:scan
 * (by default 2,000 associations, 600 roles) is served by the sandbox and
 * scanned once (not timed); then findings and every access summary are computed from the scan,
 * and 10,000 simulate calls are timed one by one. Prints figures; asserts
 * nothing. The IAM action catalogue is loaded before the clock starts (a
 * backend loads it once at start-up) and its load time is printed apart.
 */
import { ConfigReader } from '@backstage/config';
import {
  ActionCatalogue,
  AwsClientFactory,
  DefaultInventoryScanner,
  DefaultInventoryAnalyzer,
  ServiceAccountKey,
  SimulationQuestion,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  sandboxAwsConfig,
  sandboxDiscovery,
  startSandbox,
} from '@pod-identity/sandbox';
import { parseEstateFlags } from './lib/estateFlags';
import { performance } from 'node:perf_hooks';

const SIMULATIONS = 10_000;

/** Deterministic, so runs compare. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function scanEstate() {
  const { estate } = parseEstateFlags();
  const sandbox = await startSandbox({ seed: estate });
  const config = new ConfigReader({
    aws: sandboxAwsConfig(sandbox),
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      discovery: sandboxDiscovery(estate),
    },
  });
  const clients = AwsClientFactory.fromConfig(config);
  try {
    const started = performance.now();
    const scan = await DefaultInventoryScanner.fromConfig(config, {
      clients,
    }).scan();
    console.log(
      `scan (not timed in the result): ${(
        (performance.now() - started) /
        1000
      ).toFixed(1)} s`,
    );
    return scan;
  } finally {
    await clients.destroy();
    await sandbox.stop();
  }
}

/** Questions a developer would ask: actions the role may or may not have, on its resources or others. */
function questions(scanActions: string[], resources: string[], count: number) {
  const rnd = random(20261128);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  return Array.from(
    { length: count },
    (): SimulationQuestion => ({
      action: pick(scanActions),
      resource: pick(resources),
      ...(rnd() < 0.2 ? { context: { 'aws:SourceIp': '10.0.0.1' } } : {}),
    }),
  );
}

async function main() {
  const scan = await scanEstate();

  let started = performance.now();
  const catalogue = await ActionCatalogue.load();
  console.log(
    `action catalogue: ${catalogue.size} actions, loaded in ${(
      (performance.now() - started) /
      1000
    ).toFixed(2)} s`,
  );

  const serviceAccounts: ServiceAccountKey[] = scan.clusters.flatMap(c =>
    c.associations.map(a => ({
      cluster: c.cluster.name,
      namespace: a.namespace,
      serviceAccount: a.serviceAccount,
    })),
  );
  const owned = new Set(
    serviceAccounts
      .filter((_, i) => i % 10 !== 0)
      .map(sa => `${sa.cluster}:${sa.namespace}/${sa.serviceAccount}`),
  );

  started = performance.now();
  const analysis = await new DefaultInventoryAnalyzer({ catalogue }).analyze({
    clusters: scan.clusters,
    accounts: scan.accounts,
    ownedServiceAccounts: owned,
  });
  let summaries = 0;
  for (const c of scan.clusters) {
    for (const a of c.associations)
      summaries += analysis.associationAccess(a.associationId) ? 1 : 0;
  }
  for (const account of scan.accounts) {
    for (const role of account.roles)
      summaries += analysis.roleAccess(role.arn) ? 1 : 0;
  }
  const seconds = (performance.now() - started) / 1000;
  const byCode = new Map<string, number>();
  for (const f of analysis.findings)
    byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  console.log(
    `findings: ${analysis.findings.length} (${[...byCode]
      .map(([c, n]) => `${c}=${n}`)
      .join(' ')})`,
  );
  console.log(`access summaries: ${summaries} (associations and roles)`);

  const actions = [
    's3:GetObject',
    's3:PutObject',
    's3:DeleteObject',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:DeleteItem',
    'sqs:SendMessage',
    'sns:Publish',
    'kms:Decrypt',
    'secretsmanager:GetSecretValue',
    'iam:PassRole',
    'ec2:RunInstances',
  ];
  const resources = scan.accounts.flatMap(account =>
    account.policies.flatMap(p =>
      (Array.isArray(p.document.Statement)
        ? p.document.Statement
        : [p.document.Statement]
      ).flatMap(s => [s.Resource ?? []].flat().map(r => r.replace(/\*/g, 'x'))),
    ),
  );
  resources.push('*');
  const asked = questions(actions, resources, SIMULATIONS);
  const rnd = random(7);
  const times: number[] = [];
  const decisions = new Map<string, number>();
  for (const question of asked) {
    const sa = serviceAccounts[Math.floor(rnd() * serviceAccounts.length)];
    const t = performance.now();
    const result = analysis.simulate(sa, question);
    times.push(performance.now() - t);
    decisions.set(
      result?.decision ?? 'none',
      (decisions.get(result?.decision ?? 'none') ?? 0) + 1,
    );
  }
  times.sort((a, b) => a - b);
  console.log(
    `simulate: ${SIMULATIONS} calls, p50 ${percentile(times, 50).toFixed(
      3,
    )} ms, p99 ${percentile(times, 99).toFixed(3)} ms (${[...decisions]
      .map(([d, n]) => `${d}=${n}`)
      .join(' ')})`,
  );
  console.log(
    `analysis: associations=${serviceAccounts.length} seconds=${seconds.toFixed(
      2,
    )} simulate_p95_ms=${percentile(times, 95).toFixed(3)}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
