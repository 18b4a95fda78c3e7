import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { readDicom } from '../../src/io/part10-reader.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE, isUncompressed, transferSyntax } from '../../src/io/transfer-syntax.js';
import { uncompressedSyntax } from '../../src/io/convert.js';
import { dumpFile } from '../../src/io/dump.js';
import { resolveTransferSyntax } from '../../src/cli/commands/send.js';
import type { DicomError } from '../../src/core/errors.js';

test('meta information written in Implicit VR (against PS3.10, as some writers do) is read, with a warning', () => {
  const meta = new Dataset();
  meta.set('MediaStorageSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  meta.set('MediaStorageSOPInstanceUID', '2.25.7');
  meta.set('TransferSyntaxUID', EXPLICIT_VR_LE);
  const ds = new Dataset();
  ds.set('PatientName', 'Implicit^Meta');
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  const file = readDicom(Buffer.concat([preamble, encodeDataset(meta, IMPLICIT_VR_LE), encodeDataset(ds, EXPLICIT_VR_LE)]));
  assert.equal(file.transferSyntaxUid, EXPLICIT_VR_LE);
  assert.equal(file.meta.getString('MediaStorageSOPInstanceUID'), '2.25.7');
  assert.equal(file.dataset.getString('PatientName'), 'Implicit^Meta');
  assert.match(file.warnings.join('\n'), /meta information is in Implicit VR/);
});

test('a transfer syntax UID that names an object member ("constructor", "__proto__") is an unknown syntax, not a crash', () => {
  for (const uid of ['constructor', '__proto__', 'toString']) {
    const meta = new Dataset();
    meta.set('MediaStorageSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    meta.set('MediaStorageSOPInstanceUID', '2.25.8');
    meta.set('TransferSyntaxUID', Buffer.from(uid.length % 2 ? `${uid}\0` : uid, 'latin1'), 'UI');
    const ds = new Dataset();
    ds.set('PatientName', 'Odd^Syntax');
    const preamble = Buffer.alloc(132);
    preamble.write('DICM', 128, 'latin1');
    const file = readDicom(Buffer.concat([preamble, encodeDataset(meta, EXPLICIT_VR_LE), encodeDataset(ds, EXPLICIT_VR_LE)]));
    assert.equal(file.transferSyntaxUid, uid);
    assert.equal(file.dataset.getString('PatientName'), 'Odd^Syntax', uid);
    assert.match(dumpFile(file), /# Used TransferSyntax: Unknown Transfer Syntax\n/, uid);
    assert.equal(isUncompressed(uid), false);
    assert.deepEqual(transferSyntax(uid), { uid, explicitVR: true, littleEndian: true, deflated: false, encapsulated: true });
    assert.throws(() => uncompressedSyntax(uid), (e: DicomError) => e.code === 'UNSUPPORTED_TRANSFER_SYNTAX');
    assert.throws(() => resolveTransferSyntax(uid), (e: DicomError) => e.code === 'INVALID_ARGUMENT');
  }
});
