// Ctrl-C (or SIGTERM) landing while a command writes its output, held there by pause-at-rename.ts: the commands that
// write one object (or one set written together) finish it, report it as usual and exit with 130; export-mesh takes
// back what it wrote. No temporary file is ever left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listLesions } from '../../src/edit/lesions/lesion-references.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { META } from '../mesh/mesh-fixtures.js';
import { cli } from '../helpers/run-cli.js';
import { entries, signalAtRename, type SignalledRun } from '../helpers/signal-cli.js';
import { tempDir } from '../tbp/tools.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
const HAVE_DCMDUMP = spawnSync('dcmdump', ['--version']).status === 0;

const hidden = (dir: string): string[] => entries(dir).filter((path) => basename(path).startsWith('.'));

/** A Surface Scan Mesh (with its texture image) made from the sample OBJ by `create mesh`, in `dir`/dicom. */
function meshObject(dir: string): string {
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const made = cli('create', 'mesh', '--obj', join(SAMPLES, 'capture/mesh/body.obj'), '--meta', meta, '--out', join(dir, 'dicom'), '--json');
  assert.equal(made.status, 0, made.stderr);
  return (JSON.parse(made.stdout) as { objects: { role: string; path: string }[] }).objects.find((o) => o.role === 'surface-mesh')!.path;
}

/** Each file of a folder and its content. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(entries(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'base64')]));

/** Exit code 130 and the error line saying what stopped, and no temporary file left, the one written included. */
function assertStopped(run: SignalledRun, dir: string, error: string): void {
  assert.ok(run.temporary, `held at the write (exit ${run.code ?? run.signal}: ${run.stderr})`);
  assert.equal(run.code, 130, `exit ${run.code ?? run.signal}: ${run.stderr}`);
  assert.ok(run.stderr.endsWith(`${error}\n`), run.stderr);
  assert.equal(existsSync(run.temporary), false, 'the temporary file written is gone');
  assert.deepEqual(hidden(dir), [], 'no temporary file left');
}

/** A DICOM file that reads to its end, by our reader and by dcmtk's where it is installed. */
function assertWhole(file: string): void {
  readDicomFile(file);
  if (!HAVE_DCMDUMP) return;
  const dump = spawnSync('dcmdump', [file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(dump.status, 0, `dcmdump ${file}: ${dump.stderr}`);
  assert.equal(dump.stderr, '', `dcmdump ${file}`);
}

/** The sample lesion's metadata, for `create regional` without its lesion facts. */
function metaFile(dir: string, kind: 'dermoscopic' | 'regional'): string {
  const meta = JSON.parse(readFileSync(join(SAMPLES, 'create/L01.json'), 'utf8')) as Record<string, unknown>;
  if (kind === 'regional') {
    delete meta.lesion;
    delete meta.dermoscopy;
  }
  const path = join(dir, `${kind}.json`);
  writeFileSync(path, JSON.stringify(meta));
  return path;
}

for (const [kind, signal] of [['dermoscopic', 'SIGINT'], ['regional', 'SIGTERM']] as const) {
  test(`create ${kind} on ${signal} in its write: the object written whole and printed with its UIDs, then exit 130`, async () => {
    const dir = tempDir(`create-${kind}-signal`);
    const out = join(dir, 'out', 'object.dcm');
    const run = await signalAtRename(['create', kind, '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', metaFile(dir, kind), '--out', out], 'object.dcm', signal);
    assertStopped(run, dir, `error [INTERRUPTED]: ${out}: ${signal}: create ${kind} stopped after writing its output whole`);
    assertWhole(out);
    const ds = readDicomFile(out).dataset;
    assert.equal(run.stdout.split('\n')[0], out);
    assert.match(run.stdout, new RegExp(`^  SOP Instance UID ${ds.getString('SOPInstanceUID')}$`, 'm'));
    assert.match(run.stdout, new RegExp(`^  Study Instance UID ${ds.getString('StudyInstanceUID')}$`, 'm'));
    assert.match(run.stdout, /^ {2}generated: study\.instanceUid, seriesInstanceUid/m);
  });
}

test('create mesh on SIGINT in its writes: every object written whole and listed, then exit 130', async () => {
  const dir = tempDir('create-mesh-signal');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const out = join(dir, 'dicom');
  const run = await signalAtRename(['create', 'mesh', '--obj', join(SAMPLES, 'capture/mesh/body.obj'), '--meta', meta, '--out', out, '--json'], '.dcm');
  assertStopped(run, dir, `error [INTERRUPTED]: ${out}: SIGINT: create mesh stopped after writing its output whole`);
  const objects = (JSON.parse(run.stdout) as { objects: { role: string; path: string }[] }).objects;
  assert.deepEqual(objects.map((o) => o.role).sort(), ['surface-mesh', 'texture']);
  assert.deepEqual(entries(out).filter((path) => path.endsWith('.dcm')).map((path) => join(out, path)).sort(), objects.map((o) => o.path).sort());
  for (const o of objects) assertWhole(o.path);
});

test('convert on SIGINT at the end of its write: the output in place, then exit 130', async () => {
  const dir = tempDir('convert-signal');
  const input = join(dir, 'crop.dcm');
  writeObject(input, tbpCorpus().crop);
  const out = join(dir, 'out', 'converted.dcm');
  mkdirSync(join(dir, 'out'));
  const run = await signalAtRename(['convert', input, out, '-t', 'implicit-le'], 'converted.dcm');
  assertStopped(run, dir, `error [INTERRUPTED]: ${out}: SIGINT: convert stopped after writing its output whole`);
  assertWhole(out);
});

test('derive crop --link on SIGINT while it links the crop: crop and link both written and printed, then exit 130', async () => {
  const dir = tempDir('derive-crop-signal');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const out = join(dir, 'crop.dcm');
  const run = await signalAtRename(['derive', 'crop', source, '--region', '4,4,8,8', '--lesion-id', 'L9', '--link', '-o', out], 'regional.dcm');
  assertStopped(run, dir, `error [INTERRUPTED]: ${out}: SIGINT: derive crop stopped after writing its output whole`);
  assertWhole(out);
  assertWhole(source);
  const uid = readDicomFile(out).dataset.getString('SOPInstanceUID');
  assert.equal(run.stdout, `${out}  ${uid}\n`);
  assert.deepEqual(listLesions(readDicomFile(source).dataset).map((lesion) => lesion.images.map((image) => image.sopInstanceUid)), [[uid]]);
});

test('derive lesion-add, lesion-remove and lesion-clear on SIGINT in their last write: the regional image written whole, then exit 130', async () => {
  const dir = tempDir('derive-lesions-signal');
  const corpus = tbpCorpus();
  const regional = join(dir, 'regional.dcm');
  writeObject(regional, corpus.regional);
  const crop = join(dir, 'crop.dcm');
  writeObject(crop, corpus.crop);
  const cropUid = corpus.crop.getString('SOPInstanceUID')!;
  const images = (): string[][] => listLesions(readDicomFile(regional).dataset).map((lesion) => lesion.images.map((image) => image.sopInstanceUid));

  const add = await signalAtRename(['derive', 'lesion-add', regional, crop], 'regional.dcm');
  assertStopped(add, dir, 'error [INTERRUPTED]: SIGINT: lesion-add stopped before its next file; the files it wrote are whole, the others untouched');
  assertWhole(regional);
  assert.deepEqual(images(), [[cropUid]]);

  const remove = await signalAtRename(['derive', 'lesion-remove', regional, cropUid], 'regional.dcm');
  assertStopped(remove, dir, `error [INTERRUPTED]: ${regional}: SIGINT: derive lesion-remove stopped after writing its output whole`);
  assertWhole(regional);
  assert.deepEqual(images(), []);

  assert.equal(cli('derive', 'lesion-add', regional, crop).status, 0);
  const clear = await signalAtRename(['derive', 'lesion-clear', regional], 'regional.dcm');
  assertStopped(clear, dir, `error [INTERRUPTED]: ${regional}: SIGINT: derive lesion-clear stopped after writing its output whole`);
  assert.equal(clear.stdout, '1 lesion(s) cleared\n');
  assertWhole(regional);
  assert.deepEqual(images(), []);
});

test('export-mesh on SIGINT before its files are in place: nothing of it kept, an earlier export untouched, exit 130', async () => {
  const dir = tempDir('export-mesh-signal');
  const mesh = meshObject(dir);
  // Written in this order: texture.jpg, mesh.mtl, mesh.obj; each to a temporary file, put in place once all are written.
  const fresh = join(dir, 'new', 'export');
  const first = await signalAtRename(['export-mesh', mesh, '--out', fresh], 'texture.jpg', 'SIGINT', 'create');
  assertStopped(first, dir, `error [INTERRUPTED]: ${fresh}: SIGINT: export-mesh stopped; nothing of it was kept`);
  assert.equal(first.stdout, '');
  assert.equal(existsSync(join(dir, 'new')), false, 'the folders it made are gone');
  // Exported before, into a folder with a file of its own: a second export stopped in its last file changes nothing.
  const existing = join(dir, 'existing');
  mkdirSync(existing);
  writeFileSync(join(existing, 'notes.txt'), 'kept');
  assert.equal(cli('export-mesh', mesh, '--out', existing).status, 0);
  for (const name of ['mesh.mtl', 'mesh.obj']) writeFileSync(join(existing, name), '# edited since\n');
  const before = snapshot(existing);
  const last = await signalAtRename(['export-mesh', mesh, '--out', existing], 'mesh.obj', 'SIGINT', 'create');
  assertStopped(last, dir, `error [INTERRUPTED]: ${existing}: SIGINT: export-mesh stopped; nothing of it was kept`);
  assert.deepEqual(snapshot(existing), before, 'the files there before are as they were');
});

test('export-mesh on SIGINT while its files are put in place: the export whole, then exit 130', async () => {
  const dir = tempDir('export-mesh-signal-commit');
  const out = join(dir, 'export');
  const run = await signalAtRename(['export-mesh', meshObject(dir), '--out', out], 'texture.jpg');
  assertStopped(run, dir, `error [INTERRUPTED]: ${out}: SIGINT: export-mesh stopped after writing its files whole`);
  assert.deepEqual(entries(out).sort(), ['mesh.mtl', 'mesh.obj', 'texture.jpg']);
  assert.deepEqual(run.stdout.trim().split('\n').sort(), ['mesh.mtl', 'mesh.obj', 'texture.jpg'].map((f) => join(out, f)));
  assert.match(readFileSync(join(out, 'mesh.obj'), 'utf8'), /^mtllib mesh\.mtl$/m);
});

test('modify on SIGINT in the write of its second file: the files it changed are listed, as text and as --json, then exit 130', async () => {
  for (const json of [false, true]) {
    const dir = tempDir('modify-signal-listed');
    const files = ['a.dcm', 'b.dcm', 'c.dcm', 'd.dcm'].map((name) => join(dir, name));
    for (const file of files) writeObject(file, tbpCorpus().crop);
    const run = await signalAtRename(['modify', ...files, '--set', 'PatientID=NEW', '--in-place', ...(json ? ['--json'] : [])], 'b.dcm');
    assertStopped(run, dir, 'error [INTERRUPTED]: SIGINT: modify stopped before its next file; the files it wrote are whole, the others untouched');
    // The signal is seen up to 50 ms on (abortCheckpoint), so the files after b may have been changed too: each listed.
    const changed = files.filter((f) => readDicomFile(f).dataset.getString('PatientID') === 'NEW');
    assert.deepEqual(changed.slice(0, 2), files.slice(0, 2));
    if (json) assert.deepEqual(JSON.parse(run.stdout), { files: changed.map((f) => ({ input: f, output: f, status: 'written' })) });
    else assert.equal(run.stdout, changed.map((f) => `${f} -> ${f}\n`).join(''));
  }
});

test('modify on SIGINT in the write of its last file: that file written whole, then exit 130 (not 0)', async () => {
  const dir = tempDir('modify-signal');
  const file = join(dir, 'crop.dcm');
  writeObject(file, tbpCorpus().crop);
  const run = await signalAtRename(['modify', file, '--set', 'PatientID=NEW', '--in-place'], 'crop.dcm');
  assertStopped(run, dir, 'error [INTERRUPTED]: SIGINT: modify stopped before its next file; the files it wrote are whole, the others untouched');
  assertWhole(file);
  assert.equal(readDicomFile(file).dataset.getString('PatientID'), 'NEW');
});
