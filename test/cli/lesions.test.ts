import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { TBP_GROUP } from '../../src/tbp/private-dictionary.js';
import type { LesionReport } from '../../src/tbp/lesion-report.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { cli } from '../helpers/run-cli.js';
import { privateBlockAsUnknown } from '../helpers/unknown-vr.js';
import { rawImage, tempDir, writeThreeImageManifest } from '../tbp/tools.js';
import { breakGroupLength } from '../helpers/wrong-group-length.js';

test('lesions takes a study folder: every object below it, listed; with --json an array, one file an object, one missing file its error', async () => {
  const dir = tempDir('lesions-cli');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });

  const text = cli('lesions', imported.studyDir);
  assert.equal(text.status, 0, text.stderr);
  for (const o of imported.objects) assert.ok(text.stdout.includes(`${o.path}\n  ${o.role}`), `${o.role} listed`);
  assert.match(text.stdout, /shows lesion L1 at 10, 12: 2 image\(s\)/);

  const json = cli('lesions', '--json', imported.studyDir);
  assert.equal(json.status, 0, json.stderr);
  const reports = JSON.parse(json.stdout) as LesionReport[];
  assert.deepEqual(reports.map((r) => r.file).sort(), imported.objects.map((o) => o.path).sort());
  const crop = imported.objects.find((o) => o.role === 'crop')!;
  const one = JSON.parse(cli('lesions', '--json', crop.path).stdout) as LesionReport;
  assert.equal(one.file, crop.path);
  assert.equal(one.lesion?.lesionId, 'L1');

  const missing = cli('lesions', '--json', join(dir, 'missing.dcm'));
  assert.equal(missing.status, 2);
  assert.deepEqual(JSON.parse(missing.stdout), { error: { code: 'IO', message: 'no such file or directory', file: join(dir, 'missing.dcm') } }, 'the error as JSON');
  assert.match(missing.stderr, /missing\.dcm: no such file or directory/);
});

test('lesions names a mesh and, read with it, its texture (not a regional image)', async () => {
  const dir = tempDir('lesions-mesh');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  await rawImage(16, 16).jpeg().toFile(join(dir, 'skin.jpg'));
  writeFileSync(join(dir, 'body.obj'), 'mtllib body.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nusemtl skin\nf 1/1 2/2 3/3\n');
  writeFileSync(join(dir, 'body.mtl'), 'newmtl skin\nmap_Kd skin.jpg\n');
  const manifest = writeThreeImageManifest(dir);
  const withMesh = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  withMesh.mesh = { file: 'body.obj', material: 'body.mtl', texture: 'skin.jpg' };
  writeFileSync(manifest, JSON.stringify(withMesh));
  const imported = await importCapture(manifest, { out: join(dir, 'out'), meshEncoding: 'both' });

  const reports = JSON.parse(cli('lesions', '--json', imported.studyDir).stdout) as LesionReport[];
  const roleOf = (role: string) => imported.meshObjects.filter((o) => o.role === role).map((o) => reports.find((r) => r.file === o.path)!.role);
  assert.deepEqual(imported.meshObjects.map((o) => o.role).sort(), ['mtl', 'obj', 'surface-mesh', 'texture']);
  assert.deepEqual([...roleOf('surface-mesh'), ...roleOf('obj'), ...roleOf('mtl')], ['mesh', 'mesh', 'mesh']);
  assert.deepEqual(roleOf('texture'), ['texture']);
  assert.equal(reports.filter((r) => r.role === 'regional').length, 1);
  // Alone, nothing tells the texture from a regional image.
  const alone = JSON.parse(cli('lesions', '--json', imported.meshObjects.find((o) => o.role === 'texture')!.path).stdout) as LesionReport;
  assert.equal(alone.role, 'regional');
});

test('lesions reads a TBP block that arrived as UN (an archive on the way did not know it) as it was written', async () => {
  const dir = tempDir('lesions-unknown-vr');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const manifest = writeThreeImageManifest(dir);
  const edited = JSON.parse(readFileSync(manifest, 'utf8')) as { lesions: { vertexId?: number }[] };
  // 56 as UL is "8" and three NULs: bytes that read as text
  edited.lesions[0]!.vertexId = 56;
  writeFileSync(manifest, JSON.stringify(edited));
  const imported = await importCapture(manifest, { out: join(dir, 'out') });
  const report = (path: string): LesionReport => ({ ...(JSON.parse(cli('lesions', '--json', path).stdout) as LesionReport), file: '' });
  for (const o of imported.objects) {
    const file = readDicomFile(o.path);
    privateBlockAsUnknown(file.dataset, TBP_GROUP);
    const unknown = join(dir, `${o.role}-un.dcm`);
    writeDicomFile(unknown, file);
    assert.deepEqual(report(unknown), report(o.path), o.role);
  }
  const regional = report(imported.objects.find((o) => o.role === 'regional')!.path);
  assert.equal(regional.lesionsShown.length, 1);
  assert.equal(report(imported.objects.find((o) => o.role === 'crop')!.path).lesion?.vertexId, 56);
});

test('lesions and derive lesion-list of a file whose read corrected something (a wrong group length) say it, exit 1, as dump does', () => {
  const dir = tempDir('lesions-warnings');
  const regional = join(dir, 'regional.dcm');
  writeObject(regional, tbpCorpus().regional);
  const warning = breakGroupLength(regional);
  const listed = cli('lesions', regional);
  assert.equal(listed.status, 1, listed.stderr);
  assert.equal(listed.stderr, `warning: ${regional}: ${warning}\n`);
  assert.match(listed.stdout, /^.*regional\.dcm\n {2}regional/);
  const json = cli('lesions', '--json', regional);
  assert.equal(json.status, 1, json.stderr);
  assert.deepEqual((JSON.parse(json.stdout) as LesionReport).warnings, [warning]);
  const list = cli('derive', 'lesion-list', regional);
  assert.equal(list.status, 1, list.stderr);
  assert.equal(list.stderr, `warning: ${regional}: ${warning}\n`);
});

test('lesions names an object of no TBP role by its class and says it carries nothing, in words and as JSON', () => {
  const dir = tempDir('lesions-other');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '1.2.3.4.5');
  ds.set('Modality', 'OT');
  const file = join(dir, 'sc.dcm');
  writeObject(file, ds);
  const text = cli('lesions', file);
  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stdout, `${file}\n  other (Secondary Capture Image Storage)  1.2.3.4.5\n  no lesion, link or coordinate in it\n`);
  const json = JSON.parse(cli('lesions', '--json', file).stdout) as LesionReport;
  assert.deepEqual([json.role, json.sopClassUid, json.lesion, json.lesionsShown, json.references], ['other', '1.2.840.10008.5.1.4.1.1.7', undefined, [], []]);
});
