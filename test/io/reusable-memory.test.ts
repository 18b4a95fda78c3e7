import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReusableMemory } from '../../src/io/reusable-memory.js';

test('memory lent is of the size asked for, and is used again once the borrower is done', async () => {
  const memory = new ReusableMemory();
  const first = await memory.lend((allocate) => {
    const a = allocate(100_000);
    assert.equal(a.length, 100_000);
    return a.buffer;
  });
  const again = await memory.lend((allocate) => allocate(90_000).buffer);
  assert.equal(again, first);
});

test('memory is not lent twice at once, and a failing borrower gives it back too', async () => {
  const memory = new ReusableMemory();
  const [a, b] = await Promise.all([
    memory.lend(async (allocate) => allocate(1000).buffer),
    memory.lend(async (allocate) => allocate(1000).buffer),
  ]);
  assert.notEqual(a, b);
  let lent: ArrayBufferLike | undefined;
  await assert.rejects(memory.lend((allocate) => {
    lent = allocate(1000).buffer;
    throw new Error('no');
  }));
  const reused = await memory.lend((allocate) => [allocate(10).buffer, allocate(10).buffer, allocate(10).buffer]);
  assert.ok(reused.includes(lent!) && reused.includes(a) && reused.includes(b));
});

test('the smallest free buffer that fits is lent; very large ones are not kept', async () => {
  const memory = new ReusableMemory();
  const [small, large] = await memory.lend((allocate) => [allocate(10).buffer, allocate(1_000_000).buffer]);
  assert.equal(await memory.lend((allocate) => allocate(10).buffer), small);
  assert.equal(await memory.lend((allocate) => allocate(500_000).buffer), large);
  const huge = await memory.lend((allocate) => allocate(32 * 1024 * 1024).buffer);
  assert.notEqual(await memory.lend((allocate) => allocate(32 * 1024 * 1024).buffer), huge);
});
