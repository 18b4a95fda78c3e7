import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeTurns, decodeWithOwnMessage } from '../../src/pixel/decode-turns.js';

/** A piece of work that records when it starts and ends, and ends when told. */
function work(name: string, log: string[]) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { finish, run: async () => { log.push(`${name}+`); await done; log.push(`${name}-`); return name; } };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('shared turns run together; a turn alone waits for them, and later turns wait for it, in the order asked', async () => {
  const turns = new DecodeTurns();
  const log: string[] = [];
  const [a, b, alone, c] = ['a', 'b', 'alone', 'c'].map((n) => work(n, log));
  const runs = [turns.run(false, a!.run), turns.run(false, b!.run), turns.run(true, alone!.run), turns.run(false, c!.run)];
  await settle();
  assert.deepEqual(log, ['a+', 'b+']);
  a!.finish();
  await settle();
  assert.deepEqual(log, ['a+', 'b+', 'a-'], 'alone waits for b; c waits behind alone');
  b!.finish();
  await settle();
  assert.deepEqual(log.slice(3), ['b-', 'alone+']);
  alone!.finish();
  await settle();
  assert.deepEqual(log.slice(5), ['alone-', 'c+']);
  c!.finish();
  assert.deepEqual(await Promise.all(runs), ['a', 'b', 'alone', 'c']);
});

test('a turn whose work fails passes the failure on and frees its turn', async () => {
  const turns = new DecodeTurns();
  await assert.rejects(turns.run(true, () => Promise.reject(new Error('bad Huffman code'))), /bad Huffman code/);
  assert.equal(await turns.run(false, async () => 'next'), 'next');
});

test('decodeWithOwnMessage: a decode that fails runs again alone, and that run decides', async () => {
  let calls = 0;
  assert.equal(await decodeWithOwnMessage(async () => (++calls === 1 ? Promise.reject(new Error('not mine')) : 'pixels')), 'pixels');
  assert.equal(calls, 2);
  let attempt = 0;
  await assert.rejects(decodeWithOwnMessage(() => Promise.reject(new Error(`attempt ${++attempt}`))), /^Error: attempt 2$/);
  assert.equal(await decodeWithOwnMessage(async () => 'first time'), 'first time');
});
