/**
 * fsyncs of the archive's folders, which make the renames into them durable. Each runs in the thread pool, so that
 * the event loop writes the index meanwhile; objects renamed into a folder while its fsync runs share the next one
 * (associations storing into one series at once flush it once per round, not once per object). Folder descriptors
 * are kept open, the most recently used 32: one open and close less per object.
 */
import { closeSync, fsync, openSync } from 'node:fs';
import { fsyncUnsupported } from '../io/durable-write.js';

const KEPT = 32;

/** One folder's descriptor and its fsyncs: at most one running and one queued behind it. */
class Folder {
  private running?: Promise<void>;
  private queued?: Promise<void>;

  constructor(private readonly fd: number) {}

  /** Resolves once every entry made in the folder before the call is durable. */
  sync(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    // The running fsync may have started before the caller's rename: the next one covers it (whether the running one
    // succeeds or fails).
    const next = (): Promise<void> => {
      this.queued = undefined;
      return this.start();
    };
    this.queued = this.running.then(next, next);
    return this.queued;
  }

  private start(): Promise<void> {
    const run = new Promise<void>((resolve, reject) => {
      fsync(this.fd, (error) => {
        this.running = undefined;
        if (error && !fsyncUnsupported(error)) reject(error);
        else resolve();
      });
    });
    this.running = run;
    return run;
  }

  /** Closes the descriptor once the fsyncs asked for are done. */
  retire(): void {
    const last = this.queued ?? this.running;
    const close = (): void => closeSync(this.fd);
    if (!last) close();
    else void last.then(close, close);
  }
}

export class FolderSyncs {
  /** By path, least recently used first. */
  private readonly folders = new Map<string, Folder>();

  /** Resolves once the entries made in `dir` so far are durable. */
  sync(dir: string): Promise<void> {
    let folder = this.folders.get(dir);
    if (folder) this.folders.delete(dir);
    else {
      let fd: number;
      try {
        fd = openSync(dir, 'r');
      } catch (e) {
        return Promise.reject(e);
      }
      folder = new Folder(fd);
      if (this.folders.size >= KEPT) this.forget(this.folders.keys().next().value!);
    }
    this.folders.set(dir, folder);
    return folder.sync();
  }

  /** Drops a folder's descriptor (the folder went away and is made again). */
  forget(dir: string): void {
    const folder = this.folders.get(dir);
    if (!folder) return;
    this.folders.delete(dir);
    folder.retire();
  }

  close(): void {
    for (const dir of [...this.folders.keys()]) this.forget(dir);
  }
}
