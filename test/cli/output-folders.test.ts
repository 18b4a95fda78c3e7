// Commands given an output folder that cannot be made fail at once, naming it (Node 20's recursive mkdir never
// returns for a folder under /proc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { CLI, cli } from '../helpers/run-cli.js';
import { rawImage, tempDir } from '../tbp/tools.js';

const skip = !existsSync('/proc/self/status') && 'no procfs';

/** Runs the command, killed after 30 s (a SIGTERM would wait for a handler that never runs). */
const run = (...args: string[]) => spawnSync(CLI, args, { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });

test('serve refuses an archive folder it cannot make: exit 2, the folder named', { skip }, () => {
  for (const [dir, parent] of [['/proc/x', '/proc'], ['/proc/1/x/y', '/proc/1']]) {
    const serve = run('serve', '--dir', dir, '--port', '0', '--aet', 'A');
    assert.equal(serve.status, 2, `serve --dir ${dir}: ${serve.signal ?? serve.stderr}`);
    assert.equal(serve.stderr, `error [IO]: ${dir}: cannot make the folder: no folder can be made in ${parent}\n`);
  }
});

test('import, modify and deidentify refuse an output folder they cannot make: exit 2, the folder named', { skip }, async () => {
  const dir = tempDir('cli-out-proc');
  writeObject(join(dir, 'crop.dcm'), tbpCorpus().crop);
  await rawImage(32, 24).jpeg().toFile(join(dir, 'l1.jpg'));
  writeFileSync(join(dir, 'capture.json'), JSON.stringify({
    patient: { name: 'Out^Nowhere', id: 'N1' }, study: { date: '2024-09-01' },
    equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
    lesions: [{ id: 'L1', site: 'back', images: [{ file: 'l1.jpg', kind: 'dermoscopic' }] }],
  }));
  for (const args of [
    ['import', join(dir, 'capture.json'), '--out', '/proc/x'],
    ['modify', join(dir, 'crop.dcm'), '--set', 'PatientID=NEW', '--out', '/proc/x'],
    ['deidentify', join(dir, 'crop.dcm'), '--out', '/proc/x'],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args[0]}: ${r.signal ?? r.stderr}`);
    assert.match(r.stderr, /^error \[IO\]: \/proc\/x(\/[0-9.]+)*: cannot make the folder: no folder can be made in \/proc\n$/, args[0]);
  }
});

test('an empty path (an unset variable in a script) is refused, naming what it stands for, instead of meaning the current folder', async () => {
  const dir = tempDir('cli-empty-path');
  writeObject(join(dir, 'crop.dcm'), tbpCorpus().crop);
  const crop = join(dir, 'crop.dcm');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, '{}');
  for (const [args, message] of [
    [['convert', crop, '', '-t', 'implicit-le'], 'the path of the file to write is empty'],
    [['derive', 'crop', crop, '--region', '0,0,4,4', '-o', ''], 'the path of the file to write is empty'],
    [['dump', ''], 'the path of the file or folder is empty'],
    [['modify', crop, '--set', 'PatientID=X', '--out', ''], 'the path of the output folder is empty'],
    [['deidentify', crop, '--out', ''], 'the path of the output folder is empty'],
    [['export-mesh', crop, '--out', ''], 'the path of the output folder is empty'],
    [['import', meta, '--out', ''], 'the path of the output folder is empty'],
    [['create', 'mesh', '--obj', crop, '--meta', meta, '--out', ''], 'the path of the output folder is empty'],
    [['create', 'dermoscopic', '--image', crop, '--meta', meta, '--out', ''], 'the path of the file to write is empty'],
    [['serve', '--port', '0', '--dir', ''], 'the path of the folder is empty'],
  ] as const) {
    const r = spawnSync(CLI, args, { cwd: dir, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.signal ?? r.stderr}`);
    assert.equal(r.stderr, `error [INVALID_ARGUMENT]: ${message}\n`, args.join(' '));
  }
  assert.deepEqual(readdirSync(dir).sort(), ['crop.dcm', 'meta.json']);
});

test('modify and deidentify run again with --out inside their input folder do not take their own earlier outputs as inputs (copies nested ever deeper)', () => {
  const dir = tempDir('cli-out-inside');
  mkdirSync(join(dir, 'study', 'sub'), { recursive: true });
  writeObject(join(dir, 'study', 'a.dcm'), tbpCorpus().crop);
  writeObject(join(dir, 'study', 'sub', 'b.dcm'), tbpCorpus().crop);
  const study = join(dir, 'study');
  for (const args of [
    ['modify', study, '--set', 'PatientID=NEW', '--out', join(study, 'modified')],
    ['deidentify', study, '--out', join(study, 'anonymous'), '--allow-recognizable', '--allow-burned-in'],
  ]) {
    for (const run of [1, 2]) {
      const r = cli(...args);
      assert.equal(r.status, 0, `${args[0]}, run ${run}: ${r.stderr}`);
    }
  }
  const files = (folder: string): string[] => readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.dcm')).sort();
  assert.deepEqual(files(join(study, 'modified')), ['a.dcm', 'sub/b.dcm']);
  // Only the command's own output folder is left out: modify's outputs are inputs of deidentify.
  assert.deepEqual(files(join(study, 'anonymous')), ['a.dcm', 'modified/a.dcm', 'modified/sub/b.dcm', 'sub/b.dcm']);
});

test('an output file path ending with "/" is refused as naming a folder, before any folder is made; create wrote a file of that name', async () => {
  const dir = tempDir('cli-slash-path');
  writeObject(join(dir, 'crop.dcm'), tbpCorpus().crop);
  const crop = join(dir, 'crop.dcm');
  await rawImage(32, 24).jpeg().toFile(join(dir, 'l1.jpg'));
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify({
    patient: { name: 'Slash^Path', id: 'S1' }, study: { date: '2024-09-01' },
    equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
    site: 'back', lesion: { id: 'L1' },
  }));
  for (const args of [
    ['convert', crop, 'new/out/', '-t', 'implicit-le'],
    ['derive', 'crop', crop, '--region', '0,0,4,4', '-o', 'new/out/'],
    ['create', 'dermoscopic', '--image', 'l1.jpg', '--meta', meta, '--out', 'new/out/'],
  ]) {
    const r = spawnSync(CLI, args, { cwd: dir, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.signal ?? r.stderr}`);
    assert.equal(r.stderr, 'error [INVALID_ARGUMENT]: new/out/: ends with "/", so it names a folder: give the path of the file to write\n', args.join(' '));
  }
  assert.deepEqual(readdirSync(dir).sort(), ['crop.dcm', 'l1.jpg', 'meta.json']);
});

test('modify and deidentify whose files all fail leave no empty output folder behind; folders holding outputs stay', () => {
  const dir = tempDir('cli-out-empty');
  mkdirSync(join(dir, 'in', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'in', 'sub', 'notes.dcm'), 'not DICOM');
  for (const args of [['modify', '--set', 'PatientID=NEW'], ['deidentify']]) {
    const out = join(dir, `${args[0]}-out`, 'nested');
    const r = run(args[0]!, join(dir, 'in'), ...args.slice(1), '--out', out);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.ok(!existsSync(join(dir, `${args[0]}-out`)), `${args[0]}: the folders it made for nothing are gone`);
  }
  writeObject(join(dir, 'in', 'crop.dcm'), tbpCorpus().crop);
  const out = join(dir, 'deidentify-some');
  assert.equal(run('deidentify', join(dir, 'in'), '--out', out).status, 2, 'one file of two failed');
  assert.deepEqual(readdirSync(out), ['crop.dcm'], 'the folder holding the output written stays');
});

test('"-" as an output (the standard output, in dcmtk\'s way) is refused, naming it, instead of making a file or folder named "-"; ./- names one', async () => {
  const dir = tempDir('cli-dash-output');
  writeObject(join(dir, 'crop.dcm'), tbpCorpus().crop);
  const crop = join(dir, 'crop.dcm');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, '{}');
  const refused = (what: string) => `error [INVALID_ARGUMENT]: -: "-" stands for the standard output, which cannot be the ${what}: an output is written beside its path and renamed into place; give a path (./- for one named "-")\n`;
  for (const [args, what] of [
    [['convert', crop, '-', '-t', 'implicit-le'], 'file to write'],
    [['derive', 'crop', crop, '--region', '0,0,4,4', '-o', '-'], 'file to write'],
    [['create', 'dermoscopic', '--image', crop, '--meta', meta, '--out', '-'], 'file to write'],
    [['deidentify', crop, '--out', 'anonymous', '--uid-map', '-'], 'file to write'],
    [['modify', crop, '--set', 'PatientID=X', '--out', '-'], 'output folder'],
    [['deidentify', crop, '--out', '-'], 'output folder'],
    [['export-mesh', crop, '--out', '-'], 'output folder'],
    [['import', meta, '--out', '-'], 'output folder'],
    [['create', 'mesh', '--obj', crop, '--meta', meta, '--out', '-'], 'output folder'],
  ] as const) {
    const r = spawnSync(CLI, args, { cwd: dir, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.signal ?? r.stderr}`);
    assert.equal(r.stderr, refused(what), args.join(' '));
  }
  assert.deepEqual(readdirSync(dir).sort(), ['crop.dcm', 'meta.json']);
  assert.equal(cli('convert', crop, join(dir, '-'), '-t', 'implicit-le').status, 0);
  assert.deepEqual(readdirSync(dir).sort(), ['-', 'crop.dcm', 'meta.json']);
});
