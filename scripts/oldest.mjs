#!/usr/bin/env node
/*
 * The oldest-versions lane: proves the published packages work on the oldest
 * Backstage release their ranges accept. Copies the repository (without the
 * demo app, backend, browser tests and benchmarks) to a temporary folder and
 * pins, through root `resolutions`, every @backstage/* dependency of the
 * published packages to the minimum of its range, and every other
 * @backstage/* package to its version in that release's manifest
 * (scripts/data/), as an app on that release has them. Then it installs,
 * checks that the pinned versions are the ones installed, and typechecks and
 * runs the plugins' Jest tests there.
 *
 *   node scripts/oldest.mjs [--report FILE] [--keep]
 *
 * --report writes {"passed","failed"} for scripts/test.mjs; --keep leaves
 * the temporary copy for investigation.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(join(root, 'package.json'));
const semver = require('semver');
const { values: options } = parseArgs({
  options: {
    report: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

// The lane tests the published packages, not the demo portal around them.
const LEFT_OUT = ['packages/app/', 'packages/backend/', 'e2e/', 'bench/', 'docs/'];
const OLDEST_RELEASE = '1.55.0';
// Build and test tooling, which runs the lane rather than being tested by it.
const isTooling = name =>
  /^@backstage\/(cli|cli-.*|eslint-plugin|repo-tools|create-app|release-manifests)$/.test(name);

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));

function oldestVersions() {
  const pins = {};
  for (const line of git(['ls-files', 'plugins/*/package.json'])) {
    const manifest = readJson(join(root, line));
    if (manifest.private) continue;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (!name.startsWith('@backstage/') || isTooling(name)) continue;
        const minimum = semver.minVersion(range).version;
        if (pins[name] && pins[name] !== minimum) {
          throw new Error(
            `${name} has different minimums across packages (${pins[name]}, ${minimum}); align the ranges`,
          );
        }
        pins[name] = minimum;
      }
    }
  }
  return pins;
}

function git(args) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

function copyRepository(target) {
  // Tracked and new files, as a clean clone with this change would have them.
  const files = git(['ls-files', '--cached', '--others', '--exclude-standard']);
  for (const file of files) {
    if (LEFT_OUT.some(prefix => file.startsWith(prefix))) continue;
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    cpSync(join(root, file), join(target, file), { recursive: true });
  }
}

function copyNativeBuild(name, file) {
  const own = join(root, 'node_modules', name);
  const copy = join(work, 'node_modules', name);
  if (readJson(join(own, 'package.json')).version !== readJson(join(copy, 'package.json')).version) {
    throw new Error(`${name} resolved to another version than in this checkout; build it instead`);
  }
  cpSync(join(own, file), join(copy, file));
}

const work = mkdtempSync(join(tmpdir(), 'oldest-backstage-'));
const yarn = [join(work, '.yarn/releases/yarn-4.13.0.cjs')];
const env = {
  ...process.env,
  CI: 'true',
  BACKSTAGE_TEST_DISABLE_DOCKER: '1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
function run(title, args) {
  console.log(`\n=== oldest: ${title}`);
  const result = spawnSync(process.execPath, [...yarn, ...args], {
    cwd: work,
    stdio: 'inherit',
    env,
  });
  return result.status === 0;
}

let passed = 0;
let failed = 0;
const count = ok => (ok ? (passed += 1) : (failed += 1));
try {
  const pins = oldestVersions();
  console.log(`Pinning ${Object.keys(pins).length} @backstage dependencies in ${work}:`);
  for (const [name, version] of Object.entries(pins)) console.log(`  ${name}@${version}`);
  const release = readJson(join(root, `scripts/data/backstage-release-${OLDEST_RELEASE}.json`));
  const transitive = Object.fromEntries(
    Object.entries(release.packages).filter(([name]) => !isTooling(name) && !pins[name]),
  );
  console.log(`and ${Object.keys(transitive).length} other @backstage packages to Backstage ${OLDEST_RELEASE}.`);

  copyRepository(work);
  const manifest = readJson(join(work, 'package.json'));
  manifest.workspaces = ['packages/sandbox', 'plugins/*'];
  manifest.resolutions = { ...manifest.resolutions, ...transitive, ...pins };
  // The pins leave better-sqlite3 as it is: reuse this checkout's build
  // rather than compile SQLite again.
  manifest.dependenciesMeta = {
    ...manifest.dependenciesMeta,
    'better-sqlite3': { built: false },
  };
  writeFileSync(join(work, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  if (!run('install', ['install', '--no-immutable'])) throw new Error('install failed');
  copyNativeBuild('better-sqlite3', 'build/Release/better_sqlite3.node');

  // A resolution that did not take would make this lane test the newest versions.
  const wrong = Object.entries(pins).filter(([name, version]) => {
    const file = join(work, 'node_modules', name, 'package.json');
    return !existsSync(file) || readJson(file).version !== version;
  });
  if (wrong.length) console.log(`Not installed at the pinned version: ${wrong.map(([n]) => n).join(', ')}`);
  count(wrong.length === 0);

  count(run('typecheck', ['tsc', '--noEmit']));

  const report = join(work, 'jest.json');
  // The published plugins' tests; the sandbox's own tests do not touch Backstage.
  const testsOk = run('plugin tests', [
    'backstage-cli',
    'repo',
    'test',
    '--watchAll=false',
    '--json',
    `--outputFile=${report}`,
    'plugins/',
  ]);
  if (existsSync(report)) {
    const jest = readJson(report);
    passed += jest.numPassedTests;
    failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
  } else if (!testsOk) {
    failed += 1;
  }
} catch (error) {
  console.log(`oldest: ${error.message}`);
  failed += 1;
} finally {
  if (options.keep) console.log(`Kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(`\noldest versions: ${passed} passed, ${failed} failed`);
if (options.report) {
  writeFileSync(options.report, JSON.stringify({ passed, failed }));
}
process.exit(failed === 0 ? 0 : 1);
