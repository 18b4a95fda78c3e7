import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineBuffer, dumpLine } from '../../src/io/dump-lines.js';

test('a line pads its value to the "#" column, wide characters counting two columns', () => {
  assert.equal(dumpLine(0, 0x00280010, 'US', '512', 2, 1, 'Rows'), '(0028,0010) US 512                                      #   2, 1 Rows\n');
  assert.equal(dumpLine(2, 0x00100010, 'PN', '[山田]', 6, 1, 'PatientName'), '    (0010,0010) PN [山田]                                   #   6, 1 PatientName\n');
  assert.equal(dumpLine(0, 0x00100020, 'LO', `[${'x'.repeat(40)}]`, 40, 1, 'PatientID'), `(0010,0020) LO [${'x'.repeat(40)}] #  40, 1 PatientID\n`);
});

test('a tag met again with another VR, length, VM or name gets a line of its own', () => {
  // What a line shows around its value is remembered per tag: none of it may outlive a change.
  const tag = 0x00091010;
  assert.equal(dumpLine(0, tag, 'LO', '[a]', 2, 1, 'Unknown Tag & Data'), '(0009,1010) LO [a]                                      #   2, 1 Unknown Tag & Data\n');
  assert.equal(dumpLine(0, tag, 'UN', '61', 2, 1, 'Unknown Tag & Data'), '(0009,1010) UN 61                                       #   2, 1 Unknown Tag & Data\n');
  assert.equal(dumpLine(0, tag, 'UN', '61\\62', 1024, 1, 'Unknown Tag & Data'), '(0009,1010) UN 61\\62                                    # 1024, 1 Unknown Tag & Data\n');
  assert.equal(dumpLine(0, tag, 'UN', '61', 2, 3, 'Unknown Tag & Data'), '(0009,1010) UN 61                                       #   2, 3 Unknown Tag & Data\n');
  assert.equal(dumpLine(1, tag, 'UN', '61', 'u/l', 3, 'ACME_Thing'), '  (0009,1010) UN 61                                       # u/l, 3 ACME_Thing\n');
  assert.equal(dumpLine(0, tag, 'LO', '[a]', 2, 1, 'Unknown Tag & Data'), '(0009,1010) LO [a]                                      #   2, 1 Unknown Tag & Data\n');
});

test('lines are handed on in texts of whole lines, a few thousand at a time', () => {
  const texts: string[] = [];
  const out = new LineBuffer((text) => texts.push(text));
  out.flush();
  assert.equal(texts.length, 0, 'nothing to hand on');
  for (let i = 0; i < 5000; i++) out.add(`line ${i}\n`);
  out.flush();
  assert.equal(texts.length, 2);
  assert.ok(texts.every((text) => text.endsWith('\n')));
  assert.equal(texts.join(''), Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join(''));
});
