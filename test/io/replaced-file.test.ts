// A file replaced through a temporary file and a rename keeps its owner, group and permissions, whichever writer
// replaces it. Giving a file to another owner takes root: these tests run only as root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { writeFileDurably, writeFileDurablySync } from '../../src/io/durable-write.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { parseObj } from '../../src/mesh/obj-parse.js';
import { writeObjFile } from '../../src/mesh/obj-write.js';
import { StagedFiles } from '../../src/io/staged-files.js';
import { DurableBatch } from '../../src/tbp/durable-batch.js';

const skip = process.getuid?.() !== 0 && 'giving a file to another owner takes root';

const dataset = (): Dataset => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.1');
  return ds;
};

const WRITERS: [string, (path: string) => void | Promise<void>][] = [
  ['writeDicomFile', (path) => writeDicomFile(path, { dataset: dataset() }, { durable: false })],
  ['writeFileDurably', (path) => writeFileDurably(path, Buffer.from('replaced'))],
  ['writeFileDurablySync', (path) => writeFileDurablySync(path, 'replaced', 0o600)],
  ['writeObjFile', (path) => writeObjFile(path, parseObj('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n'))],
  ['DurableBatch', async (path) => {
    const batch = new DurableBatch();
    batch.writeDicom(path, { dataset: dataset() }, EXPLICIT_VR_LE);
    await batch.commit();
  }],
  ['StagedFiles', (path) => {
    const staged = new StagedFiles();
    staged.put(path, 'replaced');
    staged.commit();
  }],
];

test('a file of another user replaced by root stays that user\'s, with its group and permissions', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replaced-owner-'));
  try {
    for (const [name, replace] of WRITERS) {
      const path = join(dir, `${name}.out`);
      writeFileSync(path, 'original');
      chownSync(path, 1234, 1235);
      chmodSync(path, 0o640);
      await replace(path);
      assert.notEqual(readFileSync(path, 'latin1'), 'original', `${name} replaced the file`);
      const { uid, gid, mode } = statSync(path);
      assert.deepEqual({ uid, gid, mode: mode & 0o7777 }, { uid: 1234, gid: 1235, mode: 0o640 }, name);
    }
    // A new file is the writer's own, as before.
    await writeFileDurably(join(dir, 'new.out'), Buffer.from('new'));
    assert.deepEqual([statSync(join(dir, 'new.out')).uid, statSync(join(dir, 'new.out')).gid], [0, 0]);
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('.')).length, 0, 'no temporary file left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every writer writes through a link to the file it names, which the link still names; a device is refused, not replaced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replaced-link-'));
  try {
    for (const [name, replace] of WRITERS) {
      const target = join(dir, `${name}.target`);
      const link = join(dir, `${name}.link`);
      writeFileSync(target, 'original');
      symlinkSync(`${name}.target`, link);
      await replace(link);
      assert.ok(lstatSync(link).isSymbolicLink(), `${name}: the link stays a link`);
      assert.equal(readlinkSync(link), `${name}.target`);
      assert.notEqual(readFileSync(target, 'latin1'), 'original', `${name}: the file the link names is written`);
      // /dev/null as root would otherwise be renamed over: a character device, not a file to replace.
      await assert.rejects(async () => replace('/dev/null'), { code: 'INVALID_ARGUMENT', message: /not a regular file/ }, name);
      assert.ok(statSync('/dev/null').isCharacterDevice(), `${name}: /dev/null is still the device`);
    }
    assert.equal(readdirSync(dir).filter((f) => f.startsWith('.')).length, 0, 'no temporary file left');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
