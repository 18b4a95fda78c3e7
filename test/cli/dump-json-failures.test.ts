import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { CLI } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

function secondaryCapture(path: string, comments?: string): string {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', `2.25.${Math.floor(Math.random() * 1e15)}`);
  if (comments) ds.set('ImageComments', comments);
  writeDicomFile(path, { dataset: ds }, { durable: false });
  return path;
}

const FAIL_REOPEN = new URL('../helpers/fail-reopen.js', import.meta.url).href;

test('dump --json of a file whose value on disk can no longer be read prints JSON that parses: the file left out of the array (or its error alone), the error on stderr, exit 2', () => {
  const dir = tempDir('dump-json-eio');
  const first = secondaryCapture(join(dir, 'a.dcm'));
  // A value of 5 MB stays on disk, read from the file opened again when its JSON is made: the disk fails then.
  const failing = secondaryCapture(join(dir, 'failing.dcm'), 'x'.repeat(5_000_000));
  const last = secondaryCapture(join(dir, 'z.dcm'));
  const env = { ...process.env, NODE_OPTIONS: `--import=${FAIL_REOPEN}`, TBP_DICOM_FAIL_REOPEN: 'failing.dcm' };
  const dump = (...paths: string[]) => spawnSync(CLI, ['dump', '--json', ...paths], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const error = `error [IO]: ${failing}: cannot read the values left on disk: i/o error (EIO)\n`;

  // The data set was written up to the value, and the array went on after it.
  const several = dump(first, failing, last);
  assert.equal(several.status, 2, several.stderr);
  const sets = JSON.parse(several.stdout) as Record<string, { Value: string[] }>[];
  assert.deepEqual(sets.map((ds) => ds['00080018']!.Value[0]), [first, last].map((path) => readDicomFile(path).dataset.getString('SOPInstanceUID')));
  assert.equal(several.stderr, error);

  // The data set was begun, then its error printed as a second document.
  const alone = dump(failing);
  assert.equal(alone.status, 2, alone.stderr);
  assert.deepEqual(JSON.parse(alone.stdout), { error: { code: 'IO', message: 'cannot read the values left on disk: i/o error (EIO)', file: failing } });
  assert.equal(alone.stderr, error);
});
