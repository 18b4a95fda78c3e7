import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { tempDir } from '../tbp/tools.js';

/**
 * Peak resident memory (MiB) `tbp-dicom ARGS…` gains once its modules are loaded (by a run on `warmUp`), its output
 * going to /dev/null.
 */
function growth(warmUp: string, ...args: string[]): number {
  const main = new URL('../../src/cli/main.js', import.meta.url).href;
  const run = spawnSync(process.execPath, ['--max-semi-space-size=1', '--input-type=module', '-e', `
    const { main } = await import(${JSON.stringify(main)});
    const args = ${JSON.stringify(args)};
    await main(['node', 'tbp-dicom', ...args.slice(0, -1), ${JSON.stringify(warmUp)}]);
    const before = process.resourceUsage().maxRSS;
    process.on('exit', () => process.stderr.write(JSON.stringify({ grown: process.resourceUsage().maxRSS - before })));
    process.exitCode = await main(['node', 'tbp-dicom', ...args]);`],
  { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  assert.equal(run.status, 1, run.stderr);
  return (JSON.parse(run.stderr) as { grown: number }).grown / 1024;
}

test('validate prints each file\'s report as it is made and keeps none: a folder of 600 files of 400 findings each, as text or --json', () => {
  // Every report was kept to be printed at the end: 240,000 findings, and with --json their text besides.
  const dir = tempDir('validate-memory');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  ds.set('ReferencedImageSequence', Array.from({ length: 200 }, () => new Dataset()));
  writeDicomFile(join(dir, '0.dcm'), { dataset: ds }, { durable: false });
  for (let i = 1; i < 600; i++) copyFileSync(join(dir, '0.dcm'), join(dir, `${i}.dcm`));
  try {
    for (const json of [[], ['--json']]) {
      const grown = growth(join(dir, '0.dcm'), 'validate', ...json, '--max-findings', '0', dir);
      assert.ok(grown < 64, `${json.join('') || 'text'}: peak resident memory grew by ${Math.round(grown)} MiB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
