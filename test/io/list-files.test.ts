// Listing the files below a folder, as send, validate, the edit commands and the mesh lookup do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesBelow, isFolder } from '../../src/io/list-files.js';

test('files at any depth in name order, links followed, hidden and dangling entries left out', () => {
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
      assert.deepEqual(filesBelow(root).map((p) => p.slice(root.length + 1)), ['a.dcm', 'b/c/deep.dcm', 'd.dcm', 'e/linked.dcm']);
      assert.deepEqual(filesBelow(root, 2).length, 2);
      assert.equal(isFolder(root), true);
      assert.equal(isFolder(join(root, 'a.dcm')), false);
      assert.equal(isFolder(join(root, 'missing')), false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
