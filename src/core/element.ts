import type { Tag } from './tag.js';
import type { VR } from './vr.js';
import type { Dataset } from './dataset.js';
import { DicomError } from './errors.js';

/** Somewhere a large value can be read from later without holding it in memory (a file on disk). */
export interface BulkSource {
  readonly path: string;
  /** Reads `length` bytes at `offset` into `target` (at `targetOffset`); returns the bytes read. */
  readInto(target: Buffer, targetOffset: number, length: number, offset: number): number;
}

/** A value left where it is: `length` bytes at `offset` of `source`. `swapUnit` > 1 when the source is big endian. */
export interface BulkRef {
  readonly source: BulkSource;
  readonly offset: number;
  readonly length: number;
  readonly swapUnit: number;
}

export const isBulkRef = (v: unknown): v is BulkRef =>
  typeof v === 'object' && v !== null && 'source' in v && 'offset' in v && !Buffer.isBuffer(v);

/** The items of a sequence, and how its length was (or will be) encoded. */
export class Sequence {
  constructor(
    public items: Dataset[],
    public undefinedLength = false,
  ) {}
}

/** A fragment of encapsulated pixel data: bytes in memory, or left in the file. */
export type Fragment = Buffer | BulkRef;

/** Encapsulated (compressed) pixel data: the Basic Offset Table item and the fragments, kept as they were. */
export class Encapsulated {
  constructor(
    public offsetTable: Buffer,
    public fragments: Fragment[],
  ) {}
}

/** Raw bytes are kept little endian whatever the source byte order, so elements move freely between datasets. */
export type ElementValue = Buffer | BulkRef | Sequence | Encapsulated;

export class Element {
  public vr: VR;

  /**
   * Encapsulated (compressed) pixel data is OB (PS3.5 A.4), whatever VR it is given: a file may label it OW (Pixel
   * Data is "OB or OW" in the dictionary), and dcmtk reads and writes it as OB all the same.
   */
  constructor(
    public readonly tag: Tag,
    vr: VR,
    public value: ElementValue,
  ) {
    this.vr = value instanceof Encapsulated ? 'OB' : vr;
  }

  get isSequence(): boolean {
    return this.value instanceof Sequence;
  }

  /** Length of the value in bytes (items and fragments are not counted). */
  get length(): number {
    const v = this.value;
    if (Buffer.isBuffer(v)) return v.length;
    if (v instanceof Sequence || v instanceof Encapsulated) return 0xffffffff;
    return v.length;
  }
}

/** Reads a bulk value fully into memory (little endian). */
export function loadBulk(ref: BulkRef): Buffer {
  const buf = Buffer.allocUnsafe(ref.length);
  let done = 0;
  while (done < ref.length) {
    const n = ref.source.readInto(buf, done, ref.length - done, ref.offset + done);
    if (n <= 0) break;
    done += n;
  }
  if (done < ref.length) throw bulkCut(ref, done);
  if (ref.swapUnit > 1) swapBytes(buf, ref.swapUnit);
  return buf;
}

/** A value left on disk that its file no longer holds whole. */
export const bulkCut = (ref: BulkRef, got: number): DicomError =>
  new DicomError('TRUNCATED', `the file ends ${ref.length - got} bytes into a value left on disk (${ref.length} bytes at offset ${ref.offset})`, { file: ref.source.path, offset: ref.offset + got });

/** Reverses byte order in place for units of 2, 4 or 8 bytes. */
export function swapBytes(buf: Buffer, unit: number): Buffer {
  const usable = buf.length - (buf.length % unit);
  const view = usable === buf.length ? buf : buf.subarray(0, usable);
  if (unit === 2) view.swap16();
  else if (unit === 4) view.swap32();
  else if (unit === 8) view.swap64();
  return buf;
}
