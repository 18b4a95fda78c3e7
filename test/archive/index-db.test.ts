// The index's turn transaction: an answered object is indexed at once, rows are committed when the turn ends, and a
// commit that fails leaves the index to be re-indexed at the next open. An index of an earlier version is brought up
// to date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Archive, INDEX_FILE } from '../../src/archive/archive.js';
import { DicomError } from '../../src/core/errors.js';
import type { IndexedInstance } from '../../src/archive/index-db.js';
import { datasetBytes, newUid, tempDir, writeTestObject } from '../net/helpers.js';
import { EXPLICIT, SC, receive } from './helpers.js';
import { writeV2Index } from './index-v2.js';

/** The fields of an indexed instance a migration carries over. */
const pick = (i: IndexedInstance): Partial<IndexedInstance> =>
  ({ studyUid: i.studyUid, seriesUid: i.seriesUid, path: i.path, patientId: i.patientId, modality: i.modality, sourceAe: i.sourceAe, sourceUser: i.sourceUser });


function objects(dir: string, n: number): { file: string; uid: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const file = join(dir, `o${i}-${newUid()}.dcm`);
    const uid = newUid();
    writeTestObject(file, { sopInstanceUid: uid });
    return { file, uid };
  });
}

test('an answered object is indexed; the rows of a turn are committed together when it ends', async () => {
  const t = tempDir('index-turn');
  try {
    const dir = join(t.dir, 'a');
    // without fsync every commit ends in the turn its data arrived in, as objects of several associations can
    const a = Archive.open(dir, { fsync: false });
    const other = new Database(join(dir, INDEX_FILE), { readonly: true });
    const committed = (uid: string): boolean => other.prepare('SELECT 1 FROM instances WHERE sop_instance_uid = ?').get(uid) !== undefined;
    const objs = objects(t.dir, 5);
    await Promise.all(objs.map((o) => receive(a, o.file, o.uid)));
    for (const o of objs) assert.ok(a.instance(o.uid), 'indexed when answered');
    assert.equal(a.index.db.inTransaction, true);
    assert.equal(committed(objs[0]!.uid), false, 'not committed yet: other connections do not see it');
    await nextTurn();
    assert.equal(a.index.db.inTransaction, false);
    for (const o of objs) assert.ok(committed(o.uid), 'committed at the end of the turn');
    other.close();
    a.close();
  } finally {
    t.cleanup();
  }
});

test('a turn whose commit fails: reported, later turns go on, and the next open re-indexes what was lost', async () => {
  const t = tempDir('index-turn-fail');
  try {
    const dir = join(t.dir, 'a');
    const errors: string[] = [];
    const a = Archive.open(dir, { fsync: false, onIndexError: (e) => errors.push(e.message) });
    const [lost, later] = objects(t.dir, 2);
    await receive(a, lost!.file, lost!.uid);
    // a row that breaks a foreign key, checked only at COMMIT: the whole turn's transaction fails
    a.index.db.pragma('defer_foreign_keys = ON');
    a.index.db.prepare(`INSERT INTO instances (sop_instance_uid, sop_class_uid, study_uid, series_uid, transfer_syntax_uid, path, size, received_at)
      VALUES ('2.25.1', '${SC}', 'no such study', 'no such series', '${EXPLICIT}', 'x.dcm', 0, 'now')`).run();
    await nextTurn();
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /re-indexed at the next open/);
    assert.equal(a.instance(lost!.uid), undefined, 'its row was rolled back with the turn');
    await receive(a, later!.file, later!.uid);
    await nextTurn();
    assert.ok(a.instance(later!.uid), 'the next turn commits');
    a.close();
    const b = Archive.open(dir);
    assert.equal(b.recovered, 1, 'the close left the index marked incomplete');
    assert.ok(b.instance(lost!.uid));
    b.close();
  } finally {
    t.cleanup();
  }
});

test('an index of version 2 (series keyed by their UID alone) opens as version 3, every row kept under its study', async () => {
  const t = tempDir('index-v2');
  try {
    const dir = join(t.dir, 'a');
    mkdirSync(dir);
    const [studyA, studyB, seriesS, seriesT] = [newUid(), newUid(), newUid(), newUid()];
    const [x, y, z] = [newUid(), newUid(), newUid()];
    writeV2Index(join(dir, INDEX_FILE), [
      { sopInstanceUid: x, studyUid: studyA, seriesUid: seriesS, path: `${studyA}/${seriesS}/${x}.dcm`, sourceUser: 'alice' },
      { sopInstanceUid: y, studyUid: studyA, seriesUid: seriesS, path: `${studyA}/${seriesS}/${y}.dcm` },
      { sopInstanceUid: z, studyUid: studyB, seriesUid: seriesT, path: `${studyB}/${seriesT}/${z}.dcm` },
    ]);
    const a = Archive.open(dir, { fsync: false });
    assert.equal(a.recovered, 0, 'closed cleanly: no scan');
    assert.deepEqual(a.counts(), { patients: 1, studies: 2, series: 2, instances: 3 });
    assert.deepEqual(pick(a.instance(x)!), { studyUid: studyA, seriesUid: seriesS, path: `${studyA}/${seriesS}/${x}.dcm`, patientId: 'P1', modality: 'OT', sourceAe: 'OLD', sourceUser: 'alice' });
    assert.equal(a.instance(z)!.studyUid, studyB);
    const db = a.index.db;
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '3');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('series', 'instances') AND sql IS NOT NULL ORDER BY name").pluck().all(),
      ['instances_series', 'series_by_uid']);
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%_v2'").all(), []);
    // the migrated index keeps series of one UID in two studies apart
    const f = join(t.dir, 'x.dcm');
    writeTestObject(f, { sopInstanceUid: x, studyUid: studyB, seriesUid: seriesS, patientId: 'P1' });
    await receive(a, f, x);
    assert.equal(a.instance(x)!.studyUid, studyB);
    assert.equal(a.instance(y)!.studyUid, studyA);
    assert.deepEqual(a.counts(), { patients: 1, studies: 2, series: 3, instances: 3 });
    a.close();
  } finally {
    t.cleanup();
  }
});

test('an index of version 1 (before the user column) opens as version 3, its rows kept', async () => {
  const t = tempDir('index-v1');
  try {
    const dir = join(t.dir, 'a');
    mkdirSync(dir);
    const [study, series, old, recent] = [newUid(), newUid(), newUid(), newUid()];
    writeV2Index(join(dir, INDEX_FILE), [{ sopInstanceUid: old, studyUid: study, seriesUid: series, path: `${study}/${series}/${old}.dcm` }], true);
    const b = Archive.open(dir, { fsync: false });
    assert.deepEqual(pick(b.instance(old)!), { studyUid: study, seriesUid: series, path: `${study}/${series}/${old}.dcm`, patientId: 'P1', modality: 'OT', sourceAe: 'OLD', sourceUser: undefined });
    const f = join(t.dir, 'recent.dcm');
    writeTestObject(f, { sopInstanceUid: recent, studyUid: study, seriesUid: series });
    const obj = b.begin({ sopClassUid: SC, sopInstanceUid: recent, transferSyntaxUid: EXPLICIT, sourceAeTitle: 'TEST', sourceUser: 'alice' });
    obj.write(datasetBytes(f));
    await obj.commit();
    assert.equal(b.instance(recent)?.sourceUser, 'alice');
    assert.equal(b.index.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '3');
    b.close();
  } finally {
    t.cleanup();
  }
});

test('an index a later release wrote (a newer schema version) is refused, naming it and both versions, and left unchanged', async () => {
  const t = tempDir('index-newer');
  try {
    const dir = join(t.dir, 'a');
    const a = Archive.open(dir, { fsync: false });
    const [o] = objects(t.dir, 1);
    await receive(a, o!.file, o!.uid);
    a.close();
    // what a later release might have made of it: a column it fills, and its version
    const later = new Database(join(dir, INDEX_FILE));
    later.exec("ALTER TABLE instances ADD COLUMN checksum TEXT NOT NULL DEFAULT 'x'; UPDATE meta SET value = '4' WHERE key = 'schema_version'");
    later.close();
    const before = readFileSync(join(dir, INDEX_FILE));
    assert.throws(() => Archive.open(dir, { fsync: false }), (e: unknown) => e instanceof DicomError && e.code === 'IO' && e.file === join(dir, INDEX_FILE)
      && /schema version 4, written by a later release than this one \(version 3\)/.test(e.message));
    assert.throws(() => Archive.open(dir, { fsync: false, reindex: true }), DicomError);
    assert.ok(readFileSync(join(dir, INDEX_FILE)).equals(before), 'not a byte of the index changed');
  } finally {
    t.cleanup();
  }
});
