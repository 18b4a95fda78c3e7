import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { cli } from '../helpers/run-cli.js';
import { dicomdirOffsets, hasDcmtk } from '../helpers/dcmtk-corpus.js';
import { NO_PYDICOM_FILES, pydicomFile } from '../helpers/pydicom-files.js';
import { tempDir } from '../tbp/tools.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';

test('convert says what the read set aside (a tag met twice), names the file, and exits 1 with the output written', () => {
  const dir = tempDir('convert-warnings');
  const first = new Dataset();
  first.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  first.set('SOPInstanceUID', '2.25.4711');
  first.set('PatientName', 'First^Value');
  const second = new Dataset();
  second.set('PatientName', 'Second^Value');
  const input = join(dir, 'twice.dcm');
  writeFileSync(input, Buffer.concat([encodeDataset(first, EXPLICIT_VR_LE), encodeDataset(second, EXPLICIT_VR_LE)]));
  const output = join(dir, 'out.dcm');
  const r = cli('convert', input, output, '-t', 'implicit-le');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`warning: ${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*\\(0010,0010\\): appears twice in the data set; the first value is kept`));
  const written = readDicomFile(output);
  assert.equal(written.transferSyntaxUid, IMPLICIT_VR_LE);
  assert.equal(written.dataset.getString('PatientName'), 'First^Value');
});

test('convert and derive crop make the folder of their output, as create does', () => {
  const dir = tempDir('convert-folder');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.4712');
  const input = join(dir, 'in.dcm');
  writeFileSync(input, encodeDataset(ds, EXPLICIT_VR_LE));
  const r = cli('convert', input, join(dir, 'new', 'folder', 'out.dcm'), '-t', 'implicit-le');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readDicomFile(join(dir, 'new', 'folder', 'out.dcm')).transferSyntaxUid, IMPLICIT_VR_LE);
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const crop = cli('derive', 'crop', source, '--region', '0,0,8,8', '-o', join(dir, 'crops', 'c.dcm'));
  assert.equal(crop.status, 0, crop.stderr);
  assert.ok(readDicomFile(join(dir, 'crops', 'c.dcm')).dataset.has('PixelData'));
});

test('convert of a data set without SOP Instance UID names the input and what it lacks, and writes nothing', () => {
  const dir = tempDir('convert-no-sop');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('PatientName', 'Doe^Jane');
  const input = join(dir, 'raw.dcm');
  writeFileSync(input, encodeDataset(ds, IMPLICIT_VR_LE));
  const output = join(dir, 'out.dcm');
  const r = cli('convert', input, output, '-t', 'explicit-le');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`error \\[BAD_META\\]: ${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no SOP Instance UID \\(0008,0018\\)`));
  assert.equal(existsSync(output), false);
});

test('convert and modify write through a link to a file, which stays a link; a pipe or device as output is refused (exit 2), not replaced by a file', () => {
  const dir = tempDir('convert-link');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.4713');
  ds.set('PatientName', 'Before');
  const input = join(dir, 'in.dcm');
  writeFileSync(input, encodeDataset(ds, EXPLICIT_VR_LE));
  const target = join(dir, 'target.dcm');
  writeFileSync(target, 'old');
  const link = join(dir, 'link.dcm');
  symlinkSync('target.dcm', link);
  const r = cli('convert', input, link, '-t', 'implicit-le');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readlinkSync(link), 'target.dcm');
  assert.equal(readDicomFile(target).transferSyntaxUid, IMPLICIT_VR_LE);
  const modified = cli('modify', link, '--in-place', '--set', 'PatientName=After');
  assert.equal(modified.status, 0, modified.stderr);
  assert.equal(readlinkSync(link), 'target.dcm');
  assert.equal(readDicomFile(target).dataset.getString('PatientName'), 'After');

  const fifo = join(dir, 'fifo');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return;
  const refused = cli('convert', input, fifo, '-t', 'implicit-le');
  assert.equal(refused.status, 2, refused.stderr);
  assert.equal(refused.stderr, `error [INVALID_ARGUMENT]: ${fifo}: not a regular file (a pipe, socket or device), which the file written would replace: give the path of a file to write\n`);
  assert.ok(lstatSync(fifo).isFIFO(), 'the pipe is still a pipe');
  assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('.')), [], 'no temporary file left');
});

test('convert carries a DICOMDIR\'s record offsets to where its records now lie, in each syntax and sequence length; deflated is refused', { skip: (!hasDcmtk && 'dcmtk is not installed') || NO_PYDICOM_FILES }, () => {
  const dir = tempDir('convert-dicomdir');
  const input = join(pydicomFile('test_files', 'dicomdirtests'), 'DICOMDIR');
  const source = dicomdirOffsets(input);
  assert.equal(source.records.length, 52);
  for (const syntax of ['explicit-le', 'implicit-le', 'explicit-be']) {
    for (const policy of ['preserve', 'undefined', 'defined']) {
      const output = join(dir, `${syntax}-${policy}`);
      const r = cli('convert', input, output, '-t', syntax, '--sequence-length', policy);
      assert.equal(r.status, 0, r.stderr);
      const { records, links } = dicomdirOffsets(output);
      assert.equal(records.length, 52);
      // every offset names a record, and they name as many records as the source's did
      assert.deepEqual(links.filter((n) => !records.includes(n)), [], `${syntax} ${policy}`);
      assert.equal(new Set(links).size, new Set(source.links).size, `${syntax} ${policy}`);
    }
  }
  const deflated = join(dir, 'deflated');
  const r = cli('convert', input, deflated, '-t', 'deflated');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /error \[INVALID_ARGUMENT\]: .*DICOMDIR: is a DICOMDIR, whose records point at each other by byte offsets/);
  assert.equal(existsSync(deflated), false);
});
