// Reader rules beyond the fuzz corpus: a tag met twice, and a deflated data set past its inflation limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { DicomError } from '../../src/core/errors.js';
import { readDicom } from '../../src/io/part10-reader.js';
import { encodeDataset, encodeDicom } from '../../src/io/part10-writer.js';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';

test('a tag met twice keeps its first value and is reported, strict or lenient', () => {
  const one = new Dataset();
  one.set('PatientName', 'First^Value');
  const two = new Dataset();
  two.set('PatientName', 'Second^Value');
  // a raw data set (no meta information): the same element twice
  const file = Buffer.concat([encodeDataset(one, EXPLICIT_VR_LE), encodeDataset(two, EXPLICIT_VR_LE)]);
  for (const lenient of [false, true]) {
    const read = readDicom(file, { lenient });
    assert.equal(read.dataset.getString('PatientName'), 'First^Value');
    assert.match(read.warnings.join('\n'), /\(0010,0010\): appears twice in the data set; the first value is kept/);
  }
});

test('a deflated data set that inflates past the limit fails with LIMIT_EXCEEDED', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.99');
  ds.set('PixelData', Buffer.alloc(1_000_000), 'OB');
  const file = encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE });
  assert.ok(file.length < 100_000, 'a small file that inflates to 1 MB');
  assert.throws(() => readDicom(file, { limits: { maxInflatedLength: 100_000 } }), (e: unknown) =>
    e instanceof DicomError && e.code === 'LIMIT_EXCEEDED' && /maxInflatedLength/.test(e.message));
});

test('input without "DICM" must start like a data set, even when lenient: text and noise are not DICOM', () => {
  const notDicom = (e: unknown): boolean => e instanceof DicomError && e.code === 'NOT_DICOM';
  const noise = Buffer.alloc(3000);
  let x = 12345;
  for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  for (const input of [Buffer.from('root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user:/bin/sh\n'), noise]) {
    assert.throws(() => readDicom(input, { lenient: true }), notDicom);
    assert.throws(() => readDicom(input), notDicom);
  }
  // a raw data set still reads, in each byte order
  const ds = new Dataset();
  ds.set('PatientName', 'Raw^Set');
  for (const ts of [EXPLICIT_VR_LE, '1.2.840.10008.1.2', '1.2.840.10008.1.2.2']) {
    assert.equal(readDicom(encodeDataset(ds, ts)).dataset.getString('PatientName'), 'Raw^Set', ts);
  }
});
