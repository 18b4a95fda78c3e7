import type { Dataset } from '../../core/dataset.js';
import type { Region } from '../pixel-layout.js';

/** Shapes given by edges, centre and vertices in the image's pixels (Display Shutter, X-Ray Collimator, DX exposure control). */
const OUTLINED = ['Shutter', 'Collimator', 'ExposureControlSensingRegion'] as const;

/**
 * Places the header gives in the image's pixel coordinates, moved to the crop's: the edges, circle centres and polygon
 * vertices of display shutters, collimators and exposure control sensing regions (at any depth: functional groups
 * carry shutters too) move back by the region's offset, and may then lie outside the crop as they may outside an
 * image.
 */
export function movePixelCoordinatesToCrop(ds: Dataset, region: Region): void {
  for (const name of OUTLINED) {
    shift(ds, `${name}LeftVerticalEdge`, [region.x]);
    shift(ds, `${name}RightVerticalEdge`, [region.x]);
    shift(ds, `${name}UpperHorizontalEdge`, [region.y]);
    shift(ds, `${name}LowerHorizontalEdge`, [region.y]);
    shift(ds, `CenterOfCircular${name}`, [region.y, region.x]);
    shift(ds, `VerticesOfThePolygonal${name}`, [region.y, region.x]);
  }
  for (const el of ds) for (const item of ds.items(el.tag)) movePixelCoordinatesToCrop(item, region);
}

/** Subtracts `offsets` from the values in turn (row\column pairs repeat them). */
function shift(ds: Dataset, keyword: string, offsets: readonly number[]): void {
  const values = ds.getNumbers(keyword);
  if (values.length) ds.set(keyword, values.map((v, i) => v - offsets[i % offsets.length]!));
}
