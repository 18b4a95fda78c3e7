// The index's turn transaction: an answered object is indexed at once, rows are committed when the turn ends, and a
// commit that fails leaves the index to be re-indexed at the next open. An index of an earlier version is brought up
// to date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Archive, INDEX_FILE } from '../../src/archive/archive.js';
import { datasetBytes, newUid, tempDir, writeTestObject } from '../net/helpers.js';
import { EXPLICIT, SC, receive } from './helpers.js';


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
    a.index.db.prepare(`INSERT INTO instances (sop_instance_uid, sop_class_uid, series_uid, transfer_syntax_uid, path, size, received_at)
      VALUES ('2.25.1', '${SC}', 'no such series', '${EXPLICIT}', 'x.dcm', 0, 'now')`).run();
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

test('an index of version 1 (before the user column) opens as version 2, its rows kept; writes naming the old columns still work', async () => {
  const t = tempDir('index-v1');
  try {
    const dir = join(t.dir, 'a');
    const [old, recent] = objects(t.dir, 2);
    const a = Archive.open(dir, { fsync: false });
    await receive(a, old!.file, old!.uid);
    a.close();
    // what version 1 left: no source_user column
    const v1 = new Database(join(dir, INDEX_FILE));
    v1.exec("ALTER TABLE instances DROP COLUMN source_user; UPDATE meta SET value = '1' WHERE key = 'schema_version'");
    v1.close();
    const b = Archive.open(dir, { fsync: false });
    assert.equal(b.instance(old!.uid)?.sourceUser, undefined);
    const obj = b.begin({ sopClassUid: SC, sopInstanceUid: recent!.uid, transferSyntaxUid: EXPLICIT, sourceAeTitle: 'TEST', sourceUser: 'alice' });
    obj.write(datasetBytes(recent!.file));
    await obj.commit();
    assert.equal(b.instance(recent!.uid)?.sourceUser, 'alice');
    assert.equal(b.index.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '2');
    // version 1's insert names its own columns: the new one is left empty
    b.index.db.prepare(`INSERT INTO instances (sop_instance_uid, sop_class_uid, series_uid, transfer_syntax_uid, path, size, source_ae, received_at)
      SELECT '2.25.2', sop_class_uid, series_uid, transfer_syntax_uid, 'y.dcm', 0, 'OLD', 'now' FROM instances WHERE sop_instance_uid = ?`).run(old!.uid);
    assert.equal(b.index.get('2.25.2')?.sourceUser, undefined);
    b.close();
  } finally {
    t.cleanup();
  }
});
