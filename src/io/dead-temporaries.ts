import { readdirSync, unlinkSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { temporaryOwner } from './part10-writer.js';
import { isProcessAlive } from './process-alive.js';

/**
 * Removes from `dir` the temporary files (temporaryPathFor) of processes that no longer run: what a run killed outright
 * (SIGKILL, a crash) left beside its outputs, which nothing else would ever remove. Only files of exactly that name
 * pattern go; this process's own stay, and so do those of a process still running (another import into the same
 * folder), or of one whose id another process has taken since (until that one ends). For a folder a run first writes
 * into, not per file: it reads the whole folder. Best effort: a folder that cannot be read, or a file that cannot be
 * removed (another user's), is left as it is, and the write that follows fails on its own if it must.
 */
export function removeDeadTemporaries(dir: string): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // A live import may have hundreds of temporaries here: its process is looked up once.
  const alive = new Map<number, boolean>();
  const isAlive = (pid: number): boolean => {
    let known = alive.get(pid);
    if (known === undefined) alive.set(pid, (known = isProcessAlive(pid)));
    return known;
  };
  for (const entry of entries) {
    const owner = entry.isFile() ? temporaryOwner(entry.name) : undefined;
    if (!owner || owner.mine) continue;
    // One of this process's id but not its own is an earlier process's, which had the same id and has ended.
    if (owner.pid !== process.pid && isAlive(owner.pid)) continue;
    try {
      unlinkSync(join(dir, entry.name));
    } catch {
      /* removed meanwhile (by another run's sweep), or not this user's to remove */
    }
  }
}
