import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { BufferedOutput } from '../../src/cli/buffered-output.js';

/** A stream that keeps each write as one chunk; `hold` keeps its writes pending until `release`. */
function recorder(hold = false): { stream: Writable; chunks: string[]; release(): void } {
  const chunks: string[] = [];
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      if (hold) pending.push(done);
      else done();
    },
  });
  return { stream, chunks, release: () => pending.splice(0).forEach((done) => done()) };
}

test('short texts are gathered into one write; a long one is written as it is, in order', () => {
  const { stream, chunks } = recorder();
  const out = new BufferedOutput(stream);
  out.write('a');
  out.write('b');
  assert.deepEqual(chunks, []);
  const long = 'x'.repeat(64 * 1024);
  out.write(long);
  out.write('c');
  out.flush();
  assert.deepEqual(chunks, ['ab', long, 'c']);
});

test('drained waits while the stream holds more than its high-water mark, and only then', async () => {
  const { stream, release } = recorder(true);
  const out = new BufferedOutput(stream);
  assert.equal(out.drained(), undefined);
  out.write('x'.repeat(64 * 1024));
  let done = false;
  const waiting = out.drained()?.then(() => (done = true));
  assert.ok(waiting);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(done, false);
  release();
  await waiting;
  assert.equal(done, true);
});
