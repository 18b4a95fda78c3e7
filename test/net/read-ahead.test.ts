// ReadAhead: the next data set is read once the current turn is over, handed out only for the same region; anything
// unreadable is left to the send (the region comes back as is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { ReadAhead } from '../../src/net/read-ahead.js';
import { tempDir } from './helpers.js';

test('a scheduled region is read after the current turn and handed out once', async () => {
  const t = tempDir('read-ahead');
  try {
    const path = join(t.dir, 'a.bin');
    writeFileSync(path, Buffer.from('0123456789abcdef'));
    const ra = new ReadAhead();
    const region = { path, offset: 4, length: 8 };
    ra.schedule(region);
    assert.deepEqual(ra.take(region), region, 'not read within the turn that scheduled it');
    ra.schedule(region);
    await turn();
    assert.deepEqual(ra.take({ ...region, offset: 5 }), { ...region, offset: 5 }, 'another region is not served');
    ra.schedule(region);
    await turn();
    assert.equal((ra.take(region) as Buffer).toString('latin1'), '456789ab');
    assert.deepEqual(ra.take(region), region, 'handed out once');
    // a file shorter than the region, or missing: left to the send
    ra.schedule({ path, offset: 10, length: 8 });
    await turn();
    assert.deepEqual(ra.take({ path, offset: 10, length: 8 }), { path, offset: 10, length: 8 });
    ra.schedule({ path: join(t.dir, 'missing'), offset: 0, length: 8 });
    await turn();
    assert.deepEqual(ra.take({ path: join(t.dir, 'missing'), offset: 0, length: 8 }), { path: join(t.dir, 'missing'), offset: 0, length: 8 });
  } finally {
    t.cleanup();
  }
});
