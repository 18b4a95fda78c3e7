import { Dataset } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';
import { codeOf, sameCode, type Code } from '../../iod/codes/code.js';
import { referenceItem } from '../../iod/builders/modules/references.js';
import { PURPOSE_LOCALIZER, PURPOSE_OTHER_PARTIAL_VIEWS } from '../../iod/codes/purposes.js';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../iod/builders/sop-classes.js';
import { uidName } from '../../core/uid-registry.js';
import { tbpKey } from '../../tbp/private-dictionary.js';
import { readUnknownInKnownVR } from '../../io/unknown-vr.js';
import { readLesionFacts, readTbpNumbers, setTbp } from '../../tbp/tbp-attributes.js';
import { lesionImageReference, lesionItem, settleLesionPosition, type LesionItemImage } from '../../tbp/lesion-item.js';
import { shownLesion } from '../../tbp/lesion-report.js';

/** An image referenced by SOP Class and Instance UID. */
export interface ImageRef {
  sopClassUid: string;
  sopInstanceUid: string;
}

/** One lesion a regional image shows, as the TBP Lesion Sequence records it. */
export interface LesionReference {
  lesionId: string;
  trackingId?: string;
  trackingUid?: string;
  /** The lesion's position in the regional image (column, row): one its images agree on. */
  position2d?: number[];
  images: ImageRef[];
  /** Each image's own position in the regional image (a crop's), by SOP Instance UID, when any image gives one. */
  imagePositions2d?: Record<string, number[]>;
}

/** What addLesionImage changed, and how to take back what it did to the regional image. */
export interface LesionLink {
  regionalChanged: boolean;
  lesionImageChanged: boolean;
  /** Gives the regional image back as it was before the add; called before anything else changes it. */
  undo: () => void;
}

/** Read in the VRs the TBP block defines when it arrived as UN (readUnknownInKnownVR, on entry), as from a file. */
const LESIONS = tbpKey('TBPLesionSequence');

/** What each end of a lesion link may be: images, never a mesh, a document or an object of another kind. */
const REGIONAL_CLASSES = new Set([VL_PHOTOGRAPHIC_IMAGE_STORAGE]);
const LESION_IMAGE_CLASSES = new Set([VL_PHOTOGRAPHIC_IMAGE_STORAGE, DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE]);

/** Refuses a data set that cannot be a regional image (a mesh, a document …), before anything is linked to it. */
export function requireRegionalImage(ds: Dataset): void {
  requireClass(ds, REGIONAL_CLASSES, 'the regional image', 'a VL Photographic image');
}

function requireClass(ds: Dataset, classes: ReadonlySet<string>, role: string, expected: string): void {
  const sopClass = ds.getString('SOPClassUID') ?? '';
  if (!classes.has(sopClass)) {
    throw new DicomError('INVALID_ARGUMENT', `${role} must be ${expected}, not ${uidName(sopClass) ?? (sopClass || 'an object without SOP Class UID')}`);
  }
}

const identity = (ds: Dataset): ImageRef => ({ sopClassUid: ds.getString('SOPClassUID') ?? '', sopInstanceUid: ds.getString('SOPInstanceUID') ?? '' });
const refOf = (item: Dataset): ImageRef => ({ sopClassUid: item.getString('ReferencedSOPClassUID') ?? '', sopInstanceUid: item.getString('ReferencedSOPInstanceUID') ?? '' });
/** Whether a data set's Referenced Image Sequence (a regional image's, a lesion item's) lists the instance. */
const listsImage = (ds: Dataset, sopInstanceUid: string): boolean =>
  ds.items('ReferencedImageSequence').some((i) => refOf(i).sopInstanceUid === sopInstanceUid);

/** The lesions a regional image lists (the TBP repository's get_references), with their positions as `lesions` reads them. */
export function listLesions(regional: Dataset): LesionReference[] {
  readUnknownInKnownVR(regional);
  return regional.items(LESIONS).map((item) => {
    const { id, trackingUid, position2d, imagePositions2d } = shownLesion(item);
    return {
      lesionId: id,
      trackingId: item.getString('TrackingID'),
      trackingUid,
      ...(position2d ? { position2d } : {}),
      images: item.items('ReferencedImageSequence').map(refOf),
      ...(imagePositions2d ? { imagePositions2d } : {}),
    };
  });
}

/**
 * Links a lesion image to the regional image it shows a lesion of (the TBP repository's add_lesion): the regional
 * image gets the image, at its own 2D position, in its lesion's item (created with the lesion's id and tracking
 * id/UID; the item's position is then the lesion's only while its images agree, as the import writes it) and in
 * its Referenced Image Sequence; the lesion image gets the regional image in its Referenced Image Sequence. Both
 * data sets change; adding a link that exists changes nothing. Says which data sets changed (a caller need not
 * rewrite the others), and gives what gives the regional image back as it was, for a caller that then cannot write
 * the lesion image (a link would otherwise go one way only).
 */
export function addLesionImage(regional: Dataset, lesionImage: Dataset): LesionLink {
  requireRegionalImage(regional);
  requireClass(lesionImage, LESION_IMAGE_CLASSES, 'a lesion image', 'a Dermoscopic Photography or VL Photographic image');
  // The add changes more than the item and reference it adds (an old item's images take its place, a lesion ID the
  // character set cannot hold turns the whole data set to UTF-8): its undo puts back the whole data set.
  const before = regional.clone();
  readUnknownInKnownVR(regional);
  readUnknownInKnownVR(lesionImage);
  const facts = readLesionFacts(lesionImage);
  const lesionId = facts.lesionId ?? lesionImage.getString('TrackingID');
  if (!lesionId) throw new DicomError('INVALID_ARGUMENT', 'the lesion image names no lesion (no TBP Lesion ID, no Tracking ID)');
  const image = identity(lesionImage);
  const items = regional.items(LESIONS);
  let item = items.find((i) => readLesionFacts(i).lesionId === lesionId);
  const trackingUid = lesionImage.getString('TrackingUID');
  requireSameCapture(regional, lesionImage);
  requireSameTracking(regional, lesionId, trackingUid);
  const placed: LesionItemImage = { ...image, position2d: facts.position2d };
  let filled = false;
  let listed = true;
  if (!item) {
    item = lesionItem({ lesionId, trackingId: lesionImage.getString('TrackingID') ?? lesionId, trackingUid }, [placed], regional);
    setTbp(regional, 'TBPLesionSequence', [...items, item]);
  } else {
    // A lesion listed through images without a Tracking UID takes the one a later image brings (one in conflict with
    // the list was refused above), as a crop of it would: one lesion, one Tracking UID.
    filled = !!trackingUid && !item.getString('TrackingUID');
    if (filled) item.set('TrackingUID', trackingUid!);
    listed = listImage(item, placed);
  }
  const referenced = addReference(regional, image, PURPOSE_OTHER_PARTIAL_VIEWS);
  return {
    regionalChanged: filled || listed || referenced,
    lesionImageChanged: addReference(lesionImage, identity(regional), PURPOSE_LOCALIZER),
    undo: () => restore(regional, before),
  };
}

/** Gives a data set the elements of its earlier copy (Dataset.clone), in place: its callers hold it. */
function restore(ds: Dataset, copy: Dataset): void {
  for (const t of [...ds.tags()]) ds.removeTag(t);
  for (const el of copy) ds.addElement(el);
}

/**
 * A lesion image shows a lesion of the regional image's own visit: the same patient and study, and a crop is cut
 * from this regional image, not another one (a crop of a dermoscopic image names no regional image as its source).
 * It is another image than the regional one: a regional image naming a lesion would otherwise list itself as its crop.
 */
function requireSameCapture(regional: Dataset, lesionImage: Dataset): void {
  const regionalUid = identity(regional).sopInstanceUid;
  if (identity(lesionImage).sopInstanceUid === regionalUid) {
    throw new DicomError('INVALID_ARGUMENT', `the lesion image is the regional image itself (${regionalUid}): give the images of its lesions`);
  }
  // A study UID shared by two patients is a mislabelled image: linked, one patient's lesion would be listed as another's.
  const patient = (ds: Dataset): string => ds.getString('PatientID') ?? '';
  if (patient(lesionImage) !== patient(regional)) {
    throw new DicomError('INVALID_ARGUMENT', `the lesion image is of patient "${patient(lesionImage)}" (Patient ID), the regional image of patient "${patient(regional)}": link images of one patient`);
  }
  const study = (ds: Dataset): string => ds.getString('StudyInstanceUID') ?? '(none)';
  if (study(lesionImage) !== study(regional)) {
    throw new DicomError('INVALID_ARGUMENT', `the lesion image is of study ${study(lesionImage)}, the regional image of study ${study(regional)}: link images of one visit`);
  }
  const sources = lesionImage.items('SourceImageSequence').map(refOf).filter((r) => REGIONAL_CLASSES.has(r.sopClassUid));
  if (sources.length && !sources.some((r) => r.sopInstanceUid === regionalUid)) {
    throw new DicomError('INVALID_ARGUMENT', `the lesion image was cut from regional image ${sources.map((r) => r.sopInstanceUid).join(', ')} (Source Image Sequence), not from this one (${regionalUid})`);
  }
}

/** One lesion, one Tracking UID: what a regional image's lesion list says of a lesion and its image must agree. */
export function requireSameTracking(regional: Dataset, lesionId: string, trackingUid: string | undefined): void {
  if (!trackingUid) return;
  for (const item of regional.items(LESIONS)) {
    const listedId = readLesionFacts(item).lesionId;
    const listedUid = item.getString('TrackingUID');
    if (listedId === lesionId && listedUid && listedUid !== trackingUid) {
      throw new DicomError('INVALID_ARGUMENT', `lesion ${lesionId} has Tracking UID ${listedUid} in the regional image's lesion list, not ${trackingUid}`);
    }
    if (listedId !== lesionId && listedUid === trackingUid) {
      throw new DicomError('INVALID_ARGUMENT', `Tracking UID ${trackingUid} is lesion ${listedId}'s in the regional image's lesion list, not lesion ${lesionId}'s`);
    }
  }
}

/** Adds an image, at its place, to a lesion's item that lacks it; returns whether it lacked it. */
function listImage(item: Dataset, image: LesionItemImage): boolean {
  if (listsImage(item, image.sopInstanceUid)) return false;
  spreadLesionPosition(item);
  item.set('ReferencedImageSequence', [...item.items('ReferencedImageSequence'), lesionImageReference(image)]);
  settleLesionPosition(item);
  return true;
}

/**
 * An item written before each image carried its own position (by an earlier version, or another tool) has the
 * lesion's alone, which stood for all its images: each takes it before the images change, so that no place is lost
 * when they come to disagree (the item's own then goes).
 */
function spreadLesionPosition(item: Dataset): void {
  const refs = item.items('ReferencedImageSequence');
  const at = readTbpNumbers(item, 'TBP2DCoordinateData');
  if (!at || refs.some((ref) => readTbpNumbers(ref, 'TBP2DCoordinateData'))) return;
  for (const ref of refs) setTbp(ref, 'TBP2DCoordinateData', at);
}

/** Adds a reference the data set lacks; returns whether it lacked it. */
function addReference(ds: Dataset, ref: ImageRef, purpose: Code): boolean {
  if (listsImage(ds, ref.sopInstanceUid)) return false;
  ds.set('ReferencedImageSequence', [...ds.items('ReferencedImageSequence'), referenceItem({ ...ref, purpose })]);
  return true;
}

/**
 * Removes a lesion image from a regional image (the TBP repository's remove_crop_from_image): from its lesion's
 * item (the item goes when no image is left) and from Referenced Image Sequence. Returns whether it was there.
 */
export function removeLesionImage(regional: Dataset, sopInstanceUid: string): boolean {
  // A lesion image's own Referenced Image Sequence names its regional image: emptying it would cut that link.
  requireRegionalImage(regional);
  readUnknownInKnownVR(regional);
  let listed = false;
  const kept = regional.items(LESIONS).filter((item) => {
    const lists = listsImage(item, sopInstanceUid);
    if (lists) {
      spreadLesionPosition(item);
      dropReference(item, sopInstanceUid);
      settleLesionPosition(item);
    }
    listed ||= lists;
    return item.items('ReferencedImageSequence').length > 0;
  });
  setLesionItems(regional, kept);
  // A reference of an image no lesion lists, for another purpose than a partial view (a predecessor, a localizer),
  // is no lesion link: it stays, as clearLesions keeps it.
  const referenced = dropReference(regional, sopInstanceUid, (item) => listed || isLesionReference(item));
  return listed || referenced;
}

/** Removes every lesion link of a regional image (clear_references); other references stay. Returns how many lesions were listed. */
export function clearLesions(regional: Dataset): number {
  requireRegionalImage(regional);
  const lesions = listLesions(regional);
  for (const lesion of lesions) for (const image of lesion.images) dropReference(regional, image.sopInstanceUid);
  const left = regional.items('ReferencedImageSequence').filter((i) => !isLesionReference(i));
  if (left.length) regional.set('ReferencedImageSequence', left);
  else regional.delete('ReferencedImageSequence');
  setLesionItems(regional, []);
  return lesions.length;
}

const isLesionReference = (item: Dataset): boolean => {
  const purpose = item.items('PurposeOfReferenceCodeSequence')[0];
  const code = purpose && codeOf(purpose);
  return !!code && sameCode(code, PURPOSE_OTHER_PARTIAL_VIEWS);
};

/** Removes a data set's references of an instance (those `which` picks); returns whether any went. */
function dropReference(ds: Dataset, sopInstanceUid: string, which: (item: Dataset) => boolean = () => true): boolean {
  const items = ds.items('ReferencedImageSequence');
  const kept = items.filter((i) => refOf(i).sopInstanceUid !== sopInstanceUid || !which(i));
  if (kept.length === items.length) return false;
  if (kept.length) ds.set('ReferencedImageSequence', kept);
  else ds.delete('ReferencedImageSequence');
  return true;
}

/** Writes the lesion items back, removing the sequence when none are left. */
function setLesionItems(regional: Dataset, items: Dataset[]): void {
  if (items.length) setTbp(regional, 'TBPLesionSequence', items);
  else regional.delete(LESIONS);
}
