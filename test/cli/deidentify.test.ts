import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Element } from '../../src/core/element.js';
import { tagOf } from '../../src/core/dictionary.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { leakedSecrets, tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { cli } from '../helpers/run-cli.js';
import { listDicom, tempDir } from '../tbp/tools.js';
import { META } from '../mesh/mesh-fixtures.js';
import { cropWithWrongGroupLength } from '../helpers/wrong-group-length.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { SURFACE_SCAN_MESH_STORAGE } from '../../src/iod/builders/sop-classes.js';

const DEMO = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));


test('deidentify --blank-region refuses a malformed region before reading anything (exit 2)', () => {
  const dir = tempDir('cli-deid-usage');
  const out = join(dir, 'out');
  for (const [region, message] of [
    ['0,0,300', /\[COLUMNSxROWS:\]X,Y,WIDTH,HEIGHT/],
    ['1024x768:0,0,0,40', /needs a width and height of at least one pixel/],
    ['1024x768:2000,0,10,10', /lies outside 1024x768 images/],
    ['1024*768:0,0,10,10', /\[COLUMNSxROWS:\]X,Y,WIDTH,HEIGHT/],
    // past 2^53, read as 9007199254740992: the number typed is repeated, not the one it was rounded to
    ['0,0,9007199254740993,1', /"0,0,9007199254740993,1": 9007199254740993 is more than 9007199254740991, the largest whole number of pixels taken\n$/],
    ['9007199254740993x10:0,0,9,1', /"9007199254740993x10:0,0,9,1": 9007199254740993 is more than 9007199254740991/],
  ] as const) {
    const run = cli('deidentify', join(dir, 'missing.dcm'), '--out', out, '--blank-region', region);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /option '--blank-region/);
    assert.match(run.stderr, message);
  }
  assert.equal(existsSync(out), false);
});

test('deidentify --blank-region cleans the images it applies to and fails a file it misses', () => {
  const dir = tempDir('cli-deid-blank');
  const tbp = tbpCorpus();
  writeObject(join(dir, 'regional.dcm'), tbp.regional);
  writeObject(join(dir, 'unsafe.dcm'), tbp.unsafe);
  const out = join(dir, 'out');
  const ok = cli('deidentify', join(dir, 'unsafe.dcm'), '--out', out, '--blank-region', '4x4:0,0,4,1', '--blank-region', '640x480:0,0,9,9');
  assert.equal(ok.status, 0, ok.stderr);
  const cleaned = readDicomFile(join(out, 'unsafe.dcm')).dataset;
  assert.equal(cleaned.getString('BurnedInAnnotation'), 'NO');
  assert.deepEqual([...cleaned.bytes('PixelData')!.subarray(0, 12)], Array(12).fill(0));
  const missed = cli('deidentify', join(dir, 'regional.dcm'), join(dir, 'unsafe.dcm'), '--out', join(dir, 'out2'), '--blank-region', '10,10,4,4');
  assert.equal(missed.status, 2);
  assert.match(missed.stderr, /failed: .*unsafe\.dcm: .*blank region 10,10,4,4 lies outside the 4x4 image/);
  assert.equal(existsSync(join(dir, 'out2', 'regional.dcm')), true);
  assert.equal(existsSync(join(dir, 'out2', 'unsafe.dcm')), false);
});

test('deidentify --help gives the defaults of --safe-private: the TBP block and the TBP mesh block', () => {
  const help = cli('deidentify', '--help').stdout.replace(/\s+/g, ' ');
  assert.match(help, /--safe-private <creator> private creator kept under retain-safe-private, repeatable \(default: TBP DICOM 1\.0, TBP DICOM MESH 1\.0\) --/);
});

test('deidentify of a file whose File Meta Information Group Length is wrong (4 GiB) says it as convert and modify do, on its own warning line (and in warnings with --json), exit 1', () => {
  const dir = tempDir('cli-deid-group-length');
  const { file, warning, convertSays } = cropWithWrongGroupLength(dir);
  const out = join(dir, 'out');
  const text = cli('deidentify', file, '--out', out);
  assert.equal(text.status, 1, text.stderr);
  assert.equal(text.stdout, `${file} -> ${join(out, 'a.dcm')}\n`);
  assert.equal(text.stderr, `${convertSays}1 written, 0 skipped, 0 failed\n`);
  assert.deepEqual(readDicomFile(join(out, 'a.dcm')).warnings, [], 'written with the group length the group takes');
  const json = cli('deidentify', file, '--out', join(dir, 'out-json'), '--json');
  assert.equal(json.status, 1, json.stderr);
  assert.equal(json.stderr, '');
  const { files } = JSON.parse(json.stdout) as { files: unknown[] };
  assert.deepEqual(files, [{ input: file, output: join(dir, 'out-json', 'a.dcm'), status: 'written', warnings: [warning] }]);
});

test('deidentify of a file holding a sequence as UN whose bytes are no items leaves it out saying so as derive crop does, a warning line (warnings with --json), exit 1', () => {
  const dir = tempDir('cli-deid-un-garbage');
  const file = join(dir, 'a.dcm');
  const crop = tbpCorpus().crop;
  crop.addElement(new Element(tagOf('ReferencedPerformedProcedureStepSequence')!, 'UN', Buffer.from('Doe^Secret')));
  writeObject(file, crop);
  const left = 'ReferencedPerformedProcedureStepSequence: a sequence held as UN whose bytes are not sequence items; left out, as nothing in it can be de-identified';
  const out = join(dir, 'out');
  const text = cli('deidentify', file, '--out', out);
  assert.equal(text.status, 1, text.stderr);
  assert.equal(text.stdout, `${file} -> ${join(out, 'a.dcm')}\n`);
  assert.equal(text.stderr, `warning: ${file}: ${left}\n1 written, 0 skipped, 0 failed\n`);
  assert.equal(readDicomFile(join(out, 'a.dcm')).dataset.has('ReferencedPerformedProcedureStepSequence'), false);
  const json = cli('deidentify', file, '--out', join(dir, 'out-json'), '--json');
  assert.equal(json.status, 1, json.stderr);
  const { files } = JSON.parse(json.stdout) as { files: unknown[] };
  assert.deepEqual(files, [{ input: file, output: join(dir, 'out-json', 'a.dcm'), status: 'written', warnings: [left] }]);
});

/** The sample mesh saved under the patient's name: OBJ, MTL and texture named for them, and named so in mtllib and map_Kd. */
function meshNamedForPatient(dir: string): string {
  const sample = fileURLToPath(new URL('../../../samples/capture/mesh/', import.meta.url));
  copyFileSync(join(sample, 'body.jpg'), join(dir, 'Doe_Jane_P001_skin.jpg'));
  writeFileSync(join(dir, 'Doe_Jane_P001.mtl'), readFileSync(join(sample, 'body.mtl'), 'utf8').replace('map_Kd body.jpg', 'map_Kd Doe_Jane_P001_skin.jpg'));
  const obj = join(dir, 'Doe_Jane_P001.obj');
  writeFileSync(obj, readFileSync(join(sample, 'body.obj'), 'utf8').replace('mtllib body.mtl', 'mtllib Doe_Jane_P001.mtl'));
  return obj;
}

test("deidentify of an Encapsulated OBJ and MTL renames the files they reference (Relative URI Reference Within Encapsulated Document: the patient's name) for the referenced instance, its extension kept; export-mesh writes the dummies", () => {
  const dir = tempDir('cli-deid-mesh-names');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const made = cli('create', 'mesh', '--obj', meshNamedForPatient(dir), '--meta', meta, '--out', join(dir, 'dicom'), '--mesh-encoding', 'obj');
  assert.equal(made.status, 0, made.stderr);
  const out = join(dir, 'out');
  const run = cli('deidentify', join(dir, 'dicom'), '--out', out, '--allow-recognizable');
  assert.equal(run.status, 0, run.stderr);
  const written = listDicom(out);
  assert.equal(written.length, 3);
  for (const file of written) assert.deepEqual(leakedSecrets(readFileSync(file), ['Doe', 'Jane', 'P001']), [], file);
  const names = written.map((file) => readDicomFile(file).dataset).flatMap((ds) => ['ReferencedInstanceSequence', 'ReferencedImageSequence']
    .flatMap((sequence) => ds.items(sequence)).map((r) => [r.getString('RelativeURIReferenceWithinEncapsulatedDocument'), r.getString('ReferencedSOPInstanceUID')]));
  assert.equal(names.length, 2);
  for (const [name, uid] of names) assert.match(name ?? '', new RegExp(`^${uid?.replaceAll('.', '\\.')}\\.(mtl|jpg)$`));
  const validated = cli('validate', out);
  assert.equal(validated.status, 0, validated.stdout);
  // The documents are dummies (an empty OBJ and MTL), which export-mesh still writes, the MTL and texture under the
  // names given (UID.mtl, UID.jpg), the OBJ, whose title is gone, under its default name.
  const obj = written.find((file) => readDicomFile(file).dataset.getString('MIMETypeOfEncapsulatedDocument') === 'model/obj')!;
  const exported = cli('export-mesh', obj, '--out', join(dir, 'exported'));
  assert.equal(exported.status, 0, exported.stderr);
  assert.deepEqual(readdirSync(join(dir, 'exported')).map((f) => f.replace(/^2\.25\.\d+\./, 'UID.')).sort(), ['UID.jpg', 'UID.mtl', 'model.obj']);
});

test("deidentify of the demo withholds its Surface Scan Mesh (the body's surface) as it does the regional images, exit 1; --allow-recognizable, whose help says so, writes it", async () => {
  const help = cli('deidentify', '--help').stdout.replace(/\s+/g, ' ');
  assert.match(help, /--allow-recognizable write images whose Recognizable Visual Features is YES or absent, body surfaces \(Surface Scan Mesh, Point Cloud, Surface Segmentation\) and RT Structure Sets outlining the body \(an EXTERNAL ROI\)/);
  const dir = tempDir('cli-deid-surface');
  const imported = await importCapture(DEMO, { out: join(dir, 'demo') });
  const mesh = imported.meshObjects.find((o) => o.sopClassUid === SURFACE_SCAN_MESH_STORAGE)!.path;
  const run = cli('deidentify', imported.studyDir, '--out', join(dir, 'out'));
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`skipped: ${mesh.replaceAll('.', '\\.')}: its surfaces \\(Surface Scan Mesh\\) are the body's shape, a recognizable rendering of the patient; \\d+ file\\(s\\) written reference it`));
  assert.equal(listDicom(join(dir, 'out')).some((file) => readDicomFile(file).dataset.getString('Modality') === 'OSS'), false);
  const allowed = cli('deidentify', imported.studyDir, '--out', join(dir, 'allowed'), '--allow-recognizable');
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.equal(listDicom(join(dir, 'allowed')).filter((file) => readDicomFile(file).dataset.getString('Modality') === 'OSS').length, 1);
  const validated = cli('validate', join(dir, 'allowed'));
  assert.equal(validated.status, 0, validated.stdout);
});
