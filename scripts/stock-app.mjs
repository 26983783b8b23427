#!/usr/bin/env node
/*
 * The installation an adopter makes, proven from packed tarballs into a stock
 * app: packs every plugin (`yarn pack`, which rewrites workspace: ranges),
 * creates an app with @backstage/create-app, follows the install steps the
 * plugin READMEs mark for it (e2e/stock-app/readmeSteps.mjs), starts the app
 * on ports 3100/7107 against the standalone sandbox, and runs the browser
 * checks of e2e/stock-app/. Ends with `N passed, N failed`; a step that fails
 * counts as one failure and prints the tail of its log.
 *
 *   node scripts/stock-app.mjs [--keep DIR] [--report FILE] [--packs DIR]
 *
 * --keep DIR reuses (or leaves behind) the app in DIR instead of a temporary
 * directory; --report writes {"passed","failed"} for scripts/test.mjs;
 * --packs DIR installs the tarballs scripts/pack.mjs left in DIR instead of
 * running it again. Run it under `flock /tmp/portal.lock`: the machine is small.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { stopProcessTree, untilAnswers } from '../e2e/lib/processes.mjs';
import { nodeRuntime } from './lib/nodeRuntimes.mjs';
import {
  applyAppStep,
  applyBackendStep,
  applyConfigStep,
  readmeSteps,
  shellCommands,
} from '../e2e/stock-app/readmeSteps.mjs';

const root = new URL('..', import.meta.url).pathname;
const yarnRelease = join(root, '.yarn/releases/yarn-4.13.0.cjs');
// The create-app release the README's support statement is checked against.
const CREATE_APP = '@backstage/create-app@0.9.2';
const APP_PORT = 3100;
const BACKEND_PORT = 7107;
// Only for a start-up that hangs; one that fails is seen when `yarn start` exits.
const START_DEADLINE_MS = 900_000;
// Install order: the backend before its modules, the frontend last.
const PLUGINS = [
  'eks-pod-identity-common',
  'eks-pod-identity-node',
  'eks-pod-identity-backend',
  'scaffolder-backend-module-eks-pod-identity',
  'catalog-backend-module-eks-pod-identity',
  'eks-pod-identity',
];

const { values: options } = parseArgs({
  options: {
    keep: { type: 'string' },
    report: { type: 'string' },
    packs: { type: 'string' },
  },
});
const work = options.keep
  ? resolve(options.keep)
  : mkdtempSync(join(tmpdir(), 'pod-identity-stock-app-'));
mkdirSync(work, { recursive: true });
const appDir = join(work, 'app');
const logs = join(work, 'logs');
mkdirSync(logs, { recursive: true });
const started = Date.now();
const children = [];
// The running app's output goes straight into this file: a pipe would only be
// drained while this script's event loop runs, and spawnSync blocks it for the
// whole browser run, so a chatty app would fill the pipe and stall.
const appLog = join(logs, 'start.log');

const seconds = since => ((Date.now() - since) / 1000).toFixed(0);

/** Runs a command to completion with its output in logs/NAME.log; throws with the log's tail. */
function run(name, command, args, { cwd = root, env = {} } = {}) {
  const since = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const log = join(logs, `${name}.log`);
  writeFileSync(log, `${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  if (result.status !== 0) {
    const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-40);
    throw new Error(
      `${name} failed (exit ${
        result.status
      }); last lines of ${log}:\n${tail.join('\n')}`,
    );
  }
  console.log(`  ${name}: ${seconds(since)} s`);
  return result.stdout;
}

const yarn = (name, args, opts) =>
  run(name, process.execPath, [yarnRelease, ...args], opts);

/** Builds and packs the plugins with scripts/pack.mjs, as the release does. */
function packPlugins() {
  const packs = join(work, 'packs');
  run('pack', process.execPath, [
    join(root, 'scripts/pack.mjs'),
    '--out',
    packs,
  ]);
  return packs;
}

/** The tarballs scripts/pack.mjs wrote into `dir`, by package name. */
function packedPlugins(dir) {
  const tarballs = {};
  for (const plugin of PLUGINS) {
    const { name, version } = JSON.parse(
      readFileSync(join(root, 'plugins', plugin, 'package.json'), 'utf8'),
    );
    const tarball = resolve(
      dir,
      `${name.replace('@', '').replace('/', '-')}-${version}.tgz`,
    );
    if (!existsSync(tarball)) {
      throw new Error(`${tarball} is missing: run node scripts/pack.mjs first`);
    }
    tarballs[name] = tarball;
  }
  return tarballs;
}

/** A `yarn` on PATH, as adopters have: the repository's Yarn, which defers to the app's yarnPath. */
function yarnShim() {
  const bin = join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'yarn'),
    `#!/bin/sh\nexec "${process.execPath}" "${yarnRelease}" "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

function createApp(shim) {
  rmSync(appDir, { recursive: true, force: true });
  run(
    'create-app',
    'npx',
    ['--yes', CREATE_APP, '--path', appDir, '--skip-install'],
    {
      cwd: work,
      env: {
        // create-app refuses to run on Node 20, which the repository's
        // tests still use; the Node 22 lane's runtime.
        PATH: `${dirname(nodeRuntime(22).bin)}:${shim}:${process.env.PATH}`,
        BACKSTAGE_APP_NAME: 'stock-app',
      },
    },
  );
}

/**
 * Resolves the suite's own packages to their tarballs wherever they are
 * depended on: until they are published, `^0.1.0` has nowhere else to come from.
 */
function resolveToTarballs(tarballs) {
  const file = join(appDir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.resolutions = { ...manifest.resolutions };
  for (const [name, tarball] of Object.entries(tarballs)) {
    manifest.resolutions[name] = `file:${tarball}`;
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/*
 * Native modules the install would compile (most of its time on 2 cores):
 * better-sqlite3 is this checkout's own build, copied in after the install;
 * the others are optional and nothing the checks touch loads them (the CLI's
 * keychain and code parsing, SSH for Docker).
 */
const NATIVE_REUSED = 'better-sqlite3';
const NATIVE_UNUSED = [
  'tree-sitter',
  'tree-sitter-json',
  '@tree-sitter-grammars/tree-sitter-yaml',
  'cpu-features',
  'ssh2',
  'keytar',
];

function skipNativeBuilds() {
  const file = join(appDir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.dependenciesMeta = { ...manifest.dependenciesMeta };
  for (const name of [NATIVE_REUSED, ...NATIVE_UNUSED]) {
    manifest.dependenciesMeta[name] = { built: false };
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Copies this checkout's better-sqlite3 build, or builds it when the app resolved another version. */
function reuseNativeBuild() {
  const own = join(root, 'node_modules', NATIVE_REUSED);
  const app = join(appDir, 'node_modules', NATIVE_REUSED);
  const version = dir =>
    JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const binary = 'build/Release/better_sqlite3.node';
  if (version(own) === version(app) && existsSync(join(own, binary))) {
    mkdirSync(join(app, 'build/Release'), { recursive: true });
    cpSync(join(own, binary), join(app, binary));
  } else {
    run('better-sqlite3-build', 'npm', ['run', 'install'], { cwd: app });
  }
}

function followReadmes(tarballs, shim) {
  const readmes = [
    'plugins/eks-pod-identity-backend/README.md',
    'plugins/scaffolder-backend-module-eks-pod-identity/README.md',
    'plugins/catalog-backend-module-eks-pod-identity/README.md',
    'plugins/eks-pod-identity/README.md',
  ];
  const env = { PATH: `${shim}:${process.env.PATH}` };
  for (const readme of readmes) {
    const steps = readmeSteps(join(root, readme));
    if (steps.length === 0) throw new Error(`${readme} marks no install step`);
    for (const [i, step] of steps.entries()) {
      const name = `${readme.split('/')[1]}-step${i + 1}-${step.target.replace(
        /\W+/g,
        '_',
      )}`;
      try {
        if (step.target === 'run') {
          for (const command of shellCommands(step.code, tarballs)) {
            run(name, 'bash', ['-c', command], { cwd: appDir, env });
          }
        } else if (step.target === 'packages/backend/src/index.ts') {
          applyBackendStep(appDir, step.code);
        } else if (step.target === 'packages/app/src/App.tsx') {
          applyAppStep(appDir, step.code);
        } else if (step.target === 'app-config.yaml') {
          applyConfigStep(appDir, step.code);
        } else {
          throw new Error(`unknown step target ${step.target}`);
        }
      } catch (error) {
        throw new Error(
          `${readme}, step ${i + 1} (${step.target}): ${error.message}`,
        );
      }
    }
  }
}

/** The standalone sandbox, as `yarn sandbox` starts it; resolves with its JSON line. */
function startSandbox() {
  const child = spawn(
    process.execPath,
    [
      yarnRelease,
      'sandbox',
      '--seed',
      'examples/sandbox/estate.yaml',
      '--port',
      '0',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      const line = out.split('\n').find(l => l.startsWith('{'));
      if (line && out.includes('\n')) resolvePromise(JSON.parse(line));
    });
    child.stderr.on('data', chunk => process.stderr.write(chunk));
    child.on('exit', (code, signal) => {
      // After start-up too: every check after it would fail for want of AWS.
      console.error(`The sandbox exited (${code ?? signal})`);
      reject(new Error(`the sandbox exited (${code ?? signal})`));
    });
  });
}

/**
 * What only this machine knows: the ports, the sandbox's endpoints and
 * the identities its helper gives a backend, and the
 * demo catalog whose components carry the Pod Identity annotations.
 * app-config.local.yaml is read after app-config.yaml by default.
 */
function writeLocalConfig(sandbox) {
  const aws = JSON.parse(
    spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(root, 'e2e/stock-app/sandboxAwsConfig.ts')],
      { input: JSON.stringify(sandbox), encoding: 'utf8' },
    ).stdout,
  );
  const discovery = new Map();
  for (const cluster of sandbox.kubernetes.clusters) {
    const regions = discovery.get(cluster.accountId) ?? new Set();
    discovery.set(cluster.accountId, regions.add(cluster.region));
  }
  const config = {
    app: { baseUrl: `http://localhost:${APP_PORT}` },
    backend: {
      baseUrl: `http://localhost:${BACKEND_PORT}`,
      listen: { port: BACKEND_PORT },
      cors: { origin: `http://localhost:${APP_PORT}` },
    },
    aws,
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      discovery: [...discovery].map(([accountId, regions]) => ({
        accountId,
        regions: [...regions],
      })),
    },
  };
  writeFileSync(join(appDir, 'app-config.local.yaml'), YAML.stringify(config));
  // Appended to app-config.yaml's own list: a list in a later config file
  // would replace it, templates location included.
  applyConfigStep(
    appDir,
    YAML.stringify({
      catalog: {
        locations: [
          { type: 'file', target: join(root, 'examples/entities.yaml') },
          {
            type: 'file',
            target: join(root, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
        ],
      },
    }),
  );
}

/** Seconds the app took to answer; the browser checks scale their waits by it. */
async function startApp(sandbox) {
  const logFd = openSync(appLog, 'w');
  const child = spawn(process.execPath, [yarnRelease, 'start'], {
    cwd: appDir,
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      BROWSER: 'none',
      // @backstage/integration-aws-node's STS clients take no endpoint option.
      AWS_ENDPOINT_URL_STS: sandbox.endpoints.sts,
    },
  });
  children.push(child);
  const since = Date.now();
  const deadline = since + START_DEADLINE_MS;
  await untilAnswers(
    `http://localhost:${BACKEND_PORT}/.backstage/health/v1/readiness`,
    child,
    deadline,
    appLog,
  );
  await untilAnswers(`http://localhost:${APP_PORT}`, child, deadline, appLog);
  return Number(seconds(since));
}

function browserTests(startupSeconds) {
  const tap = join(logs, 'browser.tap');
  const files = readdirSync(join(root, 'e2e/stock-app'))
    .filter(f => f.endsWith('.test.mjs'))
    .map(f => join(root, 'e2e/stock-app', f));
  spawnSync(
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
        PORTAL_URL: `http://localhost:${APP_PORT}`,
        BACKEND_URL: `http://localhost:${BACKEND_PORT}`,
        STOCK_APP_STARTUP_SECONDS: String(startupSeconds),
      },
    },
  );
  const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = name =>
    Number(summary.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  const counts = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
  };
  if (counts.passed + counts.failed === 0) counts.failed = 1;
  return counts;
}

const stopAll = () => {
  for (const child of children.splice(0)) stopProcessTree(child.pid);
};
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(1));
}

let counts = { passed: 0, failed: 0 };
try {
  console.log(`Stock app in ${appDir}`);
  const env = { npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' };
  Object.assign(process.env, env);
  console.log('Packing the plugins');
  const tarballs = packedPlugins(options.packs ?? packPlugins());
  const shim = yarnShim();
  console.log(`Creating the app with ${CREATE_APP}`);
  createApp(shim);
  resolveToTarballs(tarballs);
  skipNativeBuilds();
  console.log('Following the README install steps');
  followReadmes(tarballs, shim);
  // create-app's template can trail the newest release the plugins need;
  // README "Installing" tells adopters to do the same.
  yarn('yarn-up-backstage', ['up', '@backstage/*'], { cwd: appDir });
  reuseNativeBuild();
  yarn('app-tsc', ['tsc'], { cwd: appDir });
  console.log(`Installed and typechecked after ${seconds(started)} s`);
  const sandbox = await startSandbox();
  writeLocalConfig(sandbox);
  const startupSeconds = await startApp(sandbox);
  console.log(
    `App answering after ${seconds(
      started,
    )} s (its start-up: ${startupSeconds} s); browser checks`,
  );
  counts = browserTests(startupSeconds);
} catch (error) {
  console.error(`Stock-app installation failed: ${error.message}`);
  counts.failed += 1;
} finally {
  stopAll();
  // The work folder goes with the app's log: CI keeps only what is printed.
  if (counts.failed > 0 && !options.keep && existsSync(appLog)) {
    const tail = readFileSync(appLog, 'utf8').trim().split('\n').slice(-60);
    console.log(`Last lines of the app's log:\n${tail.join('\n')}`);
  }
  if (!options.keep) rmSync(work, { recursive: true, force: true });
}
console.log(`stock-app: ${seconds(started)} s wall time`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
if (options.report) writeFileSync(options.report, JSON.stringify(counts));
process.exit(counts.failed === 0 ? 0 : 1);
