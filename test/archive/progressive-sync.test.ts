import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProgressiveSync } from '../../src/archive/progressive-sync.js';

const MIB = 1024 * 1024;

/** A descriptor whose fdatasync fails (EBADF), which shows whether one ran, as a write-back error would. */
function closedDescriptor(): number {
  const fd = openSync(join(mkdtempSync(join(tmpdir(), 'progressive-')), 'f'), 'w');
  closeSync(fd);
  return fd;
}

test('an fdatasync starts each time another 16 MiB has been written, never two at once', async () => {
  const sync = new ProgressiveSync(closedDescriptor());
  for (let i = 0; i < 15; i++) sync.written(MIB);
  await sync.idle();
  assert.equal(sync.failure, undefined, 'none before 16 MiB');
  sync.written(MIB);
  const running = sync.idle();
  sync.written(16 * MIB);
  assert.equal(sync.idle(), running, 'no second one while the first runs');
  await running;
  assert.equal((sync.failure as NodeJS.ErrnoException | undefined)?.code, 'EBADF');
});

test('the first error is kept for the final fdatasync to report (Linux reports a write-back error once)', async () => {
  const sync = new ProgressiveSync(closedDescriptor());
  sync.written(16 * MIB);
  await sync.idle();
  const first = sync.failure;
  sync.written(16 * MIB);
  await sync.idle();
  assert.ok(first && sync.failure === first);
});
