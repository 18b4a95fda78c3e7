import type { Dataset } from '../../core/dataset.js';
import { Encapsulated } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { uidName } from '../../core/uid-registry.js';
import { JPEG_BASELINE, isUncompressed } from '../../io/transfer-syntax.js';
import { isDecodableJpeg } from '../../pixel/jpeg-syntax.js';
import { regionsToBlank, type BlankRegion } from './blank-regions.js';
import { nativeGeometry, pixelLayout, type PixelLayout, type Region } from '../pixel-layout.js';

/** Each JPEG generation loses detail: kept close to the source. */
const JPEG_QUALITY = 95;

/** Pixel value ranges the fill may fall outside of. */
const STALE_RANGES = ['SmallestImagePixelValue', 'LargestImagePixelValue', 'SmallestPixelValueInSeries', 'LargestPixelValueInSeries'];

/**
 * Fills the regions that apply to this image (regionsToBlank: those of its size or of none, clipped to it) with
 * black in every frame, in place: the Clean Pixel Data Option's removal of burned-in text (PS3.15 E.3.1). Native
 * pixel data keeps its transfer syntax. 8-bit JPEG baseline or extended is decoded, blanked and re-encoded as
 * baseline JPEG, a further lossy step recorded in the Lossy Image Compression attributes. Other compressed pixel
 * data is refused. Returns the transfer syntax the pixel data is in now, or undefined when no region applies.
 */
export async function blankPixels(ds: Dataset, transferSyntaxUid: string, blankRegions: readonly BlankRegion[]): Promise<string | undefined> {
  const regions = regionsToBlank(ds, blankRegions);
  if (regions.length === 0) return undefined;
  const layout = pixelLayout(ds);
  // regionsToBlank gives none for a data set without Pixel Data
  const element = ds.element('PixelData')!;
  let result = transferSyntaxUid;
  if (isUncompressed(transferSyntaxUid)) {
    // A copy: the value may be a view of the whole file as read.
    const pixels = Buffer.from(ds.bytes('PixelData')!);
    blankNative(pixels, layout, regions);
    ds.set('PixelData', pixels, element.vr);
  } else if (isDecodableJpeg(transferSyntaxUid, layout.bitsAllocated) && element.value instanceof Encapsulated) {
    await blankJpeg(ds, element.value, layout, regions);
    result = JPEG_BASELINE;
  } else {
    const name = uidName(transferSyntaxUid) ?? 'an unknown transfer syntax';
    throw new DicomError(
      'UNSUPPORTED_TRANSFER_SYNTAX',
      `pixel data in ${name} (${transferSyntaxUid}) cannot be cleaned; native and 8-bit JPEG baseline/extended can`,
    );
  }
  for (const keyword of STALE_RANGES) ds.delete(keyword);
  return result;
}

function blankNative(pixels: Buffer, layout: PixelLayout, regions: readonly Region[]): void {
  const { planes, pixelBytes, planeBytes } = nativeGeometry(pixels, layout, 'blank');
  const black = blackSamples(layout);
  // Colour-by-plane: plane p holds sample p mod samples-per-pixel of every pixel.
  const patterns = (layout.planarConfiguration === 1 ? black.map((s) => [s]) : [black]).map((samples) => sampleBytes(samples, layout));
  for (let p = 0; p < planes; p++) {
    const pattern = patterns[p % patterns.length]!;
    for (const { x, y, width, height } of regions) {
      for (let row = y; row < y + height; row++) {
        const start = p * planeBytes + (row * layout.columns + x) * pixelBytes;
        pixels.fill(pattern, start, start + width * pixelBytes);
      }
    }
  }
}

/**
 * The stored sample values shown as black: the lowest value for MONOCHROME2, RGB and YBR_FULL's luminance, the
 * highest for MONOCHROME1 (which inverts), and no colour (the middle value) for YBR_FULL's chroma. A palette has no
 * fixed black.
 */
function blackSamples(layout: PixelLayout): number[] {
  const bits = layout.bitsStored;
  const signed = layout.pixelRepresentation === 1;
  const lowest = signed ? -(2 ** (bits - 1)) : 0;
  const highest = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const middle = signed ? 0 : 2 ** (bits - 1);
  const byPhotometric: Record<string, number[] | undefined> = {
    MONOCHROME1: [highest],
    MONOCHROME2: [lowest],
    RGB: [lowest, lowest, lowest],
    YBR_FULL: [lowest, middle, middle],
  };
  const black = byPhotometric[layout.photometric];
  if (!black || black.length !== layout.samplesPerPixel) {
    throw new DicomError(
      'INVALID_ARGUMENT',
      `cannot blank ${layout.photometric || 'unknown'} pixel data with ${layout.samplesPerPixel} samples per pixel (MONOCHROME1/2, RGB and YBR_FULL can be)`,
    );
  }
  return black;
}

/** Samples as little-endian bytes, each at the bits High Bit and Bits Stored give it (two's complement if signed). */
function sampleBytes(samples: readonly number[], layout: PixelLayout): Buffer {
  const size = layout.bitsAllocated / 8;
  const shift = layout.highBit + 1 - layout.bitsStored;
  const mask = 2 ** layout.bitsAllocated - 1;
  const out = Buffer.alloc(samples.length * size);
  samples.forEach((s, i) => out.writeUIntLE(((s << shift) & mask) >>> 0, i * size, size));
  return out;
}

/**
 * Decodes each frame with sharp (colour comes out as RGB), blanks it, and re-encodes it. The module holding sharp, a
 * native addon, is loaded only when a JPEG image is cleaned.
 */
async function blankJpeg(ds: Dataset, pixels: Encapsulated, layout: PixelLayout, regions: readonly Region[]): Promise<void> {
  const { decodeAndCrop, jpegFrames, storeAsJpeg } = await import('../derive/jpeg-crop.js');
  const whole = { x: 0, y: 0, width: layout.columns, height: layout.rows };
  const frames = await Promise.all(jpegFrames(ds, pixels).map((jpeg) => decodeAndCrop(jpeg, whole, layout.photometric)));
  const colour = frames[0]!.samplesPerPixel === 3;
  const decoded: PixelLayout = {
    ...layout,
    frames: 1,
    samplesPerPixel: frames[0]!.samplesPerPixel,
    planarConfiguration: 0,
    bitsStored: 8,
    highBit: 7,
    pixelRepresentation: 0,
    photometric: colour ? 'RGB' : layout.photometric,
  };
  for (const frame of frames) blankNative(frame.data, decoded, regions);
  await storeAsJpeg(ds, frames, layout.columns, layout.rows, JPEG_QUALITY);
  if (colour) ds.set('PlanarConfiguration', 0);
}
