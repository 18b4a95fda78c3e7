import { rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncPath, renameTemporarySync, writeTemporarySync } from './durable-write.js';

/**
 * Files that belong together (an OBJ, its MTL and texture), written as one: each goes to a temporary file beside its
 * destination, flushed to disk; commit then renames them all into place and flushes their folders. Until the commit,
 * every destination is as it was, a file of the same name included; abort removes the temporaries. So a set that
 * fails or is stopped partway never mixes new files with old ones. One killed outright leaves its temporaries, which
 * the next run writing into the same folder removes (temporaryPathFor).
 */
export class StagedFiles {
  private readonly staged: { temp: string; path: string }[] = [];

  /** Stages a file whose content `body` writes to the descriptor it is given (at a link, the file it names). */
  write(path: string, body: (fd: number) => void): void {
    const { temp, destination } = writeTemporarySync(path, body);
    this.adopt(temp, destination);
  }

  /**
   * Stages a temporary file the caller wrote beside `path` (temporaryPathFor): one not flushed yet is flushed by the
   * caller before the commit (DurableBatch flushes a whole import at once).
   */
  adopt(temp: string, path: string): void {
    this.staged.push({ temp, path });
  }

  /** The temporary files staged, in order. */
  get temporaries(): string[] {
    return this.staged.map((s) => s.temp);
  }

  /** The folders the staged files go to. */
  get folders(): string[] {
    return [...new Set(this.staged.map((s) => dirname(s.path)))];
  }

  /** Stages a file of these bytes. */
  put(path: string, bytes: Buffer | string): void {
    this.write(path, (fd) => writeFileSync(fd, bytes));
  }

  /** Renames every staged file over its destination, then makes the renames durable. */
  commit(): void {
    const folders = this.folders;
    try {
      for (let next = this.staged.shift(); next; next = this.staged.shift()) renameTemporarySync(next.temp, next.path);
    } finally {
      // A rename that failed leaves the rest staged: they go.
      this.abort();
    }
    for (const dir of folders) fsyncPath(dir);
  }

  abort(): void {
    for (const { temp } of this.staged.splice(0)) rmSync(temp, { force: true });
  }
}
