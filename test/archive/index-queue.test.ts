// Index rows written after the answer: batched per event-loop turn, read through, and what happens when they cannot
// be written (later stores refused, the index left to be re-indexed at the next open).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Archive, StoreRefused } from '../../src/archive/archive.js';
import { datasetBytes, newUid, tempDir, writeTestObject } from '../net/helpers.js';

const SC = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT = '1.2.840.10008.1.2.1';

function receive(a: Archive, file: string, uid: string) {
  const obj = a.begin({ sopClassUid: SC, sopInstanceUid: uid, transferSyntaxUid: EXPLICIT, sourceAeTitle: 'TEST' });
  obj.write(datasetBytes(file));
  return obj.commit();
}

function objects(dir: string, n: number, patientName?: string): { file: string; uid: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const file = join(dir, `${patientName ?? 'o'}${i}.dcm`);
    const uid = newUid();
    writeTestObject(file, { sopInstanceUid: uid, patientName });
    return { file, uid };
  });
}

test('rows are written after the answers, one transaction for the objects of one turn, and reads see them at once', async () => {
  const t = tempDir('index-queue');
  try {
    // without fsync every commit ends in the turn its data arrived in, as objects of several associations can
    const a = Archive.open(join(t.dir, 'a'), { fsync: false });
    const batches: number[] = [];
    const putEntries = a.index.putEntries.bind(a.index);
    a.index.putEntries = (entries) => (batches.push(entries.length), putEntries(entries));
    const objs = objects(t.dir, 6);
    await Promise.all(objs.map((o) => receive(a, o.file, o.uid)));
    assert.deepEqual(batches, [], 'nothing written before the answers');
    assert.equal(a.index.get(objs[0].uid), undefined);
    await nextTurn();
    assert.deepEqual(batches, [6]);
    assert.ok(a.index.get(objs[5].uid));
    // a read writes what is pending first
    const [late] = objects(t.dir, 1, 'Late^Object');
    await receive(a, late.file, late.uid);
    assert.equal(a.instance(late.uid)?.patientName, 'Late^Object');
    assert.equal(a.counts().instances, 7);
    // stored again before its row was written: reported as replaced
    const [again] = objects(t.dir, 1);
    const first = await receive(a, again.file, again.uid);
    const second = await receive(a, again.file, again.uid);
    assert.equal(first.replaced, false);
    assert.equal(second.replaced, true);
    assert.equal(a.counts().instances, 8);
    a.close();
  } finally {
    t.cleanup();
  }
});

test('rows that cannot be written: reported, later stores refused until they can be, the rest re-indexed at the next open', async () => {
  const t = tempDir('index-queue-fail');
  try {
    const dir = join(t.dir, 'a');
    const errors: string[] = [];
    const a = Archive.open(dir, { onIndexError: (e) => errors.push(e.message) });
    const [one, two, three] = objects(t.dir, 3);
    a.index.db.pragma('query_only = ON'); // every write now fails
    const stored = await receive(a, one.file, one.uid);
    await nextTurn();
    assert.equal(errors.length, 1, 'the failed write is reported');
    assert.match(errors[0], /readonly/i);
    assert.ok(datasetBytes(stored.path).equals(datasetBytes(one.file)), 'the answered object stays stored');
    await assert.rejects(receive(a, two.file, two.uid), (e: unknown) => e instanceof StoreRefused && e.status === 0xa700 && /cannot index/.test(e.message));
    assert.deepEqual(a.partialFiles(), [], 'the refused object left nothing behind');
    a.index.db.pragma('query_only = OFF'); // the index accepts writes again
    await receive(a, three.file, three.uid);
    assert.ok(a.instance(one.uid), 'the pending row was written first');
    assert.ok(a.instance(three.uid));
    assert.equal(a.instance(two.uid), undefined);

    // rows still unwritten at close: the index is left marked unclean, and the next open re-indexes their files
    const [four] = objects(t.dir, 1);
    a.index.db.pragma('query_only = ON');
    await receive(a, four.file, four.uid);
    a.close();
    assert.match(errors.at(-1)!, /re-indexed at the next open/);
    const b = Archive.open(dir);
    assert.equal(b.recovered, 1);
    assert.ok(b.instance(four.uid));
    b.close();
  } finally {
    t.cleanup();
  }
});
