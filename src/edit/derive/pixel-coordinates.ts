import type { Dataset } from '../../core/dataset.js';
import type { Region } from '../pixel-layout.js';
import { readTbpNumbers, setTbp } from '../../tbp/tbp-attributes.js';

/** Shapes given by edges, centre and vertices in the image's pixels (Display Shutter, X-Ray Collimator, DX exposure control). */
const OUTLINED = ['Shutter', 'Collimator', 'ExposureControlSensingRegion'] as const;

/**
 * Places the header gives in the image's pixel coordinates, moved to the crop's: the edges, circle centres and polygon
 * vertices of display shutters, collimators and exposure control sensing regions (at any depth: functional groups
 * carry shutters too) move back by the region's offset, and may then lie outside the crop as they may outside an
 * image; ultrasound regions, whose corners must lie in the image, are cut to the crop.
 */
export function movePixelCoordinatesToCrop(ds: Dataset, region: Region): void {
  moveOutlines(ds, region);
  cropUltrasoundRegions(ds, region);
  movePrincipalPoint(ds, region);
}

function moveOutlines(ds: Dataset, region: Region): void {
  for (const name of OUTLINED) {
    shift(ds, `${name}LeftVerticalEdge`, [region.x]);
    shift(ds, `${name}RightVerticalEdge`, [region.x]);
    shift(ds, `${name}UpperHorizontalEdge`, [region.y]);
    shift(ds, `${name}LowerHorizontalEdge`, [region.y]);
    shift(ds, `CenterOfCircular${name}`, [region.y, region.x]);
    shift(ds, `VerticesOfThePolygonal${name}`, [region.y, region.x]);
  }
  for (const el of ds) for (const item of ds.items(el.tag)) moveOutlines(item, region);
}

/** Subtracts `offsets` from the values in turn (row\column pairs repeat them). */
function shift(ds: Dataset, keyword: string, offsets: readonly number[]): void {
  const values = ds.getNumbers(keyword);
  if (values.length) ds.set(keyword, values.map((v, i) => v - offsets[i % offsets.length]!));
}

/**
 * US Region Calibration (C.8.5.5): each region's corners (from the top-left pixel, 0,0) are cut to the crop, its
 * reference pixel (relative to the region's top-left corner) kept where it was in the image; a region outside the
 * crop goes, and the sequence with its last region.
 */
function cropUltrasoundRegions(ds: Dataset, region: Region): void {
  const regions = ds.items('SequenceOfUltrasoundRegions');
  if (regions.length === 0) return;
  const kept = regions.filter((item) => {
    const [minX, minY, maxX, maxY] = ['RegionLocationMinX0', 'RegionLocationMinY0', 'RegionLocationMaxX1', 'RegionLocationMaxY1'].map((k) => item.getNumber(k));
    if (minX === undefined || minY === undefined || maxX === undefined || maxY === undefined) return true;
    const x0 = Math.max(minX - region.x, 0);
    const y0 = Math.max(minY - region.y, 0);
    const x1 = Math.min(maxX - region.x, region.width - 1);
    const y1 = Math.min(maxY - region.y, region.height - 1);
    if (x0 > x1 || y0 > y1) return false;
    item.set('RegionLocationMinX0', x0);
    item.set('RegionLocationMinY0', y0);
    item.set('RegionLocationMaxX1', x1);
    item.set('RegionLocationMaxY1', y1);
    // The reference pixel is the same place in the picture: relative to the corner, which the cut may have moved.
    shift(item, 'ReferencePixelX0', [region.x + x0 - minX]);
    shift(item, 'ReferencePixelY0', [region.y + y0 - minY]);
    return true;
  });
  if (kept.length === 0) ds.delete('SequenceOfUltrasoundRegions');
  else if (kept.length < regions.length) ds.set('SequenceOfUltrasoundRegions', kept);
}

/**
 * The TBP camera calibration (kept with the TBP block) gives the principal point in the image's pixels: it moves back
 * by the region's offset, so that the crop's pixels still project through the lens as they did; the focal length in
 * pixels and the distortion (about the principal point) stand.
 */
function movePrincipalPoint(ds: Dataset, region: Region): void {
  const point = readTbpNumbers(ds, 'TBPPrincipalPoint');
  if (point?.length === 2) setTbp(ds, 'TBPPrincipalPoint', [point[0]! - region.x, point[1]! - region.y]);
}
