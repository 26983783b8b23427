/*
 * Other Node.js majors for the test lanes, and the native modules built for
 * them. Node comes from the npm registry's official per-platform package
 * (binary plus headers), cached under .tools/. better-sqlite3 is the only
 * native module the tests load; its build is kept per Node ABI under
 * .tools/native/ and copied into place, so switching majors costs one
 * compile per major and then a file copy.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const tools = join(root, '.tools');
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');

/** Installs (once) and returns the binary and header folder of a Node major. */
export function nodeRuntime(major) {
  const platformPackage = `node-${process.platform}-${process.arch}`;
  const prefix = join(tools, `node${major}`);
  const home = join(prefix, 'node_modules', platformPackage);
  const bin = join(home, 'bin', 'node');
  if (!existsSync(bin)) {
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `${platformPackage}@${major}`],
      { stdio: 'inherit' },
    );
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  return { major, version, bin, nodedir: home };
}

function abiOf(nodeBin) {
  return execFileSync(nodeBin, ['-p', 'process.versions.modules'], {
    encoding: 'utf8',
  }).trim();
}

function betterSqlite3() {
  const require = createRequire(join(root, 'packages/backend/package.json'));
  const dir = dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = require('better-sqlite3/package.json');
  return {
    binary: join(dir, 'build', 'Release', 'better_sqlite3.node'),
    cached: abi => join(tools, 'native', `better-sqlite3-${version}-abi${abi}.node`),
  };
}

/**
 * Puts the better-sqlite3 build for `runtime` in place, compiling it against
 * the runtime's headers the first time. Returns false if it could not.
 */
export function useNativeModulesFor(runtime, env) {
  const module = betterSqlite3();
  mkdirSync(join(tools, 'native'), { recursive: true });
  // Keep the build `yarn install` made for the Node that runs this script.
  const ownCache = module.cached(abiOf(process.execPath));
  if (!existsSync(ownCache) && existsSync(module.binary)) {
    copyFileSync(module.binary, ownCache);
  }
  const target = module.cached(abiOf(runtime.bin));
  if (!existsSync(target)) {
    const result = spawnSync(runtime.bin, [yarn, 'rebuild', 'better-sqlite3'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, npm_config_nodedir: runtime.nodedir },
    });
    if (result.status !== 0 || !existsSync(module.binary)) return false;
    copyFileSync(module.binary, target);
  }
  copyFileSync(target, module.binary);
  return true;
}

/** Puts back the better-sqlite3 build for the Node running this script. */
export function restoreNativeModules() {
  const module = betterSqlite3();
  const own = module.cached(abiOf(process.execPath));
  if (existsSync(own)) copyFileSync(own, module.binary);
}
