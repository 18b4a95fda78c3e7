import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { BulkRef, BulkSource } from '../core/element.js';
import { DicomError, systemErrorText } from '../core/errors.js';

/** Random access to the bytes being parsed: a buffer in memory, or a file read through a window. */
export interface ByteSource {
  readonly length: number;
  /**
   * Makes [offset, offset + n) readable without copying: returns the buffer holding it, where it starts at index
   * `offset - base` (the hot path of parsing, which reads headers in place).
   */
  fetch(offset: number, n: number): Buffer;
  /** The file offset of index 0 of the buffer `fetch` last returned. */
  readonly base: number;
  /** A view of [offset, offset + n). */
  view(offset: number, n: number): Buffer;
  /** Bytes to keep as a value. */
  keep(offset: number, n: number): Buffer;
  /** A reference that leaves the bytes where they are, when the source can be read again later. */
  bulk(offset: number, n: number, swapUnit: number): BulkRef | undefined;
}

export class BufferSource implements ByteSource {
  readonly base = 0;
  constructor(private readonly buf: Buffer) {}
  get length(): number {
    return this.buf.length;
  }
  fetch(): Buffer {
    return this.buf;
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

/** What tells one version of a file from another: a rewrite, a replacement (a new inode) or a cut changes it. */
const versionOf = ({ dev, ino, size, mtimeMs }: Stats): string => `${dev}:${ino}:${size}:${mtimeMs}`;

/**
 * A file on disk that bulk values can be read from later (opened per read, so nothing stays open). Each read checks
 * that the file is still the version the values were found in: read from a file since rewritten, replaced or cut, a
 * value would silently be other bytes (or zeros).
 */
export class FileBulkSource implements BulkSource {
  constructor(
    readonly path: string,
    private readonly version: string,
  ) {}

  readInto(target: Buffer, targetOffset: number, length: number, offset: number): number {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (e) {
      throw new DicomError('IO', `cannot read the values left on disk: ${systemErrorText(e, this.path)}`, { file: this.path, cause: e });
    }
    try {
      if (versionOf(fstatSync(fd)) !== this.version) {
        throw new DicomError('IO', 'the file changed after it was read, so the values left on disk (pixel data …) cannot be read from it: read it again', { file: this.path });
      }
      return readFully(fd, target, targetOffset, length, offset);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * A whole file as a bulk value: written from disk when its data set is, so that a large document (an OBJ of millions
 * of triangles) is never held in memory. Written after the file changed, it fails as any value left on disk does.
 */
export function fileBulkRef(path: string): BulkRef {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new DicomError('IO', `cannot open: ${systemErrorText(e, path)}`, { file: path, cause: e });
  }
  try {
    // One fstat: the length and the version the reads check are of the same moment.
    const stats = fstatSync(fd);
    return { source: new FileBulkSource(path, versionOf(stats)), offset: 0, length: stats.size, swapUnit: 1 };
  } finally {
    closeSync(fd);
  }
}

/** A bulk value with one `pad` byte after it: the pad that makes an odd-length value even, as DICOM wants it. */
export function padBulkRef(ref: BulkRef, pad: number): BulkRef {
  const source: BulkSource = {
    path: ref.source.path,
    readInto(target, targetOffset, length, offset) {
      const stored = Math.max(0, Math.min(length, ref.length - offset));
      const got = stored > 0 ? ref.source.readInto(target, targetOffset, stored, ref.offset + offset) : 0;
      if (got < stored) return got;
      target.fill(pad, targetOffset + got, targetOffset + length);
      return length;
    },
  };
  return { source, offset: 0, length: ref.length + 1, swapUnit: ref.swapUnit };
}

/**
 * Reads a pipe, socket or terminal (which cannot be read at offsets) to its end, into one buffer that doubles as it
 * fills; more than `limit` bytes fail with LIMIT_EXCEEDED.
 */
export function readStream(fd: number, limit: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1));
  let used = 0;
  for (;;) {
    if (used === buf.length) {
      const next = Buffer.allocUnsafe(Math.min(2 * buf.length, limit + 1));
      buf.copy(next, 0, 0, used);
      buf = next;
    }
    let n: number;
    try {
      n = readSync(fd, buf, used, buf.length - used, null);
    } catch (e) {
      // A descriptor someone made non-blocking (a shared standard input) has nothing yet: wait for the writer.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (n === 0) return buf.subarray(0, used);
    used += n;
    if (used > limit) throw streamTooLong(limit);
  }
}

/** The error of a stream read whole that runs past `limit` bytes (limits.maxStreamLength). */
export const streamTooLong = (limit: number): DicomError =>
  new DicomError('LIMIT_EXCEEDED', `the input stream is longer than ${limit} bytes (limits.maxStreamLength): save it to a file and read that`);

/** Bytes at an offset of a file; fewer (or none) where the file ends first. */
export type ReadAt = (offset: number, length: number) => Buffer;

/** A ReadAt over bytes in memory: views, no copies. */
export const readerOf = (bytes: Buffer): ReadAt => (offset, length) => bytes.subarray(offset, offset + length);

/** Opens a file for a few reads at chosen offsets: `body` gets its size and a reader; the file is closed after. */
export function withFileReader<T>(path: string, body: (size: number, read: ReadAt) => T): T {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return body(size, (offset, length) => {
      const bytes = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      return bytes.subarray(0, readFully(fd, bytes, 0, bytes.length, offset));
    });
  } finally {
    closeSync(fd);
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

/**
 * Reads a file through a window, so that a header scan touches only the bytes it parses. Each refill reads into a
 * new buffer, so values kept from earlier windows stay valid as views (no copy per value).
 */
export class FileSource implements ByteSource {
  readonly length: number;
  base = 0;
  private window: Buffer;
  private bulkSource?: FileBulkSource;
  /** How far into the initial window views reach: the bytes past it are read by no value. */
  initialViewed = 0;

  constructor(
    private readonly fd: number,
    private readonly path: string,
    size = fstatSync(fd).size,
    readonly initial: Buffer = Buffer.alloc(0),
    private readonly windowSize = 256 * 1024,
  ) {
    this.length = size;
    this.window = initial;
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

  fetch(offset: number, n: number): Buffer {
    const rel = offset - this.base;
    if (rel >= 0 && rel + n <= this.window.length) return this.window;
    const size = Math.max(0, Math.min(Math.max(n, this.windowSize), this.length - offset));
    const window = Buffer.allocUnsafe(size);
    this.window = window.subarray(0, readFully(this.fd, window, 0, size, offset));
    this.base = offset;
    return this.window;
  }

  view(offset: number, n: number): Buffer {
    const buf = this.fetch(offset, n);
    const start = offset - this.base;
    const end = Math.min(start + n, buf.length);
    if (buf === this.initial) this.initialViewed = Math.max(this.initialViewed, end);
    return buf.subarray(start, end);
  }

  keep(offset: number, n: number): Buffer {
    return this.view(offset, n);
  }

  bulk(offset: number, n: number, swapUnit: number): BulkRef {
    // The version is taken while the file is open for this read, and only for a file that has values left on disk.
    this.bulkSource ??= new FileBulkSource(this.path, versionOf(fstatSync(this.fd)));
    return { source: this.bulkSource, offset, length: n, swapUnit };
  }
}
