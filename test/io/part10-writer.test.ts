import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { DicomError } from '../../src/core/errors.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';

test('a failed write names the file asked for, not the hidden temporary file', () => {
  const path = join('/nonexistent-folder', 'out.dcm');
  const ds = new Dataset();
  ds.set('SOPInstanceUID', '2.25.1');
  assert.throws(() => writeDicomFile(path, { dataset: ds }), (e: unknown) =>
    e instanceof DicomError && e.file === path && !/\.tmp/.test(e.message) && e.message.includes(path));
});
