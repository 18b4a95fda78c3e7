import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';
import { validateFiles } from '../../src/validate/files.js';

test('validate --iod takes an IOD id or name; one that names no IOD is a usage error (exit 2)', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  const path = join(tempDir('validate-iod'), 'sc.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  for (const iod of ['vl-photographic-image', 'VL Photographic Image']) {
    const run = cli('validate', '--iod', iod, path);
    assert.match(run.stdout, /sc\.dcm: VL Photographic Image — \d+ errors?/, iod);
  }
  const misspelt = cli('validate', '--iod', 'vl-photographic', path);
  assert.equal(misspelt.status, 2);
  assert.equal(misspelt.stdout, '');
  assert.match(misspelt.stderr, /error \[INVALID_ARGUMENT\]: IOD "vl-photographic" is not known/);
});

test('validate: a path where nothing is stops the command (exit 2, naming it); a file that is not DICOM is an error finding (exit 1)', () => {
  const dir = tempDir('validate-missing');
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not DICOM\n');
  const missing = join(dir, 'missing.dcm');
  const run = cli('validate', text, missing);
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, `error [IO]: ${missing}: no such file or directory\n`);
  const notDicom = cli('validate', text);
  assert.equal(notDicom.status, 1, notDicom.stderr);
  assert.match(notDicom.stdout, /notes\.txt: unknown IOD — 1 error, 0 warnings\n {2}error {3}cannot be read as DICOM: neither a DICOM file/);
});

test('validate: the counts of a set of files are said in words that count, as each file\'s are ("1 error", not "1 errors")', () => {
  const dir = tempDir('validate-counts');
  const samples = fileURLToPath(new URL('../../../samples/', import.meta.url));
  const good = join(dir, 'good.dcm');
  const made = cli('create', 'dermoscopic', '--image', join(samples, 'capture/dermoscopy/L01.jpg'), '--meta', join(samples, 'create/L01.json'), '--out', good);
  assert.equal(made.status, 0, made.stderr);
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not DICOM\n');
  const run = cli('validate', good, text);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /good\.dcm: Dermoscopic Photography Image — 0 errors, 0 warnings\n/);
  assert.match(run.stdout, /\n2 files: 1 error, 0 warnings\n$/);
});

test('validate --max-findings lists that many findings of a kind per file, then "… and N more like it"; 0 lists all', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  ds.set('ReferencedImageSequence', Array.from({ length: 150 }, () => new Dataset()));
  const path = join(tempDir('validate-max-findings'), 'sc.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  const lines = (...args: string[]): string[] => cli('validate', ...args, path).stdout.split('\n').filter((l) => l.includes('ReferencedSOPClassUID'));
  const three = lines('--max-findings', '3');
  assert.equal(three.length, 4);
  assert.match(three[3]!, /ReferencedImageSequence\[\*\]\.ReferencedSOPClassUID \(0008,1150\): … and 147 more like it$/);
  assert.equal(lines().length, 101);
  assert.equal(lines('--max-findings', '0').length, 150);
  const json = JSON.parse(cli('validate', '--json', '--max-findings', '3', path).stdout) as { errors: number; reports: { findings: { more?: number }[] }[] };
  assert.equal(json.reports[0]!.findings.filter((f) => f.more === 147).length, 2);
  assert.ok(json.errors > 300, `${json.errors} errors, those not listed counted`);
  assert.equal(cli('validate', '--max-findings', '-1', path).status, 2);
});

test('validate --json of a folder, printed report by report, is the document JSON.stringify makes of validateFiles\' report', () => {
  const dir = tempDir('validate-json-stream');
  for (const [i, items] of [[0, 0], [1, 3]] as const) {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', `2.25.${i}`);
    if (items) ds.set('ReferencedImageSequence', Array.from({ length: items }, () => new Dataset()));
    writeDicomFile(join(dir, `${i}.dcm`), { dataset: ds }, { durable: false });
  }
  const run = cli('validate', '--json', '--max-findings', '2', dir);
  assert.equal(run.status, 1, run.stderr);
  assert.equal(run.stdout, `${JSON.stringify(validateFiles([dir], { maxFindings: 2 }), null, 2)}\n`);
});
