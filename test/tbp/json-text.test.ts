import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonText } from '../../src/tbp/json-text.js';
import { ManifestError } from '../../src/tbp/manifest-error.js';
import { loadManifest } from '../../src/tbp/manifest-load.js';
import { tempDir } from './tools.js';

const problemsOf = (text: string): string[] => {
  try {
    parseJsonText(text, 'm.json');
  } catch (e) {
    assert.ok(e instanceof ManifestError && e.file === 'm.json');
    return e.problems;
  }
  return [];
};

test('a JSON key given twice is refused, every one named by its path and lines, as YAML refuses it', () => {
  const text = [
    '{',
    '  "patient": { "id": "P1", "name": "A^B",',
    '    "id": "P2" },',
    '  "lesions": [ { "id": "L1" }, { "id": "L2", "site": "x", "\\u0069d": "L3" } ],',
    '  "patient": {}',
    '}',
  ].join('\n');
  assert.deepEqual(problemsOf(text), [
    'patient.id: given twice (lines 2 and 3); give it once',
    'lesions[1].id: given twice (lines 4 and 4); give it once',
    'patient: given twice (lines 2 and 5); give it once',
  ]);
  // The same key in other objects, and keys' text inside values (quotes, braces, commas escaped or in strings), are not duplicates.
  assert.deepEqual(problemsOf('{"a": {"a": 1}, "b": [{"a": "x\\"y, \\"a\\": {"}, {"a": "\\\\"}], "c": "}", "d": {"e": [1, {"e": 2}]}}'), []);
  assert.deepEqual(problemsOf('[{"k": 1, "k": 2}]'), ['[0].k: given twice (lines 1 and 1); give it once']);
  // Text that is not JSON is refused as before, by JSON.parse's message.
  const broken = problemsOf('{"k": 1,');
  assert.equal(broken.length, 1);
  assert.match(broken[0]!, /^not valid JSON: /);
});

test('a JSON manifest with a key twice is refused naming the file; the same in YAML too', () => {
  const dir = tempDir('json-duplicates');
  const json = join(dir, 'capture.json');
  writeFileSync(json, '{\n  "patient": { "name": "A^B", "id": "1" },\n  "study": { "date": "2024-09-01", "date": "2024-09-02" },\n  "equipment": { "manufacturer": "M", "model": "X", "serialNumber": "S", "softwareVersions": "1" }\n}\n');
  assert.throws(() => loadManifest(json), (e: ManifestError) =>
    e.file === json && e.message === 'study.date: given twice (lines 3 and 3); give it once');
  const yaml = join(dir, 'capture.yaml');
  writeFileSync(yaml, 'patient: { name: "A^B", id: "1" }\nstudy: { date: "2024-09-01", date: "2024-09-02" }\nequipment: { manufacturer: M, model: X, serialNumber: S, softwareVersions: "1" }\n');
  assert.throws(() => loadManifest(yaml), (e: ManifestError) => e.file === yaml && /^not valid YAML: Map keys must be unique/.test(e.message));
});

test('a JSON syntax error names its line and column, and says when a comment or a comma after the last entry stopped it', () => {
  const [comment] = problemsOf('{\n  "patient": {\n    // the device\'s test patient\n    "id": "1"\n  }\n}');
  assert.match(comment!, /^not valid JSON: .*\(line 3,? column 5\); JSON has no comments$/);
  const [comma] = problemsOf('{\n  "lesions": [\n    { "id": "L1",\n    }\n  ]\n}');
  assert.match(comma!, /^not valid JSON: .*\(line 4,? column 5\); JSON has no comma after the last entry$/);
  const [missing] = problemsOf('{\n  "a": 1\n  "b": 2\n}');
  assert.match(missing!, /^not valid JSON: .*\(line 3,? column 3\)$/);
});

test('a comma after the last entry of a list, or another token a list or object does not take, is placed by line and column', () => {
  const [list] = problemsOf('{\n  "lesions": [\n    { "id": "L1", "position3d": [1, 2, 3,] }\n  ]\n}');
  assert.equal(list, "not valid JSON: Unexpected token ']' (line 3, column 42); JSON has no comma after the last entry");
  const [emptyEntry] = problemsOf('{"a": [1,, 2]}');
  assert.equal(emptyEntry, "not valid JSON: Unexpected token ',' (line 1, column 10)");
  const [noValue] = problemsOf('{\n  "a": }');
  assert.equal(noValue, "not valid JSON: Unexpected token '}' (line 2, column 8)");
  // The text around the token, which V8 quotes, is not repeated: a long file is not printed into the message.
  const [long] = problemsOf(`{"a": "${'x'.repeat(500)}", "b": [1, 2,]}`);
  assert.equal(long, "not valid JSON: Unexpected token ']' (line 1, column 522); JSON has no comma after the last entry");
});
