import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { SURFACE_SCAN_MESH_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { createObject } from '../../src/tbp/create-object.js';
import { validateFiles } from '../../src/validate/index.js';
import { HAVE_DCIODVFY, dciodvfyErrors, rawImage, tempDir, writeThreeImageManifest } from './tools.js';

const MESH_ROLES = new Set(['surface-mesh', 'obj', 'mtl']);
const MESH = fileURLToPath(new URL('../../../samples/capture/mesh/', import.meta.url));

/** Content Date and Time of a file, or a Surface Scan Mesh's Acquisition DateTime (its IOD has no Content Date). */
function datedAt(path: string): string {
  const ds = readDicomFile(path).dataset;
  if (ds.getString('SOPClassUID') === SURFACE_SCAN_MESH_STORAGE) return ds.getString('AcquisitionDateTime') ?? '(none)';
  return `${ds.getString('ContentDate')}${ds.getString('ContentTime') ?? ''}`;
}

/** A capture of images without EXIF (regional, dermoscopic, crop) and the sample mesh, none given an acquisition time. */
async function undatedCapture(dir: string): Promise<{ manifest: string; m: any }> {
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  for (const f of ['body.obj', 'body.mtl', 'body.jpg']) copyFileSync(join(MESH, f), join(dir, f));
  const manifest = writeThreeImageManifest(dir);
  const m = JSON.parse(readFileSync(manifest, 'utf8'));
  m.mesh = { file: 'body.obj', material: 'body.mtl', texture: 'body.jpg' };
  writeFileSync(manifest, JSON.stringify(m));
  return { manifest, m };
}

test('objects whose acquisition time nothing gives are dated by the study date and time, images and mesh objects alike', async () => {
  const dir = tempDir('content-time');
  const { manifest } = await undatedCapture(dir);
  const imported = await importCapture(manifest, { out: join(dir, 'out'), meshEncoding: 'both' });
  const all = [...imported.objects, ...imported.meshObjects];
  assert.deepEqual(new Set(all.map((o) => o.role)), new Set(['regional', 'dermoscopic', 'crop', 'texture', 'surface-mesh', 'obj', 'mtl']));
  for (const o of all) {
    assert.equal(datedAt(o.path), '20240901120000', o.role);
    // dciodvfy (2022) knows the images; test/mesh checks the mesh objects with it through a surrogate class.
    if (HAVE_DCIODVFY && !MESH_ROLES.has(o.role)) assert.deepEqual(dciodvfyErrors(o.path), [], o.role);
  }
  assert.deepEqual(validateFiles([imported.studyDir]).reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error'), []);
});

test("the mesh's acquisition time dates its texture and OBJ/MTL as it dates the scan; an image's own time dates it", async () => {
  const dir = tempDir('content-time-given');
  const { manifest, m } = await undatedCapture(dir);
  m.mesh.acquisitionDateTime = '2024-09-01T12:30:00';
  m.regionalImages[0].acquisitionDateTime = '2024-09-01T12:05:00';
  writeFileSync(manifest, JSON.stringify(m));
  const imported = await importCapture(manifest, { out: join(dir, 'out'), meshEncoding: 'both' });
  for (const o of imported.meshObjects) assert.equal(datedAt(o.path), '20240901123000', o.role);
  const obj = imported.meshObjects.find((o) => o.role === 'obj')!;
  assert.equal(readDicomFile(obj.path).dataset.getString('AcquisitionDateTime'), '20240901123000');
  // The crop keeps its regional image's acquisition; the dermoscopic image, of which nothing is known, the study's.
  const dated = Object.fromEntries(imported.objects.map((o) => [o.role, datedAt(o.path)]));
  assert.deepEqual(dated, { regional: '20240901120500', dermoscopic: '20240901120000', crop: '20240901120500' });
});

test('create dermoscopic dates an image without EXIF by its study date and time', async () => {
  const dir = tempDir('content-time-create');
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  writeFileSync(join(dir, 'l1.json'), JSON.stringify({
    patient: { name: 'Doe^Jane', id: 'P001' }, study: { date: '20240901', time: '0815' },
    equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
    site: 'back', lesion: { id: 'L1' },
  }));
  const made = await createObject('dermoscopic', { image: join(dir, 'l1.jpg'), meta: join(dir, 'l1.json'), out: join(dir, 'l1.dcm') });
  assert.equal(datedAt(made.path), '202409010815');
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(made.path), []);
});
