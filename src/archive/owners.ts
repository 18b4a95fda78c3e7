/**
 * Who holds a mark in the archive folder (a temporary file, the index's open mark): a process id and a tag drawn per
 * holder. Another process's marks are live while it runs; this process's only while their holder is open (a previous
 * run may have had the same id, as a restarted container's first process has).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The tags held open in this process. */
const LIVE = new Set<string>();

/** Whether a process of this id runs (one of another user's too: signalling it is then refused, not failed). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * Whether a process has ended but its parent has not yet reaped it (Linux's /proc says Z): it still answers signal 0,
 * but holds no file and writes nothing. A serve killed with -9 and restarted at once (by a supervisor that reaps it a
 * moment later, or in a container whose first process reaps slowly) is one: its marks are a dead run's.
 */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false; // no /proc (not Linux): signal 0 is all there is
  }
  // "PID (COMMAND) STATE …": the command may itself hold spaces and parentheses
  return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
}

/** A new tag, live until released. */
export function holdTag(): string {
  const tag = randomBytes(4).toString('hex');
  LIVE.add(tag);
  return tag;
}

export function releaseTag(tag: string): void {
  LIVE.delete(tag);
}

/** Whether the holder of a mark made by process `pid` with `tag` may still be using it. */
export function isLive(pid: number, tag: string): boolean {
  return pid === process.pid ? LIVE.has(tag) : isRunning(pid);
}
