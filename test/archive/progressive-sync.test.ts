import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressiveSync } from '../../src/archive/progressive-sync.js';

const MIB = 1024 * 1024;

/**
 * A descriptor number no process has open (far above any open-file limit), so its fdatasync fails (EBADF): that
 * shows whether one ran, as a write-back error would.
 */
const NOT_OPEN = 2 ** 30;

test('an fdatasync starts each time another 16 MiB has been written, never two at once', async () => {
  const sync = new ProgressiveSync(NOT_OPEN);
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
  const sync = new ProgressiveSync(NOT_OPEN);
  sync.written(16 * MIB);
  await sync.idle();
  const first = sync.failure;
  sync.written(16 * MIB);
  await sync.idle();
  assert.ok(first && sync.failure === first);
});
