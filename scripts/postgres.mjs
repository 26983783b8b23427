/*
 * Starts a throwaway PostgreSQL server on 127.0.0.1 for the database tests,
 * from Debian's postgresql binaries when they are installed (.ci/run installs
 * them). Returns undefined when there are none, so the tests fall back to SQLite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(base, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres() {
  if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES13_CONNECTION_STRING) {
    return { url: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES13_CONNECTION_STRING, stop: async () => {} };
  }
  const bin = findBinDir();
  if (!bin) return undefined;
  // initdb refuses to run as root; Debian's package creates the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot && spawnSync('id', ['postgres']).status !== 0) return undefined;
  const wrap = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

  const dir = mkdtempSync(join(tmpdir(), 'pod-identity-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    execFileSync(...wrap(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']), { stdio: 'ignore' });
    execFileSync(
      ...wrap(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -c max_connections=300`, 'start']),
      { stdio: 'ignore' },
    );
  } catch (error) {
    console.log(`PostgreSQL did not start: ${error.message}`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}`,
    stop: async () => {
      spawnSync(...wrap(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
