import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProfile } from '../../../src/edit/deidentify/profile.js';
import { parseProfileOptions } from '../../../src/edit/deidentify/options.js';
import { shiftDateValue } from '../../../src/edit/deidentify/date-shift.js';
import { PROFILE_EDITION, PROFILE_ROWS } from '../../../src/edit/generated/confidentiality-profile.js';
import { DICTIONARY } from '../../../src/core/generated/dictionary.js';

test('the generated table is PS3.15 2024e Table E.1-1', () => {
  assert.equal(PROFILE_EDITION, '2024e');
  assert.ok(PROFILE_ROWS.length > 600);
});

test('alternatives resolve to the conformant choice and options override the Basic Profile', () => {
  const basic = compileProfile(new Set());
  assert.equal(basic.actionFor(0x00100010), 'Z'); // Patient's Name
  assert.equal(basic.actionFor(0x00080022), 'XZ'); // Acquisition Date, X/Z: by its type in the object's IOD
  assert.equal(basic.actionFor(0x00080080), 'D'); // Institution Name, X/Z/D
  assert.equal(basic.actionFor(0x00082112), 'U'); // Source Image Sequence, X/Z/U*
  assert.equal(basic.actionFor(0x60024000), 'X'); // Overlay Comments in group 6002
  assert.equal(basic.actionFor(0x00280010), undefined); // Rows: not listed
  assert.equal(basic.privateAction, 'X');
  const options = compileProfile(parseProfileOptions(['retain-institution-identity', 'retain-longitudinal-modified-dates', 'retain-safe-private']));
  assert.equal(options.actionFor(0x00080080), 'K');
  assert.equal(options.actionFor(0x00080020), 'S'); // Study Date shifted
  assert.equal(options.privateAction, 'C');
  assert.throws(() => parseProfileOptions(['retain-longitudinal-full-dates', 'retain-longitudinal-modified-dates']), /either/);
  assert.throws(() => parseProfileOptions(['retain-everything']), /unknown de-identification option/);
});

test('dates shift by whole days keeping precision, ranges and UTC offsets', () => {
  assert.equal(shiftDateValue('20240301', 'DA', -1), '20240229');
  assert.equal(shiftDateValue('20240301-20240310', 'DA', -366), '20230301-20230310');
  assert.equal(shiftDateValue('20240301101112.5+0100', 'DT', -1), '20240229101112.5+0100');
  assert.equal(shiftDateValue('202403', 'DT', -40), '202401');
});

test('every person name the dictionary knows and the table does not list is removed, whatever its VR on the wire', () => {
  const basic = compileProfile(new Set());
  assert.equal(basic.actionFor(0x00140104), 'X'); // Secondary Reviewer Name
  assert.equal(basic.actionFor(0x00142006), 'X'); // Evaluator Name
  assert.equal(basic.actionFor(0x0040a067), 'X'); // Document Author (Trial)
  assert.equal(basic.actionFor(0x00080070), undefined); // Manufacturer: kept
  assert.equal(basic.actionFor(0x60041500), 'X'); // Overlay Label in group 6004
  assert.equal(compileProfile(parseProfileOptions(['clean-graphics'])).actionFor(0x60041500), 'C');
});

test('a value that is no date is not shifted but refused, so the walk can replace it: its unshifted date and what follows stay out', () => {
  assert.equal(shiftDateValue('20240301\0Doe John', 'DA', -1), undefined);
  assert.equal(shiftDateValue('20240301 Doe', 'DT', -1), undefined);
  assert.equal(shiftDateValue('20240301-20240310x', 'DA', -1), undefined);
  assert.equal(shiftDateValue('20240301+0100-20240302+0100', 'DT', -1), '20240229+0100-20240301+0100');
  assert.equal(shiftDateValue('20240301-0500', 'DT', -1), '20240229-0500');
  assert.equal(shiftDateValue('-20240301', 'DA', -1), '-20240229');
});

/**
 * Free text of the dictionary the profile keeps on purpose (profile.ts, BEYOND_TABLE): names, labels and descriptions
 * of equipment, algorithms, implant templates, hanging protocols, displays and quality tests, and an animal's kind.
 */
const KEPT_FREE_TEXT = new Set([
  '0008030E', '00100212', '00100222', '00102201', '00102292', '00140044', '00140046', '00140204', '00142032', '00142206',
  '00142222', '00143099', '00144006', '0014400C', '0014400F', '00144082', '00145111', '001811A4', '00182006', '00187006',
  '00187062', '00189080', '00189175', '00189528', '00209421', '00221094', '00221159', '00221273', '00221616', '00240309',
  '00280062', '00280063', '00280400', '00280700', '00280A04', '00287005', '00287007', '0028700D', '00287020', '0028702A',
  '003A0020', '003A0203', '003A020C', '00409210', '0040A047', '0040A297', '00440003', '00440009', '00460012', '00480107',
  '006862D5', '00686340', '00686345', '00686380', '006863D0', '00686540', '00701A09', '00720004', '00720040', '00720203',
  '00720206', '00780010', '00800009', '20100152', '300A0043', '300A010A', '300A021C', '300A0322', '300A033A', '300A034A',
  '300A0422', '30100005', '3010001E', '40101013', '60xx0062',
]);

test('every free-text label, description, comment, note, reason or text of the dictionary has an action, or is kept on purpose', () => {
  const profile = compileProfile(new Set());
  const missing: string[] = [];
  for (const line of DICTIONARY.split('\n')) {
    const [key, vr, , , name] = line.split('|');
    if (!key || !['LO', 'LT', 'ST', 'UT', 'SH', 'UC'].includes(vr!) || !/label|description|comment|note|reason|text/i.test(name!)) continue;
    // A repeating group's attribute in its first group (60xx → 6000, 50xx → 5000).
    const action = profile.actionFor(parseInt(key.replaceAll('x', '0'), 16) >>> 0);
    if (KEPT_FREE_TEXT.has(key)) assert.equal(action, undefined, `${name} is kept`);
    else if (action === undefined) missing.push(`${key} ${name}`);
  }
  assert.deepEqual(missing, []);
});
