import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { ENCAPSULATED_OBJ_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { checkCapture } from '../../src/tbp/capture-check.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { ManifestError } from '../../src/tbp/manifest-error.js';
import { planCapture } from '../../src/tbp/capture-plan.js';
import { DurableBatch } from '../../src/tbp/durable-batch.js';
import { loadManifest } from '../../src/tbp/manifest-load.js';
import { writeMeshObjects } from '../../src/tbp/mesh/build-mesh-objects.js';
import { checkCaptureMesh, prepareCaptureMesh } from '../../src/tbp/mesh/capture-mesh.js';
import { validate } from '../../src/validate/index.js';
import { HAVE_DCIODVFY, dciodvfyErrors, rawImage, tempDir, writeThreeImageManifest } from '../tbp/tools.js';
import { loadMeshInputs } from '../../src/tbp/mesh/mesh-inputs.js';
import { ENCAPSULATED_STL, SURFACE_SEGMENTATION, dciodvfyAs } from './dciodvfy-surrogate.js';

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));

test('the bundled capture\'s mesh becomes the Surface Scan Mesh its dermoscopic images reference, with its texture', async () => {
  const source = loadManifest(SAMPLE);
  const checked = await checkCaptureMesh(source);
  const plan = planCapture(await checkCapture(source), tempDir('capture-mesh'), 'both', checked?.inputs);
  const mesh = (await prepareCaptureMesh(plan, checked))!;
  assert.deepEqual(mesh.warnings, []);
  const batch = new DurableBatch();
  const written = writeMeshObjects(mesh.objects, plan.studyDir, batch);
  await batch.commit();
  assert.deepEqual(written.map((o) => o.role), ['texture', 'surface-mesh', 'obj', 'mtl']);
  const surface = written.find((o) => o.role === 'surface-mesh')!;
  assert.equal(surface.sopInstanceUid, plan.mesh!.sopInstanceUid, 'the UID the lesion images already reference');
  const ds = readDicomFile(surface.path).dataset;
  assert.equal(ds.getString('FrameOfReferenceUID'), plan.uids.frameOfReference, 'one frame of reference for the capture');
  assert.equal(ds.getString('StudyInstanceUID'), plan.uids.study);
  for (const o of written) assert.equal(validate(o.path).errors, 0, o.role);
  if (HAVE_DCIODVFY) {
    const dir = tempDir('capture-mesh-dciodvfy');
    const file = (role: string): string => written.find((o) => o.role === role)!.path;
    assert.deepEqual(dciodvfyErrors(file('texture')), []);
    assert.deepEqual(dciodvfyAs(file('surface-mesh'), SURFACE_SEGMENTATION, dir), []);
    assert.deepEqual(dciodvfyAs(file('obj'), ENCAPSULATED_STL, dir), []);
    assert.deepEqual(dciodvfyAs(file('mtl'), ENCAPSULATED_STL, dir, [/Module=<FrameOfReference>/]), []);
  }
});

test('a lesion whose 3D position lies outside the mesh is named in a warning; one whose Vertex ID is not in the mesh fails the import', async () => {
  const source = loadManifest(SAMPLE);
  const lesion = source.manifest.lesions![0]!;
  lesion.position3d = [1e6, 0, 0];
  const checked = (await checkCaptureMesh(source))!;
  assert.deepEqual(checked.problems, []);
  assert.equal(checked.warnings.length, 1);
  assert.match(checked.warnings[0]!, new RegExp(`lesion ${lesion.id}: position3d \\(1000000, 0, 0\\) lies outside the mesh bounds`));
  // With the mesh's facts, every problem at once, named by manifest place.
  lesion.vertexId = 10_000_000;
  source.manifest.lesions![2]!.vertexId = 3;
  source.manifest.mesh = { ...source.manifest.mesh!, acquisitionDateTime: '2024-09-01T25:00' };
  await assert.rejects(importCapture(source, { out: tempDir('capture-mesh-bad') }), (e: ManifestError) =>
    e.file === SAMPLE && e.problems.length === 2
      && /^mesh\.acquisitionDateTime: invalid DT value "2024-09-01T25:00": hour 25/.test(e.problems[0]!)
      && new RegExp(`^lesions\\[0\\]\\.vertexId: 10000000 is not a vertex of the mesh \\(lesion ${lesion.id}; the mesh has vertices 0 to \\d+\\)$`).test(e.problems[1]!));
});

test('an import whose lesion names a vertex the mesh has not, or whose mesh date-time is not one, writes nothing', async () => {
  const dir = tempDir('import-bad-vertex');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  writeFileSync(join(dir, 'body.obj'), 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
  const manifest = writeThreeImageManifest(dir);
  const edit = (change: (m: Record<string, any>) => void): void => {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, any>;
    change(m);
    writeFileSync(manifest, JSON.stringify(m));
  };
  edit((m) => {
    m.mesh = { file: 'body.obj' };
    m.lesions[0].vertexId = 3;
  });
  const out = join(dir, 'out');
  await assert.rejects(importCapture(manifest, { out }), /lesions\[0\]\.vertexId: 3 is not a vertex of the mesh \(lesion L1; the mesh has vertices 0 to 2\)/);
  assert.ok(!existsSync(out));
  edit((m) => {
    m.lesions[0].vertexId = 2;
    m.mesh.acquisitionDateTime = '2024-02-30T10:00';
  });
  await assert.rejects(importCapture(manifest, { out }), /mesh\.acquisitionDateTime: invalid DT value "2024-02-30T10:00"/);
  assert.ok(!existsSync(out));
  edit((m) => delete m.mesh.acquisitionDateTime);
  const imported = await importCapture(manifest, { out });
  assert.equal(imported.meshObjects.length, 1);
});

test('the mesh\'s problems are reported with the manifest\'s in one error: a missing image, a Vertex ID the mesh lacks, an OBJ that does not parse', async () => {
  const dir = tempDir('import-mesh-and-manifest');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  writeFileSync(join(dir, 'body.obj'), 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
  const manifest = writeThreeImageManifest(dir);
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, any>;
  m.mesh = { file: 'body.obj', acquisitionDateTime: '2024-02-30T10:00' };
  m.lesions[0].vertexId = 3;
  writeFileSync(manifest, JSON.stringify(m));
  const out = join(dir, 'out');
  await assert.rejects(importCapture(manifest, { out }), (e: ManifestError) => {
    assert.deepEqual(e.problems.map((p) => p.slice(0, p.indexOf(':'))), ['lesions[0].images[0].file', 'mesh.acquisitionDateTime', 'lesions[0].vertexId']);
    assert.match(e.problems[0]!, /l1\.jpg: no such file or directory$/);
    assert.match(e.problems[2]!, /^lesions\[0\]\.vertexId: 3 is not a vertex of the mesh \(lesion L1; the mesh has vertices 0 to 2\)$/);
    return true;
  });
  assert.ok(!existsSync(out));
  writeFileSync(join(dir, 'body.obj'), 'v 0 0 0\nf 1 2 9\n');
  await assert.rejects(importCapture(manifest, { out }), (e: ManifestError) =>
    e.problems.length === 3 && /^mesh \(body\.obj\): line 2: /.test(e.problems[2]!));
  assert.ok(!existsSync(out));
  // A mesh file named with a shape problem: named for it, the mesh's facts still checked, nothing read without it.
  writeFileSync(manifest, JSON.stringify({ ...m, mesh: { ...m.mesh, file: 7 } }));
  await assert.rejects(importCapture(manifest, { out }), (e: ManifestError) =>
    e.problems.map((p) => p.slice(0, p.indexOf(':'))).join() === 'mesh.file,lesions[0].images[0].file,mesh.acquisitionDateTime');
  assert.ok(!existsSync(out));
});

test('with --mesh-encoding obj the images reference the Encapsulated OBJ', async () => {
  const source = loadManifest(SAMPLE);
  const checked = await checkCaptureMesh(source);
  const plan = planCapture(await checkCapture(source), tempDir('capture-mesh-obj'), 'obj', checked?.inputs);
  const mesh = (await prepareCaptureMesh(plan, checked))!;
  assert.deepEqual(mesh.objects.map((o) => o.role), ['texture', 'obj', 'mtl']);
  const obj = mesh.objects.find((o) => o.role === 'obj')!.built;
  assert.equal(plan.mesh!.sopClassUid, ENCAPSULATED_OBJ_STORAGE);
  assert.equal(obj.sopInstanceUid, plan.mesh!.sopInstanceUid);
});

test('bad mesh facts in the manifest fail before anything is built', async () => {
  const source = loadManifest(SAMPLE);
  source.manifest.mesh = { ...source.manifest.mesh!, missingBodyParts: ['left wing'] };
  assert.match((await checkCaptureMesh(source))!.problems.join(), /^mesh\.missingBodyParts\[0\]: unknown anatomic site "left wing"/);
});

test('every diffuse texture of the MTL is read, one per file; a texture given in place of several, and other maps, are said not to be stored', async () => {
  const dir = tempDir('mtl-maps');
  const obj = 'mtllib two.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nusemtl a\nf 1/1 2/2 3/3\n';
  writeFileSync(join(dir, 'm.obj'), obj);
  await rawImage(8, 8).png().toFile(join(dir, 'tex.png'));
  await rawImage(8, 8).jpeg().toFile(join(dir, 'tex2.jpg'));
  writeFileSync(join(dir, 'two.mtl'), 'newmtl a\nmap_Kd tex.png\nnewmtl b\nmap_Kd tex2.jpg\nmap_Bump tex.png\nnewmtl c\nmap_Kd tex.png\n');
  const inputs = await loadMeshInputs({ obj: join(dir, 'm.obj') });
  assert.deepEqual(inputs.textures.map((t) => [t.path, t.name, t.materials]), [[join(dir, 'tex.png'), 'tex.png', ['a', 'c']], [join(dir, 'tex2.jpg'), 'tex2.jpg', ['b']]]);
  assert.deepEqual(inputs.warnings, ['1 other image map of the MTL (map_Bump) is not stored']);
  const given = await loadMeshInputs({ obj: join(dir, 'm.obj'), texture: join(dir, 'tex2.jpg') });
  assert.deepEqual(given.textures.map((t) => [t.path, t.name]), [[join(dir, 'tex2.jpg'), 'tex.png']]);
  assert.ok(given.warnings.includes('the MTL names 2 diffuse textures (tex.png, tex2.jpg): the one given (--texture) is stored in place of tex.png, and tex2.jpg is not stored'), given.warnings.join('\n'));
  writeFileSync(join(dir, 'two.mtl'), 'newmtl a\nmap_Bump tex.png\n');
  const bumpOnly = await loadMeshInputs({ obj: join(dir, 'm.obj') });
  assert.deepEqual(bumpOnly.textures, []);
  assert.ok(bumpOnly.warnings.includes('the MTL names no diffuse texture (map_Kd): no texture is stored'), bumpOnly.warnings.join('\n'));
});
