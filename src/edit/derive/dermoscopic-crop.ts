import type { Dataset } from '../../core/dataset.js';
import { tagOf } from '../../core/dictionary.js';
import { DicomError } from '../../core/errors.js';
import { formatTag, tagGroup, type Tag } from '../../core/tag.js';
import { generateUid } from '../../core/uid-generate.js';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE, setDermoscopicImage } from '../../iod/builders/dermoscopic-photography-image.js';
import { setFrameOfReference } from '../../iod/builders/modules/frame-of-reference.js';
import { VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../iod/builders/sop-classes.js';
import { iodForSopClass, type IodDefinition } from '../../iod/iods.js';
import { ENHANCED_GENERAL_EQUIPMENT } from '../../iod/modules/equipment.js';
import { TBP_IMAGE_SERIES } from '../../tbp/image-series.js';
import { OVERLAY_GROUPS } from './overlay-crop.js';

/**
 * A lesion crop of a VL Photographic (regional) image is stored as the import stores lesion crops: a Dermoscopic
 * Photography image, so that the study holds one kind of lesion crop and viewers list it with the dermoscopic images.
 * Other crops keep their source's SOP Class.
 */
export const becomesDermoscopic = (source: Dataset, lesion: boolean): boolean =>
  lesion && source.getString('SOPClassUID') === VL_PHOTOGRAPHIC_IMAGE_STORAGE;

/**
 * Enhanced General Equipment makes the device's manufacturer, model, serial number and software versions Type 1;
 * they cannot be made up for the camera that took the pixels, so a source without them is refused, naming them all.
 */
export function requireDermoscopicEquipment(source: Dataset): void {
  const missing = ENHANCED_GENERAL_EQUIPMENT.attributes
    .filter((a) => a.type === '1' && !source.getStrings(a.keyword).some((v) => v.trim() !== ''))
    .map((a) => `${a.keyword} ${formatTag(tagOf(a.keyword)!)}`);
  if (missing.length) {
    throw new DicomError('INVALID_ARGUMENT', `a lesion crop of a VL Photographic image is a ${DERMOSCOPIC_PHOTOGRAPHY_IMAGE.name}, whose Enhanced General Equipment needs values the source lacks: ${missing.join(', ')} (set them with modify, or crop without --lesion-id)`);
  }
}

/** Overlay groups repeat (60xx): an overlay attribute stands for its element in every overlay group. */
const isOverlayGroup = (group: number): boolean => OVERLAY_GROUPS.includes(group);

/** Top-level tags of the modules `from` has and `to` does not, less those a module of `to` defines too. */
function tagsOutside(from: IodDefinition, to: IodDefinition): Tag[] {
  const keywords = (iod: IodDefinition, keep: (id: string) => boolean): string[] =>
    iod.modules.filter((m) => keep(m.id)).flatMap((m) => m.definition?.attributes.map((a) => a.keyword) ?? []);
  const toIds = new Set(to.modules.map((m) => m.id));
  const kept = new Set(keywords(to, () => true));
  return keywords(from, (id) => !toIds.has(id)).filter((k) => !kept.has(k)).map((k) => tagOf(k)!);
}

/** Removes from a derived header the modules of its source's IOD that `to` does not have (Device, Specimen, overlays …). */
function dropModulesOutside(ds: Dataset, to: IodDefinition): void {
  const from = iodForSopClass(ds.getString('SOPClassUID') ?? '');
  if (!from) return;
  const tags = tagsOutside(from, to);
  for (const t of tags) ds.removeTag(t);
  if (tags.some((t) => isOverlayGroup(tagGroup(t)))) {
    for (const el of [...ds]) if (isOverlayGroup(tagGroup(el.tag))) ds.removeTag(el.tag);
  }
}

/**
 * Makes a crop's derived header a Dermoscopic Photography image: SOP Class, Modality DMS, without the modules that
 * IOD lacks, and with the Dermoscopic Image module as the import gives a crop (settings unknown, Type 2 empty; no
 * recognizable features in a lesion close-up). Its series is numbered and described as the import's lesion series:
 * the regional series' number and description would have archives list a DMS series as "TBP regional images". The
 * Frame of Reference, which dciodvfy requires, is the source's; a source without one gets a new one, as the
 * import's crops do in a capture without a mesh.
 */
export function makeDermoscopic(ds: Dataset): void {
  dropModulesOutside(ds, iodForSopClass(DERMOSCOPIC_PHOTOGRAPHY_IMAGE.sopClassUid)!);
  ds.set('SOPClassUID', DERMOSCOPIC_PHOTOGRAPHY_IMAGE.sopClassUid);
  ds.set('Modality', DERMOSCOPIC_PHOTOGRAPHY_IMAGE.modality);
  ds.set('SeriesNumber', TBP_IMAGE_SERIES.lesion.number);
  ds.set('SeriesDescription', TBP_IMAGE_SERIES.lesion.description);
  if (!ds.getString('FrameOfReferenceUID')) setFrameOfReference(ds, generateUid());
  else if (!ds.has('PositionReferenceIndicator')) ds.set('PositionReferenceIndicator', null);
  setDermoscopicImage(ds, {}, false);
}
