import { Dataset } from '../../core/dataset.js';
import { formatDT } from '../../core/values/date-time.js';
import type { CameraExif } from '../../pixel/exif.js';
import type { ImagePixels, LossyCompression } from '../../pixel/image-source.js';
import type { AnatomicSite } from '../codes/anatomic-sites.js';
import { codeItem, type Code } from '../codes/code.js';
import { invalid, requirePositive, requireText, requireUid } from './check.js';
import { setAnatomicRegion } from './modules/anatomy.js';
import { setCamera, setPhotographicAcquisition, setPhotographicEquipment } from './modules/camera.js';
import { splitDateTime } from './modules/dates.js';
import { setFrameOfReference } from './modules/frame-of-reference.js';
import { setGeneralEquipment, type EquipmentInfo } from './modules/equipment.js';
import { setIccProfile, setImagePixel, setLossyCompression } from './modules/image-pixel.js';
import { setPatient, setPatientStudy, type PatientInfo } from './modules/patient.js';
import { setGeneralReference, type GeneralReferences, type InstanceReference } from './modules/references.js';
import { setGeneralSeries, type SeriesInfo } from './modules/series.js';
import { declareCodingSchemes, setSopCommon } from './modules/sop-common.js';
import { setGeneralStudy, type StudyInfo } from './modules/study.js';

/** How a derived image was made: text and codes (CID 7203) and the images it was made from (with CID 7202 purpose). */
export interface Derivation {
  description: string;
  codes: Code[];
  sources: InstanceReference[];
  /** Lossy compression the sources went through (a crop cut from a camera JPEG): the image inherits it. */
  sourceLossy?: LossyCompression[];
}

/** Everything a visible-light photographic image needs; the IOD builders add their own modules on top. */
export interface VisibleLightImageSpec {
  patient: PatientInfo;
  study: StudyInfo;
  series: SeriesInfo;
  equipment: EquipmentInfo;
  sopInstanceUid: string;
  /** Default 1: empty (Type 2 here) it would keep the image out of a DICOMDIR, whose image record needs one. */
  instanceNumber?: number;
  pixels: ImagePixels;
  /** Coded on every image (Anatomic Region Sequence). */
  site: AnatomicSite;
  /** DT or ISO 8601; also gives Content Date/Time unless contentDateTime is set. */
  acquisitionDateTime?: string;
  contentDateTime?: string;
  /** Camera facts from the image file (exposure, lens …). */
  exif?: CameraExif;
  /** Present for DERIVED images (crops). */
  derivation?: Derivation;
  references?: Omit<GeneralReferences, 'sources'>;
  /** The capture's frame of reference (the one its 3D body mesh defines). */
  frameOfReferenceUid?: string;
  /** Tracking ID/UID (0062,0020/0021): the finding (lesion) the image follows. */
  tracking?: { id: string; uid: string };
  recognizableVisualFeatures?: boolean;
  burnedInAnnotation?: boolean;
  imageComments?: string;
  /** Instance creation time (defaults to now). */
  created?: Date;
}

/** A finished object: the data set and the transfer syntax its pixel data needs. */
export interface BuiltImage {
  dataset: Dataset;
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
}

export interface VisibleLightIod {
  /** "VL Photographic Image" — named in error messages. */
  name: string;
  sopClassUid: string;
  modality: string;
}

/**
 * VL Image Module (C.8.12.1) photometric values: MONOCHROME2, RGB, YBR_FULL_422 (and JPEG 2000 ones). A 4:4:4 YCbCr
 * JPEG (YBR_FULL in PS3.5 terms) is labelled YBR_FULL_422 as dcmtk's img2dcm does: decoders take the sampling from
 * the JPEG header, and YBR_FULL is not an allowed value here.
 */
function vlPhotometric(pixels: ImagePixels): string {
  return pixels.photometric === 'YBR_FULL' ? 'YBR_FULL_422' : pixels.photometric;
}

/** Checks the inputs every visible-light image shares; each IOD builder calls it before its own checks. */
export function checkVisibleLightSpec(iod: VisibleLightIod, spec: VisibleLightImageSpec): void {
  const what = iod.name;
  requireUid(what, 'study instance UID', spec.study.instanceUid);
  requireUid(what, 'series instance UID', spec.series.instanceUid);
  requireUid(what, 'SOP instance UID', spec.sopInstanceUid);
  requireText(what, 'patient ID', spec.patient.id);
  if (!spec.site?.code) invalid(what, 'an anatomic site is required (Anatomic Region Sequence is coded on every image)');
  if (spec.site.paired && !spec.site.laterality) invalid(what, `"${spec.site.code.meaning}" is on both sides of the body: give its laterality (left, right)`);
  if (spec.pixels.bitsStored !== 8) invalid(what, `VL images have 8-bit samples; ${spec.pixels.probe.path} has ${spec.pixels.bitsStored}`);
  if (spec.derivation) {
    requireText(what, 'derivation description', spec.derivation.description);
    if (!spec.derivation.sources.length) invalid(what, 'a derived image names its source image');
    for (const s of spec.derivation.sources) requireUid(what, 'source image UID', s.sopInstanceUid);
  }
  for (const ref of spec.references?.instances ?? []) if (!ref.purpose) invalid(what, 'Referenced Instance Sequence items need a purpose of reference');
  requirePositive(what, 'instance number', spec.instanceNumber);
  if (spec.frameOfReferenceUid !== undefined) requireUid(what, 'frame of reference UID', spec.frameOfReferenceUid);
  if (spec.tracking) {
    requireText(what, 'tracking ID', spec.tracking.id);
    requireUid(what, 'tracking UID', spec.tracking.uid);
  }
}

/** General Image (C.7.6.1) and VL Image (C.8.12.1) attributes that do not come from the pixels. */
function setImage(ds: Dataset, spec: VisibleLightImageSpec, created: Date): void {
  ds.set('ImageType', [spec.derivation ? 'DERIVED' : 'ORIGINAL', 'PRIMARY']);
  ds.set('InstanceNumber', spec.instanceNumber ?? 1);
  ds.set('PatientOrientation', null);
  const content = splitDateTime(spec.contentDateTime ?? spec.acquisitionDateTime ?? formatDT(created), spec.study.timezoneOffsetMinutes);
  ds.set('ContentDate', content?.date ?? null);
  // Type 1C in the VL Image Module: a date-time that has no time ("2024-09-01") leaves it out, as empty it is an error.
  if (content?.time) ds.set('ContentTime', content.time);
  if (spec.acquisitionDateTime) ds.set('AcquisitionDateTime', formatDT(spec.acquisitionDateTime));
  ds.set('BurnedInAnnotation', spec.burnedInAnnotation ? 'YES' : 'NO');
  if (spec.recognizableVisualFeatures !== undefined) ds.set('RecognizableVisualFeatures', spec.recognizableVisualFeatures ? 'YES' : 'NO');
  if (spec.imageComments) ds.set('ImageComments', spec.imageComments);
  if (spec.derivation) {
    ds.set('DerivationDescription', spec.derivation.description);
    if (spec.derivation.codes.length) ds.set('DerivationCodeSequence', spec.derivation.codes.map(codeItem));
  }
  if (spec.tracking) {
    ds.set('TrackingID', spec.tracking.id);
    ds.set('TrackingUID', spec.tracking.uid);
  }
}

/**
 * Builds the modules every visible-light photographic IOD shares: Patient, General Study, Patient Study, General
 * Series, Frame of Reference (when given), General Equipment, General Acquisition, General Image, General Reference, Image Pixel, Acquisition
 * Context, VL Image, VL Photographic Equipment/Acquisition, ICC Profile and SOP Common.
 */
export function buildVisibleLightImage(iod: VisibleLightIod, spec: VisibleLightImageSpec, extra?: (ds: Dataset) => void): BuiltImage {
  const created = spec.created ?? new Date();
  const ds = new Dataset();
  setPatient(ds, spec.patient);
  setGeneralStudy(ds, spec.study);
  setPatientStudy(ds, spec.patient);
  setGeneralSeries(ds, iod.modality, spec.series);
  if (spec.frameOfReferenceUid) setFrameOfReference(ds, spec.frameOfReferenceUid);
  setGeneralEquipment(ds, spec.equipment);
  setImage(ds, spec, created);
  setAnatomicRegion(ds, spec.site);
  setGeneralReference(ds, { ...spec.references, sources: spec.derivation?.sources });
  const transferSyntaxUid = setImagePixel(ds, spec.pixels, vlPhotometric(spec.pixels));
  setLossyCompression(ds, spec.pixels, spec.derivation?.sourceLossy);
  setIccProfile(ds, spec.pixels);
  ds.set('AcquisitionContextSequence', []);
  if (spec.exif) {
    setPhotographicEquipment(ds, spec.exif);
    setPhotographicAcquisition(ds, spec.exif);
    setCamera(ds, spec.exif);
  }
  extra?.(ds);
  setSopCommon(ds, iod.sopClassUid, spec.sopInstanceUid, created, spec.study.timezoneOffsetMinutes);
  declareCodingSchemes(ds);
  return {
    dataset: ds, transferSyntaxUid, sopClassUid: iod.sopClassUid, sopInstanceUid: spec.sopInstanceUid,
    seriesInstanceUid: spec.series.instanceUid, studyInstanceUid: spec.study.instanceUid,
  };
}
