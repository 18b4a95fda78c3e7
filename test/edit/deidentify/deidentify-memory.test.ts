import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { explicitLE, part10Of } from '../../helpers/element-bytes.js';
import { tempDir } from '../../tbp/tools.js';

const SIDE = 4096;
const PIXELS = 96 * 1024 * 1024;

/**
 * A Secondary Capture image of `rows` × 4096 RGB pixels with nothing that keeps it from being de-identified, its
 * Pixel Data a hole in a sparse file: quick to make, and no disk taken.
 */
function sparseImage(path: string, rows: number): void {
  const text = (s: string, pad = ' '): Buffer => Buffer.from(s.length % 2 ? s + pad : s, 'latin1');
  const us = (n: number): Buffer => Buffer.from([n & 0xff, n >> 8]);
  const header = part10Of(
    '1.2.840.10008.1.2.1',
    explicitLE(0x00080016, 'UI', text('1.2.840.10008.5.1.4.1.1.7', '\0')),
    explicitLE(0x00080018, 'UI', text(`2.25.${rows}`, '\0')),
    explicitLE(0x00080064, 'CS', text('WSD')),
    explicitLE(0x00100010, 'PN', text('Doe^Jane')),
    explicitLE(0x0020000d, 'UI', text('2.25.1', '\0')),
    explicitLE(0x0020000e, 'UI', text('2.25.2', '\0')),
    explicitLE(0x00280002, 'US', us(3)),
    explicitLE(0x00280004, 'CS', text('RGB')),
    explicitLE(0x00280006, 'US', us(0)),
    explicitLE(0x00280010, 'US', us(rows)),
    explicitLE(0x00280011, 'US', us(SIDE)),
    explicitLE(0x00280100, 'US', us(8)),
    explicitLE(0x00280101, 'US', us(8)),
    explicitLE(0x00280102, 'US', us(7)),
    explicitLE(0x00280103, 'US', us(0)),
    explicitLE(0x00280301, 'CS', text('NO')),
    explicitLE(0x00280302, 'CS', text('NO')),
    explicitLE(0x7fe00010, 'OB', Buffer.alloc(0), rows * SIDE * 3),
  );
  const fd = openSync(path, 'w');
  writeSync(fd, header);
  ftruncateSync(fd, header.length + rows * SIDE * 3);
  closeSync(fd);
}

test('a large image is de-identified streamed from its input: the process grows by far less than the image', () => {
  // The output was encoded in memory, then joined into one buffer: a 150 MB image took 355 MiB, twice its size.
  const dir = tempDir('deid-memory');
  const [small, large, out] = [join(dir, 'small.dcm'), join(dir, 'large.dcm'), join(dir, 'out')];
  sparseImage(small, 16);
  sparseImage(large, PIXELS / SIDE / 3);
  try {
    const module = JSON.stringify(new URL('../../../src/edit/deidentify/deidentify-files.js', import.meta.url).href);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
      const { deidentifyFiles } = await import(${module});
      const run = async (path) => (await deidentifyFiles([path], { outDir: ${JSON.stringify(out)} })).written;
      const warm = await run(${JSON.stringify(small)});
      const before = process.resourceUsage().maxRSS;
      const written = await run(${JSON.stringify(large)});
      process.stdout.write(JSON.stringify({ written: warm + written, grown: (process.resourceUsage().maxRSS - before) / 1024 }));`],
    { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { written, grown } = JSON.parse(run.stdout) as { written: number; grown: number };
    assert.equal(written, 2);
    assert.ok(grown < PIXELS / 1024 ** 2 / 4, `the process grew by ${Math.round(grown)} MiB de-identifying an image of ${PIXELS / 1024 ** 2} MiB`);
    const output = readDicomFile(join(out, 'large.dcm'));
    assert.equal(output.dataset.element('PixelData')?.length, PIXELS);
    assert.equal(output.dataset.getString('PatientIdentityRemoved'), 'YES');
    assert.ok(statSync(join(out, 'large.dcm')).size > PIXELS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
