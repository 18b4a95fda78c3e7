import type { Dataset } from '../../core/dataset.js';
import { Encapsulated, isBulkRef, loadBulk } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { decodeNumbers, encodeNumbers, padEven } from '../../core/value-codec.js';
import { JPEG_BASELINE, JPEG_LOSSLESS_SV1 } from '../../io/transfer-syntax.js';
import { j2kWithoutMetadata, startsJ2k } from '../../pixel/j2k-metadata.js';
import { jpegWithoutMetadata } from '../../pixel/jpeg-metadata.js';
import { JPEG_EXTENDED, JPEG_LOSSLESS, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS } from '../../pixel/jpeg-syntax.js';

/** How the frames of one family of transfer syntaxes are cleaned, and how a fragment that begins a frame begins. */
interface FrameCleaner {
  clean: (stream: Buffer) => Buffer;
  startsFrame: (fragment: Buffer) => boolean;
}

/** SOI (FF D8): neither JPEG's entropy-coded data (FF escaped by 00) nor JPEG-LS's (FF followed by 00-7F) holds it. */
const startsWithSoi = (f: Buffer): boolean => f[0] === 0xff && f[1] === 0xd8;
const JPEG: FrameCleaner = { clean: (s) => jpegWithoutMetadata(s), startsFrame: startsWithSoi };
const JPEG_LS: FrameCleaner = { clean: (s) => jpegWithoutMetadata(s, 'jpeg-ls'), startsFrame: startsWithSoi };
const J2K: FrameCleaner = { clean: j2kWithoutMetadata, startsFrame: startsJ2k };

/**
 * The syntaxes whose streams carry application segments or comments: ISO 10918-1, JPEG-LS (ISO 14495-1), and JPEG
 * 2000 (Part 1, Part 2 multi-component, HTJ2K).
 */
const CLEANERS: ReadonlyMap<string, FrameCleaner> = new Map([
  [JPEG_BASELINE, JPEG],
  [JPEG_EXTENDED, JPEG],
  [JPEG_LOSSLESS, JPEG],
  [JPEG_LOSSLESS_SV1, JPEG],
  [JPEG_LS_LOSSLESS, JPEG_LS],
  [JPEG_LS_NEAR_LOSSLESS, JPEG_LS],
  ...[
    '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless
    '1.2.840.10008.1.2.4.91', // JPEG 2000
    '1.2.840.10008.1.2.4.92', // JPEG 2000 Part 2 Multi-component Lossless
    '1.2.840.10008.1.2.4.93', // JPEG 2000 Part 2 Multi-component
    '1.2.840.10008.1.2.4.201', // HTJ2K Lossless
    '1.2.840.10008.1.2.4.202', // HTJ2K Lossless RPCL
    '1.2.840.10008.1.2.4.203', // HTJ2K
  ].map((uid): [string, FrameCleaner] => [uid, J2K]),
]);

/**
 * Removes from each frame of JPEG, JPEG-LS or JPEG 2000 pixel data the segments that can identify a person or a device
 * (EXIF with GPS position, dates, serial numbers and thumbnail; XMP; IPTC; comments) and the bytes after its end: a
 * camera JPEG is embedded as it is, and these ride along in Pixel Data, out of the attributes' reach (PS3.15 E.3.1:
 * identifying information is not only in attributes). The coded data stays byte for byte, so the pixels are the same. Each frame
 * becomes one fragment; the Basic or Extended Offset Table, when present, follows the new lengths. Returns whether
 * anything was removed.
 */
export function removeJpegMetadata(ds: Dataset, transferSyntaxUid: string): boolean {
  const pixels = ds.element('PixelData')?.value;
  const cleaner = CLEANERS.get(transferSyntaxUid);
  if (!cleaner || !(pixels instanceof Encapsulated)) return false;
  const frames = framesOf(ds, pixels, cleaner);
  const cleaned = frames.map((stream, i) => {
    try {
      return padEven(cleaner.clean(stream), 'OB');
    } catch (e) {
      throw new DicomError('BAD_VALUE', `frame ${i + 1} of Pixel Data cannot be read to remove its metadata segments: ${(e as Error).message}`, { cause: e });
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
 * beginning as a stream begins (SOI for JPEG, SOC and SIZ for JPEG 2000) after one that ends a stream.
 */
function framesOf(ds: Dataset, pixels: Encapsulated, cleaner: FrameCleaner): Buffer[] {
  const fragments = pixels.fragments.map((f) => (isBulkRef(f) ? loadBulk(f) : f));
  const count = Math.max(1, ds.getNumber('NumberOfFrames') ?? 1);
  const starts = frameStarts(ds, pixels.offsetTable, fragments, count, cleaner);
  if (starts.length !== count || starts[0] !== 0 || starts.some((s, i) => i > 0 && s <= starts[i - 1]!)) {
    throw new DicomError('BAD_VALUE', `Pixel Data has ${fragments.length} fragments that cannot be told apart into its ${count} frames, so its metadata segments cannot be removed`);
  }
  return starts.map((s, i) => Buffer.concat(fragments.slice(s, starts[i + 1] ?? fragments.length)));
}

/** The index of the first fragment of each frame. */
function frameStarts(ds: Dataset, basic: Buffer, fragments: readonly Buffer[], count: number, cleaner: FrameCleaner): number[] {
  const extended = ds.bytes('ExtendedOffsetTable');
  const table = basic.length ? decodeNumbers(basic, 'UL').map(Number) : extended?.length ? decodeNumbers(extended, 'OV').map(Number) : undefined;
  if (table) {
    const positions = itemOffsets(fragments);
    return table.map((offset) => positions.indexOf(offset));
  }
  if (count === 1) return [0];
  if (fragments.length === count) return fragments.map((_, i) => i);
  const starts = fragments.flatMap((f, i) => (cleaner.startsFrame(f) ? [i] : []));
  if (starts.length <= count) return starts;
  // Bytes inside a frame can begin a fragment as a stream begins (a comment's text, an EXIF thumbnail's SOI): a frame
  // starts only where the fragment before it ends a stream.
  return starts.filter((i) => i === 0 || endsStream(fragments[i - 1]!));
}

/** Ends with EOI (JPEG, JPEG-LS) or EOC (JPEG 2000), both FF D9, or with one of them and the NUL padding it to even length. */
function endsStream(f: Buffer): boolean {
  const endsAt = (at: number): boolean => at >= 2 && f[at - 2] === 0xff && f[at - 1] === 0xd9;
  return endsAt(f.length) || (f[f.length - 1] === 0 && endsAt(f.length - 1));
}
