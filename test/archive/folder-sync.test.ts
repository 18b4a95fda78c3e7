// Folder fsyncs shared by objects renamed meanwhile; spare temporary files made ahead and never counted as partial.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { closeSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { FolderSyncs } from '../../src/archive/folder-sync.js';
import { TempFiles } from '../../src/archive/temp-files.js';
import { tempDir } from '../net/helpers.js';

test('fsyncs asked for while one runs share the next one', async () => {
  const t = tempDir('folder-sync');
  try {
    const syncs = new FolderSyncs();
    const first = syncs.sync(t.dir);
    const second = syncs.sync(t.dir);
    const third = syncs.sync(t.dir);
    assert.notEqual(first, second, 'the running fsync may have started before the second rename');
    assert.equal(second, third);
    await Promise.all([first, second, third]);
    assert.notEqual(syncs.sync(t.dir), second, 'once done, a new one starts');
    syncs.close();
  } finally {
    t.cleanup();
  }
});

test('a folder that cannot be flushed fails the objects waiting on it, and the others go on', async () => {
  const t = tempDir('folder-sync');
  try {
    const syncs = new FolderSyncs();
    await assert.rejects(syncs.sync(join(t.dir, 'gone')), { code: 'ENOENT' });
    await syncs.sync(t.dir);
    syncs.close();
  } finally {
    t.cleanup();
  }
});

test('spare temporary files are made ahead and are not partial objects', async () => {
  const t = tempDir('temp-files');
  try {
    const dir = join(t.dir, 'incoming');
    mkdirSync(dir);
    const files = new TempFiles(dir);
    const first = files.take();
    files.refill();
    assert.deepEqual(files.partial(), [first.path.slice(dir.length + 1)]);
    const settle = async (count: number): Promise<void> => {
      for (let i = 0; i < 400 && readdirSync(dir).length !== count; i++) await new Promise((r) => setTimeout(r, 5));
    };
    await settle(5);
    assert.deepEqual(files.partial(), [first.path.slice(dir.length + 1)]);
    files.take();
    assert.equal(files.partial().length, 2);
    files.close();
    await settle(2);
    assert.equal(readdirSync(dir).length, 2, 'closing removes the spares (those being made when they are), not the files taken');
  } finally {
    t.cleanup();
  }
});

test('opening the incoming folder again removes what a finished run left, not what an open one receives into', async () => {
  const t = tempDir('temp-files-shared');
  try {
    const dir = join(t.dir, 'incoming');
    mkdirSync(dir);
    // left by runs that ended: a process that no longer runs, a file of another program
    writeFileSync(join(dir, `${2 ** 22 + 7}-0badcafe-1.part`), 'x');
    writeFileSync(join(dir, 'stray.tmp'), 'x');
    const first = new TempFiles(dir);
    assert.deepEqual(readdirSync(dir), []);
    const receiving = first.take();
    const second = new TempFiles(dir);
    assert.deepEqual(readdirSync(dir), [receiving.path.slice(dir.length + 1)], 'the open archive keeps the file it receives into');
    const other = second.take();
    first.close();
    second.close();
    closeSync(receiving.fd);
    closeSync(other.fd);
    // both closed: a third opening clears their leftovers
    new TempFiles(dir).close();
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    t.cleanup();
  }
});
