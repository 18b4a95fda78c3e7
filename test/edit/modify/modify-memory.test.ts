import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyItemsFile } from '../../helpers/element-bytes.js';
import { tempDir } from '../../tbp/tools.js';

const ITEMS = 1_000_000;

/**
 * Heap held (MiB, after a full garbage collection) while `modify -s InstitutionName=X` changes the data set of `path`,
 * above what the data set read takes, and what the change recorded.
 */
function heldWhileModifying(path: string): { held: number; recorded: string[]; items: number } {
  const url = (module: string): string => JSON.stringify(new URL(`../../../src/${module}.js`, import.meta.url).href);
  const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', `
    const { readDicomFile } = await import(${url('io/part10-reader')});
    const { applyChanges, parseAssignment } = await import(${url('edit/modify/assignments')});
    const { recordModification } = await import(${url('edit/modify/original-attributes')});
    const { keywordOf } = await import(${url('core/dictionary')});
    const heap = () => { gc(); return process.memoryUsage().heapUsed / 1024 ** 2; };
    const { dataset } = readDicomFile(${JSON.stringify(path)});
    const before = heap();
    let held = 0;
    const changed = recordModification(dataset, (ds) => {
      applyChanges(ds, [parseAssignment('InstitutionName=X')]);
      held = heap() - before;
    }, { reason: 'CORRECT' });
    const items = dataset.items('ReferencedImageSequence').length;
    process.stdout.write(JSON.stringify({ held, recorded: changed.map(keywordOf), items }));`],
  { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { held: number; recorded: string[]; items: number };
}

test('modify keeps no copy of a sequence its change leaves alone: 1,000,000 empty items are not copied to record InstitutionName', () => {
  // The whole data set was copied before the change, to compare with after it: 80 MiB for these items.
  const dir = tempDir('modify-memory');
  const path = join(dir, 'items.dcm');
  writeFileSync(path, emptyItemsFile(ITEMS));
  try {
    const { held, recorded, items } = heldWhileModifying(path);
    assert.deepEqual(recorded, ['InstitutionName']);
    assert.equal(items, ITEMS);
    assert.ok(held < 12, `the change held ${Math.round(held)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
