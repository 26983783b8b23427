/*
 * yarn bench:scan [--associations N --clusters C --accounts A --regions R] —
 * the inventory scanner against a generated estate (issue 3), by default
 * 4 account-regions × 5 clusters × 100 associations, 600 roles,
 * 100 customer-managed + 40 AWS-managed policies (bench/lib/estateFlags.ts
 * scales roles and policies with the associations), 50 ms latency on every call,
 * EKS throttled at 20 req/s per account-region and IAM at 15 req/s per account.
 * Then a naive sequential crawler on one cluster, its time scaled by the number
 * of clusters. Prints figures; asserts nothing.
 */
import { ConfigReader } from '@backstage/config';
import { loadavg } from 'node:os';
import {
  AwsClientFactory,
  DefaultInventoryScanner,
  InventoryScan,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  DEFAULT_THROTTLE,
  EstateSeed,
  sandboxAwsConfig,
  sandboxDiscovery,
  withBackendIdentities,
} from '@pod-identity/sandbox';
import { parseEstateFlags } from './lib/estateFlags';
import { estateFigures } from './scan/estateFigures';
import { naiveCrawl } from './scan/naiveCrawler';
import { RemoteSandbox } from './scan/remoteSandbox';

const LATENCY_MS = 50;
const THROTTLE = {
  eks: { ...DEFAULT_THROTTLE.eks!, ratePerSecond: 20 },
  iam: { ...DEFAULT_THROTTLE.iam!, ratePerSecond: 15 },
};

/** Everything the scan should have read but did not. */
function countFailures(scan: InventoryScan, estate: EstateSeed): number {
  let failures = scan.discoveryErrors.length;
  for (const c of scan.clusters) {
    failures += c.cluster.status === 'error' ? 1 : 0;
    failures += c.kubernetesError ? 1 : 0;
  }
  for (const a of scan.accounts) {
    failures += a.error ? 1 : 0;
    failures += a.unreadablePolicyArns.length;
  }
  for (const account of estate.accounts) {
    for (const cluster of account.clusters ?? []) {
      const scanned = scan.clusters.find(c => c.cluster.name === cluster.name);
      failures += Math.abs(
        (cluster.associations?.length ?? 0) -
          (scanned?.associations.length ?? 0),
      );
    }
    if ((account.clusters ?? []).length > 0) {
      const iam = scan.accounts.find(a => a.accountId === account.id);
      failures += Math.abs(
        (account.iam?.roles?.length ?? 0) - (iam?.roles.length ?? 0),
      );
    }
  }
  return failures;
}

async function main() {
  const { estate } = parseEstateFlags();
  const figures = estateFigures(estate, THROTTLE);
  const { remote, endpoints, accounts } = await RemoteSandbox.start({
    seed: estate,
    latencyMs: LATENCY_MS,
    throttle: THROTTLE,
  });
  try {
    const config = new ConfigReader({
      aws: sandboxAwsConfig({ accounts }),
      eksPodIdentity: { endpoints, discovery: sandboxDiscovery(estate) },
    });
    const clients = AwsClientFactory.fromConfig(config);
    const scanner = DefaultInventoryScanner.fromConfig(config, { clients });

    await remote.resetCallCounts();
    const sandboxCpuBefore = await remote.cpuSeconds();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const scan = await scanner.scan();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const sandboxCpu = (await remote.cpuSeconds()) - sandboxCpuBefore;
    const counts = await remote.callCounts();
    await clients.destroy();
    const calls = Object.values(counts).reduce((a, b) => a + b, 0);
    // The sandbox adds the backend's identities (backstage-reader) to the estate.
    const failures = countFailures(scan, withBackendIdentities(estate));
    const rssMb = process.resourceUsage().maxRSS / 1024;
    const associations = scan.clusters.reduce(
      (n, c) => n + c.associations.length,
      0,
    );

    for (const [operation, n] of Object.entries(counts).sort()) {
      console.log(`calls ${operation}=${n}`);
    }
    console.log(
      `estate: associations=${figures.associations} roles=${figures.roles} clusters=${scan.clusters.length} ` +
        `busiest_scope=${[...figures.callsByScope]
          .sort((a, b) => b[1] - a[1])[0]
          .join(':')}`,
    );

    // CPU the scanner and the emulator needed: when either comes near the
    // wall time, the machine (not the throttling) set the pace.
    console.log(
      `cpu: scanner_seconds=${((cpu.user + cpu.system) / 1e6).toFixed(
        1,
      )} sandbox_seconds=${sandboxCpu.toFixed(1)} load_average=${loadavg()
        .map(l => l.toFixed(1))
        .join(',')}`,
    );

    // The naive crawler on the first cluster; every cluster costs about the same.
    const first = estate.accounts[0];
    const cluster = first.clusters![0];
    const naiveStarted = process.hrtime.bigint();
    const naive = await naiveCrawl({
      endpoint: endpoints.eks,
      credentials: accounts.find(a => a.accountId === first.id)!,
      region: cluster.region,
      cluster: cluster.name,
    });
    const naiveSeconds =
      (Number(process.hrtime.bigint() - naiveStarted) / 1e9) *
      scan.clusters.length;
    console.log(
      `naive: cluster=${cluster.name} associations=${naive.associations} calls=${naive.calls} scaled_by=${scan.clusters.length}`,
    );

    console.log(
      `scan: associations=${associations} calls=${calls} minimum=${figures.minimum} ` +
        `seconds=${seconds.toFixed(2)} bound=${figures.bound.toFixed(
          2,
        )} failures=${failures} ` +
        `rss_mb=${Math.round(rssMb)} naive_seconds=${naiveSeconds.toFixed(2)}`,
    );
  } finally {
    await remote.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
