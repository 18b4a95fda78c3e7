// PS3.5 A.4: Pixel Data is encapsulated exactly when the transfer syntax is. The writer refuses to break that; the
// reader refuses a file that does (strict) or warns (lenient), as dcmtk does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { Encapsulated } from '../../src/core/element.js';
import { DicomError } from '../../src/core/errors.js';
import { readDataset, readDicom } from '../../src/io/part10-reader.js';
import { encodeDataset, encodeDicom } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE, JPEG_BASELINE } from '../../src/io/transfer-syntax.js';

function image(pixels: Buffer | Encapsulated): Dataset {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.4242');
  ds.set('PixelData', pixels, 'OB');
  return ds;
}

const native = (): Dataset => image(Buffer.alloc(16, 7));
const jpeg = (): Dataset => image(new Encapsulated(Buffer.alloc(0), [Buffer.from([0xff, 0xd8, 0xff, 0xd9])]));

test('the writer refuses native Pixel Data under an encapsulated syntax, and encapsulated under a native one', () => {
  assert.throws(() => encodeDicom({ dataset: native() }, { transferSyntaxUid: JPEG_BASELINE }), (e: DicomError) =>
    e instanceof DicomError && e.code === 'BAD_VALUE' && /native, but transfer syntax 1\.2\.840\.10008\.1\.2\.4\.50 requires encapsulated/.test(e.message));
  assert.throws(() => encodeDataset(jpeg(), EXPLICIT_VR_LE), /encapsulated \(compressed\), but transfer syntax 1\.2\.840\.10008\.1\.2\.1 is native/);
  // the matching pairs, and an empty native value, are written
  assert.ok(encodeDicom({ dataset: jpeg() }, { transferSyntaxUid: JPEG_BASELINE }).length > 0);
  assert.ok(encodeDicom({ dataset: native() }, { transferSyntaxUid: EXPLICIT_VR_LE }).length > 0);
  assert.ok(encodeDicom({ dataset: image(Buffer.alloc(0)) }, { transferSyntaxUid: JPEG_BASELINE }).length > 0);
});

test('the reader refuses such data sets when strict and keeps them with a warning when lenient', () => {
  // Explicit VR LE bytes with native pixels, read as JPEG Baseline (the same element encoding): a mislabelled data set.
  const mislabelled = encodeDataset(native(), EXPLICIT_VR_LE);
  assert.throws(() => readDataset(mislabelled, JPEG_BASELINE), (e: DicomError) =>
    e instanceof DicomError && e.code === 'BAD_VALUE' && e.tag === 0x7fe00010 && /defined length \(16 bytes\).*requires encapsulated/.test(e.message));
  const encapsulated = encodeDataset(jpeg(), JPEG_BASELINE);
  assert.throws(() => readDataset(encapsulated, EXPLICIT_VR_LE), /encapsulated \(undefined length\), but transfer syntax 1\.2\.840\.10008\.1\.2\.1 is native/);

  const file = encodeDicom({ dataset: jpeg() }, { transferSyntaxUid: JPEG_BASELINE });
  assert.ok(readDicom(file).dataset.element('PixelData')!.value instanceof Encapsulated);
  // the same meta header over native pixels: rewrite the data set part only
  const metaEnd = 132 + 12 + file.readUInt32LE(140);
  const bad = Buffer.concat([file.subarray(0, metaEnd), mislabelled]);
  assert.throws(() => readDicom(bad), /requires encapsulated pixel data/);
  const lenient = readDicom(bad, { lenient: true });
  assert.equal(lenient.dataset.bytes('PixelData')!.length, 16);
  assert.match(lenient.warnings.join('\n'), /\(7FE0,0010\): Pixel Data has a defined length/);
});
