import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintFile, fingerprintJpeg } from '../../src/io/file-fingerprint.js';

const dir = mkdtempSync(join(tmpdir(), 'fingerprint-'));

test('a whole file: the same bytes under another name give the same fingerprint; any byte changed, or one more, another', () => {
  for (const size of [0, 1, 4096, 1024 * 1024, 1024 * 1024 + 3, 3_000_000]) {
    const bytes = randomBytes(size);
    const path = join(dir, `f${size}`);
    writeFileSync(path, bytes);
    const copy = join(dir, `copy${size}`);
    writeFileSync(copy, bytes);
    const base = fingerprintFile(path);
    assert.equal(fingerprintFile(copy), base, String(size));
    assert.match(base, new RegExp(`^${size}:[0-9a-f]{64}$`));
    for (const at of size ? [0, size >> 1, size - 1] : []) {
      const changed = Buffer.from(bytes);
      changed[at]! ^= 1;
      writeFileSync(copy, changed);
      assert.notEqual(fingerprintFile(copy), base, `${size} @${at}`);
    }
    writeFileSync(copy, Buffer.concat([bytes, Buffer.from([0])]));
    assert.notEqual(fingerprintFile(copy), base, `${size} + 1`);
  }
});

test('a JPEG: its headers whole and every byte of its coded data count, a same-length edit mid-scan included', () => {
  const scanStart = 70_000; // an EXIF thumbnail and an ICC profile make headers this long
  const bytes = randomBytes(200_000);
  const base = fingerprintJpeg(bytes, scanStart);
  for (const at of [0, 10_000, scanStart - 1, scanStart, scanStart + 200, 120_000, 199_999]) {
    const changed = Buffer.from(bytes);
    changed[at]! ^= 1;
    assert.notEqual(fingerprintJpeg(changed, scanStart), base, String(at));
  }
  assert.notEqual(fingerprintJpeg(bytes.subarray(0, 199_999), scanStart), base);
  assert.equal(fingerprintJpeg(Buffer.from(bytes), scanStart), base, 'the same bytes elsewhere');
});
