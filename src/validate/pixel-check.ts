import type { Dataset } from '../core/dataset.js';
import { Encapsulated } from '../core/element.js';
import { transferSyntax } from '../io/transfer-syntax.js';
import { nativePixelLength } from '../pixel/native-length.js';
import { where, type FindingSink } from './context.js';

const MODULE = 'Image Pixel';
const T = {
  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  PlanarConfiguration: 0x00280006,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  HighBit: 0x00280102,
  PixelData: 0x7fe00010,
};

const ONE_SAMPLE = new Set(['MONOCHROME1', 'MONOCHROME2', 'PALETTE COLOR']);
const THREE_SAMPLES = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT', 'XYB', 'HSV', 'ARGB', 'CMYK']);

/**
 * Pixel module consistency (PS3.3 C.7.6.3.1, PS3.5 8): samples against photometric interpretation, bit depths,
 * native Pixel Data length against the image size, and encapsulated fragments against the frame count.
 */
export function checkPixels(ds: Dataset, transferSyntaxUid: string | undefined, sink: FindingSink): void {
  const pixel = ds.getElementByTag(T.PixelData);
  const rows = ds.getNumber(T.Rows);
  const columns = ds.getNumber(T.Columns);
  const spp = ds.getNumber(T.SamplesPerPixel);
  const pi = ds.getString(T.PhotometricInterpretation)?.trim();
  const allocated = ds.getNumber(T.BitsAllocated);
  const stored = ds.getNumber(T.BitsStored);
  const high = ds.getNumber(T.HighBit);
  const frames = ds.getNumber(T.NumberOfFrames) ?? 1;
  if (spp === undefined && pi === undefined && !pixel) return;

  if (pi && spp !== undefined) {
    if (ONE_SAMPLE.has(pi) && spp !== 1) sink.at('error', 'PIXEL', MODULE, where('', T.SamplesPerPixel), `is ${spp}, but Photometric Interpretation ${pi} has 1 sample per pixel`);
    if (THREE_SAMPLES.has(pi) && spp !== 3 && !['ARGB', 'CMYK'].includes(pi)) sink.at('error', 'PIXEL', MODULE, where('', T.SamplesPerPixel), `is ${spp}, but Photometric Interpretation ${pi} has 3 samples per pixel`);
  }
  if (allocated !== undefined && allocated !== 1 && allocated % 8 !== 0) sink.at('error', 'PIXEL', MODULE, where('', T.BitsAllocated), `is ${allocated}; it must be 1 or a multiple of 8`);
  if (allocated !== undefined && stored !== undefined && stored > allocated) sink.at('error', 'PIXEL', MODULE, where('', T.BitsStored), `is ${stored}, more than Bits Allocated (${allocated})`);
  if (stored !== undefined && high !== undefined && high !== stored - 1) sink.at('error', 'PIXEL', MODULE, where('', T.HighBit), `is ${high}; it must be one less than Bits Stored (${stored})`);

  if (!pixel || rows === undefined || columns === undefined || spp === undefined || allocated === undefined) return;
  const ts = transferSyntaxUid ? transferSyntax(transferSyntaxUid) : undefined;
  if (pixel.value instanceof Encapsulated) {
    if (ts && !ts.encapsulated) sink.at('error', 'PIXEL', MODULE, where('', T.PixelData), `is encapsulated, but the transfer syntax ${ts.uid} is native`);
    const fragments = pixel.value.fragments.length;
    if (fragments < frames) sink.at('error', 'PIXEL', MODULE, where('', T.PixelData), `has ${fragments} fragment${fragments === 1 ? '' : 's'} for ${frames} frames; each frame needs at least one`);
    const table = pixel.value.offsetTable.length / 4;
    if (table > 0 && table !== frames) sink.at('error', 'PIXEL', MODULE, where('', T.PixelData), `has a Basic Offset Table of ${table} entries for ${frames} frames`);
    return;
  }
  if (ts && ts.encapsulated) {
    sink.at('error', 'PIXEL', MODULE, where('', T.PixelData), `is native, but the transfer syntax ${ts.uid} requires encapsulated pixel data`);
    return;
  }
  // PS3.5 A.1 c, 8.2: in Explicit VR, pixel data of more than 8 bits per sample is OW (OB would not swap in big endian).
  if (allocated > 8 && pixel.vr === 'OB' && (!ts || ts.explicitVR)) {
    sink.at('error', 'VR', MODULE, where('', T.PixelData), `is OB, but Bits Allocated is ${allocated}: native pixel data of more than 8 bits is OW`);
  }
  const { bytes: expected, product } = nativePixelLength({ rows, columns, samplesPerPixel: spp, bitsAllocated: allocated, frames, photometric: pi });
  const actual = pixel.length;
  if (actual < expected || actual > expected + (expected % 2) + 1) {
    sink.at('error', 'PIXEL', MODULE, where('', T.PixelData), `is ${actual} bytes; ${product} need ${expected}${expected % 2 ? ` (${expected + 1} padded)` : ''}`);
  }
}
