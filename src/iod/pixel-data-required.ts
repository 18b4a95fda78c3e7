/**
 * Which data sets must hold pixels: those of a SOP class whose IOD makes the Image Pixel Module mandatory. Its Pixel
 * Data is required unless Pixel Data Provider URL (JPIP) stands in for it, so a data set with neither is not an object
 * of its class; a file cut short just before Pixel Data reads as such a data set, whole to a reader.
 */
import type { Dataset } from '../core/dataset.js';
import { PIXEL_DATA } from '../core/tag.js';
import { IOD_MODULES, SOP_CLASS_IODS } from './generated/iod-modules.js';

const PIXEL_DATA_PROVIDER_URL = 0x00287fe0;

/** Whether `ds`, of SOP class `sopClassUid`, lacks the Pixel Data its class requires (false for classes not known). */
export function lacksPixelData(ds: Dataset, sopClassUid: string): boolean {
  const iod = SOP_CLASS_IODS[sopClassUid.replace(/[\0 ]+$/, '')];
  const imagePixel = iod ? IOD_MODULES[iod]!.modules.find(([id]) => id === 'image-pixel') : undefined;
  return imagePixel?.[1] === 'M' && !ds.has(PIXEL_DATA) && !ds.has(PIXEL_DATA_PROVIDER_URL);
}
