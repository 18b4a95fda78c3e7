import type { Dataset } from '../../../core/dataset.js';

/**
 * Frame of Reference Module (C.7.4.1). A TBP capture has one frame of reference, defined by its 3D body mesh and
 * shared by the images placed on it; Position Reference Indicator is empty because a body surface scan has no
 * anatomical landmark origin.
 */
export function setFrameOfReference(ds: Dataset, frameOfReferenceUid: string): void {
  ds.set('FrameOfReferenceUID', frameOfReferenceUid);
  ds.set('PositionReferenceIndicator', null);
}
