import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileProfile } from '../../../src/edit/deidentify/profile.js';
import { parseProfileOptions } from '../../../src/edit/deidentify/options.js';
import { shiftDateValue } from '../../../src/edit/deidentify/date-shift.js';
import { PROFILE_EDITION, PROFILE_ROWS } from '../../../src/edit/generated/confidentiality-profile.js';

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
