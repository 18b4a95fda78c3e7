/**
 * The temporary files objects are received into, in the archive's incoming folder. Creating a file costs 0.1–0.5 ms of
 * kernel time on ext4 (inode allocation, more after the CPU was idle), so a few empty ones are made ahead of need in
 * the thread pool: off the event loop, while the peer prepares its next object.
 */
import { closeSync, open, openSync, readdirSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { holdTag, isLive, releaseTag } from './owners.js';

/** A temporary file, open for writing. */
export interface TempFile {
  path: string;
  fd: number;
}

/**
 * Empty files kept ready. A few, because making one can take longer than a small object's round trip when the disk
 * is busy, and objects of several associations may arrive at once.
 */
const SPARES = 4;
let serial = 0;

/**
 * `<pid>-<tag>-<serial>.part`: whose temporary file it is. With a leading dot, a copy being made in an object's folder
 * (a study linked in from another file system, where the incoming file cannot be renamed to).
 */
const PART = /^\.?(\d+)-([0-9a-f]+)-\d+\.part$/;

/** Whether a name is of a temporary file whose holder may still be writing it. */
function held(name: string): boolean {
  const [, pid, tag] = PART.exec(name) ?? [];
  return pid !== undefined && isLive(Number(pid), tag!);
}

/** Whether a name is of a copy's temporary file (TempFiles.beside) whose holder no longer runs: a killed run's. */
export function leftBehind(name: string): boolean {
  return name.startsWith('.') && PART.test(name) && !held(name);
}

export class TempFiles {
  private readonly spares: TempFile[] = [];
  /** Paths being created in the thread pool. */
  private readonly opening = new Set<string>();
  private closed = false;
  /** Names this instance's files: drawn once, not per object (the pid alone would not tell a previous run's). */
  private readonly tag: string;

  /**
   * Removes what an interrupted run left in `dir` (never acknowledged, never visible under a final name): not the
   * files of a process still running, which another archive open on this folder is receiving into.
   */
  constructor(readonly dir: string) {
    for (const name of readdirSync(dir)) {
      if (held(name)) continue;
      try {
        unlinkSync(join(dir, name));
      } catch {
        /* ignore */
      }
    }
    this.tag = holdTag();
  }

  private newPath(): string {
    return join(this.dir, `${process.pid}-${this.tag}-${++serial}.part`);
  }

  /** A new, empty temporary file: a spare if one is ready, else made now. */
  take(): TempFile {
    const spare = this.spares.pop();
    if (spare) return spare;
    const path = this.newPath();
    return { path, fd: openSync(path, 'wx') };
  }

  /**
   * A path for a temporary file in `folder`, hidden by its leading dot from the folder walk's objects, which names this
   * archive as its holder (leftBehind).
   */
  beside(folder: string): string {
    return join(folder, `.${basename(this.newPath())}`);
  }

  /** Makes spares in the thread pool up to the number kept; a failure is left to `take` to meet (and report). */
  refill(): void {
    while (!this.closed && this.spares.length + this.opening.size < SPARES) {
      const path = this.newPath();
      this.opening.add(path);
      open(path, 'wx', (error, fd) => {
        this.opening.delete(path);
        if (error) return;
        if (this.closed) discardFile({ path, fd });
        else this.spares.push({ path, fd });
      });
    }
  }

  /** Files in the folder that are not spares: objects being received, or left by a crash. */
  partial(): string[] {
    const idle = new Set([...this.spares.map((s) => basename(s.path)), ...[...this.opening].map((p) => basename(p))]);
    return readdirSync(this.dir).filter((name) => !idle.has(name));
  }

  /** Removes the spares (those still being made remove themselves when done). */
  close(): void {
    this.closed = true;
    releaseTag(this.tag);
    for (const spare of this.spares.splice(0)) discardFile(spare);
  }
}

function discardFile(file: TempFile): void {
  try {
    closeSync(file.fd);
    unlinkSync(file.path);
  } catch {
    /* already gone */
  }
}
