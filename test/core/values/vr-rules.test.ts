import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStringValue, vmAllows } from '../../../src/core/values/vr-rules.js';

test('value forms per VR', () => {
  assert.equal(checkStringValue('DA', '20240229'), undefined);
  assert.match(checkStringValue('DA', '20230229')!, /calendar/);
  assert.match(checkStringValue('DA', '2024-01-01')!, /at most 8/);
  assert.equal(checkStringValue('TM', '235959.123456'), undefined);
  assert.match(checkStringValue('TM', '12:30')!, /HHMMSS/);
  assert.equal(checkStringValue('DT', '20240105101500.5+0100'), undefined);
  // a fraction only after the seconds
  for (const tm of ['12.5', '1230.5']) assert.match(checkStringValue('TM', tm)!, /HHMMSS/, tm);
  for (const tm of ['12', '1230', '123059', '123059.5']) assert.equal(checkStringValue('TM', tm), undefined, tm);
  for (const dt of ['2024.5', '202401051015.5']) assert.match(checkStringValue('DT', dt)!, /YYYYMMDDHHMMSS/, dt);
  for (const dt of ['2024', '2024+0100', '20240105101500', '202401051015-0500']) assert.equal(checkStringValue('DT', dt), undefined, dt);
  assert.equal(checkStringValue('UI', '1.2.840.10008.1.2.1'), undefined);
  assert.match(checkStringValue('UI', '1.2.03')!, /leading zeros/);
  assert.match(checkStringValue('UI', '1.' + '2'.repeat(63))!, /at most 64/);
  assert.match(checkStringValue('CS', 'abc')!, /upper-case/);
  // One-line text: no control character but ESC (an ISO 2022 escape), where ST/LT/UT take TAB, LF, FF and CR.
  for (const c of ['\t', '\n', '\f', '\r', '\u0001']) {
    for (const vr of ['LO', 'SH', 'UC'] as const) assert.match(checkStringValue(vr, `a${c}b`)!, /control characters/, `${vr} ${JSON.stringify(c)}`);
    assert.equal(checkStringValue('LT', `a${c === '\u0001' ? '\n' : c}b`), undefined);
  }
  assert.equal(checkStringValue('LO', 'a\u001b$B'), undefined);
  assert.equal(checkStringValue('DS', ' -1.5e3'), undefined);
  assert.match(checkStringValue('DS', '1,5')!, /decimal/);
  assert.match(checkStringValue('IS', '99999999999')!, /at most 12|range/);
  assert.match(checkStringValue('PN', 'a=b=c=d')!, /three component groups/);
  assert.equal(checkStringValue('AS', '045Y'), undefined);
});

test('VM texts', () => {
  assert.ok(vmAllows('1', 1));
  assert.ok(!vmAllows('1', 2));
  assert.ok(vmAllows('1-n', 5));
  assert.ok(vmAllows('2-2n', 4));
  assert.ok(!vmAllows('2-2n', 3));
  assert.ok(vmAllows('1-3', 3));
  assert.ok(!vmAllows('1-3', 4));
});
