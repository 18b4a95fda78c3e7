import type { ReadAt } from '../io/byte-source.js';

export const TIFF_COMPRESSION = 259;
export const TIFF_PHOTOMETRIC = 262;
export const TIFF_STRIP_BYTE_COUNTS = 279;
export const TIFF_TILE_BYTE_COUNTS = 325;

/** Bytes per value of each TIFF field type (TIFF 6.0 section 2, BigTIFF's LONG8/SLONG8/IFD8; 13 is IFD). */
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };
/** The unsigned integer types readFirstIfd gives: SHORT, LONG, and BigTIFF's LONG8. */
const INTEGER_TYPES = new Set([3, 4, 16]);
/** Types whose values are numbers (all but ASCII 2 and UNDEFINED 7). */
const NUMERIC_TYPES = new Set([1, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 16, 17, 18]);
/** Entries are sorted by tag, so the low tags read here come first; a larger count is damage, not a real IFD. */
const MAX_ENTRIES = 1024;
/** More values than this (a strip per row of a million-row image) is damage too. */
const MAX_VALUES = 1 << 20;

/** A TIFF stream (a TIFF file, or the EXIF block of a JPEG or PNG): how to read it, and where its first IFD is. */
export interface TiffStream {
  read: ReadAt;
  littleEndian: boolean;
  big: boolean;
  firstIfd: number;
}

/** One field of an IFD: its type and its values' bytes, in the stream's byte order. */
export interface TiffField {
  type: number;
  count: number;
  bytes: Buffer;
}

function uintAt(b: Buffer, at: number, size: number, le: boolean): number {
  if (size === 1) return b[at]!;
  if (size === 2) return le ? b.readUInt16LE(at) : b.readUInt16BE(at);
  if (size === 4) return le ? b.readUInt32LE(at) : b.readUInt32BE(at);
  return Number(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
}

/** The header of a TIFF stream, classic or BigTIFF, either byte order; undefined when it is not one. */
export function openTiffStream(read: ReadAt): TiffStream | undefined {
  const head = read(0, 16);
  const order = head.toString('latin1', 0, 2);
  if (head.length < 8 || (order !== 'II' && order !== 'MM')) return undefined;
  const le = order === 'II';
  const version = uintAt(head, 2, 2, le);
  const big = version === 43;
  if (!big && version !== 42) return undefined;
  if (big && (head.length < 16 || uintAt(head, 4, 2, le) !== 8)) return undefined;
  const firstIfd = uintAt(head, big ? 8 : 4, big ? 8 : 4, le);
  return firstIfd < 8 ? undefined : { read, littleEndian: le, big, firstIfd };
}

/**
 * Some tags of the IFD at `offset`: each field's type and value bytes (read from where the entry points when they do
 * not fit in it). Undefined when the IFD cannot be read; a field of an unknown type, or whose values cannot be read,
 * is left out.
 */
export function readIfd(tiff: TiffStream, offset: number, tags: readonly number[]): Map<number, TiffField> | undefined {
  const { read, littleEndian: le, big } = tiff;
  const [countSize, entrySize, fieldSize] = big ? [8, 20, 8] : [2, 12, 4];
  if (offset < 8) return undefined;
  const countBytes = read(offset, countSize);
  if (countBytes.length < countSize) return undefined;
  const count = Math.min(uintAt(countBytes, 0, countSize, le), MAX_ENTRIES);
  const entries = read(offset + countSize, count * entrySize);
  if (entries.length < count * entrySize) return undefined;
  const fields = new Map<number, TiffField>();
  for (let at = 0; at < entries.length; at += entrySize) {
    const tag = uintAt(entries, at, 2, le);
    if (!tags.includes(tag)) continue;
    const type = uintAt(entries, at + 2, 2, le);
    const size = TYPE_SIZE[type];
    const n = uintAt(entries, at + 4, fieldSize, le);
    if (!size || n > MAX_VALUES) continue;
    // Values that fit the entry's last field are in it; others are where that field points.
    const field = at + 4 + fieldSize;
    const bytes = n * size <= fieldSize ? entries.subarray(field, field + n * size) : read(uintAt(entries, field, fieldSize, le), n * size);
    if (bytes.length === n * size) fields.set(tag, { type, count: n, bytes });
  }
  return fields;
}

/**
 * The values of a numeric field as numbers: integers of either sign, rationals as their quotient (0/0 is NaN, n/0
 * infinite: the caller decides), floats; undefined for text and byte-string types.
 */
export function fieldNumbers(tiff: TiffStream, { type, count, bytes }: TiffField): number[] | undefined {
  const le = tiff.littleEndian;
  const size = TYPE_SIZE[type]!;
  if (!NUMERIC_TYPES.has(type)) return undefined;
  const one = (at: number): number => {
    switch (type) {
      case 6: return bytes.readInt8(at);
      case 8: return le ? bytes.readInt16LE(at) : bytes.readInt16BE(at);
      case 9: return le ? bytes.readInt32LE(at) : bytes.readInt32BE(at);
      case 17: return Number(le ? bytes.readBigInt64LE(at) : bytes.readBigInt64BE(at));
      case 5: return uintAt(bytes, at, 4, le) / uintAt(bytes, at + 4, 4, le);
      case 10: return (le ? bytes.readInt32LE(at) : bytes.readInt32BE(at)) / (le ? bytes.readInt32LE(at + 4) : bytes.readInt32BE(at + 4));
      case 11: return le ? bytes.readFloatLE(at) : bytes.readFloatBE(at);
      case 12: return le ? bytes.readDoubleLE(at) : bytes.readDoubleBE(at);
      default: return uintAt(bytes, at, size, le); // BYTE, SHORT, LONG, IFD, LONG8, IFD8
    }
  };
  return Array.from({ length: count }, (_, i) => one(i * size));
}

/**
 * The integer values of some tags of the first IFD of a TIFF stream: classic TIFF and BigTIFF, either byte order.
 * Undefined when the header or the IFD cannot be read; a tag whose values are not SHORT, LONG or LONG8, or cannot be
 * read, is left out.
 */
export function readFirstIfd(read: ReadAt, tags: readonly number[]): Map<number, number[]> | undefined {
  const tiff = openTiffStream(read);
  const fields = tiff && readIfd(tiff, tiff.firstIfd, tags);
  if (!fields) return undefined;
  const values = new Map<number, number[]>();
  for (const [tag, field] of fields) if (INTEGER_TYPES.has(field.type)) values.set(tag, fieldNumbers(tiff, field)!);
  return values;
}

/**
 * TIFF Compression values that discard information, with their Lossy Image Compression Method (PS3.3 C.7.6.1.1.5):
 * JPEG (6 old-style, 7 Technote 2, 34892 DNG lossy JPEG), JPEG 2000 (34712; 33003-33005 of Aperio and Bio-Formats,
 * which libvips reads and writes); WebP (50001) has no defined term.
 */
export const LOSSY_TIFF_COMPRESSION: ReadonlyMap<number, string | undefined> = new Map([
  [6, 'ISO_10918_1'], [7, 'ISO_10918_1'], [34892, 'ISO_10918_1'],
  [34712, 'ISO_15444_1'], [33003, 'ISO_15444_1'], [33004, 'ISO_15444_1'], [33005, 'ISO_15444_1'],
  [50001, undefined],
]);
