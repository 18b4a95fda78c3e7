// Listing the files below a folder, and the files that command-line paths name (dump, lesions, validate, send, the
// edit commands).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DicomError } from '../../src/core/errors.js';
import { filesBelow, inputFiles } from '../../src/io/list-files.js';

test('files at any depth in name order, links followed, hidden entries left out, a dangling link listed for the command to report', () => {
  const root = mkdtempSync(join(tmpdir(), 'list-files-'));
  try {
    const elsewhere = mkdtempSync(join(tmpdir(), 'list-files-target-'));
    try {
      mkdirSync(join(root, 'b', 'c'), { recursive: true });
      writeFileSync(join(root, 'b', 'c', 'deep.dcm'), 'x');
      writeFileSync(join(root, 'a.dcm'), 'x');
      writeFileSync(join(root, '.a.dcm.tmp'), 'x');
      writeFileSync(join(elsewhere, 'linked.dcm'), 'x');
      symlinkSync(join(elsewhere, 'linked.dcm'), join(root, 'd.dcm'));
      symlinkSync(elsewhere, join(root, 'e'));
      symlinkSync(join(root, 'missing'), join(root, 'f.dcm'));
      symlinkSync('g.dcm', join(root, 'g.dcm')); // a link to itself names no file, dangling or not
      assert.deepEqual(filesBelow(root).map((p) => p.slice(root.length + 1)), ['a.dcm', 'b/c/deep.dcm', 'd.dcm', 'e/linked.dcm', 'f.dcm']);
      assert.deepEqual(filesBelow(root, 2).length, 2);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('command-line paths: files in the order given, folders walked, missing paths kept or refused', () => {
  const root = mkdtempSync(join(tmpdir(), 'input-files-'));
  try {
    mkdirSync(join(root, 'dir', 'sub'), { recursive: true });
    writeFileSync(join(root, 'dir', 'sub', 'b.dcm'), 'x');
    writeFileSync(join(root, 'dir', 'a.dcm'), 'x');
    writeFileSync(join(root, 'dir', '.hidden'), 'x');
    writeFileSync(join(root, 'z.dcm'), 'x');
    const missing = join(root, 'missing.dcm');
    const { files, several } = inputFiles([join(root, 'z.dcm'), missing, join(root, 'dir')]);
    assert.deepEqual(files, [
      { path: join(root, 'z.dcm'), relative: 'z.dcm' },
      { path: missing, relative: 'missing.dcm', absent: new DicomError('IO', 'no such file or directory', { file: missing }) },
      { path: join(root, 'dir', 'a.dcm'), relative: 'a.dcm', folder: join(root, 'dir') },
      { path: join(root, 'dir', 'sub', 'b.dcm'), relative: join('sub', 'b.dcm'), folder: join(root, 'dir') },
    ]);
    assert.equal(several, true);
    assert.equal(inputFiles([join(root, 'z.dcm')]).several, false);
    assert.equal(inputFiles([missing]).several, false);
    assert.throws(() => inputFiles([join(root, 'z.dcm'), missing], { mustExist: true }), (e: unknown) =>
      e instanceof DicomError && e.code === 'IO' && e.file === missing && e.message === 'no such file or directory');
    // A file where a folder should be is named, whatever the command.
    assert.throws(() => inputFiles([join(root, 'z.dcm', 'x.dcm')]), (e: unknown) =>
      e instanceof DicomError && e.code === 'IO' && e.file === join(root, 'z.dcm', 'x.dcm') && e.message === 'cannot read: not a directory (ENOTDIR)');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file named twice, or named and below a folder named, is listed once; a link into a loop is left out', () => {
  const root = mkdtempSync(join(tmpdir(), 'input-files-once-'));
  try {
    mkdirSync(join(root, 'dir'));
    writeFileSync(join(root, 'dir', 'a.dcm'), 'x');
    writeFileSync(join(root, 'dir', 'b.dcm'), 'x');
    symlinkSync('loop', join(root, 'dir', 'loop'));
    const a = join(root, 'dir', 'a.dcm');
    const { files, several } = inputFiles([a, join(root, 'dir', '.', 'a.dcm'), join(root, 'dir'), a]);
    assert.deepEqual(files, [
      { path: a, relative: 'a.dcm' },
      { path: join(root, 'dir', 'b.dcm'), relative: 'b.dcm', folder: join(root, 'dir') },
    ]);
    assert.equal(several, true);
    assert.deepEqual(inputFiles([a, a]), { files: [{ path: a, relative: 'a.dcm' }], several: false });
    // Named relatively and absolutely: one file. Another file of the same name elsewhere: kept.
    mkdirSync(join(root, 'other'));
    const other = join(root, 'other', 'a.dcm');
    writeFileSync(other, 'x');
    assert.deepEqual(inputFiles([other, relative(process.cwd(), a), a, join(root, 'other', '..', 'dir', 'a.dcm')]).files.map((f) => f.path), [other, relative(process.cwd(), a)]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a link to a folder above it, or to a folder already walked, does not list the same files again', () => {
  const root = mkdtempSync(join(tmpdir(), 'list-files-cycle-'));
  try {
    mkdirSync(join(root, 'sl'));
    writeFileSync(join(root, 'sl', 'ct.dcm'), 'x');
    symlinkSync('..', join(root, 'sl', 'up'));
    symlinkSync(join(root, 'sl'), join(root, 'sl', 'self'));
    symlinkSync(join(root, 'sl'), join(root, 'twin'));
    assert.deepEqual(filesBelow(join(root, 'sl')), [join(root, 'sl', 'ct.dcm')]);
    assert.deepEqual(filesBelow(root), [join(root, 'sl', 'ct.dcm')]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder with no files in it, at any depth (hidden entries aside), stands for no file: kept marked absent, or refused', () => {
  const root = mkdtempSync(join(tmpdir(), 'input-files-empty-'));
  try {
    const [empty, hollow, file] = [join(root, 'empty'), join(root, 'hollow'), join(root, 'a.dcm')];
    mkdirSync(empty);
    mkdirSync(join(hollow, 'sub'), { recursive: true });
    writeFileSync(join(hollow, 'sub', '.a.dcm.tmp'), 'x');
    writeFileSync(file, 'x');
    const why = (folder: string) => new DicomError('INVALID_ARGUMENT', 'a folder with no files in it, at any depth (hidden ".name" entries are left out)', { file: folder });
    // A folder makes a list even when it stands for no file.
    assert.deepEqual(inputFiles([empty, file, hollow]), {
      files: [
        { path: empty, relative: 'empty', absent: why(empty) },
        { path: file, relative: 'a.dcm' },
        { path: hollow, relative: 'hollow', absent: why(hollow) },
      ],
      several: true,
    });
    for (const folder of [empty, hollow]) {
      assert.throws(() => inputFiles([file, folder], { mustExist: true }), (e: unknown) =>
        e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.describe() === `${folder}: ${why(folder).message}`);
    }
    // A folder whose files are all listed already (named before it) is not empty: it adds nothing, without a word.
    assert.deepEqual(inputFiles([file, root]).files.map((f) => f.path), [file]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('with streams, "-" is standard input and a pipe is a file; without, "-" is a path like any and a pipe is refused, named', { skip: process.platform === 'win32' }, () => {
  const root = mkdtempSync(join(tmpdir(), 'list-files-'));
  try {
    const fifo = join(root, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assert.deepEqual(inputFiles(['-', fifo], { streams: true }), {
      files: [{ path: '-', relative: '-' }, { path: fifo, relative: 'pipe' }],
      several: true,
    });
    const notFile = new DicomError('INVALID_ARGUMENT', 'not a regular file (a pipe, socket or device): this command reads its inputs at offsets or writes beside them; save the data to a file first', { file: fifo });
    assert.deepEqual(inputFiles([fifo]).files, [{ path: fifo, relative: 'pipe', absent: notFile }]);
    assert.throws(() => inputFiles([fifo], { mustExist: true }), (e: unknown) => e instanceof DicomError && e.describe() === `${fifo}: ${notFile.message}`);
    assert.throws(() => inputFiles(['-'], { mustExist: true }), (e: unknown) => e instanceof DicomError && e.file === '-');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
