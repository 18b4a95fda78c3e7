import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupSite, siteNames } from '../../../src/iod/codes/anatomic-sites.js';
import { CID_4029_DERMATOLOGY_ANATOMIC_SITE, CID_4031_COMMON_ANATOMIC_REGION, type ContextGroup } from './context-groups.js';

const inGroup = (group: ContextGroup, scheme: string, value: string): string | undefined =>
  group.find(([s, v]) => s === scheme && v === value)?.[2];

/** The plain limb segments, which CID 4029 codes only by surface: docs/tbp-import.md names them. */
const LIMB_SEGMENTS = ['shoulder', 'upper arm', 'forearm', 'thigh', 'knee', 'lower leg'];

test('every built-in site name is coded by CID 4029 (its Code Meaning as PS3.16 gives it), the plain limb segments by CID 4031', () => {
  for (const name of siteNames()) {
    const { code } = lookupSite(name)!;
    const group = LIMB_SEGMENTS.includes(name) ? CID_4031_COMMON_ANATOMIC_REGION : CID_4029_DERMATOLOGY_ANATOMIC_SITE;
    assert.equal(inGroup(group, code.scheme, code.value), code.meaning, `${name}: (${code.value}, ${code.scheme}, "${code.meaning}")`);
  }
});

test('"breast" is CID 4029\'s skin of breast, not CID 4031\'s breast (the organ)', () => {
  assert.deepEqual(lookupSite('left breast'), { code: { value: '82038008', scheme: 'SCT', meaning: 'Skin of breast' }, paired: true, laterality: 'L' });
});
