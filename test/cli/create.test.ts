import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { validateFiles } from '../../src/validate/files.js';
import { CLI, cli, type CliRun } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

test('the create examples of the docs run on the bundled samples and make valid objects', () => {
  const dir = tempDir('cli-create');
  const lesion = cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'),
    '--meta', join(SAMPLES, 'create/L01.json'), '--out', join(dir, 'L01.dcm'));
  assert.equal(lesion.status, 0, lesion.stderr);
  assert.equal(lesion.stderr, '', 'no unknown fields in the sample metadata');
  assert.match(lesion.stdout, /generated: study\.instanceUid, seriesInstanceUid, frameOfReferenceUid, lesion\.trackingUid/);
  const mesh = cli('create', 'mesh', '--obj', join(SAMPLES, 'capture/mesh/body.obj'),
    '--meta', join(SAMPLES, 'create/mesh.json'), '--out', join(dir, 'mesh'));
  assert.equal(mesh.status, 0, mesh.stderr);
  assert.equal(mesh.stderr, '');
  const report = validateFiles([dir]);
  assert.equal(report.reports.length, 3, 'the lesion image, the surface mesh and its texture');
  assert.equal(report.errors, 0, JSON.stringify(report.reports.flatMap((r) => r.findings)));
});

test('create dermoscopic and regional give Instance Number 1 unless --meta gives one, so that dcmmkdir takes them into a DICOMDIR (an image record needs it)', { skip: spawnSync('dcmmkdir', ['--version']).error !== undefined && 'dcmmkdir is not installed' }, () => {
  const dir = tempDir('cli-create-media');
  const lesion = JSON.parse(readFileSync(join(SAMPLES, 'create/L01.json'), 'utf8'));
  lesion.study.id = 'S1'; // Study ID is Type 1 in the study record too; nothing can make it up
  const { lesion: _, dermoscopy: __, ...regional } = lesion;
  writeFileSync(join(dir, 'lesion.json'), JSON.stringify(lesion));
  writeFileSync(join(dir, 'regional.json'), JSON.stringify(regional));
  writeFileSync(join(dir, 'numbered.json'), JSON.stringify({ ...lesion, instanceNumber: 7 }));
  mkdirSync(join(dir, 'media', 'DICOM'), { recursive: true });
  const made = [
    cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', join(dir, 'lesion.json'), '--out', join(dir, 'media', 'DICOM', 'IM1')),
    cli('create', 'regional', '--image', join(SAMPLES, 'capture/regional/left-arm.png'), '--meta', join(dir, 'regional.json'), '--out', join(dir, 'media', 'DICOM', 'IM2')),
    cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/crops/L01.png'), '--meta', join(dir, 'numbered.json'), '--out', join(dir, 'media', 'DICOM', 'IM3')),
  ];
  for (const r of made) assert.equal(r.status, 0, r.stderr);
  // STD-GEN-USB/MMC/CF/SD-JPEG: the dermoscopic image is JPEG Baseline
  const dicomdir = spawnSync('dcmmkdir', ['+r', '+id', join(dir, 'media'), '--usb-and-flash-jpeg', '+D', join(dir, 'media', 'DICOMDIR')], { cwd: join(dir, 'media'), encoding: 'utf8' });
  assert.equal(dicomdir.status, 0, dicomdir.stderr);
  assert.equal(dicomdir.stderr, '');
  const records = readDicomFile(join(dir, 'media', 'DICOMDIR')).dataset.items('DirectoryRecordSequence');
  assert.deepEqual(records.filter((r) => r.getString('DirectoryRecordType') === 'IMAGE').map((r) => r.getNumber('InstanceNumber')).sort(), [1, 1, 7]);
  const numbers = ['IM1', 'IM2', 'IM3'].map((name) => readDicomFile(join(dir, 'media', 'DICOM', name)).dataset.getNumber('InstanceNumber'));
  assert.deepEqual(numbers, [1, 1, 7]);
});

test('create reports a --meta file\'s shape problems and value problems in one run (exit 2)', () => {
  const dir = tempDir('cli-create-meta');
  const meta = JSON.parse(readFileSync(join(SAMPLES, 'create/L01.json'), 'utf8')) as Record<string, any>;
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...meta, study: { ...meta.study, date: '2024-02-30' }, lesion: { ...meta.lesion, vertexId: 'five' } }));
  const run = cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', join(dir, 'bad.json'), '--out', join(dir, 'L01.dcm'));
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /2 problems:\n {2}- lesion\.vertexId: .*\n {2}- study\.date: /);
  assert.ok(!existsSync(join(dir, 'L01.dcm')));
});

test('create: a --meta file too large to read is an IO error naming it, not a bug', () => {
  const dir = tempDir('cli-create-large-meta');
  const meta = join(dir, 'big.json');
  // sparse: 3 GiB that takes no disk, refused by its size before anything is read
  writeFileSync(meta, '');
  truncateSync(meta, 3 * 1024 ** 3);
  const run = cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', meta, '--out', join(dir, 'L01.dcm'));
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stderr, `error [IO]: ${meta}: File size (3221225472) is greater than 2 GiB\n`);
});

test('create: a 12-bit JPEG is refused naming the file and saying to convert it, in import\'s words (exit 2, nothing written)', () => {
  const dir = tempDir('cli-create-12-bit');
  // The sample's stream declared 12-bit extended (SOF1, precision 12): the header is what is checked.
  const jpeg = Buffer.from(readFileSync(join(SAMPLES, 'capture/dermoscopy/L01.jpg')));
  const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
  jpeg[sof + 1] = 0xc1;
  jpeg[sof + 4] = 12;
  const image = join(dir, 'twelve.jpg');
  writeFileSync(image, jpeg);
  const { lesion, dermoscopy, ...regional } = JSON.parse(readFileSync(join(SAMPLES, 'create/L01.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'regional.json'), JSON.stringify(regional));
  for (const [kind, meta] of [['dermoscopic', join(SAMPLES, 'create/L01.json')], ['regional', join(dir, 'regional.json')]] as const) {
    const run = cli('create', kind, '--image', image, '--meta', meta, '--out', join(dir, `${kind}.dcm`));
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stderr, `error [INVALID_ARGUMENT]: ${image}: a 12-bit JPEG; VL images have 8-bit samples and a JPEG is embedded unchanged (convert it to 8 bits first)\n`);
    assert.ok(!existsSync(join(dir, `${kind}.dcm`)));
  }
});

test('create and create mesh name what they wrote as --out gives it (relative stays relative), in text and --json, as every command does', () => {
  const dir = tempDir('cli-create-names');
  const run = (...args: string[]): CliRun => spawnSync(CLI, args, { cwd: dir, encoding: 'utf8' });
  const { lesion, dermoscopy, ...regional } = JSON.parse(readFileSync(join(SAMPLES, 'create/L01.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'regional.json'), JSON.stringify(regional));
  const image = join(SAMPLES, 'capture/dermoscopy/L01.jpg');
  for (const [kind, meta] of [['dermoscopic', join(SAMPLES, 'create/L01.json')], ['regional', 'regional.json']] as const) {
    const text = run('create', kind, '--image', image, '--meta', meta, '--out', `out/${kind}.dcm`);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stdout.split('\n')[0], `out/${kind}.dcm`, kind);
    const json = run('create', kind, '--image', image, '--meta', meta, '--out', `./${kind}.dcm`, '--json');
    assert.equal(json.status, 0, json.stderr);
    assert.equal((JSON.parse(json.stdout) as { path: string }).path, `./${kind}.dcm`, kind);
    assert.ok(existsSync(join(dir, 'out', `${kind}.dcm`)) && existsSync(join(dir, `${kind}.dcm`)), kind);
  }
  const mesh = ['create', 'mesh', '--obj', join(SAMPLES, 'capture/mesh/body.obj'), '--meta', join(SAMPLES, 'create/mesh.json'), '--mesh-encoding', 'both'];
  const text = run(...mesh, '--out', 'mesh');
  assert.equal(text.status, 0, text.stderr);
  const listed = text.stdout.trim().split('\n').slice(1).map((line) => line.trim().split(/ +/)[1]!);
  assert.equal(listed.length, 4, text.stdout);
  const study = /\(study ([\d.]+)\)/.exec(text.stdout)![1]!;
  for (const path of listed) {
    assert.ok(path.startsWith(`mesh/${study}/`), path);
    assert.ok(existsSync(join(dir, path)), path);
  }
  const json = run(...mesh, '--out', 'mesh', '--json');
  assert.equal(json.status, 0, json.stderr);
  const result = JSON.parse(json.stdout) as { studyInstanceUid: string; objects: { path: string; seriesInstanceUid: string; sopInstanceUid: string }[] };
  for (const o of result.objects) assert.equal(o.path, `mesh/${result.studyInstanceUid}/${o.seriesInstanceUid}/${o.sopInstanceUid}.dcm`);
});

test('create and create mesh name their inputs as given (relative stays relative), in errors and --json, as every command does', () => {
  const dir = tempDir('cli-create-inputs');
  const run = (...args: string[]): CliRun => spawnSync(CLI, args, { cwd: dir, encoding: 'utf8' });
  const refused = (args: string[], error: string): void => {
    const r = run(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `error ${error}\n`);
  };
  writeFileSync(join(dir, 'bad.jpg'), 'not an image\n');
  const image = join(SAMPLES, 'capture/dermoscopy/L01.jpg');
  refused(['create', 'dermoscopic', '--image', 'bad.jpg', '--meta', join(SAMPLES, 'create/L01.json'), '--out', 'x.dcm'],
    '[BAD_VALUE]: bad.jpg: not a JPEG, PNG or TIFF image');
  refused(['create', 'dermoscopic', '--image', image, '--meta', 'nobody.json', '--out', 'x.dcm'], '[IO]: nobody.json: no such file or directory');
  writeFileSync(join(dir, 'empty.json'), '{}');
  assert.match(run('create', 'regional', '--image', image, '--meta', 'empty.json', '--out', 'x.dcm').stderr, /^error \[INVALID_ARGUMENT\]: empty\.json: \d+ problems:/);

  const meta = join(SAMPLES, 'create/mesh.json');
  const scan = join(dir, 'scan');
  mkdirSync(scan);
  for (const name of ['body.obj', 'body.mtl', 'body.jpg']) copyFileSync(join(SAMPLES, 'capture/mesh', name), join(scan, name));
  refused(['create', 'mesh', '--obj', 'nobody.obj', '--meta', meta, '--out', 'mesh'], '[IO]: nobody.obj: no such file or directory (the OBJ file)');
  refused(['create', 'mesh', '--obj', 'scan/body.obj', '--texture', 'bad.jpg', '--meta', meta, '--out', 'mesh'], '[BAD_VALUE]: bad.jpg: texture: not a JPEG, PNG or TIFF image');
  const json = run('create', 'mesh', '--obj', 'scan/body.obj', '--meta', meta, '--out', 'mesh', '--mesh-encoding', 'both', '--json');
  assert.equal(json.status, 0, json.stderr);
  const inputs = Object.fromEntries((JSON.parse(json.stdout) as { objects: { role: string; input: string }[] }).objects.map((o) => [o.role, o.input]));
  // The MTL and texture are those body.obj and body.mtl name: in their folder, as --obj gave it.
  assert.deepEqual(inputs, { 'surface-mesh': 'scan/body.obj', obj: 'scan/body.obj', mtl: 'scan/body.mtl', texture: 'scan/body.jpg' });
  rmSync(join(scan, 'body.mtl'));
  const missing = run('create', 'mesh', '--obj', 'scan/body.obj', '--meta', meta, '--out', 'mesh');
  assert.equal(missing.status, 2, missing.stderr);
  assert.match(missing.stderr, /^error \[IO\]: scan\/body\.mtl: no such file or directory \(material library named by body\.obj line \d+\)\n$/);
});
