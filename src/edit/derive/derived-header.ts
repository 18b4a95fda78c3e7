import type { Dataset } from '../../core/dataset.js';
import { generateUid } from '../../core/uid-generate.js';
import { dropUnreadableSequences, readUnknownInKnownVR } from '../../io/unknown-vr.js';
import { fieldsAtOffset, formatDA, formatDT, formatTM, parseUtcOffset } from '../../core/values/date-time.js';
import { codeItem, type Code } from '../../iod/codes/code.js';
import { PURPOSE_LOCALIZER, PURPOSE_SOURCE_FOR_PROCESSING } from '../../iod/codes/purposes.js';
import { referenceItem, type InstanceReference } from '../../iod/builders/modules/references.js';
import { declareCodingSchemes } from '../../iod/builders/modules/sop-common.js';
import { TBP_CREATOR, TBP_ELEMENTS, TBP_GROUP } from '../../tbp/private-dictionary.js';
import { dropPrivate } from '../private-blocks.js';
import { checkUidOption } from './uid-option.js';
import { deriveFrames } from './frame-derivation.js';
import { EQUIPMENT_PURPOSE, TOOLKIT_EQUIPMENT, addContributingEquipment } from '../codes.js';

export interface DerivationOptions {
  /** Derivation Description (0008,2111), e.g. "Manual Selection". */
  description: string;
  /** Derivation Code Sequence (0008,9215): CID 7203 codes (or local extensions of it). */
  codes: readonly Code[];
  /** Why the source is named in Source Image Sequence (CID 7202); default 121322 "Source image for image processing operation". */
  purpose?: Code;
  /**
   * Spatial Locations Preserved (0028,135A) in the Source Image Sequence item (General Reference module, C.12.4):
   * whether pixel coordinates in the source can be located on the derived image; left out when not given.
   */
  spatialLocationsPreserved?: InstanceReference['spatialLocationsPreserved'];
  /** Why the source is named in Referenced Image Sequence (CID 7201); default 121311 "Localizer", as TBP crops do. */
  referencePurpose?: Code;
  /** Series Instance UID of the new object; default a new series (several crops may share one by passing it). */
  seriesInstanceUid?: string;
  /** Keep this toolkit's TBP private block (other private blocks are always dropped). */
  keepTbpPrivate?: boolean;
  /** Time of derivation; default now. */
  now?: Date;
  /** Collects what the source held that the derived image leaves out, one line each (a sequence held as UN unread). */
  warnings?: string[];
}

/** TBP elements that describe the source only: a regional image's lesion list and the device export's image id. */
const SOURCE_ONLY_TBP = new Set<number>([TBP_ELEMENTS.TBPLesionSequence.element, TBP_ELEMENTS.TBPCaptureImageID.element]);

/**
 * Attributes that describe the source instance, not the derived one, or that the new pixels make wrong: among them
 * the pixel statistics (of the image, of its planes, of the source's series, and its histograms) and the source's
 * place in a concatenation (Multi-frame Functional Groups, C.7.6.16), of which the derived image is no part.
 */
const STALE = [
  'OriginalAttributesSequence', 'DigitalSignaturesSequence', 'MACParametersSequence', 'ReferencedImageSequence',
  'SourceImageSequence', 'DerivationCodeSequence', 'IconImageSequence', 'SmallestImagePixelValue', 'LargestImagePixelValue',
  'SmallestImagePixelValueInPlane', 'LargestImagePixelValueInPlane', 'SmallestPixelValueInSeries', 'LargestPixelValueInSeries',
  'LargestMonochromePixelValue', 'HistogramSequence',
  'ConcatenationUID', 'InConcatenationNumber', 'InConcatenationTotalNumber', 'ConcatenationFrameOffsetNumber',
  'SOPInstanceUIDOfConcatenationSource',
  'CodingSchemeIdentificationSequence', 'ExtendedOffsetTable', 'ExtendedOffsetTableLengths',
] as const;

/**
 * Turns a copy of the source header into the header of a derived image (PS3.3 C.7.6.1.1.2): new SOP
 * Instance and Series UIDs, Image Type DERIVED, Derivation Description and Code Sequence, Source Image and
 * Referenced Image Sequences naming the source, this toolkit as Processing Equipment in Contributing Equipment,
 * new instance creation and content date/time; a multi-frame image's functional groups get the same derivation for
 * each frame (frame-derivation.ts). Patient, Study, Frame of Reference, acquisition date/time, modality
 * and SOP Class are kept (the General Equipment still names the device that acquired the pixels). Private blocks
 * are dropped, except the TBP block when asked (without the regional image's lesion list and export id). An attribute
 * the source holds as UN whose VR is known here is copied in that VR (readUnknownInKnownVR), the source left as it is;
 * a sequence held as UN whose bytes are no items is left out, said in `warnings`.
 * A `seriesInstanceUid` that is no UID is refused first, naming the field (cropImage checks it before its pixel work,
 * with the same check, so the message is the same whichever entry point a caller uses).
 */
export function deriveHeader(source: Dataset, options: DerivationOptions): Dataset {
  checkUidOption('seriesInstanceUid', options.seriesInstanceUid);
  const ds = source.clone();
  // The copy, not the source, is read in the VRs known here, as a file is: the new object holds no known attribute as UN.
  readUnknownInKnownVR(ds);
  // A sequence whose bytes are no items is not copied: the new object would carry what nothing can read.
  for (const path of dropUnreadableSequences(ds)) {
    options.warnings?.push(`${path}: a sequence held as UN whose bytes are not sequence items; left out of the derived image`);
  }
  const now = options.now ?? new Date();
  for (const keyword of STALE) ds.delete(keyword);
  dropPrivate(ds, (creator, byte, group) => !!options.keepTbpPrivate && creator === TBP_CREATOR && group === TBP_GROUP && !SOURCE_ONLY_TBP.has(byte));

  const sourceRef = { sopClassUid: ds.getString('SOPClassUID') ?? '', sopInstanceUid: ds.getString('SOPInstanceUID') ?? '' };
  const sourceSeriesUid = ds.getString('SeriesInstanceUID') ?? '';
  ds.set('SOPInstanceUID', generateUid());
  ds.set('SeriesInstanceUID', options.seriesInstanceUid ?? generateUid());
  const imageType = ds.getStrings('ImageType');
  ds.set('ImageType', ['DERIVED', imageType[1] || 'PRIMARY', ...imageType.slice(2)]);
  // The source's Timezone Offset From UTC, kept, is the offset of every DA and TM of the copy: the new ones are at it.
  const offset = parseUtcOffset(ds.getString('TimezoneOffsetFromUTC'));
  const at = offset === undefined ? now : fieldsAtOffset(now, offset);
  ds.set('InstanceCreationDate', formatDA(at));
  ds.set('InstanceCreationTime', formatTM(at));
  ds.set('ContentDate', formatDA(at));
  ds.set('ContentTime', formatTM(at));
  ds.set('DerivationDescription', options.description);
  ds.set('DerivationCodeSequence', options.codes.map(codeItem));
  const sourceItem = { ...sourceRef, purpose: options.purpose ?? PURPOSE_SOURCE_FOR_PROCESSING, spatialLocationsPreserved: options.spatialLocationsPreserved };
  ds.set('SourceImageSequence', [referenceItem(sourceItem)]);
  deriveFrames(ds, { description: options.description, codes: options.codes, source: sourceItem, sourceSeriesUid });
  ds.set('ReferencedImageSequence', [referenceItem({ ...sourceRef, purpose: options.referencePurpose ?? PURPOSE_LOCALIZER })]);
  addContributingEquipment(ds, TOOLKIT_EQUIPMENT, EQUIPMENT_PURPOSE.processing, formatDT(now));
  declareCodingSchemes(ds);
  return ds;
}
