import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStandardScheme } from '../../../src/iod/codes/schemes.js';

test('designators from the start, middle and end of PS3.16 Table 8-1 are standard, needing no declaration', () => {
  for (const d of ['ACR', 'ASTM-sigpurpose', 'BARI', 'caDSR', 'CTV3', 'I11', 'ICDO3', 'MAYOASRG', 'RADELEMENT', 'RRID', 'RXNORM', 'UNS', 'UPC']) {
    assert.equal(isStandardScheme(d), true, d);
  }
});

test('private, local and misspelt designators are not standard: they are declared', () => {
  for (const d of ['99TBP', '99XYZ', 'LOCAL', 'L', 'SNOMED', 'sct', 'CADSR', '']) assert.equal(isStandardScheme(d), false, d);
});
