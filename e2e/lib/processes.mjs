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
