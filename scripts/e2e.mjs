#!/usr/bin/env node
/*
 * Browser tests: starts the portal on the embedded default (what `npm start`
 * runs), waits until the backend and the frontend answer, runs e2e/*.test.mjs
 * with Node's test runner (Debian Chromium driven by playwright-core), stops
 * the portal, and writes {passed, failed} to the file named by argv[2].
 * E2E_FILES=a.test.mjs,b.test.mjs runs only those files of e2e/.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { stopProcessTree, untilAnswers } from '../e2e/lib/processes.mjs';

const root = new URL('..', import.meta.url).pathname;
const reportFile = process.argv[2] ?? join(root, '.test-results/e2e.json');
// The URLs app-config.yaml gives; override both (and app-config) to run elsewhere.
const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:7007';
const appUrl = process.env.PORTAL_URL ?? 'http://localhost:3000';
const artifacts = join(root, 'e2e-artifacts');
// The sandbox's AWS endpoint on a known port, so a test can change the estate
// as an account administrator would (e2e/reader-policy.test.mjs).
const sandboxAwsPort = process.env.SANDBOX_AWS_PORT ?? '4599';
mkdirSync(artifacts, { recursive: true });

/** Fetches the app's scripts once, so the first browser visit doesn't pay for them. */
async function warmBundle(url) {
  const html = await (await fetch(url)).text();
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map(
    m => new URL(m[1], url),
  );
  await Promise.all(
    scripts.map(script => fetch(script).then(r => r.arrayBuffer())),
  );
}

const portalLog = join(artifacts, 'portal.log');
const logFd = openSync(portalLog, 'w');
const portal = spawn(
  process.execPath,
  [
    join(root, '.yarn/releases/yarn-4.13.0.cjs'),
    'backstage-cli',
    'repo',
    'start',
  ],
  {
    cwd: root,
    detached: true,
    // Straight into the file: a pipe is only drained while this script's event
    // loop runs, and it is blocked in spawnSync for the whole test run, so a
    // chatty portal filled the pipe and stopped, mid-scan, on its next log line.
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      BROWSER: 'none',
      APP_CONFIG_eksPodIdentity_sandbox_port: sandboxAwsPort,
    },
  },
);
let portalStopped = false;
const stopPortal = () => {
  if (portalStopped) return;
  portalStopped = true;
  stopProcessTree(portal.pid);
};
process.on('exit', stopPortal);

let counts = { passed: 0, failed: 0 };
try {
  // Only for a start-up that hangs; one that fails ends the wait when it exits.
  const deadline = Date.now() + 900_000;
  await untilAnswers(
    `${backendUrl}/.backstage/health/v1/readiness`,
    portal,
    deadline,
    portalLog,
  );
  await untilAnswers(appUrl, portal, deadline, portalLog);
  await warmBundle(appUrl);
  const only = process.env.E2E_FILES?.split(',').map(name => name.trim());
  const files = readdirSync(join(root, 'e2e'))
    .filter(name => name.endsWith('.test.mjs'))
    .filter(name => !only || only.includes(name))
    .sort()
    .map(name => join('e2e', name));
  if (files.length === 0) throw new Error(`no e2e/ file is ${only}`);
  const tap = join(artifacts, 'e2e.tap');
  const result = spawnSync(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        PORTAL_URL: appUrl,
        BACKEND_URL: backendUrl,
        SANDBOX_AWS_URL: `http://127.0.0.1:${sandboxAwsPort}`,
      },
    },
  );
  const summary = readFileSync(tap, 'utf8');
  const count = name =>
    Number(summary.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  counts = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
  };
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
} catch (error) {
  console.error(
    `Browser tests could not run: ${error.message} (portal log: ${portalLog})`,
  );
  counts.failed += 1;
} finally {
  stopPortal();
  mkdirSync(dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, JSON.stringify(counts));
}
process.exit(counts.failed === 0 ? 0 : 1);
