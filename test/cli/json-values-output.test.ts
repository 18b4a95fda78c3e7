import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { BufferedOutput } from '../../src/cli/buffered-output.js';
import { JsonValuesOutput } from '../../src/cli/json-values-output.js';

function print(values: unknown[], array: boolean): string {
  let text = '';
  const out = new BufferedOutput(new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) }));
  const json = new JsonValuesOutput(out, array);
  for (const value of values) json.add(value);
  json.end();
  out.flush();
  return text;
}

test('values printed one by one read as the array JSON.stringify makes of them, laid out the same', () => {
  for (const values of [[], [{ a: 1 }], [{ a: 1 }, { b: [1, { c: 'd' }] }, 'x']]) {
    assert.equal(print(values, true), JSON.stringify(values, null, 2) + '\n');
  }
  assert.equal(print([{ a: [1, 2] }], false), JSON.stringify({ a: [1, 2] }, null, 2) + '\n', 'one value alone');
  assert.equal(print([], false), '', 'nothing when the one value failed');
});

test('a value whose writer fails before printing anything leaves no trace in the array: no comma, no value', () => {
  let text = '';
  const out = new BufferedOutput(new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) }));
  const json = new JsonValuesOutput(out, true);
  json.add({ a: 1 });
  assert.throws(() => json.addWritten(() => { throw new Error('unreadable'); }));
  assert.equal(json.begun, false);
  json.addWritten((print) => print('2'));
  assert.equal(json.begun, true);
  json.end();
  out.flush();
  assert.deepEqual(JSON.parse(text), [{ a: 1 }, 2]);
});
