import { Dataset } from '../../core/dataset.js';
import { Element, isBulkRef, type BulkRef } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { tagOf } from '../../core/dictionary.js';
import { formatDT } from '../../core/values/date-time.js';
import { padBulkRef } from '../../io/byte-source.js';
import { EXPLICIT_VR_LE } from '../../io/transfer-syntax.js';
import { code, codeItem, type Code } from '../codes/code.js';
import { invalid, requireText, requireUid } from './check.js';
import { splitDateTime } from './modules/dates.js';
import { checkEnhancedEquipment, setGeneralEquipment, type EquipmentInfo } from './modules/equipment.js';
import { setFrameOfReference } from './modules/frame-of-reference.js';
import { setPatient, setPatientStudy, type PatientInfo } from './modules/patient.js';
import { referenceItem, type InstanceReference } from './modules/references.js';
import type { SeriesInfo } from './modules/series.js';
import { declareCodingSchemes, setSopCommon } from './modules/sop-common.js';
import { setGeneralStudy, type StudyInfo } from './modules/study.js';
import { ENCAPSULATED_MTL_STORAGE, ENCAPSULATED_OBJ_STORAGE } from './sop-classes.js';
import type { BuiltImage } from './visible-light-image.js';

/** CID 7063 Model Scale Unit: the OBJ's coordinates are millimetres unless told otherwise. */
export const MILLIMETRE = code('mm', 'UCUM', 'millimeter');

export type ModelKind = 'obj' | 'mtl';

/** The longest value an element can hold: an even 32-bit length below the undefined length. */
const MAX_VALUE_LENGTH = 0xfffffffe;

const KINDS = {
  obj: { what: 'Encapsulated OBJ', sopClassUid: ENCAPSULATED_OBJ_STORAGE, mime: 'model/obj' },
  mtl: { what: 'Encapsulated MTL', sopClassUid: ENCAPSULATED_MTL_STORAGE, mime: 'model/mtl' },
} as const;

/** An instance of the same study this one refers to (the OBJ its MTL, the MTL its texture image). */
export interface StudyInstanceReference extends Omit<InstanceReference, 'purpose'> {
  seriesInstanceUid: string;
  /** How the file names it ("body.mtl"): Relative URI Reference Within Encapsulated Document. */
  uri?: string;
  /** An image (a texture map) goes in Referenced Image Sequence, anything else in Referenced Instance Sequence. */
  image?: boolean;
}

export interface Encapsulated3dModelSpec {
  kind: ModelKind;
  patient: PatientInfo;
  study: StudyInfo;
  series: SeriesInfo;
  equipment: EquipmentInfo;
  sopInstanceUid: string;
  /** The model's coordinate system (required for OBJ; an MTL has no geometry). */
  frameOfReferenceUid?: string;
  instanceNumber?: number;
  /** The file, byte for byte: in memory, or left on disk (io/byte-source fileBulkRef) and copied when written. */
  document: Buffer | BulkRef;
  /** Document Title: the file's name, so an export can restore it (an OBJ names its MTL by file name). */
  title: string;
  units?: Code;
  /** Instances the file needs (Common Instance Reference module). */
  references?: StudyInstanceReference[];
  acquisitionDateTime?: string;
  contentDateTime?: string;
  /** A textured body model shows the patient: YES unless told otherwise. */
  recognizableVisualFeatures?: boolean;
  created?: Date;
}

/** Encapsulated Document Series (C.24.1): modality M3D. */
function setSeries(ds: Dataset, s: SeriesInfo): void {
  ds.set('Modality', 'M3D');
  ds.set('SeriesInstanceUID', s.instanceUid);
  ds.set('SeriesNumber', s.number ?? 1);
  if (s.description) ds.set('SeriesDescription', s.description);
}

/** Encapsulated Document module (C.24.2); the value is padded to even length, the true length is recorded. */
function setDocument(ds: Dataset, spec: Encapsulated3dModelSpec, mime: string, created: Date): void {
  ds.set('InstanceNumber', spec.instanceNumber ?? 1);
  const content = splitDateTime(spec.contentDateTime ?? formatDT(created), spec.study.timezoneOffsetMinutes);
  ds.set('ContentDate', content?.date ?? null);
  ds.set('ContentTime', content?.time ?? null);
  ds.set('AcquisitionDateTime', spec.acquisitionDateTime ? formatDT(spec.acquisitionDateTime) : null);
  ds.set('ImageLaterality', 'B');
  ds.set('BurnedInAnnotation', 'NO');
  ds.set('RecognizableVisualFeatures', spec.recognizableVisualFeatures === false ? 'NO' : 'YES');
  ds.set('DocumentTitle', spec.title);
  ds.set('ConceptNameCodeSequence', []);
  ds.set('MIMETypeOfEncapsulatedDocument', mime);
  const doc = spec.document;
  // Text formats are padded with a space, as text values are.
  const pad = mime === 'model/obj' || mime === 'model/mtl' ? 0x20 : 0;
  if (isBulkRef(doc)) ds.addElement(new Element(tagOf('EncapsulatedDocument')!, 'OB', doc.length % 2 ? padBulkRef(doc, pad) : doc));
  else ds.set('EncapsulatedDocument', doc.length % 2 ? Buffer.concat([doc, Buffer.from([pad])]) : doc, 'OB');
  ds.set('EncapsulatedDocumentLength', doc.length);
}

/**
 * A file name as a relative URI (RFC 3986): each folder and file name percent-encoded, "#" and "?" included, which
 * would otherwise begin a fragment or a query ("skin#2.jpg" would name the file "skin").
 */
const relativeUri = (name: string): string => name.split('/').map(encodeURIComponent).join('/');

/**
 * The files a multi-file model names, as the Encapsulated Document module links them (PS3.3 C.24.2, from Sup 208):
 * each referenced instance with its purpose and the relative URI the encapsulated file uses for it.
 */
function setFileReferences(ds: Dataset, refs: StudyInstanceReference[]): void {
  const item = (r: StudyInstanceReference): Dataset => {
    // The SOP Instance Reference macro and the file's own name for it; no purpose code (the module defines none).
    const ref = referenceItem({ sopClassUid: r.sopClassUid, sopInstanceUid: r.sopInstanceUid });
    if (r.uri) ref.set('RelativeURIReferenceWithinEncapsulatedDocument', relativeUri(r.uri));
    return ref;
  };
  const images = refs.filter((r) => r.image);
  const others = refs.filter((r) => !r.image);
  if (images.length) ds.set('ReferencedImageSequence', images.map(item));
  if (others.length) ds.set('ReferencedInstanceSequence', others.map(item));
}

/** Common Instance Reference module (C.12.2): where (which series) the referenced instances are. */
function setCommonInstanceReference(ds: Dataset, refs: StudyInstanceReference[]): void {
  const bySeries = new Map<string, StudyInstanceReference[]>();
  for (const r of refs) bySeries.set(r.seriesInstanceUid, [...(bySeries.get(r.seriesInstanceUid) ?? []), r]);
  ds.set('ReferencedSeriesSequence', [...bySeries].map(([series, list]) => {
    const item = new Dataset();
    item.set('SeriesInstanceUID', series);
    item.set('ReferencedInstanceSequence', list.map((r) => {
      const ref = new Dataset();
      ref.set('ReferencedSOPClassUID', r.sopClassUid);
      ref.set('ReferencedSOPInstanceUID', r.sopInstanceUid);
      return ref;
    }));
    return item;
  }));
}

/**
 * An Encapsulated OBJ (PS3.3 A.85.2) or MTL (A.85.3) object, modality M3D, with the Manufacturing 3D Model module.
 * A multi-file model is linked the way the standard keeps instances together: the OBJ references its MTL and the
 * MTL its texture image in the Common Instance Reference module, and each keeps its file name as Document Title.
 */
export function buildEncapsulated3dModel(spec: Encapsulated3dModelSpec): BuiltImage {
  const kind = KINDS[spec.kind];
  const what = kind.what;
  requireUid(what, 'study instance UID', spec.study.instanceUid);
  requireUid(what, 'series instance UID', spec.series.instanceUid);
  requireUid(what, 'SOP instance UID', spec.sopInstanceUid);
  requireText(what, 'patient ID', spec.patient.id);
  requireText(what, 'document title (file name)', spec.title);
  checkEnhancedEquipment(what, spec.equipment);
  if (spec.kind === 'obj') requireUid(what, 'frame of reference UID', spec.frameOfReferenceUid);
  if (!spec.document.length) invalid(what, 'the document is empty');
  // A value's length is a 32-bit count, even, and 0xFFFFFFFF means undefined: the document and its pad must fit below.
  if (spec.document.length + (spec.document.length % 2) > MAX_VALUE_LENGTH) {
    const file = isBulkRef(spec.document) ? spec.document.source.path : undefined;
    throw new DicomError('LIMIT_EXCEEDED', `${what}: the document is ${spec.document.length} bytes, more than a DICOM value holds (${MAX_VALUE_LENGTH})`, file === undefined ? {} : { file });
  }
  for (const r of spec.references ?? []) {
    requireUid(what, 'referenced instance UID', r.sopInstanceUid);
  }
  const created = spec.created ?? new Date();
  const ds = new Dataset();
  setPatient(ds, spec.patient);
  setGeneralStudy(ds, spec.study);
  setPatientStudy(ds, spec.patient);
  setSeries(ds, spec.series);
  if (spec.frameOfReferenceUid) setFrameOfReference(ds, spec.frameOfReferenceUid);
  setGeneralEquipment(ds, spec.equipment);
  setDocument(ds, spec, kind.mime, created);
  ds.set('MeasurementUnitsCodeSequence', [codeItem(spec.units ?? MILLIMETRE)]);
  if (spec.references?.length) {
    setFileReferences(ds, spec.references);
    setCommonInstanceReference(ds, spec.references);
  }
  setSopCommon(ds, kind.sopClassUid, spec.sopInstanceUid, created, spec.study.timezoneOffsetMinutes);
  declareCodingSchemes(ds);
  return {
    dataset: ds, transferSyntaxUid: EXPLICIT_VR_LE, sopClassUid: kind.sopClassUid, sopInstanceUid: spec.sopInstanceUid,
    seriesInstanceUid: spec.series.instanceUid, studyInstanceUid: spec.study.instanceUid,
  };
}
