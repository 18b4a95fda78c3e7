import { cutToBytes } from '../../core/cut-to-bytes.js';
import { Dataset } from '../../core/dataset.js';
import { formatDT } from '../../core/values/date-time.js';
import { EXPLICIT_VR_LE } from '../../io/transfer-syntax.js';
import { meshBounds } from '../../mesh/surface-mesh.js';
import { codeItem, type Code } from '../codes/code.js';
import { invalid, requirePositive, requireText, requireUid } from './check.js';
import { checkEnhancedEquipment, setGeneralEquipment, type EquipmentInfo } from './modules/equipment.js';
import { setFrameOfReference } from './modules/frame-of-reference.js';
import { setPatient, setPatientStudy, type PatientInfo } from './modules/patient.js';
import { referenceItem, type InstanceReference } from './modules/references.js';
import { setGeneralSeries, type SeriesInfo } from './modules/series.js';
import { declareCodingSchemes, setSopCommon } from './modules/sop-common.js';
import { setGeneralStudy, type StudyInfo } from './modules/study.js';
import { SURFACE_SCAN_MESH_STORAGE } from './sop-classes.js';
import type { BuiltImage } from './visible-light-image.js';

export type YesNoUnknown = 'YES' | 'NO' | 'UNKNOWN';

/** The texture of a mesh: one u, v per point (DICOM orientation: v = 0 at the top row) and the image they map into. */
export interface MeshTexture {
  u: Float32Array;
  v: Float32Array;
  image: InstanceReference;
  /** Texture Label (SH), unique among the UV maps of the object. */
  label?: string;
}

/** Scan Procedure module (C.8.29.2) inputs. */
export interface ScanProcedure {
  /** Surface Scan Acquisition Type (BCID 8201): one code. */
  acquisitionType: Code;
  /** Surface Scan Mode (BCID 8202): zero or more. */
  scanModes?: Code[];
  /** Registration method (BCID 8203), required when the mesh was merged from several shots. */
  registrationMethod?: Code;
  /** DT or ISO 8601: when the acquisition started (Type 1). */
  acquisitionDateTime: string;
  /** Seconds from the start to the end of the shot (Type 1). */
  shotDurationSeconds: number;
  acquisitionNumber?: number;
}

export interface SurfaceScanMeshSpec {
  patient: PatientInfo;
  study: StudyInfo;
  series: SeriesInfo;
  equipment: EquipmentInfo;
  sopInstanceUid: string;
  frameOfReferenceUid: string;
  instanceNumber?: number;
  procedure: ScanProcedure;
  /** x, y, z per point, in the frame of reference (mm). */
  points: Float32Array;
  /** Three 1-based point numbers per triangle. */
  triangles: Uint32Array;
  /** One unit normal per point. */
  normals?: Float32Array;
  texture?: MeshTexture;
  surfaceComments?: string;
  finiteVolume?: YesNoUnknown;
  manifold?: YesNoUnknown;
  /** Body Part Examined ("WHOLEBODY" for a total-body scan); without it Laterality is sent empty (unknown). */
  bodyPart?: string;
  /** Referenced Surface Data Sequence: predecessor surfaces or point clouds. */
  predecessors?: InstanceReference[];
  created?: Date;
}

const WHAT = 'Surface Scan Mesh';
/** White, as a P-Value and as PCS-Values (L*=100, a*=b*=0 scaled per PS3.3 C.10.7.1.1). */
const WHITE_GRAY = 0xffff;
const WHITE_LAB = [0xffff, 0x8080, 0x8080];
/** LT holds 10,240 characters, which dciodvfy counts in bytes: UTF-8 text is held to as many bytes. */
const TEXT_LIMIT = 10240;

function checkFinite(field: string, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) invalid(WHAT, `${field} value ${i} is ${values[i]}; values must be finite`);
  }
}

function checkSpec(spec: SurfaceScanMeshSpec): number {
  requireUid(WHAT, 'study instance UID', spec.study.instanceUid);
  requireUid(WHAT, 'series instance UID', spec.series.instanceUid);
  requireUid(WHAT, 'SOP instance UID', spec.sopInstanceUid);
  requireUid(WHAT, 'frame of reference UID', spec.frameOfReferenceUid);
  requireText(WHAT, 'patient ID', spec.patient.id);
  checkEnhancedEquipment(WHAT, spec.equipment);
  requirePositive(WHAT, 'instance number', spec.instanceNumber);
  requireText(WHAT, 'acquisition date-time', spec.procedure.acquisitionDateTime);
  if (!(spec.procedure.shotDurationSeconds >= 0)) invalid(WHAT, `shot duration must be zero or more seconds (got ${spec.procedure.shotDurationSeconds})`);
  const { points, triangles, normals, texture } = spec;
  if (points.length === 0 || points.length % 3) invalid(WHAT, `points hold x, y, z triplets (got ${points.length} values)`);
  const count = points.length / 3;
  if (count > 0xffffffff) invalid(WHAT, `${count} points exceed what Number of Surface Points (UL) counts`);
  checkFinite('point coordinate', points);
  if (triangles.length === 0 || triangles.length % 3) invalid(WHAT, `triangles hold three point numbers each (got ${triangles.length} values)`);
  for (let i = 0; i < triangles.length; i++) {
    const p = triangles[i]!;
    if (p < 1 || p > count) invalid(WHAT, `triangle ${Math.floor(i / 3) + 1} refers to point ${p}; points are numbered 1 to ${count}`);
  }
  if (normals) {
    if (normals.length !== points.length) invalid(WHAT, `${normals.length / 3} normals for ${count} points; give one per point`);
    checkFinite('normal', normals);
  }
  if (texture) {
    if (texture.u.length !== count || texture.v.length !== count) invalid(WHAT, `texture coordinates for ${texture.u.length} points, mesh has ${count}; give one per point`);
    checkFinite('texture coordinate u', texture.u);
    checkFinite('texture coordinate v', texture.v);
    requireUid(WHAT, 'texture image UID', texture.image.sopInstanceUid);
  }
  return count;
}

const bytesOf = (a: Float32Array | Uint32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Surface Mesh module (C.27.1) with one surface: the Points, Vectors and Surface Mesh Primitives macros. */
function setSurfaceMesh(ds: Dataset, spec: SurfaceScanMeshSpec, count: number): void {
  const surface = new Dataset();
  surface.set('SurfaceNumber', 1);
  if (spec.surfaceComments) surface.set('SurfaceComments', cutToBytes(spec.surfaceComments, TEXT_LIMIT));
  surface.set('SurfaceProcessing', 'NO');
  surface.set('RecommendedDisplayGrayscaleValue', WHITE_GRAY);
  surface.set('RecommendedDisplayCIELabValue', WHITE_LAB);
  surface.set('RecommendedPresentationOpacity', 1);
  surface.set('RecommendedPresentationType', 'SURFACE');
  surface.set('FiniteVolume', spec.finiteVolume ?? 'UNKNOWN');
  surface.set('Manifold', spec.manifold ?? 'UNKNOWN');
  const points = new Dataset();
  points.set('NumberOfSurfacePoints', count);
  points.set('PointCoordinatesData', bytesOf(spec.points), 'OF');
  points.set('PointsBoundingBoxCoordinates', meshBounds(spec.points));
  surface.set('SurfacePointsSequence', [points]);
  const normals: Dataset[] = [];
  if (spec.normals) {
    const item = new Dataset();
    item.set('NumberOfVectors', count);
    item.set('VectorDimensionality', 3);
    item.set('VectorCoordinateData', bytesOf(spec.normals), 'OF');
    normals.push(item);
  }
  surface.set('SurfacePointsNormalsSequence', normals);
  const primitives = new Dataset();
  primitives.set('LongVertexPointIndexList', null, 'OL');
  primitives.set('LongEdgePointIndexList', null, 'OL');
  primitives.set('LongTrianglePointIndexList', bytesOf(spec.triangles), 'OL');
  for (const empty of ['TriangleStripSequence', 'TriangleFanSequence', 'LineSequence', 'FacetSequence']) primitives.set(empty, []);
  surface.set('SurfaceMeshPrimitivesSequence', [primitives]);
  ds.set('NumberOfSurfaces', 1);
  ds.set('SurfaceSequence', [surface]);
}

/** UV Mapping module (C.27.6): the texture image and each point's place in it. */
function setUvMapping(ds: Dataset, texture: MeshTexture): void {
  const item = new Dataset();
  item.set('TextureLabel', texture.label ?? 'TEXTURE');
  item.set('UValueData', bytesOf(texture.u), 'OF');
  item.set('VValueData', bytesOf(texture.v), 'OF');
  item.set('ReferencedTextureSequence', [referenceItem({ sopClassUid: texture.image.sopClassUid, sopInstanceUid: texture.image.sopInstanceUid })]);
  ds.set('UVMappingSequence', [item]);
}

/** Scan Procedure module (C.8.29.2). */
function setScanProcedure(ds: Dataset, spec: SurfaceScanMeshSpec): void {
  const p = spec.procedure;
  ds.set('SurfaceScanAcquisitionTypeCodeSequence', [codeItem(p.acquisitionType)]);
  ds.set('SurfaceScanModeCodeSequence', (p.scanModes ?? []).map(codeItem));
  if (p.registrationMethod) ds.set('RegistrationMethodCodeSequence', [codeItem(p.registrationMethod)]);
  ds.set('InstanceNumber', spec.instanceNumber ?? 1);
  ds.set('AcquisitionNumber', p.acquisitionNumber ?? 1);
  ds.set('AcquisitionDateTime', formatDT(p.acquisitionDateTime));
  ds.set('ShotDurationTime', p.shotDurationSeconds);
}

/**
 * A Surface Scan Mesh (PS3.3 A.68.1): Patient, General Study, Patient Study, General Series and Optical Surface
 * Scanner Series (modality OSS), Frame of Reference, General and Enhanced General Equipment, Surface Mesh, UV Mapping
 * (when textured), Scan Procedure and SOP Common. The point and index arrays are referenced, not copied. Inputs are
 * checked first (point numbers in range, finite values, one normal and one texture coordinate per point).
 */
export function buildSurfaceScanMesh(spec: SurfaceScanMeshSpec): BuiltImage {
  const count = checkSpec(spec);
  const ds = new Dataset();
  setPatient(ds, spec.patient);
  setGeneralStudy(ds, spec.study);
  setPatientStudy(ds, spec.patient);
  setGeneralSeries(ds, 'OSS', spec.series);
  if (spec.bodyPart) ds.set('BodyPartExamined', spec.bodyPart);
  else ds.set('Laterality', null);
  ds.set('ReferencedSurfaceDataSequence', (spec.predecessors ?? []).map(referenceItem));
  setFrameOfReference(ds, spec.frameOfReferenceUid);
  setGeneralEquipment(ds, spec.equipment);
  setSurfaceMesh(ds, spec, count);
  if (spec.texture) setUvMapping(ds, spec.texture);
  setScanProcedure(ds, spec);
  setSopCommon(ds, SURFACE_SCAN_MESH_STORAGE, spec.sopInstanceUid, spec.created ?? new Date(), spec.study.timezoneOffsetMinutes);
  declareCodingSchemes(ds);
  return {
    dataset: ds, transferSyntaxUid: EXPLICIT_VR_LE, sopClassUid: SURFACE_SCAN_MESH_STORAGE, sopInstanceUid: spec.sopInstanceUid,
    seriesInstanceUid: spec.series.instanceUid, studyInstanceUid: spec.study.instanceUid,
  };
}
