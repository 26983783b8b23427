/*
 * Stopping a started server with everything it spawned: yarn, backstage-cli,
 * and the backend and frontend it starts. Each is signalled by pid and, after
 * a grace period, killed: a backend still draining its shutdown when a script
 * exits would hold its port against the next run.
 */
import { spawnSync } from 'node:child_process';

/** The pids of a process and all its descendants, parents first. */
export function processTree(rootPid) {
  const table =
    spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout ??
    '';
  const children = new Map();
  for (const line of table.trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree = [];
  const visit = pid => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return tree;
}

/** SIGTERM to the whole tree, then SIGKILL to whatever is left after `graceSeconds`. */
export function stopProcessTree(rootPid, graceSeconds = 3) {
  const tree = processTree(rootPid);
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    for (const pid of tree) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    if (signal === 'SIGTERM') spawnSync('sleep', [String(graceSeconds)]);
  }
}

/**
 * Resolves once `url` answers 200 while `server` (a started `yarn start`)
 * runs; a server that exits fails at once, naming `log`. The deadline only
 * ends a start-up that hangs: a slow machine is waited for.
 */
export async function untilAnswers(url, server, deadline, log) {
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `the server exited (${
          server.exitCode ?? server.signalCode
        }) before ${url} answered; its log: ${log}`,
      );
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(
    `${url} did not answer before the deadline; the server's log: ${log}`,
  );
}
