import { closeSync, openSync, writeSync } from 'node:fs';
import { swapBytes, type BulkRef } from '../core/element.js';

/** Where encoded bytes go: memory, or a file written in large chunks. */
export interface ByteSink {
  write(bytes: Buffer): void;
  /** Copies a value left on disk, swapping byte order per `swapUnit` when the output needs it. */
  writeBulk(ref: BulkRef, swapUnit: number): void;
}

/** Bulk copies go through a buffer this size: small enough to stay in the CPU cache between the read and the write. */
const CHUNK = 1024 * 1024;
const DIRECT_WRITE = 64 * 1024;

/** A bulk value's bytes in output order: the source's order undone, then the output's applied. */
function needsSwap(ref: BulkRef, outputUnit: number): number {
  if (ref.swapUnit > 1 && outputUnit > 1) return 1;
  return Math.max(ref.swapUnit, outputUnit);
}

/** Streams a bulk value in chunks so that a large value never sits in memory whole. */
function copyBulk(ref: BulkRef, outputUnit: number, scratch: Buffer, emit: (chunk: Buffer) => void): void {
  const unit = needsSwap(ref, outputUnit);
  const step = scratch.length - (scratch.length % 8);
  for (let done = 0; done < ref.length; ) {
    const want = Math.min(step, ref.length - done);
    const got = ref.source.readInto(scratch, 0, want, ref.offset + done);
    if (got < want) scratch.fill(0, got, want);
    const chunk = scratch.subarray(0, want);
    emit(unit > 1 ? swapBytes(chunk, unit) : chunk);
    done += want;
  }
}

export class MemorySink implements ByteSink {
  private readonly chunks: Buffer[] = [];
  write(bytes: Buffer): void {
    this.chunks.push(bytes);
  }
  writeBulk(ref: BulkRef, swapUnit: number): void {
    copyBulk(ref, swapUnit, Buffer.allocUnsafe(Math.min(CHUNK, Math.max(ref.length, 8))), (c) => this.chunks.push(Buffer.from(c)));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Buffers small writes into 1 MiB blocks; large values go straight to the file. */
export class FileSink implements ByteSink {
  private readonly buf = Buffer.allocUnsafe(1024 * 1024);
  private used = 0;
  private scratch: Buffer | undefined;
  readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'wx');
  }

  write(bytes: Buffer): void {
    // Large values (a JPEG, pixel data) go straight to the file rather than through another copy.
    if (bytes.length >= DIRECT_WRITE || bytes.length > this.buf.length - this.used) this.flush();
    if (bytes.length >= DIRECT_WRITE) {
      this.writeAll(bytes);
      return;
    }
    bytes.copy(this.buf, this.used);
    this.used += bytes.length;
  }

  writeBulk(ref: BulkRef, swapUnit: number): void {
    this.flush();
    this.scratch ??= Buffer.allocUnsafe(CHUNK);
    copyBulk(ref, swapUnit, this.scratch, (c) => this.writeAll(c));
  }

  flush(): void {
    if (this.used > 0) this.writeAll(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private writeAll(bytes: Buffer): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
  }
}
