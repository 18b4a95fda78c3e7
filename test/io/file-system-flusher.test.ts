import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemFlusher } from '../../src/io/file-system-flusher.js';

const linux = process.platform === 'linux';

test('flushes asked for one after another are each answered, in order; after close none is made', { skip: !linux && 'syncfs is Linux' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-flusher-'));
  try {
    const flusher = new FileSystemFlusher(dir);
    const order: number[] = [];
    const flushes = [1, 2, 3].map((n) => flusher.flush().then((done) => (order.push(n), done)));
    assert.deepEqual(await Promise.all(flushes), [true, true, true]);
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(await flusher.flush(), true, 'the helper stays for the next one');
    flusher.close();
    assert.equal(await flusher.flush(), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder that is not there, or no shell to start, answers false', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-flusher-none-'));
  const path = process.env.PATH;
  try {
    assert.equal(await new FileSystemFlusher(join(dir, 'no-such-folder')).flush(), false);
    process.env.PATH = join(dir, 'no-such-bin');
    assert.equal(await new FileSystemFlusher(dir).flush(), false);
  } finally {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process waits for the flush it asked for, and an idle helper does not keep it running', { skip: !linux && 'syncfs is Linux' }, () => {
  const module = new URL('../../src/io/file-system-flusher.js', import.meta.url).href;
  // Nothing else keeps this process alive while it waits, and nothing at all after: it must print, then exit by itself.
  const script = `const { FileSystemFlusher } = await import(${JSON.stringify(module)});
    const flusher = new FileSystemFlusher(${JSON.stringify(tmpdir())});
    console.log('flushed', await flusher.flush());`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.error, undefined, 'exited by itself');
  assert.equal(run.stdout, 'flushed true\n');
  assert.equal(run.status, 0, run.stderr);
});
