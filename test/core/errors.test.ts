import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DicomError, withFile } from '../../src/core/errors.js';

/** The error Node throws for `path`, as a file read meets it. */
function thrownBy(read: () => unknown): unknown {
  try {
    read();
  } catch (e) {
    return e;
  }
  assert.fail('expected the read to throw');
}

test('withFile: a system error is an IO error naming the file', () => {
  const missing = '/nonexistent-folder/x.dcm';
  const error = withFile(thrownBy(() => readFileSync(missing)), missing);
  assert.equal(error.code, 'IO');
  assert.equal(error.describe(), `${missing}: no such file or directory`);
  // Node's file system layer, without a system call (a file over 2 GiB read whole), is the file's fault too
  const tooLarge = Object.assign(new RangeError('File size (3221225472) is greater than 2 GiB'), { code: 'ERR_FS_FILE_TOO_LARGE' });
  assert.equal(withFile(tooLarge, '/big.json').code, 'IO');
});

test('withFile: an error that is not the file\'s (a TypeError) is INTERNAL, says it is a bug and keeps the error it was', () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'getString')");
  const error = withFile(bug, '/a/b.dcm');
  assert.equal(error.code, 'INTERNAL');
  assert.equal(error.describe(), "/a/b.dcm: a bug, not a fault of the input: TypeError: Cannot read properties of undefined (reading 'getString')");
  assert.equal(error.cause, bug);
  // an error with a code that is no system call's (zlib's, a library's) is not taken for one
  assert.equal(withFile(Object.assign(new Error('invalid stored block lengths'), { code: 'Z_DATA_ERROR', errno: -3 }), '/x').code, 'INTERNAL');
  // a DicomError keeps its code, and is given the file when it names none
  const own = new DicomError('BAD_VALUE', 'wrong');
  assert.equal(withFile(own, '/c.dcm'), own);
  assert.equal(own.file, '/c.dcm');
});
