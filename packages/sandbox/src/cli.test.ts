import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { stringify } from 'yaml';
import { MAIN, OTHER, REGION, smallEstate } from './__testUtils__/aws';

jest.setTimeout(60_000);

const TSX_CLI = require.resolve('tsx/cli');
const CLI = path.resolve(__dirname, 'cli.ts');

function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [TSX_CLI, CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', code =>
      reject(
        new Error(`sandbox exited with ${code} before printing its endpoints`),
      ),
    );
  });
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr += chunk;
  });
  return new Promise(resolve =>
    child.once('exit', code => resolve({ code, stderr })),
  );
}

describe('yarn sandbox', () => {
  it('prints one JSON line with endpoints, clusters and accounts, serves, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
    const seed = path.join(dir, 'estate.yaml');
    writeFileSync(seed, stringify(smallEstate()));
    const child = runCli([
      '--seed',
      seed,
      '--port',
      '0',
      '--latency-ms',
      '1',
      '--throttle',
    ]);
    const done = exited(child);
    try {
      const info = JSON.parse(await firstLine(child));
      expect(info.endpoints.eks).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.endpoints.iam).toBe(info.endpoints.eks);
      expect(
        info.accounts.map((a: { accountId: string }) => a.accountId),
      ).toEqual([MAIN, OTHER]);
      expect(info.kubernetes.clusters).toContainEqual({
        accountId: MAIN,
        region: REGION,
        name: 'prod',
        url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/clusters\//),
      });
      expect(info.throttle.eks.ratePerSecond).toBeGreaterThan(0);

      const other = info.accounts[1];
      const eks = new EKSClient({
        endpoint: info.endpoints.eks,
        region: REGION,
        credentials: {
          accessKeyId: other.accessKeyId,
          secretAccessKey: other.secretAccessKey,
        },
        maxAttempts: 1,
      });
      expect((await eks.send(new ListClustersCommand({}))).clusters).toEqual([
        'other-prod',
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    expect((await done).code).toBe(0);
  });

  it('exits non-zero with a message naming the bad option or seed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
    const seed = path.join(dir, 'estate.yaml');
    writeFileSync(seed, 'accounts:\n  - id: 42\n');
    const [badOption, badPort, badSeed] = await Promise.all([
      exited(runCli(['--nope'])),
      exited(runCli(['--port', 'eighty'])),
      exited(runCli(['--seed', seed])),
    ]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/nope/);
    expect(badOption.stderr).toMatch(/Usage: yarn sandbox/);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toMatch(/--port must be a whole number/);
    expect(badSeed.code).toBe(1);
    expect(badSeed.stderr).toContain(`${seed}: accounts[0].id`);
  });
});
