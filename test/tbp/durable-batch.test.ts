import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { DurableBatch, type CommitFlush } from '../../src/tbp/durable-batch.js';
import { WRITE_BACK_STEP } from '../../src/io/write-back.js';
import { removeDeadTemporaries } from '../../src/io/temporary-files.js';
import { tempDir } from './tools.js';

function object(n: number, pixelBytes = 4096): { dataset: Dataset } {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', `2.25.${n}`);
  ds.set('PatientID', `P${n}`);
  ds.set('PixelData', Buffer.alloc(pixelBytes, n), 'OB');
  return { dataset: ds };
}

/**
 * Writes `count` objects through a batch that starts a background flush every 10 KB, then commits; before the commit,
 * only the files that were there already are visible.
 */
async function writeBatch(dir: string, count: number): Promise<{ paths: string[]; flush: CommitFlush | undefined; backgroundFlushes: number }> {
  const batch = new DurableBatch(10_000);
  const paths = Array.from({ length: count }, (_, n) => join(dir, `${n}.dcm`));
  const before = paths.filter(existsSync);
  paths.forEach((p, n) => batch.writeDicom(p, object(n), EXPLICIT_VR_LE));
  assert.deepEqual(paths.filter(existsSync), before, 'nothing new is visible before the commit');
  const flush = await batch.commit();
  return { paths, flush, backgroundFlushes: batch.backgroundFlushes };
}

test('a batch writes every object whole, in place only after the commit, with background flushes along the way', async () => {
  const dir = tempDir('batch');
  writeFileSync(join(dir, '3.dcm'), 'an older file, replaced whole');
  const { paths, flush, backgroundFlushes } = await writeBatch(dir, 12);
  assert.equal(flush, 'file system', 'many files: one syncfs');
  assert.equal(backgroundFlushes, 4, 'one each third object: 10 KB passed');
  assert.notEqual(readFileSync(paths[3]!, 'latin1'), 'an older file, replaced whole');
  paths.forEach((p, n) => assert.equal(readDicomFile(p).dataset.getString('PatientID'), `P${n}`));
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temporary file left');
});

test('a few files are flushed each, without a sync process, the folders made for them too', async () => {
  const dir = tempDir('batch-few');
  const batch = new DurableBatch();
  const path = process.env.PATH;
  // Where `sync` cannot be started, only the per-file flush can have made the commit.
  process.env.PATH = join(dir, 'no-such-bin');
  try {
    batch.writeDicom(join(dir, 'study', 'series', 'a.dcm'), object(1), EXPLICIT_VR_LE);
    batch.writeDicom(join(dir, 'b.dcm'), object(2), EXPLICIT_VR_LE);
    assert.equal(await batch.commit(), 'each file');
  } finally {
    process.env.PATH = path;
  }
  assert.equal(readDicomFile(join(dir, 'study', 'series', 'a.dcm')).dataset.getString('PatientID'), 'P1');
  assert.equal(readDicomFile(join(dir, 'b.dcm')).dataset.getString('PatientID'), 'P2');
});

test('a large file, flushed as it is written, does not count towards a background flush', async () => {
  const dir = tempDir('batch-large');
  const batch = new DurableBatch(10_000);
  batch.writeDicom(join(dir, 'large.dcm'), object(1, WRITE_BACK_STEP + 2), EXPLICIT_VR_LE);
  assert.equal(batch.backgroundFlushes, 0);
  batch.writeDicom(join(dir, 'small.dcm'), object(2, 12_000), EXPLICIT_VR_LE);
  assert.equal(batch.backgroundFlushes, 1);
  assert.equal(await batch.commit(), 'each file');
  assert.equal(readDicomFile(join(dir, 'large.dcm')).dataset.bytes('PixelData')!.length, WRITE_BACK_STEP + 2);
});

test('without a sync command the batch still commits (an fsync per file), and background flushes fail quietly', async () => {
  const dir = tempDir('batch-nosync');
  const path = process.env.PATH;
  process.env.PATH = join(dir, 'no-such-bin');
  try {
    const { paths, flush } = await writeBatch(dir, 12);
    assert.equal(flush, 'each file');
    paths.forEach((p, n) => assert.equal(readDicomFile(p).dataset.getString('SOPInstanceUID'), `2.25.${n}`));
  } finally {
    process.env.PATH = path;
  }
});

test('an aborted batch leaves nothing behind: no temporary file, and none of the folders it made', () => {
  const dir = tempDir('batch-abort');
  mkdirSync(join(dir, 'mine'));
  const batch = new DurableBatch(10_000);
  for (let n = 0; n < 4; n++) batch.writeDicom(join(dir, `${n}.dcm`), object(n), EXPLICIT_VR_LE);
  batch.writeDicom(join(dir, 'study', 'series', 'a.dcm'), object(5), EXPLICIT_VR_LE);
  batch.writeDicom(join(dir, 'mine', 'series', 'b.dcm'), object(6), EXPLICIT_VR_LE);
  batch.abort();
  assert.deepEqual(readdirSync(dir), ['mine'], 'the folder that was there stays');
  assert.deepEqual(readdirSync(join(dir, 'mine')), []);
});

test('a batch removes the temporaries of ended runs from a folder at its first file there, and leaves those of running ones and every other name', async () => {
  const dir = tempDir('batch-dead-temporaries');
  const running = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    const ended = spawnSync('true').pid!;
    const temporary = (n: number, pid: number): string => `.2.25.${n}.dcm.${pid}-0123456789ab${n}.tmp`;
    const kept = [
      temporary(1, running.pid!), // a running process's
      '.2.25.2.dcm.0123456789ab1.tmp', // an earlier release's name, without a process id
      `${temporary(3, ended)}.keep`,
      temporary(4, ended).slice(1), // not hidden
      `.2.25.5.dcm.${ended}-0123456789a.tmp`, // a tag too short, no counter
    ];
    const removed = [temporary(6, ended), temporary(7, process.pid)]; // an ended process's; one that had this process's id
    for (const name of [...kept, ...removed]) writeFileSync(join(dir, name), 'x');
    mkdirSync(join(dir, temporary(8, ended)));
    kept.push(temporary(8, ended)); // a folder

    const batch = new DurableBatch();
    batch.writeDicom(join(dir, '0.dcm'), object(0), EXPLICIT_VR_LE);
    const mine = readdirSync(dir).find((name) => name.startsWith('.0.dcm.'))!;
    const hidden = (): string[] => readdirSync(dir).filter((name) => name.includes('0123456789a') || name === mine).sort();
    assert.deepEqual(hidden(), [...kept, mine].sort());
    // Once per folder and process: a later file there, of this batch or another, does not read the folder again.
    writeFileSync(join(dir, removed[0]!), 'x');
    batch.writeDicom(join(dir, '1.dcm'), object(1), EXPLICIT_VR_LE);
    const other = new DurableBatch();
    other.writeDicom(join(dir, '9.dcm'), object(9), EXPLICIT_VR_LE);
    assert.ok(existsSync(join(dir, removed[0]!)));
    // A sweep keeps this process's own temporaries: those of imports under way in it.
    removeDeadTemporaries(dir);
    assert.deepEqual(hidden(), [...kept, mine].sort());
    await batch.commit();
    await other.commit();
    [0, 1, 9].forEach((n) => assert.equal(readDicomFile(join(dir, `${n}.dcm`)).dataset.getString('PatientID'), `P${n}`));
  } finally {
    running.kill();
  }
});
