#!/usr/bin/env node
/*
 * `npm test`: every check the project has, in the order that fails fastest:
 * typecheck, lint, API reports, the packed manifests, unit + integration
 * tests (Jest, against the sandbox and, when a PostgreSQL server can be
 * started here, PostgreSQL) on this Node and on the other supported majors,
 * the browser tests against the portal on the embedded default, the
 * installation into a stock app from packed tarballs, and the plugin tests on
 * the oldest Backstage versions the packages accept. Ends with one line
 * `N passed, N failed` (tests plus one per check).
 *
 * Lanes: typecheck, lint, openapi, api-reports, release-scripts, pack, unit,
 * node22, node24, browser, stock-app, oldest. SKIP_LANES=node22,oldest
 * (comma-separated) leaves lanes out; ONLY_LANES=stock-app runs just the
 * lanes it names. CI runs them all.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from './postgres.mjs';
import {
  nodeRuntime,
  restoreNativeModules,
  useNativeModulesFor,
} from './lib/nodeRuntimes.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');
const env = {
  ...process.env,
  CI: 'true',
  BACKSTAGE_TEST_DISABLE_DOCKER: '1',
  // Each Jest worker would repeat the SDK's Node 22 notice; the README says it once.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const laneList = name => new Set((process.env[name] ?? '').split(',').filter(Boolean));
const skipped = laneList('SKIP_LANES');
const only = laneList('ONLY_LANES');
const runs = lane => !skipped.has(lane) && (only.size === 0 || only.has(lane));
// Node 24 runs the plugins' server-side tests: the frontend's jsdom tests do
// not depend on the Node major, and the full suite once more would cost
// minutes CI does not have.
const OTHER_NODE_LANES = [
  { name: 'node22', major: 22, testArgs: [] },
  { name: 'node24', major: 24, testArgs: ['plugins/(?!eks-pod-identity/)'] },
];

let passed = 0;
let failed = 0;
const timings = [];

function run(title, args, { node = process.execPath, extraEnv = {} } = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(node, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  timings.push(`${title}: ${Math.round((Date.now() - started) / 1000)} s`);
  return result.status === 0;
}

function check(title, args) {
  if (run(title, [yarn, ...args])) passed += 1;
  else failed += 1;
}

/** Counts a lane's own report ({passed, failed}), or one failure without it. */
function countReport(file, ok) {
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.passed;
    failed += report.failed;
  } else if (!ok) {
    failed += 1;
  }
}

function countJest(file, ok) {
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    // A suite that fails to load has no failed tests but must still count.
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  } else if (!ok) {
    failed += 1;
  }
}

/** Runs Node's test runner on a folder and counts its TAP totals. */
function countNodeTests(title, folder) {
  console.log(`\n=== ${title}`);
  const result = spawnSync(process.execPath, ['--test', '--test-reporter=tap', folder], {
    cwd: root,
    encoding: 'utf8',
    env,
  });
  process.stdout.write(result.stdout);
  const total = name => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(result.stdout)?.[1] ?? 0);
  passed += total('pass');
  failed += total('fail');
  if (result.status !== 0 && total('fail') === 0) failed += 1;
}

function jest(title, file, { node, testArgs = [] } = {}) {
  const ok = run(
    title,
    [yarn, 'backstage-cli', 'repo', 'test', '--watchAll=false', '--json', `--outputFile=${file}`, ...testArgs],
    { node },
  );
  countJest(file, ok);
}

// `tsc` emits declarations into dist-types/, which the API reports and the
// package builds read. From scratch: an incremental emit prints inferred
// union and key types in another order than a fresh one, and the API reports
// are written from a fresh one (`yarn build:api-reports`). The API reports
// lane reads them, so it brings the typecheck along.
const typecheck = runs('typecheck') || runs('api-reports');
if (typecheck) {
  rmSync(join(root, 'dist-types'), { recursive: true, force: true });
  check('typecheck', ['tsc']);
}
if (runs('lint')) check('lint', ['backstage-cli', 'repo', 'lint']);
// The code generated from the backend's OpenAPI spec matches the spec.
if (runs('openapi')) {
  if (run('openapi', ['scripts/openapi.mjs', '--check'])) passed += 1;
  else failed += 1;
}
if (runs('api-reports')) check('API reports', ['api-reports', '--ci']);
if (runs('release-scripts')) countNodeTests('release script tests', 'scripts/lib/');
let packed = false;
if (runs('pack')) {
  const packReport = join(results, 'pack.json');
  // The typecheck above, when it ran, has just emitted dist-types/.
  const tsc = typecheck ? ['--skip-tsc'] : [];
  packed = run('packed manifests', ['scripts/pack.mjs', ...tsc, '--report', packReport]);
  countReport(packReport, packed);
}

const nodeLanes = OTHER_NODE_LANES.filter(lane => runs(lane.name));
// Only the Jest lanes use the database; the oldest-versions lane is one too,
// so the server stays up until it has run.
const jestLanes = runs('unit') || nodeLanes.length > 0 || runs('oldest');
const postgres = jestLanes ? await startPostgres() : undefined;
if (postgres) {
  env.BACKSTAGE_TEST_DATABASE_POSTGRES13_CONNECTION_STRING = postgres.url;
  console.log(`PostgreSQL for database tests at ${postgres.url}`);
} else if (jestLanes) {
  console.log('No PostgreSQL server could be started: database tests run on SQLite only.');
}

if (runs('unit')) {
  jest(`unit and integration tests (Node ${process.versions.node})`, join(results, 'unit.json'));
}

try {
  for (const lane of nodeLanes) {
    let runtime;
    try {
      runtime = nodeRuntime(lane.major);
    } catch (error) {
      console.log(`Node ${lane.major} could not be installed: ${error.message}`);
      failed += 1;
      continue;
    }
    if (!useNativeModulesFor(runtime, env)) {
      console.log(`better-sqlite3 could not be built for Node ${runtime.version}`);
      failed += 1;
      continue;
    }
    jest(`tests on Node ${runtime.version}`, join(results, `${lane.name}.json`), {
      node: runtime.bin,
      testArgs: lane.testArgs,
    });
  }
} finally {
  restoreNativeModules();
}

if (runs('browser')) {
  const e2eReport = join(results, 'e2e.json');
  countReport(e2eReport, run('browser tests', [yarn, 'node', 'scripts/e2e.mjs', e2eReport]));
}

if (runs('stock-app')) {
  const stockAppReport = join(results, 'stock-app.json');
  countReport(
    stockAppReport,
    run('stock-app installation from packed tarballs', [
      'scripts/stock-app.mjs',
      '--report',
      stockAppReport,
      // The tarballs the packed-manifests lane checked, rather than a second build.
      ...(packed ? ['--packs', join(root, '.packs')] : []),
    ]),
  );
}

if (runs('oldest')) {
  const oldestReport = join(results, 'oldest.json');
  countReport(
    oldestReport,
    run('oldest supported Backstage versions', ['scripts/oldest.mjs', '--report', oldestReport]),
  );
}

await postgres?.stop();

console.log(`\n${timings.join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
