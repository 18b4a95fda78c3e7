import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupKeyword } from '../../src/core/dictionary.js';
import { MODULES } from '../../src/iod/modules/index.js';
import type { AttributeDefinition } from '../../src/iod/modules/types.js';
import { IOD_CONSTRAINTS } from '../../src/iod/iod-constraints.js';
import { iodForSopClass, iodById } from '../../src/iod/iods.js';

function* walk(defs: readonly AttributeDefinition[], seen = new Set<readonly AttributeDefinition[]>()): Generator<AttributeDefinition> {
  if (seen.has(defs)) return;
  seen.add(defs);
  for (const d of defs) {
    yield d;
    if (d.items) yield* walk(d.items, seen);
  }
}

test('every keyword in the module tables is in the data dictionary', () => {
  const unknown: string[] = [];
  const all = [...MODULES.values(), ...Object.values(IOD_CONSTRAINTS).flat()];
  for (const m of all) {
    for (const d of walk(m.attributes)) if (!lookupKeyword(d.keyword)) unknown.push(`${m.id}: ${d.keyword}`);
    for (const g of m.functionalGroups ?? []) {
      if (!lookupKeyword(g.sequence)) unknown.push(`${m.id}: ${g.sequence}`);
      for (const d of walk(g.items)) if (!lookupKeyword(d.keyword)) unknown.push(`${m.id}: ${d.keyword}`);
    }
  }
  assert.deepEqual(unknown, []);
});

test('conditional attributes carry a condition; sequences of items declare their contents', () => {
  for (const m of MODULES.values()) {
    for (const d of walk(m.attributes)) {
      if (d.type === '1C' || d.type === '2C') assert.ok(d.condition, `${m.id}: ${d.keyword} is ${d.type} without a condition`);
      if (d.type !== '1C' && d.type !== '2C') assert.equal(d.condition, undefined, `${m.id}: ${d.keyword} has a condition but is Type ${d.type}`);
    }
  }
});

test('the IODs of the coverage list have every mandatory module encoded', () => {
  const uids = [
    '1.2.840.10008.5.1.4.1.1.77.1.7', '1.2.840.10008.5.1.4.1.1.77.1.4', '1.2.840.10008.5.1.4.1.1.68.1', '1.2.840.10008.5.1.4.1.1.104.4',
    '1.2.840.10008.5.1.4.1.1.104.5', '1.2.840.10008.5.1.4.1.1.7', '1.2.840.10008.5.1.4.1.1.7.1', '1.2.840.10008.5.1.4.1.1.7.2',
    '1.2.840.10008.5.1.4.1.1.7.3', '1.2.840.10008.5.1.4.1.1.7.4', '1.2.840.10008.5.1.4.1.1.6.1', '1.2.840.10008.5.1.4.1.1.3.1',
    '1.2.840.10008.5.1.4.1.1.1.1', '1.2.840.10008.5.1.4.1.1.1.3', '1.2.840.10008.5.1.4.1.1.1', '1.2.840.10008.5.1.4.1.1.88.33',
    '1.2.840.10008.5.1.4.1.1.77.1.8', '1.2.840.10008.5.1.4.1.1.77.1.9', '1.2.840.10008.1.3.10',
  ];
  for (const uid of uids) {
    const iod = iodForSopClass(uid);
    assert.ok(iod, `no IOD for ${uid}`);
    const missing = iod.modules.filter((m) => m.usage === 'M' && !m.definition).map((m) => m.id);
    assert.deepEqual(missing, [], `${iod.name} lacks tables for ${missing.join(', ')}`);
  }
});

test('module definitions are importable data', () => {
  const study = MODULES.get('general-study');
  assert.equal(study?.attributes.find((a) => a.keyword === 'StudyInstanceUID')?.type, '1');
  assert.equal(iodById('vl-photographic-image')?.constraints[0]?.attributes[0]?.keyword, 'Modality');
});
