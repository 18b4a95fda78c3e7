import type { Dataset } from '../../../core/dataset.js';
import { Encapsulated } from '../../../core/element.js';
import { padEven } from '../../../core/value-codec.js';
import { EXPLICIT_VR_LE } from '../../../io/transfer-syntax.js';
import type { ImagePixels, LossyCompression } from '../../../pixel/image-source.js';


/**
 * Image Pixel Module (C.7.6.3) for 8-bit (or JPEG-precision) samples, colour-by-pixel. A JPEG goes in as one
 * fragment (an odd stream with one 0x00 after its EOI) with an empty Basic Offset Table (allowed for single-frame
 * images); native samples as OB. Returns the transfer syntax the object must be written in.
 */
export function setImagePixel(ds: Dataset, pixels: ImagePixels, photometric: string): string {
  const { rows, columns, samplesPerPixel } = pixels.probe;
  const bitsAllocated = pixels.bitsStored > 8 ? 16 : 8;
  ds.set('SamplesPerPixel', samplesPerPixel);
  ds.set('PhotometricInterpretation', photometric);
  ds.set('Rows', rows);
  ds.set('Columns', columns);
  ds.set('BitsAllocated', bitsAllocated);
  ds.set('BitsStored', pixels.bitsStored);
  ds.set('HighBit', pixels.bitsStored - 1);
  ds.set('PixelRepresentation', 0);
  if (samplesPerPixel > 1) ds.set('PlanarConfiguration', 0);
  if (pixels.kind === 'jpeg') {
    ds.set('PixelData', new Encapsulated(Buffer.alloc(0), [pixels.even]), 'OB');
    return pixels.transferSyntaxUid;
  }
  // even length, as values are (a JPEG stream comes padded already: ImagePixels.even, PS3.5 A.4)
  ds.set('PixelData', padEven(pixels.data, 'OB'), 'OB');
  return EXPLICIT_VR_LE;
}

/**
 * Lossy Image Compression (0028,2110) with ratio and method (C.7.6.1.1.5): a camera JPEG, or a JPEG-compressed TIFF
 * stored natively, was lossy before the import, so the image stays ORIGINAL but says "01"; the ratio is the decoded
 * size over the compressed size. The method is left out for codecs that have no defined term (WebP).
 */
export function setLossyCompression(ds: Dataset, pixels: ImagePixels, earlier: readonly LossyCompression[] = []): void {
  // Once lossy, always "01": earlier steps (a derived image's source) come first, one ratio and method each.
  const steps = [...earlier, ...(pixels.probe.lossy ? [pixels.probe.lossy] : [])];
  if (!steps.length) {
    ds.set('LossyImageCompression', '00');
    return;
  }
  ds.set('LossyImageCompression', '01');
  ds.set('LossyImageCompressionRatio', steps.map((s) => Math.round(s.ratio * 100) / 100));
  if (steps.every((s) => s.method)) ds.set('LossyImageCompressionMethod', steps.map((s) => s.method!));
}

/**
 * ICC Profile Module (C.11.15): the profile of the samples as stored, which for RGB is the one the camera or editor
 * embedded (the samples are kept as encoded), and sRGB's for samples the file declares sRGB (a PNG's sRGB chunk, EXIF
 * ColorSpace 1) and for converted CMYK/Lab input (ImageProbe.iccProfile), with Color Space SRGB, its Defined Term.
 */
export function setIccProfile(ds: Dataset, pixels: ImagePixels): void {
  const { iccProfile: icc, colorSpace, samplesPerPixel } = pixels.probe;
  if (!icc || samplesPerPixel !== 3) return;
  ds.set('ICCProfile', padEven(icc, 'OB'), 'OB');
  if (colorSpace) ds.set('ColorSpace', colorSpace);
}
