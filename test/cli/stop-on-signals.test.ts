// Ctrl-C during the batch commands: they stop before their next file, exit with 130 and leave no temporary file;
// what they wrote is whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { listLesions } from '../../src/edit/lesions/lesion-references.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { identicalFiles } from '../helpers/identical-files.js';
import { entries, signalWhen } from '../helpers/signal-cli.js';
import { tempDir } from '../tbp/tools.js';

const FILES = 300;

/** FILES copies of a lesion crop in DIR/in (copied: writing each would take longer than the commands do). */
function crops(dir: string, crop = tbpCorpus().crop): string {
  return identicalFiles(join(dir, 'in'), 'crop', FILES, (path) => writeObject(path, crop));
}

test('modify stops on SIGINT before its next file: exit 130, no temporary file, every output whole', { timeout: 120_000 }, async () => {
  const dir = tempDir('modify-sigint');
  const input = crops(dir);
  const out = join(dir, 'out');
  const run = await signalWhen(['modify', input, '--set', 'PatientID=NEW', '--out', out], () => entries(out).length >= 5);
  assert.equal(run.code, 130, `exit ${run.code ?? run.signal}: ${run.stderr}`);
  assert.match(run.stderr, /^error \[INTERRUPTED\]: SIGINT: modify stopped before its next file/m);
  const written = entries(out);
  assert.deepEqual(written.filter((name) => name.startsWith('.')), [], 'no temporary file left');
  assert.ok(written.length >= 5 && written.length < FILES, `stopped early (${written.length} of ${FILES} written)`);
  for (const name of written) assert.equal(readDicomFile(join(out, name)).dataset.getString('PatientID'), 'NEW', name);
});

test('deidentify stops on SIGINT before its next file: exit 130, no temporary file, every output whole', { timeout: 120_000 }, async () => {
  const dir = tempDir('deidentify-sigint');
  const input = crops(dir);
  const out = join(dir, 'out');
  const run = await signalWhen(['deidentify', input, '--out', out], () => entries(out).length >= 5);
  assert.equal(run.code, 130, `exit ${run.code ?? run.signal}: ${run.stderr}`);
  assert.match(run.stderr, /^error \[INTERRUPTED\]: SIGINT: deidentify stopped before its next file/m);
  const written = entries(out);
  assert.deepEqual(written.filter((name) => name.startsWith('.')), [], 'no temporary file left');
  assert.ok(written.length >= 5 && written.length < FILES, `stopped early (${written.length} of ${FILES} written)`);
  for (const name of written) assert.match(readDicomFile(join(out, name)).dataset.getString('PatientID') ?? '', /^ANON/, name);
});

test('deidentify on SIGINT lists the files it wrote before it stopped, as text and as --json, each one on disk', { timeout: 120_000 }, async () => {
  const dir = tempDir('deidentify-sigint-listed');
  const input = crops(dir);
  for (const json of [false, true]) {
    const out = join(dir, json ? 'out-json' : 'out-text');
    const run = await signalWhen(['deidentify', input, '--out', out, ...(json ? ['--json'] : [])], () => entries(out).length >= 5);
    assert.equal(run.code, 130, `exit ${run.code ?? run.signal}: ${run.stderr}`);
    // The writes under way complete before it stops: every output on disk is listed, and nothing else.
    const written = entries(out).map((name) => join(out, name)).sort();
    assert.ok(written.length >= 5 && written.length < FILES, `stopped early (${written.length} of ${FILES} written)`);
    const listed = json
      ? (JSON.parse(run.stdout) as { files: { input: string; output: string; status: string }[] }).files
      : run.stdout.split('\n').filter(Boolean).map((line) => {
          const [input, output] = line.split(' -> ');
          return { input, output, status: 'written' };
        });
    assert.deepEqual(listed.map((f) => f.output).sort(), written);
    for (const f of listed) assert.deepEqual(f, { input: join(input, basename(f.output)), output: f.output, status: 'written' });
  }
});

test('derive lesion-add stops on SIGINT before its next lesion image, and the regional image lists those linked', { timeout: 120_000 }, async () => {
  const dir = tempDir('lesion-add-sigint');
  // Crops without their reference to the regional image, so that linking each rewrites it.
  const crop = tbpCorpus().crop;
  crop.delete('ReferencedImageSequence');
  const input = crops(dir, crop);
  const regional = join(dir, 'regional.dcm');
  writeObject(regional, tbpCorpus().regional);
  const names = readdirSync(input).sort();
  // A crop rewritten is a new file (written beside, renamed over the old one).
  const inodes = new Map(names.map((name) => [name, statSync(join(input, name)).ino]));
  const rewritten = (): string[] => names.filter((name) => statSync(join(input, name), { throwIfNoEntry: false })?.ino !== inodes.get(name));
  const run = await signalWhen(['derive', 'lesion-add', regional, ...names.map((name) => join(input, name))], () => rewritten().length >= 5);
  assert.equal(run.code, 130, `exit ${run.code ?? run.signal}: ${run.stderr}`);
  assert.match(run.stderr, /^error \[INTERRUPTED\]: SIGINT: lesion-add stopped before its next file/m);
  assert.deepEqual(entries(dir).filter((path) => basename(path).startsWith('.')), [], 'no temporary file left');
  const done = rewritten();
  assert.ok(done.length >= 5 && done.length < FILES, `stopped early (${done.length} of ${FILES} linked)`);
  assert.deepEqual(done, names.slice(0, done.length), 'linked in order');
  for (const name of done) readDicomFile(join(input, name));
  const images = listLesions(readDicomFile(regional).dataset).map((lesion) => lesion.images.map((image) => image.sopInstanceUid));
  assert.deepEqual(images, [[tbpCorpus().crop.getString('SOPInstanceUID')]], 'the regional image lists the crop linked');
});

test('convert finishes the file it writes before it stops on SIGINT: exit 130, the output whole, no temporary file', { timeout: 120_000 }, async () => {
  const dir = tempDir('convert-sigint');
  const input = join(dir, 'big.dcm');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.99');
  // 96 MB of 16-bit words: converted to big endian, every word is swapped, which takes a while.
  ds.set('PixelData', Buffer.alloc(96 * 1024 * 1024, 0x5a), 'OW');
  writeDicomFile(input, { dataset: ds }, { durable: false });
  const out = join(dir, 'out');
  mkdirSync(out);
  const run = await signalWhen(['convert', input, join(out, 'big.dcm'), '-t', 'explicit-be', '--no-fsync'], () => entries(out).length > 0);
  assert.equal(run.code, 130, `exit ${run.code ?? run.signal}: ${run.stderr}`);
  assert.equal(run.stderr, `error [INTERRUPTED]: ${join(out, 'big.dcm')}: SIGINT: convert stopped after writing its output whole\n`);
  assert.deepEqual(entries(out), ['big.dcm'], 'no temporary file left');
  assert.equal(statSync(join(out, 'big.dcm')).size, statSync(input).size);
});
