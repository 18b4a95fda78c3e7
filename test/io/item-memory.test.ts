import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { emptyItemsFile } from '../helpers/element-bytes.js';
import { tempDir } from '../tbp/tools.js';

const ITEMS = 200_000;

test('an empty item read costs its data set alone, not a table of elements and a list of tags of its own', () => {
  // Each empty item took about 300 bytes of heap (its Map and its tag list), a million of them 298 MB.
  const dir = tempDir('item-memory');
  const path = join(dir, 'items.dcm');
  writeFileSync(path, emptyItemsFile(ITEMS));
  try {
    const reader = new URL('../../src/io/part10-reader.js', import.meta.url).href;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', `
      const { readDicomFile } = await import(${JSON.stringify(reader)});
      gc();
      const before = process.memoryUsage().heapUsed;
      const file = readDicomFile(${JSON.stringify(path)});
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      process.stdout.write(JSON.stringify({ items: file.dataset.items('ReferencedImageSequence').length, grown }));`],
    { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { items, grown } = JSON.parse(run.stdout) as { items: number; grown: number };
    assert.equal(items, ITEMS);
    assert.ok(grown / items < 150, `${Math.round(grown / items)} bytes of heap an empty item`);

    // Each item is still a data set of its own: one set does not reach the others.
    const read = readDicomFile(path).dataset;
    const [first, second] = read.items('ReferencedImageSequence');
    assert.notEqual(first, second);
    assert.deepEqual([first!.size, first!.tags().length, [...first!]], [0, 0, []]);
    assert.equal(first!.parent, read);
    first!.set('ReferencedSOPInstanceUID', '2.25.8');
    first!.set('ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    assert.deepEqual(first!.tags(), [0x00081150, 0x00081155]);
    assert.deepEqual([second!.size, second!.tags().length, second!.has('ReferencedSOPInstanceUID')], [0, 0, false]);
    assert.equal(read.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), '2.25.8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
