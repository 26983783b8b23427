import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { SandboxAccount, SandboxOptions } from '@pod-identity/sandbox';
import type { SandboxRequest } from './sandboxProcess';

/** The parent's handle on the sandbox child process. */
export class RemoteSandbox {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (value: any) => void; reject: (error: Error) => void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on(
      'message',
      (message: { id: number; result?: unknown; error?: string }) => {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) {
          waiter?.reject(new Error(message.error));
        } else {
          waiter?.resolve(message.result);
        }
      },
    );
  }

  static async start(options: SandboxOptions) {
    // The child inherits tsx's loader flags from this process.
    const child = fork(resolve(__dirname, 'sandboxProcess.ts'), [], {
      execArgv: process.execArgv,
      stdio: 'inherit',
    });
    const remote = new RemoteSandbox(child);
    const started = await remote.call<{
      endpoints: { eks: string; iam: string; sts: string };
      accounts: SandboxAccount[];
    }>({ type: 'start', options });
    return { remote, ...started };
  }

  call<T>(request: SandboxRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      this.child.send({ id, request });
    });
  }

  callCounts() {
    return this.call<Record<string, number>>({ type: 'callCounts' });
  }

  resetCallCounts() {
    return this.call<null>({ type: 'resetCallCounts' });
  }

  /** CPU time the sandbox process has used so far. */
  cpuSeconds() {
    return this.call<number>({ type: 'cpuSeconds' });
  }

  async stop() {
    await this.call({ type: 'stop' });
  }
}
