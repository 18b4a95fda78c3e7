import type { Dataset } from '../../core/dataset.js';
import { Encapsulated } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { PIXEL_DATA } from '../../core/tag.js';
import { nativePixelLength } from '../../pixel/native-length.js';

/**
 * Refuses Pixel Data set in an encapsulated (compressed) object: a value given on the command line is native bytes, not
 * the fragments of a compressed stream, and written under the file's transfer syntax it would be no image at all.
 */
export function refuseEncapsulatedPixelData(ds: Dataset, name: string): void {
  if (!(ds.getElementByTag(PIXEL_DATA)?.value instanceof Encapsulated)) return;
  throw new DicomError('INVALID_ARGUMENT', `${name}: the pixel data is encapsulated (compressed), and a value set here would not be its fragments; convert the file to a native transfer syntax first`);
}

/**
 * Refuses native Pixel Data (set by the changes just made) whose length is not the one Rows × Columns × Samples per
 * Pixel × Bits Allocated / 8 × Number of Frames gives (plus the pad byte to even length): an image of any other length
 * is unreadable. The attributes are read after every change, so one run may set them along with the pixels.
 */
export function checkPixelDataLength(ds: Dataset, name: string): void {
  const pixel = ds.getElementByTag(PIXEL_DATA);
  if (!pixel || pixel.value instanceof Encapsulated) return;
  const rows = ds.getNumber('Rows');
  const columns = ds.getNumber('Columns');
  const bitsAllocated = ds.getNumber('BitsAllocated');
  const missing = [rows === undefined && 'Rows', columns === undefined && 'Columns', bitsAllocated === undefined && 'Bits Allocated'].filter(Boolean);
  if (missing.length) throw new DicomError('INVALID_ARGUMENT', `${name}: without ${missing.join(', ')} nothing says how long the pixel data must be; set them too`);
  const { bytes, product } = nativePixelLength({
    rows: rows!, columns: columns!, bitsAllocated: bitsAllocated!, samplesPerPixel: ds.getNumber('SamplesPerPixel') ?? 1,
    frames: ds.getNumber('NumberOfFrames') ?? 1, photometric: ds.getString('PhotometricInterpretation'),
  });
  const actual = pixel.length;
  if (actual === bytes || (bytes % 2 === 1 && actual === bytes + 1)) return;
  throw new DicomError('BAD_VALUE', `${name}: the value is ${actual} byte${actual === 1 ? '' : 's'}, but ${product} need ${bytes}; the image would be unreadable`);
}
