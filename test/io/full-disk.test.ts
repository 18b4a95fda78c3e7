// A file system that fills up mid-write (a small tmpfs, mounted when the machine lets us): the error says ENOSPC and
// names the file asked for, and nothing partial is left. Without the permission to mount, these tests are skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset } from '../../src/core/dataset.js';
import { DicomError } from '../../src/core/errors.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { filesBelow } from '../../src/io/list-files.js';
import { buildMeshObjects } from '../../src/tbp/mesh/build-mesh-objects.js';
import { exportMesh } from '../../src/tbp/mesh/export-mesh.js';
import { META, gridObj } from '../mesh/mesh-fixtures.js';

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tbp-full-disk-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
const skip = !mounted && 'cannot mount a small tmpfs here';

after(() => {
  if (mounted) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

test('writeDicomFile on a full disk: ENOSPC, named by the file asked for; no temporary file left', { skip }, () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.4242');
  ds.set('PixelData', Buffer.alloc(2 * 1024 * 1024, 7), 'OB');
  const path = join(dir, 'big.dcm');
  assert.throws(() => writeDicomFile(path, { dataset: ds }), (e: unknown) =>
    e instanceof DicomError && e.code === 'IO' && e.file === path && /ENOSPC/.test(e.message) && !/\.tmp/.test(e.message));
  assert.deepEqual(readdirSync(dir), []);
});

test('an import that fills the disk fails naming the object and ENOSPC, and takes back everything it wrote', { skip }, async () => {
  const out = join(dir, 'import');
  await assert.rejects(importCapture(SAMPLE, { out }), (e: unknown) =>
    e instanceof DicomError && /ENOSPC/.test(e.message) && e.file !== undefined && e.file.startsWith(out) && !/\.tmp/.test(`${e.file} ${e.message}`));
  assert.deepEqual(filesBelow(dir), []);
});

test('export-mesh onto a disk that fills up fails with ENOSPC and leaves no file of the export, not a cut OBJ', { skip }, async () => {
  const source = mkdtempSync(join(tmpdir(), 'tbp-full-mesh-'));
  try {
    writeFileSync(join(source, 'grid.obj'), gridObj({ side: 40, uvs: false }));
    const built = await buildMeshObjects({ obj: join(source, 'grid.obj'), meta: META, out: join(source, 'dicom'), encoding: 'surface' });
    const mesh = built.objects.find((o) => o.role === 'surface-mesh')!.path;
    // Room for a few KiB only: the OBJ's first piece fits, the rest does not.
    const filler = join(dir, 'filler');
    writeFileSync(filler, Buffer.alloc(500 * 1024));
    const out = join(dir, 'export');
    await assert.rejects(exportMesh(mesh, out), (e: unknown) => e instanceof DicomError && /ENOSPC/.test(e.message));
    assert.deepEqual(filesBelow(dir).filter((f) => f !== filler), []);
    rmSync(filler);
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
});
