// The archive without the network: commit, duplicates that move, refusal statuses, recovery after an unclean stop.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, dirname, join, relative, sep } from 'node:path';
import fs, { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import Database from 'better-sqlite3';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Archive, StoreRefused, encodeMetaHeader, fastMetaHeader, slowMetaHeader } from '../../src/archive/archive.js';
import { DicomError } from '../../src/core/errors.js';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { buildSurfaceScanMesh } from '../../src/iod/builders/surface-scan-mesh.js';
import { code as codeOf } from '../../src/iod/codes/code.js';
import { datasetBytes, newUid, tempDir, writeTestObject } from '../net/helpers.js';
import { EXPLICIT, SC, dieUnclean, placeInArchive, receive, withArchive } from './helpers.js';


test('commit, a duplicate that moved series, and refusals', () => withArchive('archive', {}, async (a, _dir, t) => {
  const uid = newUid();
  const f1 = join(t.dir, '1.dcm');
  const f2 = join(t.dir, '2.dcm');
  writeTestObject(f1, { sopInstanceUid: uid });
  writeTestObject(f2, { sopInstanceUid: uid, patientName: 'Moved^Patient' });
  const first = await receive(a, f1, uid);
  assert.equal(first.replaced, false);
  assert.ok(datasetBytes(first.path).equals(datasetBytes(f1)));
  const second = await receive(a, f2, uid);
  assert.equal(second.replaced, true);
  assert.equal(second.replacedPath, first.path);
  assert.equal(existsSync(first.path), false);
  assert.deepEqual(a.counts(), { patients: 1, studies: 1, series: 1, instances: 1 });
  assert.equal(a.instance(uid)!.patientName, 'Moved^Patient');
  // a data set that does not match the request
  const other = newUid();
  await assert.rejects(receive(a, f1, other), (e: unknown) => e instanceof StoreRefused && e.status === 0xa900);
  // garbage
  const g = a.begin({ sopClassUid: SC, sopInstanceUid: other, transferSyntaxUid: EXPLICIT });
  g.write(Buffer.from('this is not a data set at all!'));
  await assert.rejects(g.commit(), (e: unknown) => e instanceof StoreRefused && e.status === 0xc000);
  // an empty data set under the stored object's UID: refused, and the stored object stays
  const empty = a.begin({ sopClassUid: SC, sopInstanceUid: uid, transferSyntaxUid: EXPLICIT });
  await assert.rejects(empty.commit(), (e: unknown) => e instanceof StoreRefused && e.status === 0xc000 && /no SOP Class UID and no SOP Instance UID/.test(e.message));
  assert.ok(datasetBytes(second.path).equals(datasetBytes(f2)));
  assert.equal(a.instance(uid)!.patientName, 'Moved^Patient');
  assert.deepEqual(a.partialFiles(), []);
}));

test('the same instance stored into two studies at once: whichever is indexed last has its file', () => withArchive('archive-race', {}, async (a, _dir, t) => {
  const uid = newUid();
  const f1 = join(t.dir, '1.dcm');
  const f2 = join(t.dir, '2.dcm');
  writeTestObject(f1, { sopInstanceUid: uid, pixelBytes: 1000 });
  writeTestObject(f2, { sopInstanceUid: uid, pixelBytes: 1000 });
  await receive(a, f1, uid);
  for (let round = 0; round < 20; round++) {
    // Each commit's folder sync lets the other rename and index its copy before the first removes the replaced file.
    await Promise.all([receive(a, f2, uid), receive(a, f1, uid)]);
    const indexed = a.instance(uid)!;
    assert.ok(existsSync(join(t.dir, 'a', indexed.path)), `round ${round}: the indexed file ${indexed.path} is there`);
  }
}));

test('after an unclean stop, or into a new index, files the index lacks are indexed at open', () => withArchive('archive-recover', {}, (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const { sopInstanceUid, studyUid, seriesUid } = writeTestObject(f);
  // simulate: the process died after the rename, before the index commit (the index is never closed)
  const rel = a.relativePath(studyUid, seriesUid, sopInstanceUid);
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  copyFileSync(f, join(dir, rel));
  dieUnclean(a);
  const b = Archive.open(dir);
  assert.equal(b.recovered, 1);
  assert.ok(b.instance(sopInstanceUid));
  b.close();
  const c = Archive.open(dir);
  assert.equal(c.recovered, 0, 'a clean close needs no scan');
  c.close();
  // The index deleted (or, damaged, replaced): a new one is filled in from the files.
  for (const f of readdirSync(dir).filter((n) => n.startsWith('index.sqlite'))) rmSync(join(dir, f));
  const d = Archive.open(dir);
  assert.equal(d.recovered, 1);
  assert.ok(d.instance(sopInstanceUid));
  d.close();
}));

test('a re-sent instance that moves to another study and patient leaves no empty rows or folders behind', () => withArchive('archive-move', {}, async (a, _dir, t) => {
  const uid = newUid();
  const f1 = join(t.dir, '1.dcm');
  const f2 = join(t.dir, '2.dcm');
  const first = writeTestObject(f1, { sopInstanceUid: uid, patientId: 'P1' });
  writeTestObject(f2, { sopInstanceUid: uid, patientId: 'P2' });
  const stored = await receive(a, f1, uid);
  await receive(a, f2, uid);
  assert.deepEqual(a.counts(), { patients: 1, studies: 1, series: 1, instances: 1 });
  assert.equal(a.instance(uid)!.patientId, 'P2');
  assert.equal(existsSync(dirname(dirname(stored.path))), false, 'the emptied study folder is removed');
  // the removed folders are made again for the next object of that study
  const f3 = join(t.dir, '3.dcm');
  const third = writeTestObject(f3, { studyUid: first.studyUid, seriesUid: first.seriesUid, patientId: 'P1' });
  assert.ok(existsSync((await receive(a, f3, third.sopInstanceUid)).path));
  assert.deepEqual(a.counts(), { patients: 2, studies: 2, series: 2, instances: 2 });
}));

test('two archives open on one folder (two serve): rows the other removed are written again, so an object of the series it left empty is stored', async () => {
  const t = tempDir('archive-two-open');
  try {
    const dir = join(t.dir, 'a');
    const [study, series, otherSeries, x, y] = [newUid(), newUid(), newUid(), newUid(), newUid()];
    writeTestObject(join(t.dir, 'x.dcm'), { sopInstanceUid: x, studyUid: study, seriesUid: series, patientId: 'P1' });
    writeTestObject(join(t.dir, 'x2.dcm'), { sopInstanceUid: x, studyUid: study, seriesUid: otherSeries, patientId: 'P2' });
    writeTestObject(join(t.dir, 'y.dcm'), { sopInstanceUid: y, studyUid: study, seriesUid: series, patientId: 'P1' });
    const a = Archive.open(dir, { fsync: false });
    const b = Archive.open(dir, { fsync: false });
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    await receive(a, join(t.dir, 'x.dcm'), x);
    await turn();
    // re-sent to the other archive under another series and patient: the series, study and patient rows x was in go
    await receive(b, join(t.dir, 'x2.dcm'), x);
    await turn();
    const stored = await receive(a, join(t.dir, 'y.dcm'), y);
    await turn();
    assert.equal(a.instance(y)!.absolutePath, stored.path);
    assert.equal(a.instance(y)!.patientId, 'P1');
    assert.deepEqual(b.counts(), { patients: 1, studies: 1, series: 2, instances: 2 }); // the study went back to P1
    a.close();
    b.close();
  } finally {
    t.cleanup();
  }
});

test('an instance naming the series of another study takes none of that series\' instances along', () => withArchive('archive-series-study', {}, async (a, dir, t) => {
  const studyA = newUid();
  const studyB = newUid();
  const series = newUid();
  const [x, y, z] = [newUid(), newUid(), newUid()];
  const file = (name: string, o: Parameters<typeof writeTestObject>[1]): string => {
    const f = join(t.dir, name);
    writeTestObject(f, o);
    return f;
  };
  await receive(a, file('x.dcm', { sopInstanceUid: x, studyUid: studyA, seriesUid: series }), x);
  await receive(a, file('y.dcm', { sopInstanceUid: y, studyUid: studyA, seriesUid: series }), y);
  // Each instance is indexed under the study it was stored under, and its file lies where that study puts it.
  const where = (uid: string, study: string): void => {
    const indexed = a.instance(uid)!;
    assert.equal(indexed.studyUid, study, `${uid}'s study`);
    assert.equal(indexed.path, a.relativePath(study, series, uid).split(sep).join('/'));
    assert.ok(existsSync(indexed.absolutePath));
  };
  // X re-sent with its study corrected: Y stays in study A
  await receive(a, file('x2.dcm', { sopInstanceUid: x, studyUid: studyB, seriesUid: series }), x);
  where(x, studyB);
  where(y, studyA);
  assert.deepEqual(a.counts(), { patients: 1, studies: 2, series: 2, instances: 2 });
  // a new instance of the series under study B: neither X nor Y moves
  await receive(a, file('z.dcm', { sopInstanceUid: z, studyUid: studyB, seriesUid: series }), z);
  where(x, studyB);
  where(y, studyA);
  where(z, studyB);
  // X back in study A: study B keeps Z; Y is not dragged along either
  await receive(a, file('x.dcm', { sopInstanceUid: x, studyUid: studyA, seriesUid: series }), x);
  where(x, studyA);
  where(y, studyA);
  where(z, studyB);
  assert.deepEqual(a.counts(), { patients: 1, studies: 2, series: 2, instances: 3 });
  // Z, the last of study B, moved to study A: study B's rows and folders go
  await receive(a, file('z2.dcm', { sopInstanceUid: z, studyUid: studyA, seriesUid: series }), z);
  where(z, studyA);
  assert.deepEqual(a.counts(), { patients: 1, studies: 1, series: 1, instances: 3 });
  assert.equal(existsSync(join(dir, a.relativePath(studyB, series, z), '..', '..')), false, "study B's emptied folder is removed");
}));

/**
 * One instance as two files in `root` (1.dcm, then 2.dcm of another study, as a re-send that moved it), for an archive
 * in `root`/a.
 */
function reSentInstance(root: string) {
  const uid = newUid();
  const f1 = join(root, '1.dcm');
  const f2 = join(root, '2.dcm');
  writeTestObject(f1, { sopInstanceUid: uid });
  return { dir: join(root, 'a'), uid, f1, f2, second: writeTestObject(f2, { sopInstanceUid: uid }) };
}

test('two copies of a re-sent instance left by a crash: the newer is kept at open, the older removed, whichever the index named', async () => {
  const t = tempDir('archive-two-copies');
  try {
    const { dir, uid, f1, f2, second } = reSentInstance(t.dir);
    const past = new Date(Date.now() - 60_000);
    // The index committed the new study's copy; the process died before removing the old one.
    let a = Archive.open(dir);
    const old = await receive(a, f1, uid);
    const moved = await receive(a, f2, uid);
    mkdirSync(dirname(old.path), { recursive: true });
    copyFileSync(f1, old.path);
    utimesSync(old.path, past, past);
    a.index.commitTurn();
    dieUnclean(a);
    for (let restart = 0; restart < 2; restart++) {
      a = Archive.open(dir);
      assert.equal(a.recovered, 0);
      assert.equal(a.instance(uid)!.absolutePath, moved.path);
      assert.equal(existsSync(old.path), false, 'the older copy is removed');
      dieUnclean(a); // unclean again
    }
    // The process died after the rename, before the index commit: the index still names the old copy.
    const b = Archive.open(join(t.dir, 'b'));
    const kept = await receive(b, f1, uid);
    utimesSync(kept.path, past, past);
    const newer = join(t.dir, 'b', b.relativePath(second.studyUid, second.seriesUid, uid));
    mkdirSync(dirname(newer), { recursive: true });
    copyFileSync(f2, newer);
    b.index.commitTurn();
    dieUnclean(b);
    const stats = mock.method(fs, 'statSync');
    syncBuiltinESMExports();
    let c: Archive;
    try {
      c = Archive.open(join(t.dir, 'b'));
    } finally {
      stats.mock.restore();
      syncBuiltinESMExports();
    }
    assert.equal(stats.mock.calls.filter((call) => call.arguments[0] === newer).length, 1, 'the newer copy is statted once');
    assert.equal(c.recovered, 1);
    assert.equal(c.instance(uid)!.absolutePath, newer);
    assert.equal(existsSync(kept.path), false);
    assert.deepEqual(c.counts(), { patients: 1, studies: 1, series: 1, instances: 1 });
    c.close();
  } finally {
    t.cleanup();
  }
});

test('two copies of one instance of the same modification time: the indexed one stays, into a new index the first by path whatever order the folders are listed in, and the other is left in place and named', async () => {
  const t = tempDir('archive-same-mtime');
  try {
    const { dir, uid, f1, f2, second } = reSentInstance(t.dir);
    // The index names the first copy; the second, of the same time (one tick of the clock, or copied with cp -p), lies
    // in another study.
    const a = Archive.open(dir);
    const indexed = (await receive(a, f1, uid)).path;
    const other = join(dir, a.relativePath(second.studyUid, second.seriesUid, uid));
    mkdirSync(dirname(other), { recursive: true });
    copyFileSync(f2, other);
    const when = new Date(Date.now() - 60_000);
    utimesSync(indexed, when, when);
    utimesSync(other, when, when);
    a.index.commitTurn();
    dieUnclean(a);
    const named = (b: Archive, path: string): void => {
      assert.deepEqual(b.unreadable.map((u) => u.file), [path]);
      assert.match(b.unreadable[0]!.reason, /another copy of SOP Instance UID .*, has the same modification time, so which was received last cannot be told/);
    };
    let b = Archive.open(dir);
    assert.equal(b.instance(uid)!.absolutePath, indexed);
    assert.ok(existsSync(other), 'the copy that cannot be told older is not removed');
    named(b, other);
    b.close();
    // Into a new index neither is indexed: the first by path is, however the file system lists the folders.
    const [first, last] = [indexed, other].sort();
    for (const listing of ['as listed', 'reversed']) {
      for (const f of readdirSync(dir).filter((n) => n.startsWith('index.sqlite'))) rmSync(join(dir, f));
      const real = fs.readdirSync;
      const reversed = mock.method(fs, 'readdirSync', (...args: Parameters<typeof real>) => (listing === 'reversed' ? [...real(...args)].reverse() : real(...args)));
      syncBuiltinESMExports();
      try {
        b = Archive.open(dir);
      } finally {
        reversed.mock.restore();
        syncBuiltinESMExports();
      }
      assert.equal(b.instance(uid)!.absolutePath, first, listing);
      assert.ok(existsSync(first) && existsSync(last), listing);
      named(b, last!);
      b.close();
    }
  } finally {
    t.cleanup();
  }
});

test('the direct meta header encoder writes the same bytes as the general one', () => {
  for (const info of [
    { sopClassUid: SC, sopInstanceUid: '1.2.3.4', transferSyntaxUid: EXPLICIT, sourceAeTitle: 'STORESCU' },
    { sopClassUid: SC, sopInstanceUid: '1.2.3.45', transferSyntaxUid: '1.2.840.10008.1.2', sourceAeTitle: 'ODD' },
    { sopClassUid: SC, sopInstanceUid: newUid(), transferSyntaxUid: '1.2.840.10008.1.2.4.50' },
    { sopClassUid: SC, sopInstanceUid: '2.25.1', transferSyntaxUid: EXPLICIT, sourceAeTitle: 'A' },
  ]) {
    const fast = fastMetaHeader(info);
    assert.ok(fast);
    assert.ok(fast.equals(slowMetaHeader(info)), JSON.stringify(info));
  }
  assert.equal(fastMetaHeader({ sopClassUid: SC, sopInstanceUid: 'not a uid', transferSyntaxUid: EXPLICIT }), undefined);
});

test('a SOP Instance UID that breaks the UID rules but is printable is filed as received (as storescp does); others are refused', () => {
  const header = encodeMetaHeader({ sopClassUid: SC, sopInstanceUid: '1.2.3.700.1a', transferSyntaxUid: EXPLICIT });
  assert.ok(header.includes(Buffer.from('UI\x0c\x001.2.3.700.1a', 'latin1')));
  for (const sopInstanceUid of ['1.2.3 4', '1.2.3.\u00e9', '1.2\\3']) {
    assert.throws(() => encodeMetaHeader({ sopClassUid: SC, sopInstanceUid, transferSyntaxUid: EXPLICIT }), DicomError, sopInstanceUid);
  }
});

test('two SOP Instance UIDs that read alike once made a file name are filed apart: neither overwrites the other', () => withArchive('archive', {}, async (a, _dir, t) => {
  const study = newUid();
  const series = newUid();
  // the last two would be hidden from the folder walk at open (a leading dot, a study folder in .incoming)
  const uids = ['1.2.3.700/1', '1.2.3.700+1', '1.2.3.700_1', '_1.2.3.700_1', '.1.2.3.700', '..'];
  const stored = [];
  for (const [i, uid] of uids.entries()) {
    const f = join(t.dir, `${i}.dcm`);
    writeTestObject(f, { studyUid: study, seriesUid: series, patientName: `P${i}` });
    // our writer refuses such a UID; dcmodify writes it, as a sender's file may carry it
    const studyUid = i === uids.length - 1 ? '.incoming' : study;
    execFileSync('dcmodify', ['-nb', '-m', `(0008,0018)=${uid}`, '-m', `(0020,000D)=${studyUid}`, f]);
    stored.push(await receive(a, f, uid));
  }
  assert.equal(new Set(stored.map((s) => s.path)).size, uids.length);
  assert.ok(stored.every((s) => !s.replaced));
  for (const [i, uid] of uids.entries()) {
    assert.ok(datasetBytes(a.instance(uid)!.absolutePath).equals(datasetBytes(join(t.dir, `${i}.dcm`))), uid);
  }
  assert.equal(a.counts().instances, uids.length);
  assert.deepEqual(a.unindexedFiles(), []);
  a.close();
  // after an unclean stop (a new index), each file is indexed under its own UID again
  rmSync(join(t.dir, 'a', 'index.sqlite'));
  const b = Archive.open(join(t.dir, 'a'));
  assert.equal(b.recovered, uids.length);
  for (const uid of uids) assert.equal(b.instance(uid)!.absolutePath, stored[uids.indexOf(uid)]!.path);
  b.close();
}));

test('reindex (serve --reindex) after a clean close: an object whose file was deleted by hand leaves the index with its empty series, study and patient rows, and a file added by hand is indexed', () => withArchive('archive-reindex', { fsync: false }, async (a, dir, t) => {
  const kept = join(t.dir, 'kept.dcm');
  const deleted = join(t.dir, 'deleted.dcm');
  const keptIds = writeTestObject(kept);
  const deletedIds = writeTestObject(deleted);
  await receive(a, kept, keptIds.sopInstanceUid);
  const gone = await receive(a, deleted, deletedIds.sopInstanceUid);
  a.close();
  rmSync(gone.path);
  const added = join(t.dir, 'added.dcm');
  const addedIds = writeTestObject(added);
  const rel = a.relativePath(addedIds.studyUid, addedIds.seriesUid, addedIds.sopInstanceUid);
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  copyFileSync(added, join(dir, rel));

  const plain = Archive.open(dir, { fsync: false });
  assert.equal(plain.counts().instances, 2, 'a clean open reads no file: both edits are unseen');
  plain.close();
  const b = Archive.open(dir, { fsync: false, reindex: true });
  assert.equal(b.dropped, 1);
  assert.equal(b.recovered, 1);
  assert.equal(b.instance(deletedIds.sopInstanceUid), undefined);
  assert.ok(b.instance(keptIds.sopInstanceUid));
  assert.ok(b.instance(addedIds.sopInstanceUid));
  assert.deepEqual(b.counts(), { patients: 1, studies: 2, series: 2, instances: 2 });
  assert.deepEqual(b.reindex(), { indexed: 0, removed: 0 }, 'a second pass finds nothing to do');
  b.close();
  const c = Archive.open(dir, { fsync: false });
  assert.equal(c.instance(deletedIds.sopInstanceUid), undefined, 'the removal was committed');
  assert.equal(c.counts().instances, 2);
  c.close();
}));

test('reindex reads again an indexed file whose size changed by hand: one cut short leaves the index, named; one replaced by a corrected copy is indexed with its values', () => withArchive('archive-reindex-changed', { fsync: false }, async (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const cutIds = writeTestObject(f);
  const cut = (await receive(a, f, cutIds.sopInstanceUid)).path;
  const fixedIds = writeTestObject(f, { patientName: 'Wrong^Name' });
  const fixed = (await receive(a, f, fixedIds.sopInstanceUid)).path;
  a.close();
  fs.truncateSync(cut, 20_000); // inside its Pixel Data
  writeTestObject(f, { ...fixedIds, patientName: 'Right^Name^Corrected' });
  copyFileSync(f, fixed);
  const b = Archive.open(dir, { fsync: false, reindex: true });
  assert.equal(b.instance(cutIds.sopInstanceUid), undefined, 'a cut file is not handed out as the object it names');
  assert.deepEqual(b.unreadable.map((u) => u.file), [cut]);
  assert.match(b.unreadable[0]!.reason, /cut short/);
  assert.equal(b.instance(fixedIds.sopInstanceUid)?.patientName, 'Right^Name^Corrected');
  assert.equal(b.instance(fixedIds.sopInstanceUid)?.size, fs.statSync(fixed).size);
  assert.equal(b.dropped, 0, 'no file is gone');
  assert.deepEqual(b.counts(), { patients: 1, studies: 1, series: 1, instances: 1 });
  b.close();
}));

test('reindex while another archive on the folder (a second serve) moves an instance to another study: its row, naming the new file, stays as stored', async () => {
  const t = tempDir('archive-reindex-race');
  try {
    const { dir, uid, f1, f2, second } = reSentInstance(t.dir);
    const a = Archive.open(dir, { fsync: false });
    const old = (await receive(a, f1, uid)).path;
    a.index.commitTurn();
    const b = Archive.open(dir, { fsync: false });
    // Between b's listing of the rows and its look at the old file, a stores the re-sent instance in its new study:
    // the file renamed in, the row committed, the old file removed (as Archive.commit does).
    const moved = join(dir, a.relativePath(second.studyUid, second.seriesUid, uid));
    const real = fs.statSync;
    const stats = mock.method(fs, 'statSync', (...args: Parameters<typeof real>) => {
      if (args[0] === old && existsSync(old)) {
        mkdirSync(dirname(moved), { recursive: true });
        copyFileSync(f2, moved);
        a.index.put({ sopInstanceUid: uid, sopClassUid: SC, studyUid: second.studyUid, seriesUid: second.seriesUid, transferSyntaxUid: EXPLICIT,
          path: relative(dir, moved).split(sep).join('/'), size: fs.readFileSync(moved).length, sourceUser: 'alice', receivedAt: new Date().toISOString() },
        readDicomFile(moved).dataset);
        a.index.commitTurn();
        rmSync(old);
      }
      return real(...args);
    });
    syncBuiltinESMExports();
    let result: { indexed: number; removed: number };
    try {
      result = b.reindex();
    } finally {
      stats.mock.restore();
      syncBuiltinESMExports();
    }
    assert.deepEqual(result, { indexed: 0, removed: 0 });
    assert.equal(b.instance(uid)?.absolutePath, moved, 'the instance stays indexed at its new file');
    assert.equal(b.instance(uid)?.sourceUser, 'alice', 'its row is the one stored, not one re-indexed from the file');
    assert.deepEqual(b.counts(), { patients: 1, studies: 1, series: 1, instances: 1 });
    a.close();
    b.close();
  } finally {
    t.cleanup();
  }
});

test('re-indexing while another archive on the folder removes a study folder (the re-sent instance it held went elsewhere): the walk goes on past it', () => withArchive('archive-walk-race', { fsync: false }, (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const gone = writeTestObject(f);
  const goneFolder = join(dir, gone.studyUid);
  mkdirSync(join(goneFolder, gone.seriesUid), { recursive: true });
  const kept = writeTestObject(f);
  const keptPath = join(dir, a.relativePath(kept.studyUid, kept.seriesUid, kept.sopInstanceUid));
  mkdirSync(dirname(keptPath), { recursive: true });
  copyFileSync(f, keptPath);
  // the study folder is listed, then removed before the walk reads it (as removeReplaced removes an emptied one)
  const real = fs.readdirSync;
  const listing = mock.method(fs, 'readdirSync', (...args: Parameters<typeof real>) => {
    if (args[0] === goneFolder) rmSync(goneFolder, { recursive: true });
    return real(...args);
  });
  syncBuiltinESMExports();
  let result: { indexed: number; removed: number };
  try {
    result = a.reindex();
  } finally {
    listing.mock.restore();
    syncBuiltinESMExports();
  }
  assert.deepEqual(result, { indexed: 1, removed: 0 });
  assert.equal(a.instance(kept.sopInstanceUid)?.absolutePath, keptPath);
}));

test('an archive folder of an earlier release: objects filed under UIDs with characters replaced are indexed where they lie, once', async () => {
  const t = tempDir('archive-legacy-names');
  try {
    const dir = join(t.dir, 'a');
    const study = newUid();
    const series = '1.2.3.9/5';
    const uid = '1.2.3.700/1';
    const f = join(t.dir, 'legacy.dcm');
    writeTestObject(f, { studyUid: study });
    execFileSync('dcmodify', ['-nb', '-m', `(0008,0018)=${uid}`, '-m', `(0020,000E)=${series}`, f]);
    // as releases before the hashed names filed it (the index since deleted, or the folder re-indexed)
    const legacy = join(dir, study, '1.2.3.9_5', '1.2.3.700_1.dcm');
    mkdirSync(dirname(legacy), { recursive: true });
    copyFileSync(f, legacy);
    const a = Archive.open(dir, { fsync: false });
    assert.equal(a.recovered, 1);
    assert.equal(a.instance(uid)?.absolutePath, legacy, 'indexed at the file that is there');
    assert.deepEqual(a.unindexedFiles(), []);
    assert.deepEqual(a.reindex(), { indexed: 0, removed: 0 });
    // re-sent: filed under its hashed name, and the earlier file goes
    const stored = await receive(a, f, uid);
    assert.equal(stored.replacedPath, legacy);
    assert.equal(existsSync(legacy), false);
    assert.deepEqual(a.counts(), { patients: 1, studies: 1, series: 1, instances: 1 });
    a.close();
  } finally {
    t.cleanup();
  }
});

test('an archive folder of an earlier release: UIDs that begin with a dot, filed under names that do, are indexed where they lie; other names with a leading dot are passed over', async () => {
  const t = tempDir('archive-legacy-dot');
  try {
    const dir = join(t.dir, 'a');
    const study = newUid();
    const series = newUid();
    // .1.2.3 in a series of its own name; the other in a study and series whose UIDs begin with a dot
    const objects = [{ uid: '.1.2.3', study, series }, { uid: newUid(), study: '.1.2.9', series: '..1.2.9.1' }]
      .map((o) => ({ ...o, legacy: join(dir, o.study, o.series, `${o.uid}.dcm`) }));
    for (const [i, o] of objects.entries()) {
      const f = join(t.dir, `${i}.dcm`);
      writeTestObject(f, { studyUid: study, seriesUid: series });
      execFileSync('dcmodify', ['-nb', '-m', `(0008,0018)=${o.uid}`, '-m', `(0020,000D)=${o.study}`, '-m', `(0020,000E)=${o.series}`, f]);
      // as releases before the hashed names filed it (the index since deleted)
      mkdirSync(dirname(o.legacy), { recursive: true });
      copyFileSync(f, o.legacy);
    }
    // names with a leading dot that are not an earlier release's: a file system's snapshot of the folder, a copy's
    // macOS resource file, the file writer's temporary file
    const snapshot = join(dir, '.snapshot', 'hourly.0', study, series, '.1.2.3.dcm');
    mkdirSync(dirname(snapshot), { recursive: true });
    copyFileSync(objects[0]!.legacy, snapshot);
    fs.writeFileSync(join(dir, study, series, '._.1.2.3.dcm'), 'not DICOM');
    copyFileSync(objects[0]!.legacy, join(dir, study, series, '.1.2.3.dcm.0123456789ab1.tmp'));
    const a = Archive.open(dir, { fsync: false });
    assert.equal(a.recovered, 2);
    for (const o of objects) assert.equal(a.instance(o.uid)?.absolutePath, o.legacy, 'indexed at the file that is there');
    assert.deepEqual(a.unreadable, [], 'nothing else read');
    assert.deepEqual(a.unindexedFiles(), []);
    // re-sent: filed under its hashed name, and the earlier file goes, with the folders it leaves empty
    const stored = await receive(a, join(t.dir, '1.dcm'), objects[1]!.uid);
    assert.equal(stored.replacedPath, objects[1]!.legacy);
    assert.equal(existsSync(join(dir, '.1.2.9')), false);
    assert.deepEqual(a.counts(), { patients: 1, studies: 2, series: 2, instances: 2 });
    a.close();
  } finally {
    t.cleanup();
  }
});

test('re-indexing leaves a file that is not DICOM, or is cut short, out of the index and names it with why', () => withArchive('archive-unreadable', { fsync: false }, (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const place = (ids: { studyUid: string; seriesUid: string; sopInstanceUid: string }, bytes: Buffer): string => placeInArchive(a, dir, ids, bytes);
  const cutIds = writeTestObject(f);
  // its header whole, its Pixel Data cut in the middle (as a copy interrupted, or a disk filled without fsync)
  const cut = place(cutIds, fs.readFileSync(f).subarray(0, 20_000));
  const junkIds = writeTestObject(f);
  const junk = place(junkIds, Buffer.from('not a DICOM file at all'));
  const goodIds = writeTestObject(f);
  place(goodIds, fs.readFileSync(f));
  assert.deepEqual(a.reindex(), { indexed: 1, removed: 0 });
  assert.ok(a.instance(goodIds.sopInstanceUid));
  assert.equal(a.instance(cutIds.sopInstanceUid), undefined);
  assert.equal(a.instance(junkIds.sopInstanceUid), undefined);
  const reasons = new Map(a.unreadable.map((u) => [u.file, u.reason]));
  assert.deepEqual([...reasons.keys()].sort(), [cut, junk].sort());
  assert.match(reasons.get(cut)!, /cut short.*\(7FE0,0010\)/);
  assert.match(reasons.get(junk)!, /neither a DICOM file/);
  assert.ok(existsSync(cut) && existsSync(junk), 'left where they are, for the operator');
}));

test('a new index is filled in from a study folder linked into the archive (kept on another disk), and a link back to the archive is walked once', () => withArchive('archive-linked', { fsync: false }, async (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const ids = writeTestObject(f);
  const stored = await receive(a, f, ids.sopInstanceUid);
  a.close();
  renameSync(join(dir, ids.studyUid), join(t.dir, 'other-disk'));
  symlinkSync(join(t.dir, 'other-disk'), join(dir, ids.studyUid));
  symlinkSync(dir, join(dir, 'loop'));
  for (const name of readdirSync(dir).filter((n) => n.startsWith('index.sqlite'))) rmSync(join(dir, name));
  const b = Archive.open(dir, { fsync: false });
  assert.equal(b.recovered, 1);
  assert.equal(b.instance(ids.sopInstanceUid)?.absolutePath, stored.path);
  assert.deepEqual(b.unreadable, []);
  b.close();
}));

test('objects stored into a study folder linked to another file system (/dev/shm) are stored there durably, nothing else left behind', async () => {
  const t = tempDir('archive-exdev');
  const other = fs.mkdtempSync('/dev/shm/tbp-archive-exdev-');
  try {
    const dir = join(t.dir, 'a');
    const a = Archive.open(dir);
    const f = join(t.dir, 'x.dcm');
    const first = writeTestObject(f);
    await receive(a, f, first.sopInstanceUid);
    a.close();
    // the study moved to a second disk and linked back into the archive
    execFileSync('cp', ['-a', join(dir, first.studyUid), other]);
    rmSync(join(dir, first.studyUid), { recursive: true });
    symlinkSync(join(other, first.studyUid), join(dir, first.studyUid));
    const b = Archive.open(dir);
    const series = (o: { studyUid: string; seriesUid: string }): string => join(other, o.studyUid, o.seriesUid);
    const same = writeTestObject(f, { studyUid: first.studyUid, seriesUid: first.seriesUid, pixelBytes: 600_000 });
    const stored = await receive(b, f, same.sopInstanceUid);
    assert.ok(datasetBytes(stored.path).equals(datasetBytes(f)));
    assert.equal(fs.realpathSync(stored.path), join(series(same), `${same.sopInstanceUid}.dcm`));
    // a new series folder in the linked study, and a re-sent instance replacing the one there
    const newSeries = writeTestObject(f, { studyUid: first.studyUid });
    await receive(b, f, newSeries.sopInstanceUid);
    writeTestObject(f, { ...first, patientName: 'Re^Sent' });
    assert.equal((await receive(b, f, first.sopInstanceUid)).replaced, true);
    assert.equal(b.instance(first.sopInstanceUid)!.patientName, 'Re^Sent');
    assert.deepEqual(readdirSync(series(same)).sort(), [`${first.sopInstanceUid}.dcm`, `${same.sopInstanceUid}.dcm`].sort());
    assert.deepEqual(readdirSync(series(newSeries)), [`${newSeries.sopInstanceUid}.dcm`]);
    assert.deepEqual(b.partialFiles(), []);
    assert.deepEqual(b.counts(), { patients: 1, studies: 1, series: 2, instances: 3 });
    // a copy a killed run was making there (no start's cleaning of .incoming reaches it) goes at the next re-indexing
    const dead = spawnSync('true').pid!;
    const leftover = join(series(same), `.${dead}-0badc0de-7.part`);
    fs.writeFileSync(leftover, 'half a copy');
    dieUnclean(b);
    const c = Archive.open(dir);
    assert.equal(existsSync(leftover), false);
    assert.deepEqual(c.unreadable, []);
    assert.equal(c.counts().instances, 3);
    c.close();
  } finally {
    rmSync(other, { recursive: true, force: true });
    t.cleanup();
  }
});

test('a store into a study folder linked to another file system that is full is refused (A700): the object there stays, no partial copy is left', async (ctx) => {
  const t = tempDir('archive-exdev-full');
  const small = join(t.dir, 'small-disk');
  mkdirSync(small);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small], { stdio: 'ignore' });
  } catch {
    ctx.skip('cannot mount a small file system here (not root)');
    t.cleanup();
    return;
  }
  try {
    const dir = join(t.dir, 'a');
    const a = Archive.open(dir);
    const f = join(t.dir, 'x.dcm');
    const ids = writeTestObject(f, { pixelBytes: 100_000 });
    mkdirSync(join(small, ids.studyUid));
    symlinkSync(join(small, ids.studyUid), join(dir, ids.studyUid));
    const stored = await receive(a, f, ids.sopInstanceUid);
    const before = fs.readFileSync(stored.path);
    writeTestObject(f, { ...ids, pixelBytes: 2_000_000 });
    await assert.rejects(receive(a, f, ids.sopInstanceUid), (e: unknown) =>
      e instanceof StoreRefused && e.status === 0xa700 && /cannot store the file: ENOSPC/.test(e.message));
    assert.ok(fs.readFileSync(stored.path).equals(before));
    assert.equal(a.instance(ids.sopInstanceUid)!.size, before.length);
    assert.deepEqual(readdirSync(join(small, ids.studyUid, ids.seriesUid)), [`${ids.sopInstanceUid}.dcm`]);
    assert.deepEqual(a.partialFiles(), []);
    a.close();
  } finally {
    execFileSync('umount', [small]);
    t.cleanup();
  }
});

test('a store into a study folder linked to a folder that is not there (its disk not mounted) is refused (A700) saying so', () => withArchive('archive-dangling', { fsync: false }, async (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const ids = writeTestObject(f);
  const target = join(t.dir, 'second-disk', ids.studyUid);
  symlinkSync(target, join(dir, ids.studyUid));
  await assert.rejects(receive(a, f, ids.sopInstanceUid), (e: unknown) => e instanceof StoreRefused && e.status === 0xa700
    && e.message === `cannot store the file: its study folder links to a folder that is not there (a disk not mounted?): ${ids.studyUid} -> ${target}`);
  assert.deepEqual(a.partialFiles(), []);
  assert.equal(existsSync(target), false, 'nothing made in its place');
}));

test('a run killed with -9 but not yet reaped (a zombie) when serve restarts is a dead run: its partial files go and the files its rows lacked are indexed', async () => {
  const t = tempDir('archive-zombie');
  // a shell that starts a child and becomes a program that never waits for it: the child, once ended, is a zombie
  const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const zombie = Number(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString()))));
    for (let i = 0; i < 250 && !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${zombie}/stat`, 'latin1')); i++) await new Promise((r) => setTimeout(r, 20));
    assert.match(fs.readFileSync(`/proc/${zombie}/stat`, 'latin1'), /^\d+ \(.*\) Z/, 'the child is a zombie');
    const dir = join(t.dir, 'a');
    const a = Archive.open(dir, { fsync: false });
    const f = join(t.dir, 'x.dcm');
    const ids = writeTestObject(f);
    const stored = await receive(a, f, ids.sopInstanceUid);
    a.index.remove(ids.sopInstanceUid, { path: relative(dir, stored.path).split(sep).join('/') }); // its rows died with the run
    a.close();
    // what the killed run (the zombie) left: its open mark in the index, and the object it was receiving
    const partial = join(dir, '.incoming', `${zombie}-0badc0de-6.part`);
    fs.writeFileSync(partial, Buffer.alloc(100_000));
    const db = new Database(join(dir, 'index.sqlite'));
    db.prepare("INSERT INTO meta (key, value) VALUES (?, '1')").run(`open:${zombie}-0badc0de`);
    db.close();
    const b = Archive.open(dir, { fsync: false });
    assert.equal(existsSync(partial), false);
    assert.equal(b.recovered, 1);
    assert.equal(b.instance(ids.sopInstanceUid)?.absolutePath, stored.path);
    b.close();
  } finally {
    parent.kill();
    t.cleanup();
  }
});

test('a store into a series folder that cannot be written to (made immutable or read-only) is refused (A700) naming the folder and why; the archive goes on storing elsewhere', async (ctx) => {
  const t = tempDir('archive-read-only');
  const dir = join(t.dir, 'a');
  const a = Archive.open(dir, { fsync: false });
  const f = join(t.dir, 'x.dcm');
  const first = writeTestObject(f);
  await receive(a, f, first.sopInstanceUid);
  const series = join(dir, first.studyUid, first.seriesUid);
  // root writes into a folder of mode 555: only the immutable attribute (ext4, xfs, btrfs) keeps it out
  const root = process.getuid?.() === 0;
  try {
    if (root) execFileSync('chattr', ['+i', series], { stdio: 'ignore' });
    else fs.chmodSync(series, 0o555);
  } catch {
    ctx.skip('the file system here cannot make a folder immutable');
    a.close();
    t.cleanup();
    return;
  }
  try {
    const second = writeTestObject(f, { studyUid: first.studyUid, seriesUid: first.seriesUid });
    const code = root ? 'EPERM (operation not permitted)' : 'EACCES (permission denied)';
    await assert.rejects(receive(a, f, second.sopInstanceUid), (e: unknown) => e instanceof StoreRefused && e.status === 0xa700
      && e.message === `cannot store the file: ${code} in ${join(first.studyUid, first.seriesUid)}`);
    const elsewhere = writeTestObject(f);
    await receive(a, f, elsewhere.sopInstanceUid);
    assert.deepEqual(a.counts().instances, 2);
    assert.deepEqual(a.partialFiles(), []);
  } finally {
    if (root) execFileSync('chattr', ['-i', series]);
    else fs.chmodSync(series, 0o755);
    a.close();
    t.cleanup();
  }
});

test('re-indexing names a pipe named as an object (NAME.dcm) without opening it, which would wait for a writer for ever', () => {
  const t = tempDir('archive-fifo');
  let writer: ChildProcess | undefined;
  try {
    const dir = join(t.dir, 'a');
    const a = Archive.open(dir, { fsync: false });
    const fifo = join(dir, a.relativePath(newUid(), newUid(), newUid()));
    mkdirSync(dirname(fifo), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    a.close();
    for (const f of readdirSync(dir).filter((n) => n.startsWith('index.sqlite'))) rmSync(join(dir, f));
    // a writer that comes after 3 s, so that an open that waits for one ends (and reads nothing) rather than hangs
    writer = spawn('sh', ['-c', 'sleep 3; : > "$1"', 'sh', fifo], { stdio: 'ignore' });
    const b = Archive.open(dir, { fsync: false }); // a new index: the folder is re-indexed at open
    assert.deepEqual(b.unreadable, [{ file: fifo, reason: 'not a regular file (a folder, pipe, socket or device): not read, as the archive writes only files' }]);
    b.close();
  } finally {
    writer?.kill();
    t.cleanup();
  }
});

test('an image file cut short at an element\'s end before Pixel Data is left out of the index and named; sent as it is, it is refused (A900)', () => withArchive('archive-no-pixels', { fsync: false }, async (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const whole = (): { ids: ReturnType<typeof writeTestObject>; bytes: Buffer } => ({ ids: writeTestObject(f), bytes: fs.readFileSync(f) });
  const place = (ids: { studyUid: string; seriesUid: string; sopInstanceUid: string }, bytes: Buffer): string => placeInArchive(a, dir, ids, bytes);
  // every element whole, the file ending where Pixel Data (7FE0,0010) would begin: a reader finds nothing missing
  const beforePixels = whole();
  const cutAt = beforePixels.bytes.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  const cut = place(beforePixels.ids, beforePixels.bytes.subarray(0, cutAt));
  // ending with its file meta information: the SOP class is the meta header's
  const metaOnly = whole();
  const bare = place(metaOnly.ids, metaOnly.bytes.subarray(0, metaOnly.bytes.length - datasetBytes(f).length));
  const good = whole();
  place(good.ids, good.bytes);
  assert.deepEqual(a.reindex(), { indexed: 1, removed: 0 });
  assert.ok(a.instance(good.ids.sopInstanceUid));
  assert.equal(a.instance(beforePixels.ids.sopInstanceUid), undefined);
  assert.equal(a.instance(metaOnly.ids.sopInstanceUid), undefined);
  const reasons = new Map(a.unreadable.map((u) => [u.file, u.reason]));
  assert.match(reasons.get(cut)!, /cut short: it ends after \(0028,0103\), without the Pixel Data \(7FE0,0010\) its SOP class requires/);
  assert.match(reasons.get(bare)!, /cut short: it ends with its file meta information, without the Pixel Data/);
  assert.ok(existsSync(cut) && existsSync(bare), 'left where they are, for the operator');
  // The same data set received (a peer sending the cut file as it reads): refused, nothing filed
  fs.writeFileSync(f, beforePixels.bytes.subarray(0, cutAt));
  await assert.rejects(receive(a, f, beforePixels.ids.sopInstanceUid), (e: unknown) =>
    e instanceof StoreRefused && e.status === 0xa900 && /no Pixel Data \(7FE0,0010\)/.test(e.message));
  assert.equal(a.instance(beforePixels.ids.sopInstanceUid), undefined);
  assert.deepEqual(a.partialFiles(), []);
}));

test('re-indexing whose index cannot be written (its disk full) names the files left out, and the next open, after a clean close, indexes them', () => withArchive('archive-reindex-full', { fsync: false }, (a, dir, t) => {
  const f = join(t.dir, 'x.dcm');
  const n = 60;
  for (let i = 0; i < n; i++) {
    const ids = writeTestObject(f, { pixelBytes: 100, patientId: `P${i}`, patientName: `${'N'.repeat(60)}${i}` });
    const path = join(dir, a.relativePath(ids.studyUid, ids.seriesUid, ids.sopInstanceUid));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(f, path);
  }
  // the index's disk fills a few pages on (SQLite answers SQLITE_FULL as it would on a full disk)
  a.index.db.pragma(`max_page_count = ${(a.index.db.pragma('page_count', { simple: true }) as number) + 2}`);
  const { indexed } = a.reindex();
  assert.ok(indexed > 0 && indexed < n, `indexed ${indexed} of ${n}`);
  assert.equal(a.unreadable.length, n - indexed);
  assert.match(a.unreadable[0]!.reason, /^the index cannot be written \(database or disk is full\): the file is indexed at the next open$/);
  a.close();
  const b = Archive.open(dir, { fsync: false });
  assert.equal(b.recovered, n - indexed);
  assert.equal(b.counts().instances, n);
  b.close();
}));

test('an encapsulated document cut short at an element\'s end, before Encapsulated Document or its Study Instance UID, is left out and named; sent as it is, it is refused (A900)', () => withArchive('archive-no-document', { fsync: false }, async (a, dir, t) => {
  const PDF = '1.2.840.10008.5.1.4.1.1.104.1';
  const f = join(t.dir, 'x.pdf.dcm');
  const pdf = (): { ids: { sopInstanceUid: string; studyUid: string; seriesUid: string }; bytes: Buffer } => {
    const ids = { sopInstanceUid: newUid(), studyUid: newUid(), seriesUid: newUid() };
    const ds = new Dataset();
    ds.set('SOPClassUID', PDF);
    ds.set('SOPInstanceUID', ids.sopInstanceUid);
    ds.set('Modality', 'DOC');
    ds.set('PatientID', 'P');
    ds.set('StudyInstanceUID', ids.studyUid);
    ds.set('SeriesInstanceUID', ids.seriesUid);
    ds.set('MIMETypeOfEncapsulatedDocument', 'application/pdf');
    ds.set('EncapsulatedDocument', Buffer.from('%PDF-1.4\n%%EOF\n'), 'OB');
    writeDicomFile(f, { dataset: ds }, { transferSyntaxUid: EXPLICIT });
    return { ids, bytes: fs.readFileSync(f) };
  };
  const place = (ids: { studyUid: string; seriesUid: string; sopInstanceUid: string }, bytes: Buffer): string => placeInArchive(a, dir, ids, bytes);
  const noDocument = pdf();
  const cutAt = noDocument.bytes.indexOf(Buffer.from([0x42, 0x00, 0x11, 0x00]));
  const cut = place(noDocument.ids, noDocument.bytes.subarray(0, cutAt));
  const noStudy = pdf(); // cut before Patient ID: no Study Instance UID to say where it belongs, so it was passed over unsaid
  const early = place(noStudy.ids, noStudy.bytes.subarray(0, noStudy.bytes.indexOf(Buffer.from([0x10, 0x00, 0x20, 0x00]), 132)));
  const whole = pdf();
  place(whole.ids, whole.bytes);
  assert.deepEqual(a.reindex(), { indexed: 1, removed: 0 });
  assert.ok(a.instance(whole.ids.sopInstanceUid));
  assert.equal(a.instance(noDocument.ids.sopInstanceUid), undefined);
  const reasons = new Map(a.unreadable.map((u) => [u.file, u.reason]));
  assert.match(reasons.get(cut)!, /cut short: it ends after \(0020,000E\), without the Encapsulated Document \(0042,0011\) its SOP class requires/);
  assert.match(reasons.get(early)!, /cut short: it ends after \(0008,0060\), without the Encapsulated Document/);
  fs.writeFileSync(f, noDocument.bytes.subarray(0, cutAt));
  const obj = a.begin({ sopClassUid: PDF, sopInstanceUid: noDocument.ids.sopInstanceUid, transferSyntaxUid: EXPLICIT });
  obj.write(datasetBytes(f));
  await assert.rejects(obj.commit(), (e: unknown) => e instanceof StoreRefused && e.status === 0xa900 && /no Encapsulated Document \(0042,0011\)/.test(e.message));
}));

test('an SR, a Surface Scan Mesh or a presentation state (before its Presentation LUT Shape too) cut short at an element\'s end after its UIDs, or inside a sequence of undefined length, is left out and named; sent as it is, it is refused (A900, C000); whole ones, ours and dcmtk\'s, are stored', () => withArchive('archive-cut-tail', { fsync: false }, async (a, dir, t) => {
  let n = 0;
  const next = (): string => join(t.dir, `o${++n}.dcm`);
  const code = (value: string, scheme: string, meaning: string): Dataset => {
    const c = new Dataset();
    c.set('CodeValue', value);
    c.set('CodingSchemeDesignator', scheme);
    c.set('CodeMeaning', meaning);
    return c;
  };
  // a Basic Text SR following TID 2000, its root naming the template
  const sr = (): string => {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.88.11');
    ds.set('SOPInstanceUID', newUid());
    ds.set('ContentDate', '20240901');
    ds.set('ContentTime', '120000');
    ds.set('Modality', 'SR');
    ds.set('PatientID', 'P');
    ds.set('StudyInstanceUID', newUid());
    ds.set('SeriesInstanceUID', newUid());
    ds.set('SeriesNumber', 1);
    ds.set('InstanceNumber', 1);
    ds.set('ValueType', 'CONTAINER');
    ds.set('ConceptNameCodeSequence', [code('18748-4', 'LN', 'Diagnostic Imaging Report')]);
    ds.set('ContinuityOfContent', 'SEPARATE');
    ds.set('CompletionFlag', 'COMPLETE');
    ds.set('VerificationFlag', 'UNVERIFIED');
    const template = new Dataset();
    template.set('MappingResource', 'DCMR');
    template.set('TemplateIdentifier', '2000');
    ds.set('ContentTemplateSequence', [template]);
    const item = new Dataset();
    item.set('RelationshipType', 'HAS CONCEPT MOD');
    item.set('ValueType', 'CODE');
    item.set('ConceptNameCodeSequence', [code('121049', 'DCM', 'Language of Content Item and Descendants')]);
    item.set('ConceptCodeSequence', [code('en', 'RFC5646', 'English')]);
    ds.set('ContentSequence', [item]);
    const f = next();
    writeDicomFile(f, { dataset: ds }, { transferSyntaxUid: EXPLICIT });
    return f;
  };
  const mesh = (): string => {
    const built = buildSurfaceScanMesh({
      patient: { name: 'Doe^Jane', id: 'P' }, study: { instanceUid: newUid() }, series: { instanceUid: newUid(), number: 1 },
      equipment: { manufacturer: 'ACME', model: 'Body 3D', serialNumber: 'SN1', softwareVersions: '1.0' },
      sopInstanceUid: newUid(), frameOfReferenceUid: newUid(),
      procedure: { acquisitionType: codeOf('MESH-INSTANT', '99TBP', 'Instant multi-camera capture'), acquisitionDateTime: '2024-09-01T12:00:00', shotDurationSeconds: 0.5 },
      points: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]), triangles: new Uint32Array([1, 2, 3, 1, 2, 4, 1, 3, 4, 2, 3, 4]),
    });
    const f = next();
    writeDicomFile(f, built, { transferSyntaxUid: built.transferSyntaxUid });
    return f;
  };
  const image = join(t.dir, 'image.dcm');
  writeTestObject(image);
  const gsps = (): string => {
    const f = next();
    execFileSync('dcmpsmk', [image, f], { stdio: 'ignore' });
    return f;
  };
  const dcmtkSr = (): string => { // dcmtk's own encoding of an SR without a template
    const f = next();
    execFileSync('dsr2xml', [sr(), `${f}.xml`], { stdio: 'ignore' });
    execFileSync('xml2dsr', [`${f}.xml`, f], { stdio: 'ignore' });
    return f;
  };
  const ids = (f: string): { sopClassUid: string; sopInstanceUid: string; studyUid: string; seriesUid: string; transferSyntaxUid: string } => {
    const file = readDicomFile(f);
    const get = (k: string): string => file.dataset.getString(k)!;
    return { sopClassUid: get('SOPClassUID'), sopInstanceUid: get('SOPInstanceUID'), studyUid: get('StudyInstanceUID'), seriesUid: get('SeriesInstanceUID'), transferSyntaxUid: file.transferSyntaxUid };
  };
  const send = (f: string, uids = ids(f)): Promise<unknown> => {
    const o = a.begin({ ...uids, sourceAeTitle: 'TEST' });
    o.write(datasetBytes(f));
    return o.commit();
  };
  const cases = [
    { make: sr, before: [0x40, 0x00, 0x30, 0xa7], name: 'Content Sequence (0040,A730)', after: '(0040,A504)' },
    { make: sr, before: [0x40, 0x00, 0x91, 0xa4], name: 'Completion Flag (0040,A491)', after: '(0040,A050)' },
    { make: mesh, before: [0x66, 0x00, 0x02, 0x00], name: 'Surface Sequence (0066,0002)', after: '(0066,0001)' },
    { make: gsps, before: [0x70, 0x00, 0x80, 0x00], name: 'Content Label (0070,0080)', after: '(0070,005A)' },
    // Presentation LUT Shape is Type 1C, but a grayscale presentation state holds it or Presentation LUT Sequence
    { make: gsps, before: [0x50, 0x20, 0x20, 0x00], name: 'Presentation LUT Shape (2050,0020)', after: '(0070,0084)' },
  ];
  const cut = cases.map((c) => {
    const f = c.make();
    const bytes = fs.readFileSync(f);
    fs.writeFileSync(f, bytes.subarray(0, bytes.indexOf(Buffer.from(c.before), 132)));
    const o = ids(f);
    const path = join(dir, a.relativePath(o.studyUid, o.seriesUid, o.sopInstanceUid));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(f, path);
    return { ...c, file: f, path };
  });
  // dcmtk's encoding (sequences and items of undefined length) cut between two elements of an item: of an SR's
  // Content Sequence, or of a mesh's last sequence (Type 2, empty). Only the delimiter missing at the file's end says
  // so; the server's parse refuses such a data set (C000)
  const undelimited = [
    { make: sr, drop: 16, where: (end: number) => `offset ${end}: item ends without an item delimiter` },
    { make: mesh, drop: 8, where: (end: number) => `offset ${end}, (0080,0013): sequence (0080,0013) ends without a delimiter` },
  ].map(({ make, drop, where }) => {
    const f = next();
    execFileSync('dcmconv', ['-e', make(), f]);
    const uids = ids(f);
    const bytes = fs.readFileSync(f);
    fs.writeFileSync(f, bytes.subarray(0, bytes.length - drop));
    const path = join(dir, a.relativePath(uids.studyUid, uids.seriesUid, uids.sopInstanceUid));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(f, path);
    return { file: f, uids, path, reason: `the file is cut short (${where(bytes.length - drop)}): it ends inside a sequence of undefined length` };
  });
  const whole = [sr(), mesh(), gsps(), dcmtkSr()];
  for (const f of whole.slice(0, 2)) {
    const o = ids(f);
    const path = join(dir, a.relativePath(o.studyUid, o.seriesUid, o.sopInstanceUid));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(f, path);
  }
  assert.deepEqual(a.reindex(), { indexed: 2, removed: 0 });
  assert.deepEqual(new Map(a.unreadable.map((u) => [u.file, u.reason])), new Map([...cut.map((c) =>
    [c.path, `the file is cut short: it ends after ${c.after}, without the ${c.name} its SOP class requires`] as const), ...undelimited.map((u) => [u.path, u.reason] as const)]));
  for (const c of cut) {
    await assert.rejects(send(c.file), (e: unknown) => e instanceof StoreRefused && e.status === 0xa900 && e.message === `no ${c.name}, which its SOP class requires`);
  }
  for (const u of undelimited) await assert.rejects(send(u.file, u.uids), (e: unknown) => e instanceof StoreRefused && e.status === 0xc000);
  for (const f of whole) await send(f);
  assert.equal(a.counts().instances, whole.length);
}));

test('a file cut short before its Study and Series Instance UIDs, in the folders named for them, is named; one stored without them, in unknown-study, is indexed', () => withArchive('archive-no-study', { fsync: false }, (a, dir, t) => {
  const SR = '1.2.840.10008.5.1.4.1.1.88.11'; // Basic Text SR: neither pixels nor a document to miss
  const f = join(t.dir, 'x.dcm');
  const sr = (withStudy: boolean): { ids: { sopInstanceUid: string; studyUid: string; seriesUid: string }; bytes: Buffer } => {
    const ids = { sopInstanceUid: newUid(), studyUid: withStudy ? newUid() : '', seriesUid: withStudy ? newUid() : '' };
    const ds = new Dataset();
    ds.set('SOPClassUID', SR);
    ds.set('SOPInstanceUID', ids.sopInstanceUid);
    ds.set('Modality', 'SR');
    ds.set('PatientID', 'P');
    if (withStudy) {
      ds.set('StudyInstanceUID', ids.studyUid);
      ds.set('SeriesInstanceUID', ids.seriesUid);
    }
    ds.set('SeriesNumber', 1);
    ds.set('InstanceNumber', 1);
    ds.set('ValueType', 'CONTAINER');
    const title = new Dataset();
    title.set('CodeValue', '18748-4');
    title.set('CodingSchemeDesignator', 'LN');
    title.set('CodeMeaning', 'Diagnostic Imaging Report');
    ds.set('ConceptNameCodeSequence', [title]);
    ds.set('ContinuityOfContent', 'SEPARATE');
    ds.set('CompletionFlag', 'COMPLETE');
    ds.set('VerificationFlag', 'UNVERIFIED');
    writeDicomFile(f, { dataset: ds }, { transferSyntaxUid: EXPLICIT });
    return { ids, bytes: fs.readFileSync(f) };
  };
  const place = (ids: { studyUid: string; seriesUid: string; sopInstanceUid: string }, bytes: Buffer): string => placeInArchive(a, dir, ids, bytes);
  const early = sr(true);
  const cut = place(early.ids, early.bytes.subarray(0, early.bytes.indexOf(Buffer.from([0x10, 0x00, 0x20, 0x00]), 132)));
  const studyless = sr(false);
  place(studyless.ids, studyless.bytes);
  assert.deepEqual(a.reindex(), { indexed: 1, removed: 0 });
  assert.equal(a.instance(studyless.ids.sopInstanceUid)?.studyUid, 'unknown-study');
  assert.deepEqual(a.unreadable, [{ file: cut, reason: 'the file is cut short: it ends after (0008,0060), without the Study and Series Instance UIDs its folders are named for' }]);
}));

test('reindex of an earlier release\'s index whose instances shared one file name: only the instance the file holds keeps its row', () => withArchive('archive-legacy-shared', { fsync: false }, async (a, dir, t) => {
  const study = newUid();
  const series = newUid();
  const uids = ['1.2.3.700/1', '1.2.3.700+1'];
  const files = uids.map((uid, i) => {
    const f = join(t.dir, `${i}.dcm`);
    writeTestObject(f, { studyUid: study, seriesUid: series });
    execFileSync('dcmodify', ['-nb', '-m', `(0008,0018)=${uid}`, f]);
    return f;
  });
  const stored: string[] = [];
  for (const [i, uid] of uids.entries()) stored.push((await receive(a, files[i]!, uid)).path);
  // as the earlier release left them: both rows name 1.2.3.700_1.dcm, which holds the one stored last
  const legacy = `${study}/${series}/1.2.3.700_1.dcm`;
  a.index.db.prepare('UPDATE instances SET path = ?').run(legacy);
  copyFileSync(stored[1]!, join(dir, legacy));
  for (const path of stored) rmSync(path);
  a.close();
  const b = Archive.open(dir, { fsync: false, reindex: true });
  assert.equal(b.dropped, 1);
  assert.equal(b.recovered, 0);
  assert.equal(b.instance(uids[0]!), undefined, 'its file was overwritten');
  assert.equal(b.instance(uids[1]!)?.path, legacy);
  assert.deepEqual(b.counts(), { patients: 1, studies: 1, series: 1, instances: 1 });
  b.close();
}));

test('an object whose name is the one an earlier release gave another instance (1.2.3.700_1 and 1.2.3.700/1) moves that instance to its own name instead of overwriting it', async () => {
  const t = tempDir('archive-legacy-taken');
  try {
    const dir = join(t.dir, 'a');
    const study = newUid();
    const series = newUid();
    const [legacyFile, plainFile] = [join(t.dir, 'legacy.dcm'), join(t.dir, 'plain.dcm')];
    for (const [f, uid] of [[legacyFile, '1.2.3.700/1'], [plainFile, '1.2.3.700_1']] as const) {
      writeTestObject(f, { studyUid: study, seriesUid: series });
      execFileSync('dcmodify', ['-nb', '-m', `(0008,0018)=${uid}`, f]);
    }
    const legacy = join(dir, study, series, '1.2.3.700_1.dcm');
    mkdirSync(dirname(legacy), { recursive: true });
    copyFileSync(legacyFile, legacy);
    const a = Archive.open(dir);
    assert.equal(a.instance('1.2.3.700/1')?.absolutePath, legacy);
    const stored = await receive(a, plainFile, '1.2.3.700_1');
    assert.equal(stored.path, legacy);
    assert.equal(stored.replaced, false);
    const moved = a.instance('1.2.3.700/1')!;
    assert.equal(moved.absolutePath, join(dir, a.relativePath(study, series, '1.2.3.700/1')));
    assert.ok(datasetBytes(moved.absolutePath).equals(datasetBytes(legacyFile)), 'the earlier object is whole, under its own name');
    assert.ok(datasetBytes(legacy).equals(datasetBytes(plainFile)));
    assert.deepEqual(a.counts(), { patients: 1, studies: 1, series: 1, instances: 2 });
    a.close();
    const b = Archive.open(dir, { reindex: true });
    assert.deepEqual(b.reindex(), { indexed: 0, removed: 0 }, 'the index and the files agree');
    b.close();
  } finally {
    t.cleanup();
  }
});

test('an earlier release\'s object moved to its own name from a series folder linked to another file system (/dev/shm) is copied across, and the object that takes its name is stored', async () => {
  const t = tempDir('archive-legacy-exdev');
  const other = fs.mkdtempSync('/dev/shm/tbp-archive-legacy-exdev-');
  try {
    const dir = join(t.dir, 'a');
    const study = newUid();
    // an earlier release filed series 1.2.4.700/5 as 1.2.4.700_5, now the name of the series 1.2.4.700_5, whose folder
    // is linked in from the other disk; its own name (hashed) is on the archive's
    const [legacyFile, plainFile] = [join(t.dir, 'legacy.dcm'), join(t.dir, 'plain.dcm')];
    for (const [f, uid, series] of [[legacyFile, '1.2.3.700/1', '1.2.4.700/5'], [plainFile, '1.2.3.700_1', '1.2.4.700_5']] as const) {
      writeTestObject(f, { studyUid: study });
      execFileSync('dcmodify', ['-nb', '-m', `(0008,0018)=${uid}`, '-m', `(0020,000E)=${series}`, f]);
    }
    mkdirSync(join(other, 'series'));
    copyFileSync(legacyFile, join(other, 'series', '1.2.3.700_1.dcm'));
    mkdirSync(join(dir, study), { recursive: true });
    symlinkSync(join(other, 'series'), join(dir, study, '1.2.4.700_5'));
    const legacy = join(dir, study, '1.2.4.700_5', '1.2.3.700_1.dcm');
    const a = Archive.open(dir);
    assert.equal(a.instance('1.2.3.700/1')?.absolutePath, legacy);
    const stored = await receive(a, plainFile, '1.2.3.700_1');
    assert.equal(stored.path, legacy);
    assert.ok(datasetBytes(join(other, 'series', '1.2.3.700_1.dcm')).equals(datasetBytes(plainFile)));
    const moved = a.instance('1.2.3.700/1')!;
    assert.equal(moved.absolutePath, join(dir, a.relativePath(study, '1.2.4.700/5', '1.2.3.700/1')));
    assert.ok(datasetBytes(moved.absolutePath).equals(datasetBytes(legacyFile)), 'the earlier object is whole, under its own name');
    assert.deepEqual(readdirSync(dirname(moved.absolutePath)), [basename(moved.absolutePath)], 'no copy left beside it');
    assert.deepEqual(readdirSync(join(other, 'series')), ['1.2.3.700_1.dcm']);
    assert.deepEqual(a.partialFiles(), []);
    assert.deepEqual(a.counts(), { patients: 1, studies: 1, series: 2, instances: 2 });
    a.close();
    const b = Archive.open(dir, { reindex: true });
    assert.deepEqual(b.reindex(), { indexed: 0, removed: 0 }, 'the index and the files agree');
    b.close();
  } finally {
    rmSync(other, { recursive: true, force: true });
    t.cleanup();
  }
});
