import type { Dataset } from '../../core/dataset.js';
import type { Region } from '../pixel-layout.js';

/**
 * What places the pixels, moved to the crop's first pixel: Image Position (Patient) is the centre of the first pixel
 * sent (PS3.3 C.7.6.2.1.1), so it moves by x columns along the row direction and y rows along the column direction.
 * A multi-frame image with functional groups (C.7.6.16) places each frame in its Plane Position Sequence, with the
 * orientation and spacing of that frame's groups or else the shared ones.
 */
export function moveGeometryToCrop(ds: Dataset, region: Region): void {
  moveFirstPixel(ds, ds.getNumbers('ImageOrientationPatient'), ds.getNumbers('PixelSpacing'), region);
  const shared = ds.items('SharedFunctionalGroupsSequence')[0];
  const frames = ds.items('PerFrameFunctionalGroupsSequence');
  for (const groups of shared ? [shared, ...frames] : frames) {
    const position = groups.items('PlanePositionSequence')[0];
    if (!position) continue;
    const macro = (path: string): number[] => {
      const own = groups.getNumbers(path);
      return own.length || !shared ? own : shared.getNumbers(path);
    };
    moveFirstPixel(position, macro('PlaneOrientationSequence[0].ImageOrientationPatient'), macro('PixelMeasuresSequence[0].PixelSpacing'), region);
  }
  // A slide image's centre on the slide (Slide Coordinates, C.8.12.2) is not the crop's, and nothing gives the image's
  // axes on the slide to move it by: the sequence (Type 2) stays, empty, as for a centre not known.
  if (ds.has('ImageCenterPointCoordinatesSequence')) ds.set('ImageCenterPointCoordinatesSequence', []);
}

function moveFirstPixel(ds: Dataset, orientation: readonly number[], spacing: readonly number[], region: Region): void {
  const position = ds.getNumbers('ImagePositionPatient');
  if (position.length === 3 && orientation.length === 6 && spacing.length === 2) {
    const [rowSpacing, columnSpacing] = spacing as [number, number];
    const moved = position.map((p, i) => p + region.x * columnSpacing * orientation[i]! + region.y * rowSpacing * orientation[i + 3]!);
    ds.set('ImagePositionPatient', moved);
  }
}
