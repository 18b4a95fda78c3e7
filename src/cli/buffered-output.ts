import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Pieces are gathered up to this size before they are written. */
const PIECE = 64 * 1024;
/** Room for the text before a piece is full, and for one more text below PIECE characters (3 bytes each at most). */
const CAPACITY = 4 * PIECE;

/**
 * Text for standard output, written in pieces of at least 64 KiB: a dump of many small files would otherwise spend
 * more in one stream write per file than in formatting. Flush before writing to standard error, to keep the order.
 */
export class BufferedOutput {
  /**
   * Texts are encoded (UTF-8) as they come, so that what waits to be written is bytes outside the JavaScript heap:
   * kept as strings, it was copied by every garbage collection it lived through.
   */
  private bytes = Buffer.allocUnsafe(CAPACITY);
  private used = 0;

  constructor(private readonly stream: Writable = process.stdout) {}

  write(text: string): void {
    // A long text goes out as it is: copying it into the piece would cost more than the write it saves.
    if (text.length >= PIECE) {
      this.flush();
      this.stream.write(text);
      return;
    }
    this.used += this.bytes.write(text, this.used);
    if (this.used >= PIECE) this.flush();
  }

  flush(): void {
    if (this.used === 0) return;
    // The stream may hold on to the piece until it is written: the next texts go into a new one.
    this.stream.write(this.bytes.subarray(0, this.used));
    this.bytes = Buffer.allocUnsafe(CAPACITY);
    this.used = 0;
  }

  /**
   * While the stream holds more than it should, a promise of its draining: waiting for it keeps output for a slow
   * reader from piling up in memory. Otherwise nothing, so that a loop over many files does not pause on every one.
   */
  drained(): Promise<unknown> | undefined {
    return this.stream.writableNeedDrain ? once(this.stream, 'drain') : undefined;
  }
}
