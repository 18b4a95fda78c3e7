import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Pieces are gathered up to this size before they are written. */
const PIECE = 64 * 1024;

/**
 * Text for standard output, written in pieces of at least 64 KiB: a dump of many small files would otherwise spend
 * more in one stream write per file than in formatting. Flush before writing to standard error, to keep the order.
 */
export class BufferedOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable = process.stdout) {}

  write(text: string): void {
    // A long text goes out as it is: joining it to the pieces before it would copy it.
    if (text.length >= PIECE) {
      this.flush();
      this.stream.write(text);
      return;
    }
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= PIECE) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.stream.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  /** Waits while the stream holds more than it should, so that output for a slow reader does not pile up in memory. */
  async drained(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }
}
