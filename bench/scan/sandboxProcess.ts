/*
 * Runs the sandbox in a child process, so that the benchmark's rss_mb measures
 * the scanner and not the emulator. The parent talks to it over IPC.
 */
import { startSandbox, Sandbox, SandboxOptions } from '@pod-identity/sandbox';

export type SandboxRequest =
  | { type: 'start'; options: SandboxOptions }
  | { type: 'callCounts' }
  | { type: 'resetCallCounts' }
  | { type: 'cpuSeconds' }
  | { type: 'stop' };

let sandbox: Sandbox | undefined;

async function handle(request: SandboxRequest): Promise<unknown> {
  switch (request.type) {
    case 'start':
      sandbox = await startSandbox(request.options);
      return { endpoints: sandbox.endpoints, accounts: sandbox.accounts };
    case 'callCounts':
      return sandbox!.callCounts();
    case 'resetCallCounts':
      sandbox!.resetCallCounts();
      return null;
    case 'cpuSeconds': {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    }
    case 'stop':
      await sandbox?.stop();
      setImmediate(() => process.exit(0));
      return null;
    default:
      throw new Error(`Unknown request ${JSON.stringify(request)}`);
  }
}

process.on('message', (message: { id: number; request: SandboxRequest }) => {
  handle(message.request).then(
    result => process.send!({ id: message.id, result }),
    error =>
      process.send!({ id: message.id, error: String(error?.stack ?? error) }),
  );
});
