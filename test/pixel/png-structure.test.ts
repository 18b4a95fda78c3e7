import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPngStructure } from '../../src/pixel/png-structure.js';
import { tempDir } from '../tbp/tools.js';

const dir = tempDir('png-structure');
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A chunk: length, type, data, and a CRC the walk does not read (zeros). */
const chunk = (type: string, length: number): Buffer => {
  const c = Buffer.alloc(12 + length, 0x2a);
  c.writeUInt32BE(length, 0);
  c.write(type, 4, 'latin1');
  c.writeUInt32BE(0, 8 + length);
  return c;
};

const png = (name: string, ...chunks: Buffer[]): string => {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([SIGNATURE, ...chunks]));
  return path;
};

test('a PNG of many small chunks and of chunks larger than a read is walked to IEND', () => {
  // 8 KiB chunks put headers across every 64 KiB read; odd lengths put one astride a read's end.
  const small = Array.from({ length: 300 }, (_, i) => chunk('IDAT', 8192 + (i % 7)));
  const many = png('many.png', chunk('IHDR', 13), ...small, chunk('IEND', 0));
  assert.equal(checkPngStructure(many).size, 8 + 25 + small.reduce((n, c) => n + c.length, 0) + 12);
  const large = png('large.png', chunk('IHDR', 13), chunk('tEXt', 10), chunk('IDAT', 300_000), chunk('IDAT', 70_001), chunk('IEND', 0));
  assert.ok(checkPngStructure(large).size > 370_000);
  const tiny = png('tiny.png', chunk('IHDR', 13), chunk('IDAT', 1), chunk('IEND', 0));
  assert.equal(checkPngStructure(tiny).size, 8 + 25 + 13 + 12);
});

test('the fingerprint changes with the CRC of any chunk (which covers its data), wherever the walk\'s reads cut', () => {
  const chunks = [chunk('IHDR', 13), ...Array.from({ length: 40 }, (_, i) => chunk('IDAT', 8192 + (i % 7))), chunk('IEND', 0)];
  const whole = Buffer.concat([SIGNATURE, ...chunks]);
  const base = checkPngStructure(png('crc.png', ...chunks)).fingerprint;
  assert.equal(checkPngStructure(png('crc-copy.png', ...chunks)).fingerprint, base);
  let end = SIGNATURE.length;
  const crcs = chunks.map((c) => (end += c.length) - 4);
  // all but IEND's, which covers no data (its type alone)
  for (const at of crcs.slice(0, -1)) {
    const changed = Buffer.from(whole);
    changed[at]! ^= 1;
    writeFileSync(join(dir, 'crc-changed.png'), changed);
    assert.notEqual(checkPngStructure(join(dir, 'crc-changed.png')).fingerprint, base, `CRC at ${at}`);
  }
});

test('a cut or incomplete PNG is refused, saying where', () => {
  const body = [chunk('IHDR', 13), ...Array.from({ length: 20 }, () => chunk('IDAT', 8192)), chunk('IEND', 0)];
  const whole = Buffer.concat([SIGNATURE, ...body]);
  const cutInData = join(dir, 'cut-data.png');
  writeFileSync(cutInData, whole.subarray(0, 100_000));
  assert.throws(() => checkPngStructure(cutInData), (e: Error & { offset?: number }) =>
    /^not a valid PNG: chunk IDAT runs past the end of the file \(truncated\?\)$/.test(e.message) && e.offset! < 100_000);
  const cutBeforeEnd = join(dir, 'cut-end.png');
  writeFileSync(cutBeforeEnd, whole.subarray(0, whole.length - 12));
  assert.throws(() => checkPngStructure(cutBeforeEnd), /ends before the IEND chunk/);
  const cutInHeader = join(dir, 'cut-header.png');
  writeFileSync(cutInHeader, whole.subarray(0, whole.length - 8));
  assert.throws(() => checkPngStructure(cutInHeader), /ends before the IEND chunk/);
  assert.throws(() => checkPngStructure(png('no-data.png', chunk('IHDR', 13), chunk('IEND', 0))), /no IHDR or no IDAT/);
});
