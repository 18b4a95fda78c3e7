import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generateUid } from '../../../src/core/uid-generate.js';
import { DicomError } from '../../../src/core/errors.js';
import { writeDicomFile } from '../../../src/io/part10-writer.js';
import { buildSurfaceScanMesh, type SurfaceScanMeshSpec } from '../../../src/iod/builders/surface-scan-mesh.js';
import { VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../../src/iod/builders/sop-classes.js';
import { code } from '../../../src/iod/codes/code.js';
import { parseObj } from '../../../src/mesh/obj-parse.js';
import { validate } from '../../../src/validate/index.js';
import { HAVE_DCIODVFY, tempDir } from '../../tbp/tools.js';
import { SURFACE_SEGMENTATION, dciodvfyAs } from '../../mesh/dciodvfy-surrogate.js';
import { gridObj } from '../../mesh/mesh-fixtures.js';

const dir = tempDir('ssm');

function spec(overrides: Partial<SurfaceScanMeshSpec> = {}): SurfaceScanMeshSpec {
  const m = parseObj(gridObj({ side: 8, normals: true, uvs: true }));
  return {
    patient: { name: 'Doe^Jane', id: 'P001' },
    study: { instanceUid: generateUid(), date: '2024-09-01', time: '12:00' },
    series: { instanceUid: generateUid(), number: 3 },
    equipment: { manufacturer: 'ACME', model: 'Body 3D', serialNumber: 'SN1', softwareVersions: '1.0' },
    sopInstanceUid: generateUid(),
    frameOfReferenceUid: generateUid(),
    procedure: { acquisitionType: code('MESH-INSTANT', '99TBP', 'Instant multi-camera capture'), scanModes: [code('MESH-PHOTOGRAM', '99TBP', 'Photogrammetric reconstruction')], acquisitionDateTime: '2024-09-01T12:00:00', shotDurationSeconds: 0.5 },
    points: m.positions,
    triangles: m.triangles,
    normals: m.normals!,
    texture: { u: m.uvs!.filter((_, i) => i % 2 === 0), v: m.uvs!.filter((_, i) => i % 2 === 1).map((v) => 1 - v), image: { sopClassUid: VL_PHOTOGRAPHIC_IMAGE_STORAGE, sopInstanceUid: generateUid() } },
    bodyPart: 'WHOLEBODY',
    ...overrides,
    ...(overrides.points ? { normals: undefined, texture: undefined } : {}),
  };
}

test('a Surface Scan Mesh passes our validator and dciodvfy checks its Surface Mesh module clean', () => {
  const built = buildSurfaceScanMesh(spec());
  const file = join(dir, 'mesh.dcm');
  writeDicomFile(file, built, { transferSyntaxUid: built.transferSyntaxUid });
  const report = validate(file);
  assert.equal(report.iod?.id, 'surface-scan-mesh');
  assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
  const ds = built.dataset;
  assert.equal(ds.getString('Modality'), 'OSS');
  assert.equal(ds.getNumber('SurfaceSequence[0].SurfacePointsSequence[0].NumberOfSurfacePoints'), 81);
  assert.equal(ds.bytes('SurfaceSequence[0].SurfaceMeshPrimitivesSequence[0].LongTrianglePointIndexList')!.length, 2 * 64 * 3 * 4);
  assert.equal(ds.element('SurfaceSequence[0].SurfacePointsSequence[0].PointCoordinatesData')!.vr, 'OF');
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyAs(file, SURFACE_SEGMENTATION, dir), []);
});

test('the builder refuses meshes that are not valid by construction', () => {
  const refuses = (s: SurfaceScanMeshSpec, pattern: RegExp): void => {
    assert.throws(() => buildSurfaceScanMesh(s), (e: unknown) => e instanceof DicomError && pattern.test(e.message));
  };
  const three = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]);
  refuses(spec({ points: three, triangles: new Uint32Array([1, 2, 4]) }), /triangle 1 refers to point 4; points are numbered 1 to 3/);
  refuses(spec({ points: three, triangles: new Uint32Array([0, 1, 2]) }), /refers to point 0/);
  refuses(spec({ points: new Float32Array([0, NaN, 0, 1, 0, 0, 0, 1, 0]), triangles: new Uint32Array([1, 2, 3]) }), /point coordinate value 1 is NaN/);
  refuses({ ...spec(), normals: new Float32Array(3) }, /1 normals for 81 points/);
  refuses({ ...spec(), equipment: { manufacturer: 'ACME' } }, /equipment model is required/);
});

test('Surface Comments longer than an LT holds are cut to its 10,240 bytes of UTF-8, between characters', () => {
  const built = buildSurfaceScanMesh(spec({ surfaceComments: `x${'ü'.repeat(6000)}` }));
  const file = join(dir, 'long-comments.dcm');
  writeDicomFile(file, built, { transferSyntaxUid: built.transferSyntaxUid });
  const comments = built.dataset.getString('SurfaceSequence[0].SurfaceComments')!;
  assert.equal(comments, `x${'ü'.repeat(5119)}`);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyAs(file, SURFACE_SEGMENTATION, dir), []);
});
