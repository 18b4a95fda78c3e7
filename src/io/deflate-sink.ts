import type * as Zlib from 'node:zlib';
import type { BulkRef } from '../core/element.js';
import { onFirstUse } from '../core/on-first-use.js';
import { copyBulk, type ByteSink } from './byte-sink.js';

const zlib = onFirstUse<typeof Zlib>('node:zlib');

/** Input is deflated a piece this size at a time: what a deflated write holds, whatever the data set's size. */
const PIECE = 1024 * 1024;
/** The history deflate may refer back to (its largest window). */
const WINDOW = 32 * 1024;

/**
 * Deflates what is written to it into another sink, a piece at a time, so that a data set of any size (a 1.5 GB
 * image) is deflated in bounded memory. Each piece but the last ends with a sync flush and the next starts with the
 * previous piece's last 32 KiB as its dictionary (as pigz does): the pieces make one raw deflate stream, which
 * compresses as a single pass does and which an inflater reads as one. A stream of one piece is the one
 * deflateRawSync makes of the whole.
 */
export class DeflateSink implements ByteSink {
  private readonly input: Buffer;
  private used = 0;
  private history: Buffer | undefined;
  private scratch: Buffer | undefined;
  /** Bytes of deflated stream written. */
  length = 0;

  constructor(
    private readonly out: ByteSink,
    private readonly level: number,
    pieceSize = PIECE,
  ) {
    this.input = Buffer.allocUnsafe(pieceSize);
  }

  write(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, this.input.length - this.used);
      bytes.copy(this.input, this.used, at, at + n);
      this.used += n;
      at += n;
      if (this.used === this.input.length) this.deflate(false);
    }
  }

  writeBulk(ref: BulkRef, swapUnit: number): void {
    this.scratch ??= Buffer.allocUnsafe(this.input.length);
    copyBulk(ref, swapUnit, this.scratch, (chunk) => this.write(chunk));
  }

  /** Deflates what is left and ends the stream. */
  end(): void {
    this.deflate(true);
  }

  private deflate(last: boolean): void {
    const piece = this.input.subarray(0, this.used);
    const { Z_FINISH, Z_SYNC_FLUSH } = zlib().constants;
    const options: Zlib.ZlibOptions = { level: this.level, finishFlush: last ? Z_FINISH : Z_SYNC_FLUSH };
    if (this.history) options.dictionary = this.history;
    const deflated = zlib().deflateRawSync(piece, options);
    this.out.write(deflated);
    this.length += deflated.length;
    // Copied: the input buffer is filled again with the next piece.
    this.history = Buffer.from(piece.subarray(Math.max(0, piece.length - WINDOW)));
    this.used = 0;
  }
}
