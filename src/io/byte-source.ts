import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { BulkRef, BulkSource } from '../core/element.js';
import { DicomError } from '../core/errors.js';

/** Random access to the bytes being parsed: a buffer in memory, or a file read through a window. */
export interface ByteSource {
  readonly length: number;
  /** A view of [offset, offset + n); valid only until the next call. */
  view(offset: number, n: number): Buffer;
  /** Bytes to keep as a value. */
  keep(offset: number, n: number): Buffer;
  /** A reference that leaves the bytes where they are, when the source can be read again later. */
  bulk(offset: number, n: number, swapUnit: number): BulkRef | undefined;
}

export class BufferSource implements ByteSource {
  constructor(private readonly buf: Buffer) {}
  get length(): number {
    return this.buf.length;
  }
  view(offset: number, n: number): Buffer {
    return this.buf.subarray(offset, offset + n);
  }
  keep(offset: number, n: number): Buffer {
    return this.buf.subarray(offset, offset + n);
  }
  bulk(): undefined {
    return undefined;
  }
}

/** A file on disk that bulk values can be read from later (opened per read, so nothing stays open). */
export class FileBulkSource implements BulkSource {
  constructor(readonly path: string) {}
  readInto(target: Buffer, targetOffset: number, length: number, offset: number): number {
    const fd = openSync(this.path, 'r');
    try {
      return readFully(fd, target, targetOffset, length, offset);
    } finally {
      closeSync(fd);
    }
  }
}

export function readFully(fd: number, target: Buffer, targetOffset: number, length: number, offset: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, target, targetOffset + done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

const WINDOW = 256 * 1024;

/** Reads a file through a sliding window, so that a header scan touches only the bytes it parses. */
export class FileSource implements ByteSource {
  readonly length: number;
  private backing = Buffer.alloc(0);
  private windowStart = 0;
  private windowLength = 0;
  private readonly bulkSource: FileBulkSource;

  constructor(
    private readonly fd: number,
    path: string,
  ) {
    this.length = fstatSync(fd).size;
    this.bulkSource = new FileBulkSource(path);
  }

  static open(path: string): FileSource {
    try {
      return new FileSource(openSync(path, 'r'), path);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new DicomError('IO', `cannot open: ${err.code ?? err.message}`, { file: path, cause: e });
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  view(offset: number, n: number): Buffer {
    const rel = offset - this.windowStart;
    if (rel >= 0 && rel + n <= this.windowLength) return this.backing.subarray(rel, rel + n);
    const size = Math.max(0, Math.min(Math.max(n, WINDOW), this.length - offset));
    if (this.backing.length < size) this.backing = Buffer.allocUnsafe(size);
    this.windowStart = offset;
    this.windowLength = readFully(this.fd, this.backing, 0, size, offset);
    return this.backing.subarray(0, Math.min(n, this.windowLength));
  }

  keep(offset: number, n: number): Buffer {
    return Buffer.from(this.view(offset, n));
  }

  bulk(offset: number, n: number, swapUnit: number): BulkRef {
    return { source: this.bulkSource, offset, length: n, swapUnit };
  }
}
