import { withoutRanges } from './cut-ranges.js';
import { parseJpeg } from './jpeg-header.js';
import { photometricOf } from './jpeg-syntax.js';

const isJfif = (stream: Buffer, start: number): boolean => stream[start + 1] === 0xe0 && stream.toString('latin1', start + 4, start + 9) === 'JFIF\0';
const isAdobe = (stream: Buffer, start: number): boolean => stream[start + 1] === 0xee && stream.toString('latin1', start + 4, start + 9) === 'Adobe';

/** An Adobe APP14 segment (length 14: 'Adobe', version 100, two flag words, the transform byte). */
const adobeSegment = (transform: 0 | 1): Buffer => Buffer.from([0xff, 0xee, 0, 14, ...Buffer.from('Adobe', 'latin1'), 0, 100, 0, 0, 0, 0, transform]);

/**
 * A three-component JPEG frame made to say to libjpeg (sharp's decoder) the colour model its DICOM Photometric
 * Interpretation names, which is what the standard's readers decode by (PS3.5 8.2.1; dcmj2pnm, pydicom): RGB, coded
 * without the colour transform, or YBR, to be converted. libjpeg guesses from JFIF, Adobe APP14 and the component
 * ids instead, and takes ids 1, 2, 3 without a marker for YCbCr: an RGB frame written so (GDCM, slide scanners) came
 * out with its colours converted once more. Where the two disagree, the JFIF and Adobe segments are replaced by an
 * Adobe segment with the transform the label names; the tables and coded data are kept byte for byte.
 */
export function jpegColoursAsLabelled(stream: Buffer, photometric: string): Buffer {
  const info = parseJpeg(stream);
  if (info.components.length !== 3) return stream;
  const labelledRgb = photometric === 'RGB';
  if ((photometricOf(info) === 'RGB') === labelledRgb) return stream;
  const markers: [number, number][] = [];
  for (let pos = 2; pos < info.scanStart; ) {
    while (stream[pos + 1] === 0xff) pos++;
    const end = pos + 2 + (stream[pos + 1]! >= 0xd0 && stream[pos + 1]! <= 0xd8 ? 0 : stream.readUInt16BE(pos + 2));
    if (isJfif(stream, pos) || isAdobe(stream, pos)) markers.push([pos, end]);
    pos = end;
  }
  const rest = withoutRanges(stream, markers);
  return Buffer.concat([rest.subarray(0, 2), adobeSegment(labelledRgb ? 0 : 1), rest.subarray(2)]);
}
