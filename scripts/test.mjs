#!/usr/bin/env node
/*
 * `npm test`: every check the project has, in the order that fails fastest:
 * typecheck, lint, unit + integration tests (Jest, against the sandbox and,
 * when a PostgreSQL server can be started here, PostgreSQL), then the browser
 * tests against the portal on the embedded default. Ends with one line
 * `N passed, N failed` (tests plus the typecheck and lint checks).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres } from './postgres.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const yarn = [join(root, '.yarn/releases/yarn-4.13.0.cjs')];
const env = {
  ...process.env,
  CI: 'true',
  BACKSTAGE_TEST_DISABLE_DOCKER: '1',
  // Each Jest worker would repeat the SDK's Node 22 notice; the README says it once.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

let passed = 0;
let failed = 0;

function run(title, args, extraEnv = {}) {
  console.log(`\n=== ${title}`);
  const result = spawnSync(process.execPath, [...yarn, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  return result.status === 0;
}

function check(title, args) {
  if (run(title, args)) passed += 1;
  else failed += 1;
}

function countJest(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  // A suite that fails to load has no failed tests but must still count.
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  return true;
}

check('typecheck', ['tsc', '--noEmit']);
check('lint', ['backstage-cli', 'repo', 'lint']);

const postgres = await startPostgres();
if (postgres) {
  env.BACKSTAGE_TEST_DATABASE_POSTGRES13_CONNECTION_STRING = postgres.url;
  console.log(`PostgreSQL for database tests at ${postgres.url}`);
} else {
  console.log('No PostgreSQL server could be started: database tests run on SQLite only.');
}

const unitReport = join(results, 'unit.json');
const unitOk = run('unit and integration tests', [
  'backstage-cli',
  'repo',
  'test',
  '--watchAll=false',
  '--json',
  `--outputFile=${unitReport}`,
]);
if (!countJest(unitReport) && !unitOk) failed += 1;
await postgres?.stop();

const e2eReport = join(results, 'e2e.json');
const e2eOk = run('browser tests', ['node', 'scripts/e2e.mjs', e2eReport]);
if (existsSync(e2eReport)) {
  const e2e = JSON.parse(readFileSync(e2eReport, 'utf8'));
  passed += e2e.passed;
  failed += e2e.failed;
} else if (!e2eOk) {
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
