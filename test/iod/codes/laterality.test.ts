import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LATERALITY_CODES } from '../../../src/iod/codes/laterality.js';
import { CID_244_LATERALITY } from './context-groups.js';

test('each laterality is coded by CID 244 with the Code Meaning PS3.16 gives it (51440002 is "Bilateral")', () => {
  for (const [letter, c] of Object.entries(LATERALITY_CODES)) {
    const listed = CID_244_LATERALITY.find(([scheme, value]) => scheme === c.scheme && value === c.value);
    assert.equal(listed?.[2], c.meaning, `${letter}: (${c.value}, ${c.scheme}, "${c.meaning}")`);
  }
});
