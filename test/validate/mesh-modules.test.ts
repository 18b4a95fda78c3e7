// The module tables of the 3D mesh IODs (Surface Scan Mesh, Encapsulated OBJ and MTL), which dciodvfy 2022 does not
// know: each test breaks one rule of PS3.3 in an object our builders made and expects exactly that finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { generateUid } from '../../src/core/uid-generate.js';
import { buildEncapsulated3dModel } from '../../src/iod/builders/encapsulated-3d-model.js';
import { ENCAPSULATED_MTL_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { buildSurfaceScanMesh } from '../../src/iod/builders/surface-scan-mesh.js';
import { code, codeItem } from '../../src/iod/codes/code.js';
import { validate } from '../../src/validate/validate.js';

const patient = { name: 'Doe^Jane', id: 'P001' };
const equipment = { manufacturer: 'ACME', model: 'Body 3D', serialNumber: 'SN1', softwareVersions: '1.0' };
const study = () => ({ instanceUid: generateUid(), date: '2024-09-01' });

function mesh(): Dataset {
  return buildSurfaceScanMesh({
    patient, equipment, study: study(), series: { instanceUid: generateUid() },
    sopInstanceUid: generateUid(), frameOfReferenceUid: generateUid(),
    procedure: { acquisitionType: code('MESH-INSTANT', '99TBP', 'Instant capture'), acquisitionDateTime: '2024-09-01T12:00:00', shotDurationSeconds: 0.5 },
    points: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]),
    triangles: new Uint32Array([1, 2, 3]),
    texture: { u: new Float32Array(3), v: new Float32Array(3), image: { sopClassUid: VL_PHOTOGRAPHIC_IMAGE_STORAGE, sopInstanceUid: generateUid() } },
    bodyPart: 'WHOLEBODY',
  }).dataset;
}

/** An OBJ referring to its MTL by file name. */
function obj(): Dataset {
  return buildEncapsulated3dModel({
    kind: 'obj', patient, equipment, study: study(), series: { instanceUid: generateUid() },
    sopInstanceUid: generateUid(), frameOfReferenceUid: generateUid(),
    document: Buffer.from('mtllib body.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'), title: 'body.obj',
    references: [{ sopClassUid: ENCAPSULATED_MTL_STORAGE, sopInstanceUid: generateUid(), seriesInstanceUid: generateUid(), uri: 'body.mtl' }],
  }).dataset;
}

const findings = (ds: Dataset, severity: 'error' | 'warning') =>
  validate(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings.filter((f) => f.severity === severity).map((f) => `${f.code} ${f.module}: ${f.path}`);
const errors = (ds: Dataset) => findings(ds, 'error');

test('the built mesh and OBJ pass', () => {
  assert.deepEqual(errors(mesh()), []);
  assert.deepEqual(errors(obj()), []);
});

test('Scan Procedure (C.8.29.2): Shot Duration Time and Acquisition Number are Type 1, Surface Scan Mode Type 2', () => {
  for (const keyword of ['ShotDurationTime', 'AcquisitionNumber']) {
    const ds = mesh();
    ds.delete(keyword);
    assert.deepEqual(errors(ds), [`MISSING Scan Procedure: ${keyword}`]);
  }
  const ds = mesh();
  assert.equal(ds.items('SurfaceScanModeCodeSequence').length, 0);
  ds.delete('SurfaceScanModeCodeSequence');
  assert.deepEqual(errors(ds), ['MISSING Scan Procedure: SurfaceScanModeCodeSequence']);
});

test('Optical Surface Scanner Series (C.8.29.1): Referenced Surface Data Sequence is Type 2', () => {
  const ds = mesh();
  ds.delete('ReferencedSurfaceDataSequence');
  assert.deepEqual(errors(ds), ['MISSING Optical Surface Scanner Series: ReferencedSurfaceDataSequence']);
});

test('Surface Mesh (C.27.1): Recommended Display CIELab Value is Type 1; presentation types are defined terms', () => {
  const ds = mesh();
  ds.delete('SurfaceSequence[0].RecommendedDisplayCIELabValue');
  assert.deepEqual(errors(ds), ['MISSING Surface Mesh: SurfaceSequence[0].RecommendedDisplayCIELabValue']);
  const other = mesh();
  other.set('SurfaceSequence[0].RecommendedPresentationType', 'VOLUME');
  assert.deepEqual(errors(other), []);
  assert.deepEqual(findings(other, 'warning'), ['UNKNOWN_TERM Surface Mesh: SurfaceSequence[0].RecommendedPresentationType']);
});

test('Points macro (Table C.27-2): Center of Rotation is required with an Axis of Rotation', () => {
  const ds = mesh();
  ds.set('SurfaceSequence[0].SurfacePointsSequence[0].AxisOfRotation', [0, 0, 1]);
  assert.deepEqual(errors(ds), ['MISSING Surface Mesh: SurfaceSequence[0].SurfacePointsSequence[0].CenterOfRotation']);
});

test('Surface Processing Algorithm Identification Sequence holds the Algorithm Identification macro (Table 10-19)', () => {
  const ds = mesh();
  ds.set('SurfaceSequence[0].SurfaceProcessing', 'YES');
  ds.set('SurfaceSequence[0].SurfaceProcessingRatio', 0.5);
  const algorithm = new Dataset();
  algorithm.set('AlgorithmFamilyCodeSequence', [codeItem(code('123109', 'DCM', 'Manual Processing'))]);
  algorithm.set('AlgorithmVersion', '1');
  ds.set('SurfaceSequence[0].SurfaceProcessingAlgorithmIdentificationSequence', [algorithm]);
  assert.deepEqual(errors(ds), ['MISSING Surface Mesh: SurfaceSequence[0].SurfaceProcessingAlgorithmIdentificationSequence[0].AlgorithmName']);
});

test('UV Mapping (C.27.6): Referenced Surface Number is required once there are several surfaces', () => {
  const ds = mesh();
  const second = ds.items('SurfaceSequence')[0]!.clone();
  second.set('SurfaceNumber', 2);
  ds.set('SurfaceSequence', [...ds.items('SurfaceSequence'), second]);
  ds.set('NumberOfSurfaces', 2);
  assert.deepEqual(errors(ds), ['MISSING UV Mapping: UVMappingSequence[0].ReferencedSurfaceNumber']);
  ds.set('UVMappingSequence[0].ReferencedSurfaceNumber', 1);
  assert.deepEqual(errors(ds), []);
});

test('UV Mapping: the Referenced Texture Sequence holds one image reference', () => {
  const ds = mesh();
  const ref = ds.items('UVMappingSequence[0].ReferencedTextureSequence')[0]!;
  ds.set('UVMappingSequence[0].ReferencedTextureSequence', [ref, ref.clone()]);
  assert.deepEqual(errors(ds), ['ITEM_COUNT UV Mapping: UVMappingSequence[0].ReferencedTextureSequence']);
});

test('Encapsulated Document (C.24.2): the file references are SOP Instance references; Image Laterality is enumerated', () => {
  const ds = obj();
  ds.delete('ReferencedInstanceSequence[0].ReferencedSOPInstanceUID');
  assert.deepEqual(errors(ds), ['MISSING Encapsulated Document: ReferencedInstanceSequence[0].ReferencedSOPInstanceUID']);
  const other = obj();
  other.set('ImageLaterality', 'X');
  assert.deepEqual(errors(other), ['NOT_ENUMERATED Encapsulated Document: ImageLaterality']);
});

test('Manufacturing 3D Model (C.35.1): Model Mirroring is enumerated, the derivation algorithm is identified', () => {
  const ds = obj();
  ds.set('ModelMirroring', 'MAYBE');
  assert.deepEqual(errors(ds), ['NOT_ENUMERATED Manufacturing 3D Model: ModelMirroring']);
  const other = obj();
  other.set('DerivationAlgorithmSequence', [new Dataset()]);
  assert.deepEqual(errors(other), ['AlgorithmFamilyCodeSequence', 'AlgorithmName', 'AlgorithmVersion'].map((k) => `MISSING Manufacturing 3D Model: DerivationAlgorithmSequence[0].${k}`));
});

test('Surface Mesh: the counts agree with the data, and triangles name points of the surface', () => {
  const broken = (change: (ds: Dataset) => void): string[] => {
    const ds = mesh();
    change(ds);
    return validate(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings.filter((f) => f.code === 'SURFACE').map((f) => `${f.path}: ${f.message}`);
  };
  assert.deepEqual(broken(() => undefined), []);
  assert.deepEqual(broken((ds) => ds.set('NumberOfSurfaces', 2)), ['NumberOfSurfaces: is 2, but Surface Sequence has 1 item(s)']);
  assert.deepEqual(broken((ds) => ds.set('SurfaceSequence[0].SurfacePointsSequence[0].NumberOfSurfacePoints', 100)), [
    'SurfaceSequence[0].SurfacePointsSequence[0].PointCoordinatesData: holds 9 coordinates, but Number of Surface Points 100 needs 300',
  ]);
  assert.deepEqual(broken((ds) => ds.set('SurfaceSequence[0].SurfaceMeshPrimitivesSequence[0].LongTrianglePointIndexList', new Uint8Array(new Uint32Array([1, 2, 4, 1]).buffer), 'OL')), [
    'SurfaceSequence[0].SurfaceMeshPrimitivesSequence[0].LongTrianglePointIndexList: holds 4 point indices, not whole triangles of 3',
    'SurfaceSequence[0].SurfaceMeshPrimitivesSequence[0].LongTrianglePointIndexList: index 3 is point 4, but the points are numbered 1 to 3',
  ]);
});
