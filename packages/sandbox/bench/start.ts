/**
 * Start-up time of the sandbox on the demo estate (or the estate named on the
 * command line): `yarn workspace @pod-identity/sandbox bench:start [estate.yaml] [runs]`.
 * Prints wall and CPU time (the CPU time says more on a busy machine) of
 * startSandbox, and of the first use of every cluster after it (exportEstate
 * reads every cluster's Kubernetes objects, which are built on first use).
 */
import path from 'node:path';
import { startSandbox } from '../src/sandbox';

type Sample = { wallMs: number; cpuMs: number };

async function measure<T>(work: () => Promise<T> | T): Promise<[T, Sample]> {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return [
    result,
    {
      wallMs: Number(process.hrtime.bigint() - wall) / 1e6,
      cpuMs: (used.user + used.system) / 1000,
    },
  ];
}

function summary(label: string, samples: Sample[]) {
  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `min ${sorted[0].toFixed(0)} / median ${sorted[
      Math.floor(sorted.length / 2)
    ].toFixed(0)} ms`;
  };
  return `${label}: wall ${stats(samples.map(s => s.wallMs))}, cpu ${stats(
    samples.map(s => s.cpuMs),
  )}`;
}

async function main() {
  const seed = path.resolve(
    process.argv[2] ??
      path.join(__dirname, '../../../examples/sandbox/estate.yaml'),
  );
  const runs = Number(process.argv[3] ?? 10);
  // The first start also loads and compiles the modules; it is not counted.
  await (await startSandbox({ seed })).stop();
  const starts: Sample[] = [];
  const firstUses: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const [sandbox, start] = await measure(() => startSandbox({ seed }));
    const [, firstUse] = await measure(() => sandbox.exportEstate());
    await sandbox.stop();
    starts.push(start);
    firstUses.push(firstUse);
  }
  process.stdout.write(
    `${path.basename(seed)}, ${runs} runs\n${summary(
      'startSandbox',
      starts,
    )}\n${summary('then first use of every cluster', firstUses)}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
