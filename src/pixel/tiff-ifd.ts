import { withFileReader, type ReadAt } from '../io/byte-source.js';

export const TIFF_COMPRESSION = 259;
export const TIFF_ORIENTATION = 274;
export const TIFF_STRIP_BYTE_COUNTS = 279;
export const TIFF_TILE_BYTE_COUNTS = 325;

/** Bytes per value of the integer types read: SHORT, LONG, and BigTIFF's LONG8. */
const TYPE_SIZE: Record<number, number> = { 3: 2, 4: 4, 16: 8 };
/** Entries are sorted by tag, so the low tags read here come first; a larger count is damage, not a real IFD. */
const MAX_ENTRIES = 1024;
/** More values than this (a strip per row of a million-row image) is damage too. */
const MAX_VALUES = 1 << 20;

/**
 * The integer values of some tags of the first IFD of a TIFF stream (a TIFF file, or the EXIF block of a JPEG):
 * classic TIFF and BigTIFF, either byte order. Undefined when the header or the IFD cannot be read; a tag whose values
 * cannot be read is left out.
 */
export function readFirstIfd(read: ReadAt, tags: readonly number[]): Map<number, number[]> | undefined {
  const head = read(0, 16);
  const order = head.toString('latin1', 0, 2);
  if (head.length < 8 || (order !== 'II' && order !== 'MM')) return undefined;
  const le = order === 'II';
  const uint = (b: Buffer, at: number, size: number): number => {
    if (size === 2) return le ? b.readUInt16LE(at) : b.readUInt16BE(at);
    if (size === 4) return le ? b.readUInt32LE(at) : b.readUInt32BE(at);
    return Number(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
  };
  const big = uint(head, 2, 2) === 43;
  if (!big && uint(head, 2, 2) !== 42) return undefined;
  if (big && (head.length < 16 || uint(head, 4, 2) !== 8)) return undefined;
  const [countSize, entrySize, fieldSize] = big ? [8, 20, 8] : [2, 12, 4];
  const ifd = uint(head, big ? 8 : 4, fieldSize);
  if (ifd < 8) return undefined;
  const countBytes = read(ifd, countSize);
  if (countBytes.length < countSize) return undefined;
  const count = Math.min(uint(countBytes, 0, countSize), MAX_ENTRIES);
  const entries = read(ifd + countSize, count * entrySize);
  if (entries.length < count * entrySize) return undefined;
  const values = new Map<number, number[]>();
  for (let at = 0; at < entries.length; at += entrySize) {
    const tag = uint(entries, at, 2);
    const size = TYPE_SIZE[uint(entries, at + 2, 2)];
    const n = uint(entries, at + 4, fieldSize);
    if (!tags.includes(tag) || !size || n > MAX_VALUES) continue;
    // Values that fit the entry's last field are in it; others are where that field points.
    const field = at + 4 + fieldSize;
    const data = n * size <= fieldSize ? entries.subarray(field, field + n * size) : read(uint(entries, field, fieldSize), n * size);
    if (data.length === n * size) values.set(tag, Array.from({ length: n }, (_, i) => uint(data, i * size, size)));
  }
  return values;
}

/** A TIFF file's size and some tags of its first IFD (see readFirstIfd), read wherever the IFD lies. */
export function readTiffFile(path: string, tags: readonly number[]): { size: number; ifd?: Map<number, number[]> } {
  return withFileReader(path, (size, read) => ({ size, ifd: readFirstIfd(read, tags) }));
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
