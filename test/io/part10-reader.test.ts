import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { readDicom } from '../../src/io/part10-reader.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';

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
