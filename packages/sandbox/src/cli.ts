/**
 * Standalone sandbox: `yarn sandbox --seed FILE --port N [--kubernetes-port N]
 * [--latency-ms N] [--throttle] [--no-authorization] [--consistency-delay-ms N] [--no-access-entries]`. Prints one JSON line with its endpoints,
 * clusters and accounts, then serves until SIGINT or SIGTERM.
 *
 * The line includes each account's secret access key: those keys are made up
 * by the sandbox and open nothing but the sandbox, and a client needs them to
 * sign requests for any account but the first.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_THROTTLE } from './faults/faults';

const USAGE =
  'Usage: yarn sandbox [--seed FILE] [--port N] [--kubernetes-port N] [--latency-ms N] [--throttle] [--no-authorization] [--consistency-delay-ms N] [--no-access-entries]';

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`--${name} must be a whole number >= 0, got '${value}'`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      port: { type: 'string' },
      'kubernetes-port': { type: 'string' },
      'latency-ms': { type: 'string' },
      throttle: { type: 'boolean' },
      'no-authorization': { type: 'boolean' },
      'consistency-delay-ms': { type: 'string' },
      // Kubernetes APIs let any identity of the cluster's account in, as administrator.
      'no-access-entries': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = integer('port', values.port) ?? 0;
  const kubernetesPort =
    integer('kubernetes-port', values['kubernetes-port']) ?? 0;
  const latencyMs = integer('latency-ms', values['latency-ms']);
  const consistencyDelayMs = integer(
    'consistency-delay-ms',
    values['consistency-delay-ms'],
  );
  // Loaded only once the arguments are known good, so a typo fails at once.
  const { startSandbox } = await import('./sandbox');
  const sandbox = await startSandbox({
    seed: values.seed,
    port,
    kubernetesPort,
    latencyMs,
    throttle: values.throttle ? DEFAULT_THROTTLE : undefined,
    authorization: !values['no-authorization'],
    consistencyDelayMs,
    enforceAccessEntries: values['no-access-entries'] ? false : undefined,
  });
  const clusters = sandbox.exportEstate().accounts.flatMap(account =>
    (account.clusters ?? []).map(cluster => ({
      accountId: account.id,
      region: cluster.region,
      name: cluster.name,
      url: sandbox.kubernetesUrl(cluster.name, account.id),
    })),
  );
  process.stdout.write(
    `${JSON.stringify({
      endpoints: sandbox.endpoints,
      kubernetes: { caPem: sandbox.kubernetesCaPem, clusters },
      accounts: sandbox.accounts,
      throttle: values.throttle ? DEFAULT_THROTTLE : undefined,
    })}\n`,
  );
  const stop = () => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`sandbox: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1);
});
