import { fdatasync } from 'node:fs';

/** Written bytes after which another fdatasync starts. */
const PROGRESS_BYTES = 16 * 1024 * 1024;

/**
 * fdatasyncs of a file while it is still being written, in the thread pool: one starts each time another 16 MiB has
 * been written (at most one at a time), so the fdatasync that makes the file durable once it is complete finds little
 * left to write. For a 157 MB object that last fdatasync took ~115 ms here, a third of the transfer, with the disk
 * idle while the bytes arrived.
 */
export class ProgressiveSync {
  private unsynced = 0;
  private running: Promise<void> | undefined;
  /** The first error of an fdatasync here: Linux reports a write-back error once, so it is kept for the last one. */
  failure: Error | undefined;

  constructor(private readonly fd: number) {}

  /** Counts bytes just written to the file. */
  written(bytes: number): void {
    this.unsynced += bytes;
    if (this.unsynced < PROGRESS_BYTES || this.running) return;
    this.unsynced = 0;
    this.running = new Promise((resolve) => {
      fdatasync(this.fd, (error) => {
        if (error) this.failure ??= error;
        this.running = undefined;
        resolve();
      });
    });
  }

  /** Settles once no fdatasync of this file is running, so that its descriptor can be synced again or closed. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}
