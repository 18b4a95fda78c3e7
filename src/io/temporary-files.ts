import { readdirSync, unlinkSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type * as Crypto from 'node:crypto';
import { cutToBytes } from '../core/cut-to-bytes.js';
import { onFirstUse } from '../core/on-first-use.js';
import { isProcessAlive } from './process-alive.js';

const crypto = onFirstUse<typeof Crypto>('node:crypto');

/**
 * Random per process, so that two processes writing into one folder never pick the same temporary name, and a later
 * process given the same id (a restarted container's first process) does not take an earlier one's temporaries for
 * its own. Drawn on first use, not at load: the CLI's start-up snapshot (docs/cli.md) would otherwise give every
 * process the same one.
 */
let processTag: string | undefined;
let temporaries = 0;

/** The most bytes a file name may have (NAME_MAX of ext4, XFS, Btrfs, APFS). */
const NAME_MAX = 255;

/**
 * A hidden, unique name beside `path`, in the same folder so that the final rename stays on one file system:
 * `.<name>.<pid>-<tag><counter>.tmp`. The process id lets a later run tell the temporaries of a run killed outright
 * from those of one still writing (removeDeadTemporaries). A counter after the process's random tag keeps names unique
 * without drawing random bytes for every file; opening with 'wx' still refuses a name that exists. The file's own name
 * is cut to leave room for the rest, so that a name near the longest allowed still gets a temporary file (the tag and
 * counter keep it unique). The first name given in a folder first removes from it the temporaries of dead runs
 * (removeDeadTemporaries), so that every writer clears what a killed run left where it writes, once per folder.
 */
export function temporaryPathFor(path: string): string {
  sweepOnce(dirname(path));
  const suffix = `.${process.pid}-${(processTag ??= crypto().randomBytes(6).toString('hex'))}${(++temporaries).toString(36)}.tmp`;
  return join(dirname(path), `.${cutToBytes(basename(path), NAME_MAX - 1 - suffix.length)}${suffix}`);
}

/** A name temporaryPathFor gives, exactly: the process id (Linux's largest is 4194304) and the tag. */
const TEMPORARY_NAME = /^\..+\.([1-9][0-9]{0,6})-([0-9a-f]{12})[0-9a-z]+\.tmp$/s;

/** The process that made a temporary file of this name (temporaryPathFor), and whether it is this one; else undefined. */
export function temporaryOwner(name: string): { pid: number; mine: boolean } | undefined {
  const match = TEMPORARY_NAME.exec(name);
  if (!match) return undefined;
  const pid = Number(match[1]);
  return { pid, mine: pid === process.pid && match[2] === processTag };
}

/** The folders this process has rid of dead runs' temporaries: each once, when it first names a temporary there. */
const swept = new Set<string>();

function sweepOnce(dir: string): void {
  const key = resolve(dir);
  if (swept.has(key)) return;
  swept.add(key);
  removeDeadTemporaries(key);
}

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
