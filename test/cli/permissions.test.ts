// Files and folders the user may not read or write, and files of other users replaced. Root ignores permissions, so
// when the tests run as root the command line runs as "nobody" (uid 65534) instead; the test folders are then made
// theirs. Replacing another user's file keeping its owner takes root: those tests run as root, or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listLesions } from '../../src/edit/lesions/lesion-references.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { CLI, cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

const root = process.getuid?.() === 0;
const user: SpawnSyncOptions = root ? { uid: 65534, gid: 65534 } : {};

/** A folder for the test, the user's own. */
function folder(prefix: string): string {
  const dir = tempDir(prefix);
  if (root) chownSync(dir, 65534, 65534);
  return dir;
}

/** Makes everything the test set up in `dir` the user's own. */
function own(dir: string): void {
  if (!root) return;
  for (const p of [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name))]) chownSync(p, 65534, 65534);
}

const run = (...args: string[]) => spawnSync(CLI, args, { ...user, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });

test('a folder below a folder named that cannot be listed: exit 2, that folder named, nothing written', () => {
  const dir = folder('perm-list');
  const input = join(dir, 'in');
  mkdirSync(join(input, 'locked'), { recursive: true });
  writeObject(join(input, 'a.dcm'), tbpCorpus().crop);
  copyFileSync(join(input, 'a.dcm'), join(input, 'locked', 'b.dcm'));
  own(dir);
  chmodSync(join(input, 'locked'), 0o000);
  const locked = join(input, 'locked');
  for (const args of [['dump', input], ['validate', input], ['lesions', input], ['send', '127.0.0.1', '9', input],
    ['modify', input, '--set', 'PatientID=X', '--out', join(dir, 'out')], ['deidentify', input, '--out', join(dir, 'out')]]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.equal(r.stderr, `error [IO]: ${locked}: cannot list the folder: permission denied (EACCES)\n`, args[0]);
  }
  assert.deepEqual(readdirSync(dir).sort(), ['in']);
});

test('modify --in-place in a folder the user may not write: the file fails, named, untouched; no temporary file', () => {
  const dir = folder('perm-in-place');
  const input = join(dir, 'ro');
  mkdirSync(input);
  writeObject(join(input, 'a.dcm'), tbpCorpus().crop);
  const before = readFileSync(join(input, 'a.dcm'));
  own(dir);
  chmodSync(input, 0o555);
  const r = run('modify', join(input, 'a.dcm'), '--set', 'PatientID=NEW', '--in-place');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^failed: ${join(input, 'a.dcm')}: .*EACCES`));
  assert.deepEqual(readdirSync(input), ['a.dcm']);
  assert.deepEqual(readFileSync(join(input, 'a.dcm')), before);
});
test('send: a file that cannot be read, found in a folder, fails (it is not skipped as "not DICOM")', () => {
  const dir = folder('perm-send');
  writeObject(join(dir, 'a.dcm'), tbpCorpus().crop);
  own(dir);
  chmodSync(join(dir, 'a.dcm'), 0o000);
  // Port 9 (discard) is closed here: the file is looked at before any connection.
  const r = run('send', '127.0.0.1', '9', dir, '--timeout', '5');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^FAILED  ${join(dir, 'a.dcm')}: cannot be read: permission denied \\(EACCES\\)$`, 'm'));
  assert.match(r.stdout, /1 failed, 0 not sent, 0 skipped/);
});

test('deidentify --uid-map in a folder the user may not write: nothing is written (the map would be lost)', () => {
  const dir = folder('perm-map');
  writeObject(join(dir, 'crop.dcm'), tbpCorpus().crop);
  mkdirSync(join(dir, 'maps'));
  own(dir);
  chmodSync(join(dir, 'maps'), 0o555);
  const map = join(dir, 'maps', 'map.json');
  const r = run('deidentify', join(dir, 'crop.dcm'), '--out', join(dir, 'out'), '--uid-map', map);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `error [IO]: ${map}: cannot be written: no file can be made in ${join(dir, 'maps')} (EACCES)\n`);
  assert.deepEqual(readdirSync(dir).sort(), ['crop.dcm', 'maps']);
  assert.deepEqual(readdirSync(join(dir, 'maps')), []);
});

test('derive lesion-add: a lesion image that cannot be rewritten is not listed by the regional image (no link one way only)', () => {
  const dir = folder('perm-lesion-add');
  const corpus = tbpCorpus();
  mkdirSync(join(dir, 'ro'));
  const [regional, first, locked] = [join(dir, 'regional.dcm'), join(dir, 'crop.dcm'), join(dir, 'ro', 'followup.dcm')];
  writeObject(regional, corpus.regional);
  // The first lists the lesion without a Tracking UID; the second, which cannot be rewritten, would bring one.
  const withoutUid = corpus.crop.clone();
  withoutUid.delete('TrackingUID');
  writeObject(first, withoutUid);
  const second = corpus.crop.clone();
  second.set('SOPInstanceUID', `${corpus.crop.getString('SOPInstanceUID')}.2`);
  // Without its reference to the regional image, so that linking it rewrites it.
  second.delete('ReferencedImageSequence');
  writeObject(locked, second);
  own(dir);
  chmodSync(join(dir, 'ro'), 0o555);
  const r = run('derive', 'lesion-add', regional, first, locked);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^error \\[IO\\]: ${locked}: permission denied \\(EACCES\\)\n$`));
  const lesions = listLesions(readDicomFile(regional).dataset);
  assert.deepEqual(lesions.flatMap((lesion) => lesion.images.map((image) => image.sopInstanceUid)), [corpus.crop.getString('SOPInstanceUID')]);
  assert.equal(lesions[0]?.trackingUid, undefined, 'no Tracking UID from the image not listed');
  const referenced = readDicomFile(regional).dataset.items('ReferencedImageSequence').map((item) => item.getString('ReferencedSOPInstanceUID'));
  assert.ok(!referenced.includes(second.getString('SOPInstanceUID')));
});

test('derive crop --link of a source in a folder the user may not write: the crop is written and said, with why it is not linked and how to link it (exit 1)', () => {
  const dir = folder('perm-crop-link');
  mkdirSync(join(dir, 'ro'));
  const [source, out] = [join(dir, 'ro', 'regional.dcm'), join(dir, 'crop.dcm')];
  writeObject(source, tbpCorpus().regional);
  const before = readFileSync(source);
  own(dir);
  chmodSync(join(dir, 'ro'), 0o555);
  const r = run('derive', 'crop', source, '--region', '0,0,8,8', '--lesion-id', 'L9', '--link', '-o', out);
  assert.equal(r.status, 1, r.stderr);
  const uid = readDicomFile(out).dataset.getString('SOPInstanceUID');
  assert.equal(r.stdout, `${out}  ${uid}\n`);
  assert.equal(r.stderr, `error [IO]: ${source}: permission denied (EACCES): the crop ${out} is written but not linked, as its source does not list it (derive lesion-add ${source} ${out} links it)\n`);
  assert.deepEqual(readFileSync(source), before);
  assert.deepEqual(readdirSync(join(dir, 'ro')), ['regional.dcm'], 'no temporary file is left');
  // Once the source can be written, the command said links it.
  chmodSync(join(dir, 'ro'), 0o755);
  const add = run('derive', 'lesion-add', source, out);
  assert.equal(add.status, 0, add.stderr);
  assert.deepEqual(listLesions(readDicomFile(source).dataset).map((lesion) => [lesion.lesionId, lesion.images.map((image) => image.sopInstanceUid)]), [['L9', [uid]]]);
});

/** Owner, group and permission bits of a file. */
const ownership = (path: string) => {
  const { uid, gid, mode } = statSync(path);
  return { uid, gid, mode: mode & 0o7777 };
};

test('root replacing files of another user (modify --in-place, convert over a file, deidentify --uid-map): they stay that user\'s', { skip: !root && 'giving a file to another owner takes root' }, () => {
  const dir = tempDir('owner-kept');
  const [file, converted, map] = [join(dir, 'a.dcm'), join(dir, 'b.dcm'), join(dir, 'map.json')];
  writeObject(file, tbpCorpus().crop);
  copyFileSync(file, converted);
  assert.equal(cli('deidentify', file, '--out', join(dir, 'first'), '--uid-map', map).status, 0);
  const before = readFileSync(map, 'utf8');
  const user = { uid: 1234, gid: 1235, mode: 0o640 };
  for (const path of [file, converted, map]) {
    chownSync(path, user.uid, user.gid);
    chmodSync(path, user.mode);
  }
  for (const args of [
    ['modify', file, '--set', 'PatientID=NEW', '--in-place'],
    ['convert', file, converted, '-t', 'implicit-le'],
    ['deidentify', file, '--out', join(dir, 'out'), '--uid-map', map],
  ]) {
    const r = cli(...args);
    assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
  }
  assert.equal(readDicomFile(file).dataset.getString('PatientID'), 'NEW');
  assert.equal(readDicomFile(converted).transferSyntaxUid, '1.2.840.10008.1.2');
  assert.notEqual(readFileSync(map, 'utf8'), before);
  for (const path of [file, converted, map]) assert.deepEqual(ownership(path), user, path);
});

test('a user replacing a file of another user, in a folder they may write: it becomes theirs, its permissions kept, without error', { skip: !root && 'a file of another user takes root to make' }, () => {
  const dir = folder('owner-given-up');
  const file = join(dir, 'a.dcm');
  writeObject(file, tbpCorpus().crop);
  chownSync(file, 1234, 1235);
  chmodSync(file, 0o666);
  const r = run('modify', file, '--set', 'PatientID=NEW', '--in-place');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(readDicomFile(file).dataset.getString('PatientID'), 'NEW');
  assert.deepEqual(ownership(file), { uid: 65534, gid: 65534, mode: 0o666 });
});
