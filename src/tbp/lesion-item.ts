import { Dataset } from '../core/dataset.js';
import { referenceItem } from '../iod/builders/modules/references.js';
import { PURPOSE_OTHER_PARTIAL_VIEWS } from '../iod/codes/purposes.js';
import { tbpKey } from './private-dictionary.js';
import { readTbpNumbers, setTbp } from './tbp-attributes.js';

/** An image a lesion's TBP Lesion Sequence item lists, with its own place in the regional image when it gives one. */
export interface LesionItemImage {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Column, row in the regional image (a crop's place). */
  position2d?: readonly number[];
}

/** The lesion a TBP Lesion Sequence item is for. */
export interface LesionItemLesion {
  lesionId: string;
  trackingId: string;
  trackingUid?: string;
}

/**
 * One item of a regional image's TBP Lesion Sequence: the lesion's identity and its images. The import writes these
 * and `derive lesion-add` edits them, so both give a lesion the same layout. `parent`: the regional image, whose
 * character set the item's text is in.
 */
export function lesionItem(lesion: LesionItemLesion, images: readonly LesionItemImage[], parent?: Dataset): Dataset {
  const item = new Dataset(parent);
  setTbp(item, 'TBPLesionID', lesion.lesionId);
  item.set('TrackingID', lesion.trackingId);
  if (lesion.trackingUid) item.set('TrackingUID', lesion.trackingUid);
  item.set('ReferencedImageSequence', images.map(lesionImageReference));
  settleLesionPosition(item);
  return item;
}

/** An image's item in a lesion's Referenced Image Sequence: one of the regional image's partial views, at its place. */
export function lesionImageReference(image: LesionItemImage): Dataset {
  const ref = referenceItem({ sopClassUid: image.sopClassUid, sopInstanceUid: image.sopInstanceUid, purpose: PURPOSE_OTHER_PARTIAL_VIEWS });
  if (image.position2d) setTbp(ref, 'TBP2DCoordinateData', image.position2d);
  return ref;
}

/**
 * A position belongs to the image that gives it (two crops of one lesion may be cut at different places), so the
 * item's own is the lesion's only when the images that give one agree: set then, removed otherwise. Called whenever
 * the item's images change.
 */
export function settleLesionPosition(item: Dataset): void {
  const positions = item.items('ReferencedImageSequence').flatMap((ref) => {
    const at = readTbpNumbers(ref, 'TBP2DCoordinateData');
    return at ? [at] : [];
  });
  const [first] = positions;
  const agree = first && positions.every((at) => at.length === first.length && at.every((v, i) => v === first[i]));
  if (agree) setTbp(item, 'TBP2DCoordinateData', first);
  else item.delete(tbpKey('TBP2DCoordinateData'));
}
