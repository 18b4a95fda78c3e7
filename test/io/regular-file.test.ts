import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomError } from '../../src/core/errors.js';
import { NotAFileError, isOtherThanFile, openRegularFile, refuseUnlessFile, whyNotAFile } from '../../src/io/regular-file.js';

test('a folder or a FIFO is other than a file; a file, or nothing there, is not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regular-file-'));
  const file = join(dir, 'a.dcm');
  writeFileSync(file, 'x');
  assert.equal(isOtherThanFile(file), false);
  assert.equal(isOtherThanFile(join(dir, 'missing.dcm')), false);
  assert.equal(isOtherThanFile(dir), true);
  if (process.platform !== 'win32') {
    const fifo = join(dir, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    // answered without opening it: an open would wait here for a writer
    assert.equal(isOtherThanFile(fifo), true);
  }
  refuseUnlessFile(file, 'unused');
  assert.throws(() => refuseUnlessFile(dir, 'give the image file'), (e: unknown) =>
    e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.file === dir
    && e.message === 'not a regular file (a folder, pipe, socket or device): give the image file');
});

test('why a path is not a file to read: nothing there, something else there, or a path that cannot be looked at', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regular-file-why-'));
  const file = join(dir, 'a.dcm');
  writeFileSync(file, 'x');
  assert.equal(whyNotAFile(file), undefined);
  assert.equal(whyNotAFile(join(dir, 'missing.dcm')), 'no such file or directory');
  assert.equal(whyNotAFile(dir), 'is not a file');
  if (process.platform !== 'win32') {
    symlinkSync('loop', join(dir, 'loop'));
    assert.equal(whyNotAFile(join(dir, 'loop')), 'cannot be looked at: ELOOP');
  }
});

test('openRegularFile opens a file with its status, and says in whyNotAFile\'s words why anything else is refused', { skip: process.platform === 'win32' && 'FIFOs and links' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'open-regular-'));
  try {
    writeFileSync(join(dir, 'a.jpg'), 'twelve bytes');
    const { fd, stat } = openRegularFile(join(dir, 'a.jpg'));
    closeSync(fd);
    assert.equal(stat.size, 12);
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe')]).status, 0);
    symlinkSync('loop', join(dir, 'loop'));
    for (const [name, why] of [['missing.jpg', 'no such file or directory'], ['.', 'is not a file'], ['pipe', 'is not a file'], ['loop', 'cannot be looked at: ELOOP']]) {
      const path = join(dir, name);
      assert.throws(() => openRegularFile(path), (e: unknown) => e instanceof NotAFileError && e.why === why && e.file === path && e.message === why, name);
      assert.equal(whyNotAFile(path), why, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
