import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset, valueBytes } from '../../src/core/dataset.js';
import { Encapsulated, type Element } from '../../src/core/element.js';
import { DicomError } from '../../src/core/errors.js';
import { PIXEL_DATA } from '../../src/core/tag.js';
import type { VR } from '../../src/core/vr.js';
import { resolveFileBulkData } from '../../src/io/bulk-data-uri.js';
import { datasetFromJson, datasetToJson, type JsonDataset } from '../../src/io/dicom-json.js';
import { encodeEncapsulated } from '../../src/io/encapsulated-bytes.js';
import { readDicomFileForBulkData } from '../../src/io/file-bulk-data.js';
import { encodeDataset, writeDicomFile } from '../../src/io/part10-writer.js';
import {
  DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE, JPEG_BASELINE,
} from '../../src/io/transfer-syntax.js';

const dir = mkdtempSync(join(tmpdir(), 'tbp-file-bulk-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const THRESHOLD = 1000;
const ITEM_BYTES = 0x00091003; // (0009,"TBP TEST",03) in the item

const pattern = (n: number, seed = 0): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff));

/** Pixel data, binary values over the threshold (in an item) and under it. */
function image(pixelData: Buffer | Encapsulated, vr: VR): Dataset {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.1');
  ds.set('PatientName', 'Bulk^Data');
  ds.set('ReferencedImageSequence[0].(0009,"TBP TEST",03)', pattern(2000, 1), 'OB');
  ds.set('(0009,"TBP TEST",04)', pattern(10, 2), 'OB');
  ds.set('PixelData', pixelData, vr);
  return ds;
}

function write(name: string, ds: Dataset, transferSyntaxUid: string): string {
  const path = join(dir, name);
  writeDicomFile(path, { dataset: ds }, { transferSyntaxUid, durable: false });
  return path;
}

/**
 * The file as DICOM JSON with BulkDataURIs from the threshold up; checks that each URI names the file and that the
 * bytes at its offset are exactly the value (as InlineBinary would carry it). Returns the tags named.
 */
function toJson(path: string): { json: JsonDataset; named: number[]; warnings: string[] } {
  const { file, bulkDataUri } = readDicomFileForBulkData(path, { lenient: true });
  const content = readFileSync(path);
  const named: number[] = [];
  const check = (el: Element): string | undefined => {
    const uri = bulkDataUri(el);
    if (uri === undefined) return undefined;
    const url = new URL(uri);
    assert.equal(fileURLToPath(url), path);
    const offset = Number(url.searchParams.get('offset'));
    const length = Number(url.searchParams.get('length'));
    const expected = el.value instanceof Encapsulated ? encodeEncapsulated(el.value) : valueBytes(el);
    assert.ok(content.subarray(offset, offset + length).equals(expected), `${path} ${el.tag.toString(16)}: the bytes at ${offset}`);
    named.push(el.tag);
    return uri;
  };
  const json = JSON.parse(JSON.stringify(datasetToJson(file.dataset, { bulkDataThreshold: THRESHOLD, bulkDataUri: check }))) as JsonDataset;
  return { json, named: named.sort((a, b) => a - b), warnings: file.warnings };
}

/** The JSON read back, resolving its URIs in the file, is the data set written. */
function assertRoundTrip(json: JsonDataset, original: Dataset, transferSyntaxUid: string): void {
  const back = datasetFromJson(json, { resolveBulkData: resolveFileBulkData });
  assert.ok(encodeDataset(back, transferSyntaxUid, 'defined').equals(encodeDataset(original, transferSyntaxUid, 'defined')));
}

test('values from the threshold up are named by offset and length in the file, and read back losslessly', () => {
  const fragments = Array.from({ length: 50 }, (_, i) => pattern(100_000, i));
  const cases: [string, Buffer | Encapsulated, VR, string][] = [
    ['native.dcm', pattern(10_000), 'OW', EXPLICIT_VR_LE],
    // Over 4 MiB: read through a window, values left on disk.
    ['large.dcm', pattern(5_000_000), 'OW', EXPLICIT_VR_LE],
    ['implicit.dcm', pattern(10_000), 'OW', IMPLICIT_VR_LE],
    // A big-endian file holds bytes as they are: OB is named.
    ['big-endian-ob.dcm', pattern(10_000), 'OB', EXPLICIT_VR_BE],
    ['jpeg.dcm', new Encapsulated(Buffer.from([0, 0, 0, 0]), [pattern(3000), pattern(10, 3)]), 'OB', JPEG_BASELINE],
    ['jpeg-large.dcm', new Encapsulated(Buffer.alloc(0), [...fragments, pattern(10, 3)]), 'OB', JPEG_BASELINE],
  ];
  for (const [name, pixelData, vr, syntax] of cases) {
    const ds = image(pixelData, vr);
    const { json, named } = toJson(write(name, ds, syntax));
    assert.deepEqual(named, [ITEM_BYTES, PIXEL_DATA], name);
    assert.ok(json['00091004']!.InlineBinary, `${name}: under the threshold, inline`);
    assertRoundTrip(json, ds, syntax);
  }
});

test('values the file does not hold as they are are inlined: deflated data sets, words of big-endian files', () => {
  for (const [name, size, syntax, named] of [
    ['deflated.dcm', 10_000, DEFLATED_EXPLICIT_VR_LE, []],
    ['big-endian.dcm', 10_000, EXPLICIT_VR_BE, [ITEM_BYTES]],
    ['big-endian-large.dcm', 5_000_000, EXPLICIT_VR_BE, [ITEM_BYTES]],
  ] as const) {
    const ds = image(pattern(size), 'OW');
    const { json, named: found } = toJson(write(name, ds, syntax));
    assert.deepEqual(found, named, name);
    assert.equal(json['7FE00010']!.InlineBinary, pattern(size).toString('base64'), name);
    assertRoundTrip(json, ds, syntax);
  }
});

test('encapsulated pixel data that damage broke off is inlined, not named by a range the file does not hold', () => {
  const ds = image(new Encapsulated(Buffer.alloc(0), [pattern(3000), pattern(2000, 1)]), 'OB');
  const path = write('cut.dcm', ds, JPEG_BASELINE);
  truncateSync(path, statSync(path).size - 8);
  const { json, named, warnings } = toJson(path);
  assert.deepEqual(named, [ITEM_BYTES]);
  assert.match(warnings.join('\n'), /without a sequence delimiter/);
  assert.ok(json['7FE00010']!.InlineBinary);
});

test('a file that cannot be read is an IO error naming it', () => {
  const missing = join(dir, 'missing.dcm');
  assert.throws(() => readDicomFileForBulkData(missing), (e: DicomError) => e.code === 'IO' && e.file === missing);
});
