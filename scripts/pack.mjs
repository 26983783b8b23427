#!/usr/bin/env node
/*
 * Packs every published workspace package the way the release publishes it
 * (`yarn pack` runs the same prepack and protocol rewriting as `yarn npm
 * publish`) and checks each packed package.json with packedManifestProblems.
 *
 *   node scripts/pack.mjs [--out DIR] [--report FILE] [--skip-tsc] [--skip-build]
 *
 * Builds first (`tsc` for the declarations in dist-types/, then
 * `backstage-cli repo build`); --skip-tsc when dist-types/ is fresh,
 * --skip-build when dist/ is. Tarballs land in DIR (default .packs/), one per package, for
 * installing elsewhere. --report writes {"passed","failed"} for scripts/test.mjs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packedManifestProblems } from './lib/packedManifest.mjs';

const root = new URL('..', import.meta.url).pathname;
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');
const { values: options } = parseArgs({
  options: {
    out: { type: 'string', default: join(root, '.packs') },
    report: { type: 'string' },
    'skip-tsc': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
  },
});
const outDir = resolve(options.out);

function run(args, cwd = root) {
  const result = spawnSync(process.execPath, [yarn, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    throw new Error(`yarn ${args.join(' ')} failed in ${cwd}`);
  }
  return result.stdout;
}

if (!options['skip-build']) {
  console.log('Building...');
  if (!options['skip-tsc']) run(['tsc']);
  run(['backstage-cli', 'repo', 'build']);
}

const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const workspaces = run(['workspaces', 'list', '--json'])
  .trim()
  .split('\n')
  .map(line => JSON.parse(line))
  .filter(w => w.location !== '.')
  .map(w => ({
    ...w,
    manifest: JSON.parse(readFileSync(join(root, w.location, 'package.json'), 'utf8')),
  }));
const privatePackages = new Set(
  workspaces.filter(w => w.manifest.private).map(w => w.name),
);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
let passed = 0;
let failed = 0;
for (const workspace of workspaces.filter(w => !w.manifest.private)) {
  const tarball = join(
    outDir,
    `${workspace.name.replace('@', '').replace('/', '-')}-${workspace.manifest.version}.tgz`,
  );
  let problems;
  try {
    run(['pack', '--out', tarball], join(root, workspace.location));
    const files = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .map(f => f.replace(/^package\//, ''));
    const packed = JSON.parse(
      spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], {
        encoding: 'utf8',
      }).stdout,
    );
    problems = packedManifestProblems(packed, {
      files,
      directory: workspace.location,
      repository: rootManifest.repository,
      license: rootManifest.license,
      privatePackages,
    });
  } catch (error) {
    problems = [String(error.message ?? error)];
  }
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok   ${workspace.name} -> ${tarball}`);
  } else {
    failed += 1;
    console.log(`FAIL ${workspace.name}\n  ${problems.join('\n  ')}`);
  }
}

console.log(`packed manifests: ${passed} passed, ${failed} failed`);
if (options.report) writeFileSync(options.report, JSON.stringify({ passed, failed }));
process.exit(failed === 0 && passed > 0 ? 0 : 1);
