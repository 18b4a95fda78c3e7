import type { Dataset } from './dataset.js';
import type { Element } from './element.js';
import type { Tag } from './tag.js';
import type { VR } from './vr.js';

const PIXEL_REPRESENTATION = 0x00280103;

/**
 * "US or SS" attributes that hold pixel values, so follow Pixel Representation (PS3.5 Annex A.1 c). Not the LUT
 * descriptors (0028,1101-1103 palette, 0028,3002 LUT), "US or SS" too: their first and third values (the number of
 * entries, up to 65535, and the bits per entry) are unsigned whatever the pixels are (PS3.3 C.7.6.3.1.5, C.11.1.1), so
 * they are US, as dcmtk reads them; signed, a table of 32768 entries or more would count a negative number of them.
 */
const PIXEL_VALUES = new Set([
  0x00280104, 0x00280105, 0x00280106, 0x00280107, 0x00280108, 0x00280109, 0x00280110, 0x00280111, // smallest/largest
  0x00280120, 0x00280121, // Pixel Padding Value, Pixel Padding Range Limit (C.7.5.1.1.2: same VR as the padding value)
  0x00409211, 0x00409216, // Real World Value Last/First Value Mapped
  0x00603004, 0x00603006, // Histogram First/Last Bin Value (C.11.5)
  0x00189810, // Zero Velocity Pixel Value
  0x00221452, // Mapped Pixel Value (a thickness map's pixel value given a coded meaning, PS3.3 C.8.30.3)
  0x00280071, // Perimeter Value (retired: the pixel value outside the image's perimeter)
]);

/**
 * The VR of a pixel value attribute in `ds` where nothing else says it (read in Implicit VR, or set anew): SS when the
 * nearest Pixel Representation up the nesting is 1 (signed), else US. Enhanced objects keep these attributes two
 * sequences deep (Shared Functional Groups > Real World Value Mapping), under the top level's Pixel Representation.
 * Undefined for any other attribute, whose VR does not depend on the pixels.
 */
export function pixelValueVR(ds: Dataset, tag: Tag): VR | undefined {
  if (!PIXEL_VALUES.has(tag)) return undefined;
  const pr = pixelRepresentationOf(ds);
  const signed = pr && Buffer.isBuffer(pr.value) && pr.value.length >= 2 && pr.value.readUInt16LE(0) === 1;
  return signed ? 'SS' : 'US';
}

/**
 * Whether `tag` is a pixel value attribute whose VR `ds` cannot tell yet: no Pixel Representation up the nesting so
 * far. A reader meets Perimeter Value (0028,0071), or a Mapped Pixel Value in a sequence of group 0022, before the
 * Pixel Representation (0028,0103) that follows them, and settles their VR once the data set is read.
 */
export const pixelValueVRPending = (ds: Dataset, tag: Tag): boolean => PIXEL_VALUES.has(tag) && !pixelRepresentationOf(ds);

function pixelRepresentationOf(ds: Dataset): Element | undefined {
  let pr: Element | undefined;
  for (let d: Dataset | undefined = ds; d && !pr; d = d.parent) pr = d.getElementByTag(PIXEL_REPRESENTATION);
  return pr;
}
