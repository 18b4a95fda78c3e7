import type { Dataset } from '../../core/dataset.js';
import { Encapsulated, isBulkRef, loadBulk } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { decodeNumbers, encodeNumbers, padEven } from '../../core/value-codec.js';
import { JPEG_BASELINE, JPEG_LOSSLESS_SV1 } from '../../io/transfer-syntax.js';
import { jpegWithoutMetadata } from '../../pixel/jpeg-metadata.js';
import { JPEG_EXTENDED, JPEG_LOSSLESS } from '../../pixel/jpeg-syntax.js';

/**
 * The ISO 10918-1 syntaxes, whose streams carry application segments and comments. JPEG-LS is left alone: the marker
 * walk does not read its scans; JPEG 2000 keeps its metadata in boxes of its own.
 */
const JPEG_SYNTAXES = new Set([JPEG_BASELINE, JPEG_EXTENDED, JPEG_LOSSLESS, JPEG_LOSSLESS_SV1]);

/**
 * Removes from each frame of JPEG pixel data the segments that can identify a person or a device (EXIF with GPS
 * position, dates, serial numbers and thumbnail; XMP; IPTC; comments) and the bytes after its EOI: a camera JPEG is
 * embedded as it is, and these ride along in Pixel Data, out of the attributes' reach (PS3.15 E.3.1: identifying
 * information is not only in attributes). The coded data stays byte for byte, so the pixels are the same. Each frame
 * becomes one fragment; the Basic or Extended Offset Table, when present, follows the new lengths. Returns whether
 * anything was removed.
 */
export function removeJpegMetadata(ds: Dataset, transferSyntaxUid: string): boolean {
  const pixels = ds.element('PixelData')?.value;
  if (!JPEG_SYNTAXES.has(transferSyntaxUid) || !(pixels instanceof Encapsulated)) return false;
  const frames = framesOf(ds, pixels);
  const cleaned = frames.map((stream, i) => {
    try {
      return padEven(jpegWithoutMetadata(stream), 'OB');
    } catch (e) {
      throw new DicomError('BAD_VALUE', `frame ${i + 1} of Pixel Data cannot be read to remove its JPEG metadata segments: ${(e as Error).message}`, { cause: e });
    }
  });
  if (cleaned.every((c, i) => c.length >= frames[i]!.length)) return false;
  const offsets = itemOffsets(cleaned);
  // A table was there to be read, so it is kept up to date; an empty one stays empty.
  const basic = pixels.offsetTable.length ? encodeNumbers(offsets, 'UL') : Buffer.alloc(0);
  ds.set('PixelData', new Encapsulated(basic, cleaned), 'OB');
  if (ds.has('ExtendedOffsetTable')) {
    ds.set('ExtendedOffsetTable', offsets, 'OV');
    ds.set('ExtendedOffsetTableLengths', cleaned.map((c) => c.length), 'OV');
  }
  return true;
}

/** Where each fragment's item begins, counted from the first fragment item (an item header is 8 bytes). */
function itemOffsets(fragments: readonly Buffer[]): number[] {
  let at = 0;
  return fragments.map((f) => {
    const offset = at;
    at += 8 + f.length;
    return offset;
  });
}

/**
 * Each frame's stream, its fragments joined. Frames start where an offset table says; without one, a single frame
 * has every fragment, one fragment per frame is the common case, and otherwise a frame starts at each fragment
 * beginning with SOI (entropy-coded data never holds FF D8).
 */
function framesOf(ds: Dataset, pixels: Encapsulated): Buffer[] {
  const fragments = pixels.fragments.map((f) => (isBulkRef(f) ? loadBulk(f) : f));
  const count = Math.max(1, ds.getNumber('NumberOfFrames') ?? 1);
  const starts = frameStarts(ds, pixels.offsetTable, fragments, count);
  if (starts.length !== count || starts[0] !== 0 || starts.some((s, i) => i > 0 && s <= starts[i - 1]!)) {
    throw new DicomError('BAD_VALUE', `Pixel Data has ${fragments.length} fragments that cannot be told apart into its ${count} frames, so its JPEG metadata segments cannot be removed`);
  }
  return starts.map((s, i) => Buffer.concat(fragments.slice(s, starts[i + 1] ?? fragments.length)));
}

/** The index of the first fragment of each frame. */
function frameStarts(ds: Dataset, basic: Buffer, fragments: readonly Buffer[], count: number): number[] {
  const extended = ds.bytes('ExtendedOffsetTable');
  const table = basic.length ? decodeNumbers(basic, 'UL').map(Number) : extended?.length ? decodeNumbers(extended, 'OV').map(Number) : undefined;
  if (table) {
    const positions = itemOffsets(fragments);
    return table.map((offset) => positions.indexOf(offset));
  }
  if (count === 1) return [0];
  if (fragments.length === count) return fragments.map((_, i) => i);
  return fragments.flatMap((f, i) => (f[0] === 0xff && f[1] === 0xd8 ? [i] : []));
}
