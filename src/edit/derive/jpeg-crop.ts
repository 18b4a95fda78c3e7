import sharp from 'sharp';
import type { Encapsulated } from '../../core/element.js';
import { loadBulk, isBulkRef } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import type { Region } from './native-crop.js';

/** Decoded pixels of a cropped frame: 8-bit samples, colour-by-pixel. */
export interface DecodedCrop {
  data: Buffer;
  samplesPerPixel: 1 | 3;
}

/** The JPEG bitstream of each frame: one fragment per frame, or all fragments of a single frame joined. */
export function jpegFrames(pixels: Encapsulated, frames: number): Buffer[] {
  const fragments = pixels.fragments.map((f) => (isBulkRef(f) ? loadBulk(f) : f));
  if (frames === 1) return [Buffer.concat(fragments)];
  if (fragments.length !== frames) {
    throw new DicomError('INVALID_ARGUMENT', `${frames} frames in ${fragments.length} fragments: cannot tell the frames apart without an offset table`);
  }
  return fragments;
}

/** Decodes one JPEG frame with sharp and cuts the region out (samples as sharp delivers them: gray or sRGB). */
export async function decodeAndCrop(jpeg: Buffer, region: Region): Promise<DecodedCrop> {
  const { data, info } = await sharp(jpeg, { failOn: 'error' })
    .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 && info.channels !== 3) throw new DicomError('BAD_VALUE', `JPEG decoded to ${info.channels} channels`);
  return { data, samplesPerPixel: info.channels };
}

/** Encodes decoded samples as baseline JPEG without chroma subsampling (so Photometric Interpretation is YBR_FULL). */
export async function encodeJpeg(crop: DecodedCrop, width: number, height: number, quality: number): Promise<Buffer> {
  return sharp(crop.data, { raw: { width, height, channels: crop.samplesPerPixel } })
    .jpeg({ quality, chromaSubsampling: '4:4:4' })
    .toBuffer();
}
