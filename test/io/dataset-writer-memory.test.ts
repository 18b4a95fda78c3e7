import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyItemsFile } from '../helpers/element-bytes.js';
import { tempDir } from '../tbp/tools.js';

const ITEMS = 1_000_000;

/**
 * Heap held (MiB, after a full garbage collection) at most while a DatasetWriter writes the data set of `path` with
 * defined lengths (`policy`), sampled at every 65,536th write to its sink, above what the data set read takes.
 */
function heldWhileWriting(path: string, policy: string): number {
  const url = (module: string): string => JSON.stringify(new URL(`../../src/io/${module}.js`, import.meta.url).href);
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', `
    const { readDicomFile } = await import(${url('part10-reader')});
    const { DatasetWriter } = await import(${url('dataset-writer')});
    const heap = () => { gc(); return process.memoryUsage().heapUsed / 1024 ** 2; };
    const { dataset } = readDicomFile(${JSON.stringify(path)});
    const before = heap();
    let held = 0;
    let writes = 0;
    let bytes = 0;
    const sink = {
      write(b) { bytes += b.length; if (++writes % 65536 === 0) held = Math.max(held, heap() - before); },
      writeBulk() { throw new Error('no value is left on disk'); },
    };
    new DatasetWriter(sink, ${JSON.stringify(policy)}).write(dataset, { explicitVR: true, littleEndian: true });
    process.stdout.write(JSON.stringify({ held, bytes }));`],
  { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { held, bytes } = JSON.parse(run.stdout) as { held: number; bytes: number };
  assert.ok(bytes > 8 * ITEMS, `${bytes} bytes written`);
  return held;
}

test('writing defined lengths keeps no length of an item that holds no sequence: 1,000,000 empty items hold no table', () => {
  // Every item's length was kept until the write ended: 30-60 MiB for these, what convert took above the read.
  const dir = tempDir('writer-memory');
  const path = join(dir, 'items.dcm');
  writeFileSync(path, emptyItemsFile(ITEMS));
  try {
    for (const policy of ['preserve', 'defined']) {
      const held = heldWhileWriting(path, policy);
      assert.ok(held < 12, `${policy}: the writer held ${Math.round(held)} MiB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
