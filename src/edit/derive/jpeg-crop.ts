import sharp from 'sharp';
import type { Dataset } from '../../core/dataset.js';
import { Encapsulated } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { padEven } from '../../core/value-codec.js';
import { encapsulatedFrames, startsWithSoi } from '../encapsulated-frames.js';
import { jpegColoursAsLabelled } from '../../pixel/jpeg-colour-label.js';
import type { Region } from '../pixel-layout.js';

/** Decoded pixels of a cropped frame: 8-bit samples, colour-by-pixel. */
export interface DecodedCrop {
  data: Buffer;
  samplesPerPixel: 1 | 3;
}

/** The JPEG bitstream of each frame of `ds` (encapsulatedFrames: by its offset table, else by the streams' SOI and EOI). */
export const jpegFrames = (ds: Dataset, pixels: Encapsulated): Buffer[] => encapsulatedFrames(ds, pixels, startsWithSoi);

/**
 * Decodes one JPEG frame with sharp and cuts the region out: gray stays one sample per pixel (sharp's raw output
 * would otherwise be sRGB), colour comes out as RGB, converted from YCbCr only where `photometric` (the source's
 * Photometric Interpretation) says the frame is YBR.
 */
export async function decodeAndCrop(jpeg: Buffer, region: Region, photometric: string): Promise<DecodedCrop> {
  try {
    return await decodeRegion(jpegColoursAsLabelled(jpeg, photometric), region);
  } catch (e) {
    if (e instanceof DicomError) throw e;
    throw new DicomError('BAD_VALUE', `the JPEG frame cannot be decoded: ${(e as Error).message}`, { cause: e });
  }
}

async function decodeRegion(jpeg: Buffer, region: Region): Promise<DecodedCrop> {
  // The samples as coded (an embedded ICC profile is copied to the derived image, not applied); a damaged stream
  // fails rather than being filled with grey. sharp's pixel limit stays: the frame's own header sets what it decodes.
  const image = sharp(jpeg, { failOn: 'warning', ignoreIcc: true });
  const meta = await image.metadata();
  if (region.x + region.width > (meta.width ?? 0) || region.y + region.height > (meta.height ?? 0)) {
    throw new DicomError('BAD_VALUE', `the JPEG frame is ${meta.width}×${meta.height}, too small for region ${region.x},${region.y},${region.width},${region.height} (Rows/Columns disagree with the JPEG)`);
  }
  if (meta.channels === 1) image.toColourspace('b-w');
  const { data, info } = await image
    .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 && info.channels !== 3) throw new DicomError('BAD_VALUE', `JPEG decoded to ${info.channels} channels`);
  return { data, samplesPerPixel: info.channels };
}

/**
 * A crop decoded from JPEG carries the source's loss, stored natively or not (C.7.6.1.1.5: once 01, never reset): a
 * source that does not say so gets Lossy Image Compression 01, with its JPEG's ratio and method, ahead of any later
 * step's. `jpegs` are the source's frames, `bytes` their decoded size.
 */
export function recordSourceLoss(ds: Dataset, jpegs: readonly Buffer[], bytes: number): void {
  if (ds.getString('LossyImageCompression') === '01') return;
  const coded = jpegs.reduce((n, j) => n + j.length, 0);
  ds.set('LossyImageCompression', '01');
  ds.set('LossyImageCompressionRatio', (bytes / coded).toFixed(2));
  ds.set('LossyImageCompressionMethod', 'ISO_10918_1');
}

/**
 * Colour is encoded with the chroma resolution halved, as JFIF cameras do (4:2:0, signalled YBR_FULL_422): the
 * value the VL image IODs allow for lossy JPEG colour. Full-resolution chroma would be YBR_FULL, which they do not.
 */
async function encodeJpeg(crop: DecodedCrop, width: number, height: number, quality: number): Promise<Buffer> {
  const image = sharp(crop.data, { raw: { width, height, channels: crop.samplesPerPixel } });
  // gray as one component: sharp would otherwise write it as three
  if (crop.samplesPerPixel === 1) image.toColourspace('b-w');
  return image.jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
}

/**
 * Re-encodes decoded frames (all `width` × `height`) as the data set's baseline JPEG pixel data, one fragment per
 * frame, and records this further generation of loss (PS3.3 C.7.6.1.1.5): Lossy Image Compression 01, with this
 * step's ratio and method appended to the earlier ones.
 */
export async function storeAsJpeg(ds: Dataset, frames: readonly DecodedCrop[], width: number, height: number, quality: number): Promise<void> {
  const encoded = await Promise.all(frames.map((f) => encodeJpeg(f, width, height, quality)));
  if (frames[0]!.samplesPerPixel === 3) ds.set('PhotometricInterpretation', 'YBR_FULL_422');
  ds.set('PixelData', new Encapsulated(Buffer.alloc(0), encoded.map((e) => padEven(e, 'OB'))), 'OB');
  const ratio = frames.reduce((n, f) => n + f.data.length, 0) / encoded.reduce((n, e) => n + e.length, 0);
  ds.set('LossyImageCompression', '01');
  ds.set('LossyImageCompressionRatio', [...ds.getStrings('LossyImageCompressionRatio'), ratio.toFixed(2)]);
  ds.set('LossyImageCompressionMethod', [...ds.getStrings('LossyImageCompressionMethod'), 'ISO_10918_1']);
}
