/*
 * yarn bench:ui [--associations N --clusters C --accounts A --regions R] [--visits V]
 * — the governance page in a real browser on the production frontend bundle,
 * against a backend holding the bench estate. Builds packages/app
 * (`backstage-cli package build`; skipped with BENCH_UI_SKIP_BUILD=1 when
 * packages/app/dist is there), starts the demo backend on 7007 with its
 * embedded sandbox seeded with the generated estate and the app backend
 * serving the bundle, waits until the scan holds every association, signs in
 * as guest in Debian's Chromium and opens the governance page V times (the
 * first with an empty HTTP cache). It uses the portal's fixed port, so run it
 * as `flock /tmp/portal.lock npm run bench:ui -- …`. Prints figures; asserts
 * nothing. Last line:
 *   ui: associations=… first_content_ms=… findings_ms=… cold_first_content_ms=…
 * first_content_ms is the median over the visits of the time from navigation
 * to the associations table's first row; findings_ms the same for the
 * findings summary.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { BACKEND_ACCOUNT_ID, sandboxDiscovery } from '@pod-identity/sandbox';
import { parseEstateFlags, sizeFigures } from './lib/estateFlags';

const root = resolve(__dirname, '..');
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');
const BASE_URL = 'http://localhost:7007';
const API = `${BASE_URL}/api/eks-pod-identity`;

/** The backend was started detached, so its pid leads a group of everything it spawned. */
function stop(pid: number) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function guestToken(): Promise<string> {
  const response = await fetch(`${BASE_URL}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok) throw new Error(`guest sign-in: ${response.status}`);
  return (await response.json()).backstageIdentity.token;
}

/** Waits until the backend answers and its snapshot holds every association. */
async function waitForEstate(associations: number, clusters: number) {
  const deadline = Date.now() + 15 * 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const token = await guestToken();
      const body = await (
        await fetch(`${API}/v1/clusters`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json();
      const items = body.items as Array<{ associationCount: number }>;
      const held = items.reduce((n, c) => n + c.associationCount, 0);
      const status = `${items.length}/${clusters} clusters, ${held}/${associations} associations`;
      if (status !== last) console.log(`backend: ${status}`);
      last = status;
      if (items.length >= clusters && held >= associations) {
        // The findings come from the analysis that follows the last commit.
        await fetch(`${API}/v1/findings`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`the backend did not hold the estate in time (${last})`);
}

/** Milliseconds from navigation to the first association row and to the findings summary. */
async function visit(page: Page) {
  const started = Date.now();
  await page.goto(`${BASE_URL}/eks-pod-identity`, { waitUntil: 'commit' });
  const row = page
    .getByRole('table', { name: 'Pod Identity associations' })
    .locator('tbody tr')
    .first();
  const findings = page.getByRole('table', { name: 'Findings by code' });
  try {
    const [rowMs, findingsMs] = await Promise.all([
      row.waitFor().then(() => Date.now() - started),
      findings.waitFor().then(() => Date.now() - started),
    ]);
    return { rowMs, findingsMs };
  } catch (error) {
    // What the page showed instead, so a failed run says why.
    const shown = await page
      .locator('body')
      .innerText()
      .catch(() => '(page text unavailable)');
    console.error(`the governance page showed:\n${shown.slice(0, 3000)}`);
    throw error;
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function main() {
  const { size, estate, flags } = parseEstateFlags(undefined, ['visits']);
  const visits = Number(flags.visits ?? 5);
  if (!Number.isInteger(visits) || visits < 1) {
    throw new Error(`--visits must be a whole number of at least 1`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  const seed = join(dir, 'estate.json');
  // The demo backend signs in as backstage-backend, which the sandbox only
  // provisions in the backend's account; the readers in the estate's accounts
  // trust that role alone (the shipped trust policy), so the account is added.
  const withBackendAccount = estate.accounts.some(
    a => a.id === BACKEND_ACCOUNT_ID,
  )
    ? estate
    : {
        ...estate,
        accounts: [...estate.accounts, { id: BACKEND_ACCOUNT_ID }],
      };
  writeFileSync(seed, JSON.stringify(withBackendAccount));
  const config = join(dir, 'app-config.bench-ui.json');
  writeFileSync(
    config,
    JSON.stringify({
      // The app backend serves the bundle on the backend's own origin.
      app: { baseUrl: BASE_URL },
      backend: { cors: { origin: BASE_URL } },
      aws: {
        accounts: estate.accounts.map(a => ({
          accountId: a.id,
          roleName: 'backstage-reader',
        })),
      },
      eksPodIdentity: {
        discovery: sandboxDiscovery(estate),
        sandbox: { seed, latencyMs: 0, consistencyDelayMs: 0 },
      },
    }),
  );

  const dist = join(root, 'packages/app/dist');
  if (!(process.env.BENCH_UI_SKIP_BUILD === '1' && existsSync(dist))) {
    const started = Date.now();
    const build = spawnSync(
      process.execPath,
      [
        yarn,
        'backstage-cli',
        'package',
        'build',
        // The app's own config first: it turns on plugin discovery
        // (app.packages), without which the bundle has no plugins at all.
        '--config',
        '../../app-config.yaml',
        '--config',
        config,
      ],
      { cwd: join(root, 'packages/app'), stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error('the app build failed');
    console.log(`build: seconds=${((Date.now() - started) / 1000).toFixed(0)}`);
  }

  // The backend's own log, shown if it never holds the estate.
  const backendLogPath = join(dir, 'backend.log');
  const backendLog = openSync(backendLogPath, 'w');
  const backend = spawn(
    process.execPath,
    [
      yarn,
      'backstage-cli',
      'package',
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      config,
    ],
    {
      cwd: join(root, 'packages/backend'),
      detached: true,
      stdio: ['ignore', backendLog, backendLog],
    },
  );
  let context: BrowserContext | undefined;
  try {
    const scanStarted = Date.now();
    await waitForEstate(size.associations, size.clusters).catch(error => {
      const log = readFileSync(backendLogPath, 'utf8');
      console.error(log.slice(-4000));
      throw error;
    });
    console.log(
      `backend: ready with the estate after ${(
        (Date.now() - scanStarted) /
        1000
      ).toFixed(0)} s`,
    );
    // Launched only now: the scan of a large estate takes minutes, and the
    // browser has nothing to do until it is done.
    context = await chromium.launchPersistentContext(
      mkdtempSync(join(dir, 'chromium-')),
      {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1280, height: 900 },
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      },
    );
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(120_000);
    // The first visit signs in: it pays for the bundle with an empty cache.
    const coldStarted = Date.now();
    await page.goto(BASE_URL, { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Enter' }).click();
    await page
      .getByRole('button', { name: 'Enter' })
      .waitFor({ state: 'detached' });
    const cold = await visit(page);
    const coldMs = Date.now() - coldStarted;
    const rows: number[] = [];
    const findings: number[] = [];
    for (let i = 0; i < visits; i++) {
      const { rowMs, findingsMs } = await visit(page);
      rows.push(rowMs);
      findings.push(findingsMs);
      console.log(
        `visit ${i + 1}: first_row_ms=${rowMs} findings_ms=${findingsMs}`,
      );
    }
    console.log(
      `cold: sign_in_and_first_row_ms=${coldMs} first_row_ms=${cold.rowMs}`,
    );
    console.log(
      `ui: ${sizeFigures(size)} first_content_ms=${median(
        rows,
      )} findings_ms=${median(findings)} cold_first_content_ms=${coldMs}`,
    );
  } finally {
    await context?.close();
    stop(backend.pid!);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
