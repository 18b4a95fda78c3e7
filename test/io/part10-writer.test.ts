import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { DicomError } from '../../src/core/errors.js';
import { deflateRawSync } from 'node:zlib';
import { encodeDataset, encodeDicom, writeDicomFile } from '../../src/io/part10-writer.js';
import { readDicom } from '../../src/io/part10-reader.js';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';

test('a failed write names the file asked for, not the hidden temporary file', () => {
  const path = join('/nonexistent-folder', 'out.dcm');
  const ds = new Dataset();
  ds.set('SOPInstanceUID', '2.25.1');
  assert.throws(() => writeDicomFile(path, { dataset: ds }), (e: unknown) =>
    e instanceof DicomError && e.file === path && e.message === 'no such file or directory (ENOENT)');
});

test('a file replaced keeps its permissions (one only its owner may read stays so); a folder is refused before writing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-mode-'));
  try {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.1');
    const path = join(dir, 'private.dcm');
    writeDicomFile(path, { dataset: ds }, { durable: false });
    chmodSync(path, 0o600);
    ds.set('PatientID', 'CHANGED');
    writeDicomFile(path, { dataset: ds }, { durable: false });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    chmodSync(path, 0o444);
    writeDicomFile(path, { dataset: ds }, { durable: false });
    assert.equal(statSync(path).mode & 0o777, 0o444);
    assert.throws(() => writeDicomFile(dir, { dataset: ds }), (e: unknown) =>
      e instanceof DicomError && e.code === 'IO' && e.file === dir && e.message === 'is a folder: give the path of the file to write');
    assert.deepEqual(readdirSync(dir), ['private.dcm']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an odd deflated stream gets one trailing NUL (PS3.5 A.5), and reads back the same', () => {
  // Data sets whose deflated streams differ in length: each parity occurs among them.
  const parities = new Set<number>();
  for (let i = 0; i < 16; i++) {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', `2.25.${1000 + i}`);
    ds.set('PatientName', `Deflate^${'x'.repeat(i)}${i * 7919}`);
    const plain = encodeDataset(ds, EXPLICIT_VR_LE);
    const stream = deflateRawSync(plain, { level: 6 });
    parities.add(stream.length % 2);
    const written = encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE });
    const body = written.subarray(written.length - stream.length - (stream.length % 2));
    assert.ok(body.subarray(0, stream.length).equals(stream), `data set ${i}: the deflated stream as zlib makes it`);
    assert.equal(body.length % 2, 0, `data set ${i}: even length`);
    if (stream.length % 2) assert.equal(body[body.length - 1], 0, `data set ${i}: the pad is a NUL`);
    assert.ok(encodeDataset(readDicom(written).dataset, EXPLICIT_VR_LE).equals(plain), `data set ${i}: reads back`);
  }
  assert.deepEqual([...parities].sort(), [0, 1], 'both parities were tried');
});

test('a transfer syntax asked for must be one; a file\'s own (even one PS3.6 does not list) is written back as it is', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.11');
  for (const uid of ['1.2.3.4', '1.2.840.10008.5.1.4.1.1.7']) {
    assert.throws(() => encodeDicom({ dataset: ds }, { transferSyntaxUid: uid }), (e: DicomError) => e.code === 'UNSUPPORTED_TRANSFER_SYNTAX' && e.message.startsWith(`${uid} is not a transfer syntax`));
  }
  const own = readDicom(encodeDicom({ dataset: ds, transferSyntaxUid: EXPLICIT_VR_LE }));
  assert.equal(readDicom(encodeDicom({ ...own, transferSyntaxUid: '1.2.3.4.5' })).transferSyntaxUid, '1.2.3.4.5');
});
