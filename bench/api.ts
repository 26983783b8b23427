/*
 * yarn bench:api [--associations N --clusters C --accounts A --regions R] —
 * the backend's read path under load (issue 3). The bench estate of bench:scan
 * (by default 2,000 associations over 20 clusters) is scanned by the
 * real scanner from a sandbox in a child process (so rss_mb is the backend's
 * own, holding the read model) into the plugin's snapshot; the sandbox is
 * then stopped, and 50 concurrent clients spend 20 s alternating
 * between the entity access route and /v1/associations?cluster=…. The clients
 * run in a worker thread so they do not share the server's event loop.
 * Prints figures; asserts nothing. Last line:
 *   api: associations=… rps=… p50_ms=… p95_ms=… p99_ms=… errors=…
 *
 * Memory (the `load:` line) is sampled once the clients' worker thread has
 * exited, after a full garbage collection when `global.gc` exists (the npm
 * script runs node with --expose-gc; `gc=none` says it did not), so it is
 * what the process holds rather than garbage the collector had not yet
 * reached. `rss_mb` is this whole process: the backend with the plugin's read
 * model (snapshot, analysis, response-body caches), the test backend's
 * services, Node, tsx and every loaded library's code, and the bench's own
 * catalog entities and request paths (a few megabytes); not the sandbox
 * (stopped, in its own process) nor the generated estate (dropped after the
 * sandbox starts). The test backend's database is an in-process SQLite
 * holding the stored snapshot, which a real backend keeps in PostgreSQL in its
 * own process: with BENCH_POSTGRES=1 the bench starts a throwaway PostgreSQL
 * (scripts/postgres.mjs) and `rss_mb` leaves the database out, as in
 * production. `heap_mb` is the V8 heap in use of the same moment;
 * `peak_rss_mb` the most the process ever held, the scan included.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import {
  EstateSeed,
  SandboxAccount,
  sandboxAwsConfig,
  sandboxDiscovery,
} from '@pod-identity/sandbox';
import { parseEstateFlags } from './lib/estateFlags';
import { RemoteSandbox } from './scan/remoteSandbox';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const WARMUP_MS = 2000;
/** One catalog component per this many workloads, alternately mapped by kubernetes-id and by annotation. */
const ENTITY_EVERY = 10;

type RouteKind = 'entity' | 'associations';
type Target = { kind: RouteKind; path: string };

/** Components that map onto the estate, the way a real catalog would. */
function benchEntities(estate: EstateSeed): Entity[] {
  const entities: Entity[] = [];
  for (const account of estate.accounts) {
    for (const cluster of account.clusters ?? []) {
      const workloads = (cluster.kubernetes?.workloads ?? []).filter(
        w => w.labels?.['backstage.io/kubernetes-id'],
      );
      workloads.forEach((w, i) => {
        if (i % ENTITY_EVERY !== 0) return;
        const byAnnotation = entities.length % 2 === 1;
        entities.push({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: `bench-${entities.length}`,
            namespace: 'default',
            annotations: byAnnotation
              ? {
                  'eks-pod-identity/service-accounts': `${cluster.name}:${w.namespace}/${w.serviceAccountName}`,
                }
              : {
                  'backstage.io/kubernetes-id':
                    w.labels!['backstage.io/kubernetes-id'],
                },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: `group:default/${w.namespace}`,
          },
        });
      });
    }
  }
  return entities;
}

/**
 * The test utils' in-memory catalog, but finding an entity by ref through an
 * index, as the real catalog's database does: the mock rebuilds a map of every
 * entity on each lookup, which at 2,000 entities cost more than the route.
 */
function indexedCatalog(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  catalog.getEntityByRef = async ref =>
    byRef.get(stringifyEntityRef(parseEntityRef(ref)));
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

function sandboxConfig(
  sandbox: {
    accounts: SandboxAccount[];
    endpoints: { eks: string; iam: string; sts: string };
  },
  estate: EstateSeed,
) {
  return {
    aws: sandboxAwsConfig(sandbox),
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      requests: { concurrency: 32 },
      discovery: sandboxDiscovery(estate),
    },
  };
}

// The load generator, as plain JavaScript for a worker thread. node:http with
// keep-alive rather than fetch: the client should cost far less than the server.
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { baseUrl, targets, headers, clients, warmupMs, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });

function get(path) {
  return new Promise(resolve => {
    const req = http.get(baseUrl + path, { agent, headers }, res => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('error', () => resolve(false));
  });
}

async function client(offset, until, record) {
  let n = offset;
  while (Date.now() < until) {
    const target = targets[n++ % targets.length];
    const started = performance.now();
    const ok = await get(target.path);
    if (record) record(target.kind, performance.now() - started, ok);
  }
}

(async () => {
  const warmupEnd = Date.now() + warmupMs;
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i * 7, warmupEnd)));
  const samples = { entity: [], associations: [] };
  let errors = 0;
  const record = (kind, ms, ok) => {
    samples[kind].push(ms);
    if (!ok) errors++;
  };
  parentPort.postMessage({ started: true });
  const started = Date.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i * 13, started + durationMs, record)));
  agent.destroy();
  parentPort.postMessage({ samples, errors, seconds: (Date.now() - started) / 1000 });
})();
`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50).toFixed(2),
    p95: percentile(sorted, 95).toFixed(2),
    p99: percentile(sorted, 99).toFixed(2),
  };
}

/**
 * The sandbox, the catalog's entities and the backend's config; the estate
 * itself is left behind for the collector, so rss_mb is not the bench's.
 */
async function startEstate() {
  const { estate } = parseEstateFlags();
  const entities = benchEntities(estate);
  const sandbox = await RemoteSandbox.start({ seed: estate });
  return { entities, sandbox, config: sandboxConfig(sandbox, estate) };
}

/** The backend's database: PostgreSQL in its own process with BENCH_POSTGRES=1, else the test backend's in-process SQLite. */
async function startDatabase(): Promise<{
  config: object;
  label: string;
  stop: () => Promise<void>;
}> {
  if (process.env.BENCH_POSTGRES !== '1') {
    return { config: {}, label: 'sqlite', stop: async () => {} };
  }
  // A path in a variable: the script is plain JavaScript without types.
  const script = '../scripts/postgres.mjs';
  const postgres = await (await import(script)).startPostgres();
  if (!postgres) {
    throw new Error(
      'BENCH_POSTGRES=1 needs the postgresql server binaries (/usr/lib/postgresql/<version>/bin); install them or unset BENCH_POSTGRES',
    );
  }
  return {
    config: {
      backend: { database: { client: 'pg', connection: postgres.url } },
    },
    label: 'postgres',
    stop: postgres.stop,
  };
}

async function main() {
  const { entities, sandbox, config } = await startEstate();
  const database = await startDatabase();

  const backend = await startTestBackend({
    features: [
      eksPodIdentityPlugin,
      indexedCatalog(entities),
      mockServices.rootConfig.factory({
        data: { ...config, ...database.config },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api/eks-pod-identity`;
  const headers = { Authorization: mockCredentials.user.header() };
  // As browsers and Backstage's own clients do; the client measures time to the last byte.
  const loadHeaders = { ...headers, 'Accept-Encoding': 'gzip' };

  // The mock scheduler runs the scan inside the refresh call.
  const scanStarted = Date.now();
  const refresh = await fetch(`${baseUrl}/v1/refresh`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: '{}',
  });
  if (refresh.status !== 202)
    throw new Error(
      `refresh answered ${refresh.status}: ${await refresh.text()}`,
    );
  const scanSeconds = (Date.now() - scanStarted) / 1000;
  await sandbox.remote.stop();

  const clusters =
    // One page holds every cluster of the estate (the route pages, at most 500).
    (
      await (
        await fetch(`${baseUrl}/v1/clusters?limit=500`, { headers })
      ).json()
    ).items as Array<{
      name: string;
      status: string;
      associationCount: number;
    }>;
  const associations = clusters.reduce((n, c) => n + c.associationCount, 0);
  const unhealthy = clusters.filter(c => c.status !== 'ok').length;
  console.log(
    `snapshot: clusters=${
      clusters.length
    } unhealthy=${unhealthy} associations=${associations} entities=${
      entities.length
    } scan_seconds=${scanSeconds.toFixed(1)}`,
  );

  // Both routes answer real content (fetch decompresses what the clients get gzipped).
  const page = await (
    await fetch(
      `${baseUrl}/v1/associations?cluster=${encodeURIComponent(
        clusters[0].name,
      )}`,
      { headers },
    )
  ).json();
  const access = await (
    await fetch(
      `${baseUrl}/v1/entity/default/component/${entities[0].metadata.name}/access`,
      { headers },
    )
  ).json();
  if (page.items.length !== 50 || access.items.length === 0) {
    throw new Error(
      `unexpected answers: ${page.items.length} associations, ${access.items.length} access items`,
    );
  }

  const entityTargets: Target[] = entities.map(e => ({
    kind: 'entity',
    path: `/v1/entity/default/component/${e.metadata.name}/access`,
  }));
  const clusterTargets: Target[] = clusters.map(c => ({
    kind: 'associations',
    path: `/v1/associations?cluster=${encodeURIComponent(c.name)}`,
  }));
  // Alternate the two routes; each list cycles through its own targets.
  const targets: Target[] = entityTargets.flatMap((t, i) => [
    t,
    clusterTargets[i % clusterTargets.length],
  ]);

  // Main-thread busy time during the run = what the server spent on the requests,
  // a figure that holds even when other processes compete for the CPU.
  let eluStart = performance.eventLoopUtilization();
  const result = await new Promise<{
    samples: Record<RouteKind, number[]>;
    errors: number;
    seconds: number;
  }>((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, {
      eval: true,
      workerData: {
        baseUrl,
        targets,
        headers: loadHeaders,
        clients: CLIENTS,
        warmupMs: WARMUP_MS,
        durationMs: DURATION_MS,
      },
    });
    let answer: any;
    worker.on('message', message => {
      if (message.started) eluStart = performance.eventLoopUtilization();
      else answer = message;
    });
    // Its heap is the clients', not the backend's: sample memory once it is gone.
    worker.once('exit', () => resolve(answer));
    worker.once('error', reject);
  });
  const elu = performance.eventLoopUtilization(eluStart);
  // What the backend holds serving the read model, after the load.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const memory = process.memoryUsage();
  const rssMb = Math.round(memory.rss / 1024 / 1024);
  const heapMb = Math.round(memory.heapUsed / 1024 / 1024);
  await backend.stop();
  await database.stop();

  const all = [...result.samples.entity, ...result.samples.associations];
  for (const kind of ['entity', 'associations'] as RouteKind[]) {
    const s = summary(result.samples[kind]);
    console.log(
      `route ${kind}: requests=${result.samples[kind].length} p50_ms=${s.p50} p95_ms=${s.p95} p99_ms=${s.p99}`,
    );
  }
  const s = summary(all);
  console.log(
    `load: clients=${CLIENTS} seconds=${result.seconds.toFixed(
      1,
    )} server_busy_ms_per_request=${(elu.active / all.length).toFixed(2)} ` +
      `server_utilization=${elu.utilization.toFixed(2)} gc=${
        gc ? 'forced' : 'none'
      } database=${
        database.label
      } rss_mb=${rssMb} heap_mb=${heapMb} peak_rss_mb=${Math.round(
        process.resourceUsage().maxRSS / 1024,
      )}`,
  );
  console.log(
    `api: associations=${associations} rps=${Math.round(
      all.length / result.seconds,
    )} p50_ms=${s.p50} p95_ms=${s.p95} p99_ms=${s.p99} errors=${result.errors}`,
  );
}

main().then(
  // The test backend leaves handles open (database pool, SDK agents); the figures are out.
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
