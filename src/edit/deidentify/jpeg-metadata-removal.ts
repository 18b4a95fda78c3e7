import type { Dataset } from '../../core/dataset.js';
import { Encapsulated } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { encodeNumbers, padEven } from '../../core/value-codec.js';
import { encapsulatedFrames, itemOffsets, startsWithSoi, type StartsFrame } from '../encapsulated-frames.js';
import { JPEG_2000_SYNTAXES, JPEG_BASELINE, JPEG_LOSSLESS_SV1 } from '../../io/transfer-syntax.js';
import { j2kWithoutMetadata, startsJ2k } from '../../pixel/j2k-metadata.js';
import { jpegWithoutMetadata } from '../../pixel/jpeg-metadata.js';
import { JPEG_EXTENDED, JPEG_LOSSLESS, JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS } from '../../pixel/jpeg-syntax.js';

/** How the frames of one family of transfer syntaxes are cleaned, and how a fragment that begins a frame begins. */
interface FrameCleaner {
  clean: (stream: Buffer) => Buffer;
  startsFrame: StartsFrame;
}

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
  ...JPEG_2000_SYNTAXES.map((uid): [string, FrameCleaner] => [uid, J2K]),
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
  const frames = framesOf(ds, pixels, cleaner.startsFrame);
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

/** The frames (encapsulatedFrames), refused with what could then not be done. */
function framesOf(ds: Dataset, pixels: Encapsulated, startsFrame: StartsFrame): Buffer[] {
  try {
    return encapsulatedFrames(ds, pixels, startsFrame);
  } catch (e) {
    throw new DicomError('BAD_VALUE', `${(e as Error).message}, so its metadata segments cannot be removed`, { cause: e });
  }
}
