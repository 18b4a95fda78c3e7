import type { Dataset } from '../../core/dataset.js';
import type { Region } from '../pixel-layout.js';

/**
 * What places the pixels, moved to the crop's first pixel: Image Position (Patient) is the centre of the first pixel
 * sent (PS3.3 C.7.6.2.1.1), so it moves by x columns along the row direction and y rows along the column direction;
 * an overlay's origin counts from the image's top-left pixel (C.9.2.1.2), so it moves back by the same rows and
 * columns (its bitmap is kept whole: an overlay may reach beyond the image).
 */
export function moveGeometryToCrop(ds: Dataset, region: Region): void {
  const position = ds.getNumbers('ImagePositionPatient');
  const orientation = ds.getNumbers('ImageOrientationPatient');
  const spacing = ds.getNumbers('PixelSpacing');
  if (position.length === 3 && orientation.length === 6 && spacing.length === 2) {
    const [rowSpacing, columnSpacing] = spacing as [number, number];
    const moved = position.map((p, i) => p + region.x * columnSpacing * orientation[i]! + region.y * rowSpacing * orientation[i + 3]!);
    ds.set('ImagePositionPatient', moved);
  }
  for (let group = 0x6000; group <= 0x601e; group += 2) {
    const tag = `(${group.toString(16).toUpperCase()},0050)`;
    const origin = ds.getNumbers(tag);
    if (origin.length === 2) ds.set(tag, [origin[0]! - region.y, origin[1]! - region.x], 'SS');
  }
}
