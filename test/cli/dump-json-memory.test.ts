import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { explicitLE, implicitLE, part10Of } from '../helpers/element-bytes.js';
import { tempDir } from '../tbp/tools.js';

const ITEMS = 100_000;

/** An SC instance whose Referenced Image Sequence holds `count` items of a SOP Class and Instance UID each. */
function referencesFile(count: number): Buffer {
  const uid = (text: string): Buffer => Buffer.from(text.length % 2 ? `${text}\0` : text, 'latin1');
  const sc = uid('1.2.840.10008.5.1.4.1.1.7');
  const body = Buffer.concat([explicitLE(0x00081150, 'UI', sc), explicitLE(0x00081155, 'UI', uid('2.25.329800735698586629295641978511506172918'))]);
  const item = implicitLE(0xfffee000, body);
  return part10Of(
    '1.2.840.10008.1.2.1',
    explicitLE(0x00080016, 'UI', sc),
    explicitLE(0x00080018, 'UI', uid('2.25.7')),
    explicitLE(0x00081140, 'SQ', Buffer.alloc(item.length * count, item), item.length * count),
  );
}

/** Peak resident memory (MiB) `tbp-dicom dump --json FILE` gains once its modules are loaded (by a dump of `warmUp`). */
function growth(warmUp: string, path: string): number {
  const main = new URL('../../src/cli/main.js', import.meta.url).href;
  const run = spawnSync(process.execPath, ['--max-semi-space-size=1', '--input-type=module', '-e', `
    const { main } = await import(${JSON.stringify(main)});
    await main(['node', 'tbp-dicom', 'dump', '--json', ${JSON.stringify(warmUp)}]);
    const before = process.resourceUsage().maxRSS;
    process.on('exit', () => process.stderr.write(JSON.stringify({ grown: process.resourceUsage().maxRSS - before })));
    process.exitCode = await main(['node', 'tbp-dicom', 'dump', '--json', ${JSON.stringify(path)}]);`],
  { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stderr) as { grown: number }).grown / 1024;
}

test('dump --json writes a data set\'s JSON as it makes it: a sequence of 100,000 items (29 MB of JSON) grows memory by about what reading it takes', () => {
  // The whole data set was made JSON, then text, before a character was written: 8-10 times the text's size, and
  // memory grew by 294 MiB here, where the read takes about 100.
  const dir = tempDir('dump-json-memory');
  const path = join(dir, 'refs.dcm');
  const small = join(dir, 'one.dcm');
  writeFileSync(path, referencesFile(ITEMS));
  writeFileSync(small, referencesFile(1));
  try {
    const grown = growth(small, path);
    assert.ok(grown < 160, `peak resident memory grew by ${Math.round(grown)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
