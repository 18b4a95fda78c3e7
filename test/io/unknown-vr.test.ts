import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { Element, Sequence } from '../../src/core/element.js';
import { inKnownVR } from '../../src/io/unknown-vr.js';
import { privateBlockAsUnknown } from '../helpers/unknown-vr.js';

test('a private element that arrived as UN is read in the VR its dictionary knows: numbers as they were, a sequence as its items', () => {
  const ds = new Dataset();
  const item = (uid: string): Dataset => {
    const d = new Dataset();
    d.set('ReferencedSOPInstanceUID', uid);
    return d;
  };
  ds.set('0029,0010', 'SOME VENDOR', 'LO');
  ds.set('0029,1001', 56, 'UL');
  ds.set('0029,1002', [item('2.25.7'), item('2.25.8')], 'SQ');
  privateBlockAsUnknown(ds, 0x0029);
  const number = ds.getElementByTag(0x00291001)!;
  const sequence = ds.getElementByTag(0x00291002)!;
  assert.deepEqual([number.vr, sequence.vr], ['UN', 'UN']);

  const ul = inKnownVR(number, 'UL', ds)!;
  assert.equal(ul.vr, 'UL');
  assert.equal((ul.value as Buffer).readUInt32LE(0), 56);
  const sq = inKnownVR(sequence, 'SQ', ds)!;
  assert.ok(sq.value instanceof Sequence);
  assert.deepEqual(sq.value.items.map((item) => [item.getString('ReferencedSOPInstanceUID'), item.parent === ds]), [['2.25.7', true], ['2.25.8', true]]);

  // Bytes that are no items are no sequence; an element that is not UN is taken as it is.
  assert.equal(inKnownVR(new Element(0x00291003, 'UN', Buffer.from('not items')), 'SQ', ds), undefined);
  const lo = new Element(0x00291004, 'LO', Buffer.from('AB'));
  assert.equal(inKnownVR(lo, 'UL', ds), lo);
});
