import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { encodeDicom, writeDicomFile } from '../../src/io/part10-writer.js';
import { WRITE_BACK_STEP, WriteBack } from '../../src/io/write-back.js';

test('a file written in pieces with write-back holds the same bytes as one written whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-write-back-'));
  try {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.31');
    // two large values, so that pieces end inside one and across the two, and a small element between them
    const first = Buffer.alloc(WRITE_BACK_STEP + 12_345);
    for (let i = 0; i < first.length; i += 511) first[i] = i & 0xff;
    ds.set('ICCProfile', first, 'OB');
    ds.set('PatientName', 'Write^Back');
    const pixels = Buffer.alloc(WRITE_BACK_STEP + 4_097 + 1);
    for (let i = 0; i < pixels.length; i += 509) pixels[i] = (i >> 3) & 0xff;
    ds.set('PixelData', pixels, 'OB');
    const expected = encodeDicom({ dataset: ds });
    for (const [name, options] of [['durable', {}], ['no flush', { durable: false }], ['flushed later', { durable: false, writeBack: true }]] as const) {
      const path = join(dir, `${name}.dcm`);
      writeDicomFile(path, { dataset: ds }, options);
      assert.ok(readFileSync(path).equals(expected), name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an fdatasync starts each time another step has been written, at most four at once while none has ended', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-write-back-steps-'));
  try {
    const path = join(dir, 'f');
    writeFileSync(path, 'x');
    const back = new WriteBack(path);
    back.written(WRITE_BACK_STEP - 1);
    assert.equal(back.started, 0);
    back.written(1);
    assert.equal(back.started, 1);
    // written in one go, as the file writer does: no callback runs in between
    for (let i = 0; i < 10; i++) back.written(WRITE_BACK_STEP);
    assert.equal(back.started, 4);
    // a path that cannot be opened (the file renamed meanwhile): nothing starts, nothing fails
    const gone = new WriteBack(join(dir, 'gone'));
    gone.written(2 * WRITE_BACK_STEP);
    assert.equal(gone.started, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
