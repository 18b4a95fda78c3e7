import type { Dataset } from '../../core/dataset.js';
import type { Region } from '../pixel-layout.js';

/** Field of View Origin, Rotation and Horizontal Flip (DX Detector, C.8.11.4): each is required when another is present. */
const PLACEMENT = ['FieldOfViewOrigin', 'FieldOfViewRotation', 'FieldOfViewHorizontalFlip'] as const;
const EXTENT = ['FieldOfViewShape', 'FieldOfViewDimensions', 'FieldOfViewDimensionsInFloat'] as const;

/**
 * The field of view made the crop's (PS3.3 C.8.11.4.1.1): the image is the detector's field of view, rotated
 * clockwise by Field of View Rotation and then flipped as Horizontal Flip says, and Field of View Origin is the
 * top-left of that field on the detector, before rotation or flipping, in detector elements (row, column). The crop's
 * field is the region, so the origin moves by the region's offset on the detector, and a rectangular field's
 * dimensions become the region's extent at Imager Pixel Spacing: in mm, row dimension then column, of "the image
 * pixels stored in Pixel Data", so in the stored image's own rows and columns whatever the rotation. What the header
 * gives no way to compute goes: the placement without Detector Element Spacing (image pixels are not detector elements
 * when binned or resampled) or with a rotation that is not a right angle; the shape and dimensions of a round or
 * hexagonal field (the crop's is a part of it), or without Imager Pixel Spacing.
 */
export function cropFieldOfView(ds: Dataset, region: Region, source: ImageSize): void {
  const placed = placeOnDetector(ds, region, source);
  const imager = ds.getNumbers('ImagerPixelSpacing');
  const origin = ds.getNumbers('FieldOfViewOrigin');
  const detector = ds.getNumbers('DetectorElementSpacing');
  if (origin.length === 2 && placed && imager.length === 2 && detector.length === 2) {
    // image pixel spacing along the detector's rows and columns, in detector elements
    const [along, across] = placed.swapped ? [imager[1]!, imager[0]!] : [imager[0]!, imager[1]!];
    ds.set('FieldOfViewOrigin', [origin[0]! + placed.offset[0] * along / detector[0]!, origin[1]! + placed.offset[1] * across / detector[1]!]);
  } else if (origin.length) {
    for (const keyword of PLACEMENT) ds.delete(keyword);
  }
  if (!EXTENT.some((keyword) => ds.has(keyword))) return;
  if (ds.getString('FieldOfViewShape') !== 'RECTANGLE' || imager.length !== 2) {
    for (const keyword of EXTENT) ds.delete(keyword);
    return;
  }
  const extent = [region.height * imager[0]!, region.width * imager[1]!];
  if (ds.has('FieldOfViewDimensions')) ds.set('FieldOfViewDimensions', extent.map(Math.round));
  if (ds.has('FieldOfViewDimensionsInFloat')) ds.set('FieldOfViewDimensionsInFloat', extent);
}

/** The source image's rows and columns (the field the region is cut from). */
interface ImageSize {
  rows: number;
  columns: number;
}

interface Placement {
  /** The region's top-left on the unrotated, unflipped field, in image pixels (row, column). */
  offset: [number, number];
  /** Whether the image's rows run along the detector's columns (a quarter turn). */
  swapped: boolean;
}

/** Undoes the flip, then the clockwise rotation, of the region; undefined for a rotation that is not a right angle. */
function placeOnDetector(ds: Dataset, region: Region, { rows, columns }: ImageSize): Placement | undefined {
  const { y, width: w, height: h } = region;
  const x = ds.getString('FieldOfViewHorizontalFlip') === 'YES' ? columns - region.x - w : region.x;
  switch (ds.getNumber('FieldOfViewRotation') ?? 0) {
    case 0: return { offset: [y, x], swapped: false };
    case 90: return { offset: [columns - x - w, y], swapped: true };
    case 180: return { offset: [rows - y - h, columns - x - w], swapped: false };
    case 270: return { offset: [x, rows - y - h], swapped: true };
    default: return undefined;
  }
}
