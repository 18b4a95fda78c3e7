/**
 * Whether the process that left a file marked with its id (a temporary file, an archive's mark) may still be using it.
 */
import { readFileSync } from 'node:fs';

/** Whether a process of this id runs (one of another user's too: signalling it is then refused, not failed). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * Whether a process has ended but its parent has not yet reaped it (Linux's /proc says Z): it still answers signal 0,
 * but holds no file and writes nothing. A process killed with -9 and run again at once (by a supervisor that reaps it a
 * moment later, or in a container whose first process reaps slowly) is one: its files are a dead run's.
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
