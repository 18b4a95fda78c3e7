import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { explicitLE, implicitLE, part10Of } from '../helpers/element-bytes.js';
import { tempDir } from '../tbp/tools.js';

const ITEMS = 1_000_000;

/** An SC instance whose Referenced Image Sequence holds `count` empty items of defined length. */
function emptyItemsFile(count: number): Buffer {
  const uid = (text: string): Buffer => Buffer.from(text.length % 2 ? `${text}\0` : text, 'latin1');
  const sc = uid('1.2.840.10008.5.1.4.1.1.7');
  const item = implicitLE(0xfffee000);
  return part10Of(
    '1.2.840.10008.1.2.1',
    explicitLE(0x00080016, 'UI', sc),
    explicitLE(0x00080018, 'UI', uid('2.25.7')),
    explicitLE(0x00081140, 'SQ', Buffer.alloc(item.length * count, item), item.length * count),
  );
}

/**
 * Memory held (MiB, the heap after a full garbage collection) by a read of `path` kept, and at most while
 * `tbp-dicom dump FILE` prints it (collected and measured at every 64th write to standard output, of 64 KiB), above what the process
 * held before, its modules loaded by a dump of `warmUp`. Held memory, not resident memory: what the collector has yet to
 * free of the lines printed makes that vary by more than is measured here.
 */
function held(warmUp: string, path: string): { read: number; dump: number } {
  const main = new URL('../../src/cli/main.js', import.meta.url).href;
  const reader = new URL('../../src/io/part10-reader.js', import.meta.url).href;
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', `
    const { main } = await import(${JSON.stringify(main)});
    const { readDicomFile } = await import(${JSON.stringify(reader)});
    const heap = () => { gc(); return process.memoryUsage().heapUsed / 1024 ** 2; };
    await main(['node', 'tbp-dicom', 'dump', ${JSON.stringify(warmUp)}]);
    const before = heap();
    let file = readDicomFile(${JSON.stringify(path)});
    const read = heap() - before;
    file = undefined;
    let dump = 0;
    let writes = 0;
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (...args) => {
      if (writes++ % 64 === 0) dump = Math.max(dump, heap() - before);
      return write(...args);
    };
    process.exitCode = await main(['node', 'tbp-dicom', 'dump', ${JSON.stringify(path)}]);
    process.stderr.write(JSON.stringify({ read, dump }));`],
  { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stderr) as { read: number; dump: number };
}

test('dump keeps no item\'s length: a sequence of 1,000,000 empty items holds about what reading it takes while printed', () => {
  // Every item's length was kept (DatasetWriter's cache) until the data set was printed: 56 MiB held above the read.
  const dir = tempDir('dump-memory');
  const path = join(dir, 'items.dcm');
  const small = join(dir, 'one.dcm');
  writeFileSync(path, emptyItemsFile(ITEMS));
  writeFileSync(small, emptyItemsFile(1));
  try {
    const { read, dump } = held(small, path);
    assert.ok(dump - read < 16, `dump held ${Math.round(dump)} MiB, the read alone ${Math.round(read)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
