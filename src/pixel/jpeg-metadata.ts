import { withoutRanges } from './cut-ranges.js';
import { parseJpeg, type JpegCoding } from './jpeg-header.js';

/**
 * An APP2 segment holding a chunk of an ICC profile, or the APP8 'mrfx' segment naming the HP colour transform of a
 * JPEG-LS stream (which CharLS-based decoders undo; its one byte, the transform, and no room for more): colour, not
 * identity.
 */
const isColour = (stream: Buffer, start: number): boolean =>
  (stream[start + 1] === 0xe2 && stream.toString('latin1', start + 4, start + 16) === 'ICC_PROFILE\0') ||
  (stream[start + 1] === 0xe8 && stream.readUInt16BE(start + 2) === 7 && stream.toString('latin1', start + 4, start + 8) === 'mrfx');

/**
 * The JPEG (or, with `coding` 'jpeg-ls', JPEG-LS) stream without the segments that can identify a person or a device
 * (EXIF with its GPS position, dates, serial numbers and thumbnail; XMP, IPTC, SPIFF, comments) and without the bytes
 * after EOI. JFIF, Adobe, ICC profile and HP colour transform segments stay (decoders read the colours from them), as
 * do the tables, the JPEG-LS parameters (LSE) and the entropy-coded data, byte for byte: the pixels are unchanged. A
 * stream that is not valid is refused (parseJpeg's BAD_VALUE).
 */
export function jpegWithoutMetadata(stream: Buffer, coding: JpegCoding = 'jpeg'): Buffer {
  const info = parseJpeg(stream, coding);
  return withoutRanges(stream, info.metadata.filter(([start]) => !isColour(stream, start)), info.end + 2);
}
