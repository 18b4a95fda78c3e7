import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintBytes, fingerprintFile } from '../../src/io/file-fingerprint.js';

const dir = mkdtempSync(join(tmpdir(), 'fingerprint-'));

test('a file and its bytes in memory have the same fingerprint, whatever their size', () => {
  for (const size of [0, 1, 4095, 4096, 5000, 8192, 100_000]) {
    const bytes = randomBytes(size);
    const path = join(dir, `f${size}`);
    writeFileSync(path, bytes);
    assert.equal(fingerprintFile(path), fingerprintBytes(bytes), String(size));
  }
});

test('the fingerprint changes with the size or either end, not with the middle', () => {
  const bytes = randomBytes(20_000);
  const base = fingerprintBytes(bytes);
  assert.notEqual(fingerprintBytes(bytes.subarray(1)), base);
  for (const at of [0, 19_999]) {
    const changed = Buffer.from(bytes);
    changed[at] ^= 1;
    assert.notEqual(fingerprintBytes(changed), base, String(at));
  }
  const middle = Buffer.from(bytes);
  middle[10_000] ^= 1;
  assert.equal(fingerprintBytes(middle), base);
});
