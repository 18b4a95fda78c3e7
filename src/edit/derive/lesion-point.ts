import type { Dataset } from '../../core/dataset.js';
import type { Region } from '../pixel-layout.js';
import { DRAFT_TAGS, tbpKey } from '../../tbp/private-dictionary.js';
import { roleOf } from '../../tbp/lesion-report.js';
import { readLesionFacts } from '../../tbp/tbp-attributes.js';
import { VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../iod/builders/sop-classes.js';

/**
 * The TBP 2D Coordinate Data a crop made without a lesion carries from its source (our block, or the draft
 * (0010,1303) tag): a place in the regional image (the TBP draft: "relative to the corresponding regional image"),
 * not in the image's own pixels, so it never moves with the crop. It still holds when the source is that regional
 * image, which the crop names in its references, and the place lies in the crop: the crop shows the lesion there.
 * Otherwise it goes: a place outside the crop is no lesion the crop shows, and a source that is itself a lesion image
 * or a crop has its place in another image, which the crop does not name and where nothing says the crop lies.
 */
export function keepLesionPointIfShown(ds: Dataset, source: Dataset, region: Region): void {
  // As the toolkit reads it (a draft tag beside our block is not read): one it does not read goes too.
  const point = readLesionFacts(source).position2d;
  if (point && roleOf(source) === 'regional' && shows(region, point)) return;
  dropLesionPoint(ds);
}

/** Whether an image shows the lesion `id` (its TBP Lesion ID, else its Tracking ID). */
export const showsLesion = (source: Dataset, id: string): boolean => (readLesionFacts(source).lesionId ?? source.getString('TrackingID')) === id;

/**
 * The place in the regional image of a crop made as lesion `id`, by the same reading: the crop's centre when the
 * source is the regional image itself; the source's own place when it is an image of that lesion (a dermoscopic image
 * or an earlier crop: the crop shows the same lesion); else none, since where the source lies in a regional image is
 * not known.
 */
export function lesionPointOfCrop(source: Dataset, id: string, region: Region): [number, number] | undefined {
  if (roleOf(source) === 'regional') return [region.x + (region.width - 1) / 2, region.y + (region.height - 1) / 2];
  return showsLesion(source, id) ? readLesionFacts(source).position2d : undefined;
}

/**
 * A crop that takes its source's place (lesionPointOfCrop) holds a place in the regional image its source names (a
 * lesion image references its regional image): the crop names that image too, beside its source, so that the place
 * is in an image it names, as a crop of the regional image itself names it.
 */
export function nameRegionalImagesOf(ds: Dataset, source: Dataset): void {
  const regional = source.items('ReferencedImageSequence').filter((item) => item.getString('ReferencedSOPClassUID') === VL_PHOTOGRAPHIC_IMAGE_STORAGE);
  if (regional.length) ds.set('ReferencedImageSequence', [...ds.items('ReferencedImageSequence'), ...regional]);
}

/** Removes a carried 2D coordinate: our block's element and the draft tag alike. */
export function dropLesionPoint(ds: Dataset): void {
  ds.delete(tbpKey('TBP2DCoordinateData'));
  ds.delete(DRAFT_TAGS.TBP2DCoordinateData!);
}

/** Coordinates run from the top-left pixel's centre: the crop's pixels cover half a pixel beyond their centres. */
function shows(region: Region, [column, row]: [number, number]): boolean {
  return column >= region.x - 0.5 && column <= region.x + region.width - 0.5 && row >= region.y - 0.5 && row <= region.y + region.height - 0.5;
}
