import { closeSync, openSync, writeSync, writevSync } from 'node:fs';
import { DicomError } from '../core/errors.js';
import { bulkCut, swapBytes, type BulkRef } from '../core/element.js';
import { WRITE_BACK_STEP, WriteBack } from './write-back.js';

/** Where encoded bytes go: memory, or a file written in large chunks. */
export interface ByteSink {
  /** Keeps `bytes`; those of up to SMALL_WRITE bytes are copied before it returns, so the caller may reuse them. */
  write(bytes: Buffer): void;
  /** Copies a value left on disk, swapping byte order per `swapUnit` when the output needs it. */
  writeBulk(ref: BulkRef, swapUnit: number): void;
}

/** Bulk copies go through a buffer this size: small enough to stay in the CPU cache between the read and the write. */
const CHUNK = 1024 * 1024;

/** A bulk value's bytes in output order: the source's order undone, then the output's applied. */
function needsSwap(ref: BulkRef, outputUnit: number): number {
  if (ref.swapUnit > 1 && outputUnit > 1) return 1;
  return Math.max(ref.swapUnit, outputUnit);
}

/** Streams a bulk value in chunks so that a large value never sits in memory whole. */
export function copyBulk(ref: BulkRef, outputUnit: number, scratch: Buffer, emit: (chunk: Buffer) => void): void {
  const unit = needsSwap(ref, outputUnit);
  const step = scratch.length - (scratch.length % 8);
  for (let done = 0; done < ref.length; ) {
    const want = Math.min(step, ref.length - done);
    const got = ref.source.readInto(scratch, 0, want, ref.offset + done);
    if (got < want) throw bulkCut(ref, done + got);
    const chunk = scratch.subarray(0, want);
    emit(unit > 1 ? swapBytes(chunk, unit) : chunk);
    done += want;
  }
}

/** Writes a value left on disk to an open file (little endian, as loadBulk gives it) a chunk at a time: any size in bounded memory. */
export function writeBulkToDescriptor(fd: number, ref: BulkRef): void {
  copyBulk(ref, 1, Buffer.allocUnsafe(Math.min(CHUNK, Math.max(ref.length, 8))), (chunk) => {
    for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
  });
}

/** Writes up to this size are copied together into blocks; larger ones are kept by reference, not copied. */
const SMALL_WRITE = 1024;
const BLOCK = 16 * 1024;

/**
 * Collects encoded bytes in memory. An encoder writes a header of a few bytes per element, so small writes are
 * copied into shared blocks: a whole object is then a handful of pieces (its headers, its pixel data …), cheap to
 * join or to hand to one gathered write.
 */
export class MemorySink implements ByteSink {
  private readonly chunks: Buffer[] = [];
  private block = Buffer.alloc(0);
  /** Bytes of the block in use, and where the part not yet in `chunks` starts. */
  private used = 0;
  private start = 0;

  write(bytes: Buffer): void {
    if (bytes.length > SMALL_WRITE) {
      this.endRun();
      this.chunks.push(bytes);
      return;
    }
    if (this.used + bytes.length > this.block.length) {
      this.endRun();
      this.block = Buffer.allocUnsafe(BLOCK);
      this.used = this.start = 0;
    }
    bytes.copy(this.block, this.used);
    this.used += bytes.length;
  }
  writeBulk(ref: BulkRef, swapUnit: number): void {
    this.endRun();
    copyBulk(ref, swapUnit, Buffer.allocUnsafe(Math.min(CHUNK, Math.max(ref.length, 8))), (c) => this.chunks.push(Buffer.from(c)));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.parts());
  }
  /** The bytes written, in order: large values as they were given (not copied), small ones joined. */
  parts(): readonly Buffer[] {
    this.endRun();
    return this.chunks;
  }
  /** Ends the current run of small writes (later ones go after it in the same block). */
  private endRun(): void {
    if (this.used > this.start) this.chunks.push(this.block.subarray(this.start, this.used));
    this.start = this.used;
  }
}

/** Pending bytes are written once they reach this much (and at the end). */
const FLUSH_AT = 1024 * 1024;

/**
 * Writes to a new file: pieces are gathered in memory (small ones copied together, values such as a JPEG kept by
 * reference) and written with one writev per megabyte, so a typical object costs one system call and no copy. With
 * write-back, a large value goes in pieces of WRITE_BACK_STEP, the disk set writing each as the next is written.
 */
export class FileSink implements ByteSink {
  private pending = new MemorySink();
  private pendingBytes = 0;
  private scratch: Buffer | undefined;
  readonly fd: number;
  private written = 0;
  private readonly writeBack: WriteBack | undefined;

  /** `writeBack`: whether a large file is flushed as it is written (one that will be flushed anyway). */
  constructor(path: string, writeBack = false) {
    this.fd = openSync(path, 'wx');
    if (writeBack) this.writeBack = new WriteBack(path);
  }

  /** Bytes written to the file so far. */
  get size(): number {
    return this.written;
  }

  write(bytes: Buffer): void {
    this.pending.write(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
  }

  writeBulk(ref: BulkRef, swapUnit: number): void {
    this.flush();
    this.scratch ??= Buffer.allocUnsafe(CHUNK);
    copyBulk(ref, swapUnit, this.scratch, (c) => this.writeAll([c], c.length));
  }

  flush(): void {
    if (this.pendingBytes > 0) this.writeAll(this.pending.parts(), this.pendingBytes);
    this.pending = new MemorySink();
    this.pendingBytes = 0;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  /** Closes the file without writing what is pending (after a failed write: the file is being given up). */
  abandon(): void {
    closeSync(this.fd);
  }

  private writeAll(pieces: readonly Buffer[], size: number): void {
    if (!this.writeBack || size <= WRITE_BACK_STEP) this.writeWhole(pieces, size);
    else for (const [part, partSize] of inParts(pieces, WRITE_BACK_STEP)) this.writeWhole(part, partSize);
  }

  private writeWhole(pieces: readonly Buffer[], size: number): void {
    let done = writevSync(this.fd, pieces as Buffer[]);
    // A short write (a full disk takes what fits): writing the rest either goes on or fails with the reason (ENOSPC).
    while (done < size) {
      const n = writevSync(this.fd, after(pieces, done));
      if (n === 0) throw new DicomError('IO', `the file system took ${done} of ${size} bytes`);
      done += n;
    }
    this.written += size;
    this.writeBack?.written(size);
  }
}

/** `pieces` cut into runs of at most `most` bytes (views), each with its size. */
function inParts(pieces: readonly Buffer[], most: number): [Buffer[], number][] {
  const parts: [Buffer[], number][] = [];
  let part: Buffer[] = [];
  let size = 0;
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; ) {
      const n = Math.min(piece.length - at, most - size);
      part.push(piece.subarray(at, at + n));
      size += n;
      at += n;
      if (size === most) {
        parts.push([part, size]);
        part = [];
        size = 0;
      }
    }
  }
  if (size > 0) parts.push([part, size]);
  return parts;
}

/** The bytes of `pieces` after the first `skip`, as views. */
function after(pieces: readonly Buffer[], skip: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const piece of pieces) {
    if (skip >= piece.length) skip -= piece.length;
    else {
      rest.push(skip > 0 ? piece.subarray(skip) : piece);
      skip = 0;
    }
  }
  return rest;
}
