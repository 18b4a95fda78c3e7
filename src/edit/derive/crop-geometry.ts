import type { Dataset } from '../../core/dataset.js';
import type { Region } from '../pixel-layout.js';

/**
 * What places the pixels, moved to the crop's first pixel: Image Position (Patient) is the centre of the first pixel
 * sent (PS3.3 C.7.6.2.1.1), so it moves by x columns along the row direction and y rows along the column direction.
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
}
