import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { setLimitsInForce } from '../../src/core/limits-in-force.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

/** A file whose innermost item, `depth` sequences down, holds a Patient ID: past the default maxDepth (64) at 70. */
function nestedFile(dir: string, depth: number): string {
  let inner = new Dataset();
  inner.set('PatientID', 'innermost');
  for (let i = 1; i < depth; i++) {
    const item = new Dataset();
    item.set('ReferencedImageSequence', [inner]);
    inner = item;
  }
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  ds.set('ReferencedImageSequence', [inner]);
  const path = join(dir, `nested-${depth}.dcm`);
  // Written as a user's device wrote it: past our own default, which the writer checks too.
  setLimitsInForce({ maxDepth: depth });
  try {
    writeDicomFile(path, { dataset: ds }, { durable: false });
  } finally {
    setLimitsInForce({});
  }
  return path;
}

test('--limit maxDepth=N reads a file nested past the default 64 levels, in every command that reads it', () => {
  const dir = tempDir('limit-depth');
  const deep = nestedFile(dir, 70);
  const cut = cli('dump', deep);
  assert.equal(cut.status, 1, cut.stderr);
  assert.match(cut.stderr, /sequences nested deeper than 64 \(limits\.maxDepth\)/);
  assert.doesNotMatch(cut.stdout, /innermost/);
  const dump = cli('dump', '--limit', 'maxDepth=70', deep);
  assert.equal(dump.status, 0, dump.stderr);
  assert.equal(dump.stderr, '');
  assert.match(dump.stdout, /\[innermost\]/);
  // Written back as deep as it was read (the writer's nesting check follows the limit), and modified.
  const out = join(dir, 'out.dcm');
  const convert = cli('convert', '--limit', 'maxDepth=70', '-t', 'explicit-le', deep, out);
  assert.equal(convert.status, 0, convert.stderr);
  assert.match(cli('dump', '--limit', 'maxDepth=70', out).stdout, /\[innermost\]/);
  const modify = cli('modify', '--limit', 'maxDepth=70', deep, '--set', 'PatientName=X', '--out', join(dir, 'modified'));
  assert.equal(modify.status, 0, modify.stderr);
  const validate = cli('validate', '--json', '--limit', 'maxDepth=70', deep);
  const report = (JSON.parse(validate.stdout) as { reports: { findings: { message: string }[] }[] }).reports[0]!;
  assert.equal(report.findings.some((f) => /maxDepth/.test(f.message)), false, validate.stdout);
});

test('--limit lowers a limit (a server\'s stricter reading) for the reader and for what convert deflates', () => {
  const dir = tempDir('limit-lower');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  ds.set('ReferencedImageSequence', Array.from({ length: 20 }, () => new Dataset()));
  ds.set('ImageComments', 'x'.repeat(4000));
  const path = join(dir, 'items.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  const items = cli('dump', '--strict', '--limit', 'maxItems=10', path);
  assert.equal(items.status, 2, items.stderr);
  assert.match(items.stderr, /^error \[LIMIT_EXCEEDED\]: .*more than 10 items in one sequence \(limits\.maxItems\)/);
  const deflated = join(dir, 'deflated.dcm');
  const refused = cli('convert', '--limit', 'maxInflatedLength=1KiB', '-t', 'deflated', path, deflated);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /error \[LIMIT_EXCEEDED\]: .*more than the 1024 a reader inflates/);
  assert.equal(existsSync(deflated), false);
  assert.equal(cli('convert', '-t', 'deflated', path, deflated).status, 0);
  const inflate = cli('dump', '--limit', 'maxInflatedLength=1KiB', deflated);
  assert.equal(inflate.status, 2, inflate.stderr);
  assert.match(inflate.stderr, /error \[LIMIT_EXCEEDED\]: .*inflates to more than 1024 bytes \(limits\.maxInflatedLength\)/);
});

test('--limit refuses a name that is no limit, a value out of range or not a number, before anything is read (exit 2)', () => {
  const dir = tempDir('limit-usage');
  const gone = join(dir, 'gone.dcm');
  for (const [limit, why] of [
    ['maxdepth=3', /"maxdepth" is no limit; the limits are maxValueLength, maxDepth, maxItems, maxElements, maxInflatedLength, maxStreamLength/],
    ['maxDepth=0', /maxDepth must be a whole number from 1 to 256/],
    ['maxDepth=257', /maxDepth must be a whole number from 1 to 256/],
    ['maxValueLength=4GiB', /maxValueLength must be a whole number from 1 to 4294967295/],
    ['maxItems=ten', /NAME=VALUE, VALUE a whole number/],
    ['maxItems', /NAME=VALUE/],
  ] as const) {
    const run = cli('validate', '--limit', limit, gone);
    assert.equal(run.status, 2, limit);
    assert.equal(run.stdout, '', limit);
    assert.match(run.stderr, new RegExp(`^error: option '--limit <name=value>' argument '${limit}' is invalid\\. ${why.source}`), limit);
  }
  // Every command that reads DICOM takes it.
  for (const command of [['dump'], ['convert'], ['validate'], ['modify'], ['deidentify'], ['lesions'], ['export-mesh'], ['send'], ['serve'], ['derive', 'crop'], ['derive', 'lesion-add'], ['derive', 'lesion-remove'], ['derive', 'lesion-list'], ['derive', 'lesion-clear']]) {
    const help = cli(...command, '--help').stdout.replace(/\s+/g, ' ');
    assert.match(help, /--limit <name=value> change a limit of the reader \(repeatable; defaults: maxValueLength 4 GiB, maxDepth 64, maxItems 1000000, maxElements 2000000, maxInflatedLength 1 GiB, maxStreamLength 1 GiB\)/, command.join(' '));
  }
});
