import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset, valueBytes } from '../../src/core/dataset.js';
import { Element, Encapsulated, Sequence, type BulkRef } from '../../src/core/element.js';
import { DicomError } from '../../src/core/errors.js';
import { PIXEL_DATA, formatTag, isGroupLength, tag } from '../../src/core/tag.js';
import { datasetFromJson, datasetToJson, dicomJsonText, writeDicomJson, type JsonDataset as Json, type JsonOptions } from '../../src/io/dicom-json.js';
import { readDicom, readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDicom, writeDicomFile } from '../../src/io/part10-writer.js';
import { dumpToDicom, hasDcmtk, makeCorpus, runDcmtk, type Corpus } from '../helpers/dcmtk-corpus.js';
import { NO_PYDICOM, PYTHON } from '../helpers/pydicom.js';

/**
 * Our JSON against dcm2json's, attribute by attribute. Known dcm2json differences, allowed here:
 * - it rewrites Specific Character Set to ISO_IR 192 (its output is UTF-8); we keep the declared set;
 * - it writes DS/IS as the number tokens of the file ("1.50"), which parse as 1.5; we keep such strings as strings;
 * - its FD digits come from dcmtk's own ftoa, up to a few units in the 16th digit off; we write the exact double;
 * - its FL values have 9 digits (0.100000001); we write the shortest decimal that reads back as the same float;
 * - it refuses encapsulated pixel data, which we write as InlineBinary of the item sequence;
 * - in Implicit VR our reader takes an unknown value that opens with an item for a sequence (SQ); dcm2json keeps UN bytes.
 */
function assertMatchesDcm2json(ours: Json, theirs: Json, where: string): void {
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort(), where);
  for (const [key, a] of Object.entries(ours)) {
    const b = theirs[key]!;
    const at = `${where} ${key}`;
    if (a.vr === 'SQ' && b.vr === 'UN') {
      assert.ok(Buffer.from(b.InlineBinary!, 'base64').readUInt32LE(0) === 0xe000fffe, `${at}: UN that is not an item`);
      continue;
    }
    assert.equal(a.vr, b.vr, at);
    assert.equal(a.InlineBinary, b.InlineBinary, at);
    if (key === '00080005') continue;
    assert.equal(a.Value?.length, b.Value?.length, at);
    a.Value?.forEach((x, i) => {
      const y = b.Value![i];
      if (a.vr === 'SQ') return assertMatchesDcm2json(x as Json, y as Json, `${at}[${i}]`);
      if (a.vr === 'DS' || a.vr === 'IS') return assert.equal(Number(x), y, at);
      if (a.vr === 'FL') return assert.equal(Math.fround(x as number), Math.fround(y as number), at);
      if (a.vr === 'FD') return assert.ok(Math.abs((x as number) - (y as number)) <= 1e-15 * Math.abs(y as number), `${at}: ${x} vs ${y}`);
      assert.deepEqual(x, y, at);
    });
  }
}

/** Same attributes and values: group lengths aside, and UN read as items compared as SQ. */
function assertSameValues(a: Dataset, b: Dataset, where = ''): void {
  const tags = (ds: Dataset): number[] => ds.tags().filter((t) => !isGroupLength(t));
  assert.deepEqual(tags(b).map(formatTag), tags(a).map(formatTag), where || 'top level');
  for (const t of tags(a)) {
    const [x, y] = [a.getElementByTag(t)!, b.getElementByTag(t)!];
    const at = `${where}${formatTag(t)}`;
    const vr = (el: Element): string => (el.value instanceof Sequence ? 'SQ' : el.vr);
    assert.equal(vr(y), vr(x), at);
    if (x.value instanceof Sequence) {
      const items = (y.value as Sequence).items;
      assert.equal(items.length, x.value.items.length, at);
      x.value.items.forEach((item, i) => assertSameValues(item, items[i]!, `${at}[${i}].`));
    } else if (x.value instanceof Encapsulated) {
      assert.ok(y.value instanceof Encapsulated, at);
      assert.deepEqual(y.value.offsetTable, x.value.offsetTable, at);
      assert.deepEqual(y.value.fragments, x.value.fragments, at);
    } else {
      assert.ok(valueBytes(y).equals(valueBytes(x)), at);
    }
  }
}

describe('DICOM JSON against dcm2json and round trips', { skip: !hasDcmtk && 'dcmtk is not installed' }, () => {
  let dir: string;
  let corpus: Corpus;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tbp-json-'));
    corpus = await makeCorpus(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('matches dcm2json semantically', () => {
    // dcm2json (glibc iconv) cannot convert ISO 2022 IR 87 and refuses encapsulated pixel data.
    const skip = new Set(['iso2022', 'encapsulated', 'jpeg']);
    for (const [kind, path] of Object.entries(corpus)) {
      if (skip.has(kind)) continue;
      const ours = datasetToJson(readDicomFile(path).dataset) as Json;
      assertMatchesDcm2json(JSON.parse(JSON.stringify(ours)), JSON.parse(runDcmtk('dcm2json', ['-fc', path])), kind);
    }
  });

  test('JSON → data set → JSON gives the same JSON', () => {
    for (const [kind, path] of Object.entries(corpus)) {
      const json = JSON.parse(JSON.stringify(datasetToJson(readDicomFile(path).dataset)));
      assert.deepEqual(datasetToJson(datasetFromJson(json)), json, kind);
    }
  });

  test('data set → JSON → data set keeps every value byte for byte', () => {
    for (const [kind, path] of Object.entries(corpus)) {
      const ds = readDicomFile(path).dataset;
      assertSameValues(ds, datasetFromJson(JSON.stringify(datasetToJson(ds))), `${kind} `);
    }
  });

  test('encapsulated pixel data travels as the inline item sequence and comes back as fragments', () => {
    const file = readDicomFile(corpus.jpeg);
    const json = datasetToJson(file.dataset) as Json;
    const inline = Buffer.from(json['7FE00010']!.InlineBinary!, 'base64');
    assert.deepEqual([...inline.subarray(0, 4)], [0xfe, 0xff, 0x00, 0xe0]);
    const back = datasetFromJson(json);
    const written = readDicom(encodeDicom({ dataset: back, transferSyntaxUid: file.transferSyntaxUid }));
    assertSameValues(file.dataset, written.dataset);
    assert.equal((written.dataset.get('PixelData') as Encapsulated).fragments.length, 1);
  });

  test('encapsulated pixel data goes between us and pydicom through JSON: its file passes dcmdump, its JSON gives our fragments', { skip: NO_PYDICOM }, () => {
    const file = readDicomFile(corpus.jpeg);
    const ours = join(dir, 'ours.json');
    writeFileSync(ours, dicomJsonText(datasetToJson(file.dataset)));
    const viaPydicom = join(dir, 'via-pydicom.dcm');
    const theirs = join(dir, 'theirs.json');
    // pydicom keeps InlineBinary as the value and writes the sequence delimiter after it, as after any encapsulated value.
    const script = `import sys, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
ds = Dataset.from_json(open(sys.argv[1]).read())
ds.file_meta = FileMetaDataset()
ds.file_meta.TransferSyntaxUID = sys.argv[2]
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.save_as(sys.argv[3], write_like_original=False)
open(sys.argv[4], 'w').write(pydicom.dcmread(sys.argv[5]).to_json())`;
    const run = spawnSync(PYTHON, ['-c', script, ours, file.transferSyntaxUid, viaPydicom, theirs, corpus.jpeg], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    runDcmtk('dcmdump', ['-q', '-E', viaPydicom]);
    assertSameValues(file.dataset, readDicomFile(viaPydicom).dataset);
    // pydicom's InlineBinary is ours, byte for byte: the items from the offset table to the last fragment.
    const json = JSON.parse(readFileSync(theirs, 'utf8')) as Json;
    assert.equal(json['7FE00010']!.InlineBinary, (datasetToJson(file.dataset) as Json)['7FE00010']!.InlineBinary);
    assertSameValues(file.dataset, datasetFromJson(json, { warnings: [] }), 'from pydicom ');
  });

  test('a CS and an AE holding 8-bit text (against PS3.5) go file → JSON → file with their values, as dcm2json reads them, and are told', () => {
    const dump = '(0008,0005) CS [ISO_IR 192]\n(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]\n(0008,0018) UI [1.2.3.4]\n(0008,0054) AE [Z\u00fcrich]\n(0008,0060) CS [GR\u00d6SSE]\n';
    const path = dumpToDicom(dir, 'eight-bit-cs', Buffer.from(dump, 'utf8'));
    const file = readDicomFile(path);
    const json = dicomJsonText(datasetToJson(file.dataset));
    const theirs = JSON.parse(runDcmtk('dcm2json', [path])) as Json;
    assert.deepEqual(JSON.parse(json)['00080060'], theirs['00080060']);
    const warnings: string[] = [];
    const back = datasetFromJson(json, { warnings });
    assertSameValues(file.dataset, back);
    const written = join(dir, 'eight-bit-cs-back.dcm');
    writeDicomFile(written, { dataset: back });
    assert.match(runDcmtk('dcmdump', [written]), /\(0008,0060\) CS \[GR\u00d6SSE\]/);
    assert.deepEqual(warnings, [
      '(0008,0054): AE value "Z\u00fcrich" holds characters beyond the default repertoire, the only one PS3.5 allows in AE; kept, in the data set\'s character set (ISO_IR 192)',
      '(0008,0060): CS value "GR\u00d6SSE" holds characters beyond the default repertoire, the only one PS3.5 allows in CS; kept, in the data set\'s character set (ISO_IR 192)',
    ]);
  });

  test('the character set declared in JSON is the one the values are written in', () => {
    const ds = readDicomFile(corpus.latin1).dataset;
    const back = datasetFromJson(datasetToJson(ds));
    assert.deepEqual(back.characterSets(), ['ISO_IR 100']);
    assert.deepEqual(back.bytes('PatientName'), ds.bytes('PatientName'));
    assert.equal(back.getString('PatientName'), 'Müller^Jürgen');
  });
});

describe('DICOM JSON model', () => {
  const ds = new Dataset();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('ImageType', ['ORIGINAL', '', 'AXIAL']);
  ds.set('PatientName', 'Doe^Jane=ドウ^ジェーン');
  ds.set('PatientID', '');
  ds.set('SliceThickness', '1.50');
  ds.set('PixelSpacing', ['0.5', '0.25']);
  ds.set('InstanceNumber', '007');
  ds.set('SeriesNumber', 3);
  ds.set('FrameIncrementPointer', [0x00181063, 0x00181065]);
  ds.set('Rows', 512);
  ds.set('GraphicData', [0.1, -2.5], 'FL');
  ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.3');
  ds.set('(0009,"TBP TEST",01)', [2n ** 63n - 1n, 5n], 'SV');
  ds.set('(0009,"TBP TEST",02)', [Number.NaN, 1.5], 'FD');
  ds.set('(0009,"TBP TEST",03)', Buffer.from([1, 2, 3, 4]), 'OB');
  const json = datasetToJson(ds) as Json;

  test('follows PS3.18 F.2: hex keys, vr always, Value only when present, null for empty values', () => {
    assert.ok(Object.keys(json).every((k) => /^[0-9A-F]{8}$/.test(k)));
    assert.deepEqual(json['00100020'], { vr: 'LO' });
    assert.deepEqual(json['00080008'], { vr: 'CS', Value: ['ORIGINAL', null, 'AXIAL'] });
    assert.deepEqual(json['00280009'], { vr: 'AT', Value: ['00181063', '00181065'] });
    assert.deepEqual(json['00081140'], { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] } }] });
  });

  test('PN as component groups; the set switched to UTF-8 for the Japanese name', () => {
    assert.deepEqual(json['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane', Ideographic: 'ドウ^ジェーン' }] });
    assert.deepEqual(json['00080005'], { vr: 'CS', Value: ['ISO_IR 192'] });
  });

  test('DS and IS are numbers unless that would change the text', () => {
    assert.deepEqual(json['00180050']!.Value, ['1.50']);
    assert.deepEqual(json['00280030']!.Value, [0.5, 0.25]);
    assert.deepEqual(json['00200013']!.Value, ['007']);
    assert.deepEqual(json['00200011']!.Value, [3]);
  });

  test('binary numbers: FL shortest, FD NaN as a string, SV beyond 2^53 as a string; private block kept', () => {
    assert.deepEqual(json['00700022']!.Value, [0.1, -2.5]);
    assert.deepEqual(json['00091001'], { vr: 'SV', Value: ['9223372036854775807', 5] });
    assert.deepEqual(json['00091002']!.Value, ['NaN', 1.5]);
    assert.deepEqual(json['00091003'], { vr: 'OB', InlineBinary: 'AQIDBA==' });
    assert.deepEqual(json['00090010'], { vr: 'LO', Value: ['TBP TEST'] });
  });

  test('back from JSON every value is the same', () => {
    assertSameValues(ds, datasetFromJson(json));
    assert.deepEqual(datasetToJson(datasetFromJson(json)), json);
  });

  test('text the declared character set cannot hold switches the data set to UTF-8, items included', () => {
    const back = datasetFromJson({
      '00080005': { vr: 'CS', Value: ['ISO_IR 100'] },
      '00081140': { vr: 'SQ', Value: [{ '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Müller' }] }, '00104000': { vr: 'LT', Value: ['山田'] } }] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Jürgen' }] },
    });
    assert.deepEqual(back.characterSets(), ['ISO_IR 192']);
    const item = back.items('ReferencedImageSequence')[0]!;
    assert.equal(item.getString('PatientName'), 'Müller');
    assert.equal(item.getString('PatientComments'), '山田');
    assert.equal(back.getString('PatientName'), 'Jürgen');
  });

  test('8-bit bytes in a CS or AE are the characters of the declared set, not Latin-1 read from UTF-8', () => {
    for (const [term, encoding] of [['ISO_IR 192', 'utf8'], ['ISO_IR 100', 'latin1']] as const) {
      const eight = new Dataset();
      eight.set('SpecificCharacterSet', term);
      eight.addElement(new Element(tag(0x0008, 0x0060), 'CS', Buffer.from('GR\u00d6SSE', encoding)));
      eight.addElement(new Element(tag(0x0008, 0x0054), 'AE', Buffer.from('Z\u00fcrich', encoding)));
      const out = datasetToJson(eight) as Json;
      assert.deepEqual(out['00080060'], { vr: 'CS', Value: ['GR\u00d6SSE'] }, term);
      assert.deepEqual(out['00080054'], { vr: 'AE', Value: ['Z\u00fcrich'] }, term);
    }
  });

  test('8-bit text in a CS comes back from JSON in the declared set; under the default repertoire it switches the data set to UTF-8, as other text does', () => {
    const latin1 = new Dataset();
    latin1.set('SpecificCharacterSet', 'ISO_IR 100');
    latin1.addElement(new Element(tag(0x0008, 0x0060), 'CS', Buffer.from('GR\u00d6SSE', 'latin1')));
    const back = datasetFromJson(datasetToJson(latin1));
    assert.deepEqual(back.bytes('Modality'), latin1.bytes('Modality'));
    const plain = new Dataset();
    plain.addElement(new Element(tag(0x0008, 0x0060), 'CS', Buffer.from('GR\u00d6SSE', 'latin1')));
    const utf8 = datasetFromJson(datasetToJson(plain));
    assert.equal(utf8.getString('SpecificCharacterSet'), 'ISO_IR 192');
    assert.equal(utf8.getString('Modality'), 'GR\u00d6SSE');
    assert.deepEqual(utf8.bytes('Modality'), Buffer.from('GR\u00d6SSE ', 'utf8'));
    // in an item, named by its path
    const warnings: string[] = [];
    datasetFromJson({ '00081140': { vr: 'SQ', Value: [{ '00080060': { vr: 'CS', Value: ['GR\u00d6SSE'] } }] } }, { warnings });
    assert.match(warnings[0]!, /^\(0008,0060\) in ReferencedImageSequence\[0\]: CS value "GR\u00d6SSE" holds characters beyond the default repertoire/);
  });

  test('bulk data: a threshold makes BulkDataURIs that resolveBulkData reads back', () => {
    const seen: string[] = [];
    const withUris = datasetToJson(ds, { bulkDataThreshold: 4, bulkDataUri: (el, path) => (seen.push(path), `bulk/${formatTag(el.tag)}`) }) as Json;
    assert.deepEqual(withUris['00091003'], { vr: 'OB', BulkDataURI: 'bulk/(0009,1003)' });
    assert.deepEqual(seen, ['(0009,1003)']);
    const back = datasetFromJson(withUris, { resolveBulkData: (uri) => (assert.equal(uri, 'bulk/(0009,1003)'), Buffer.from([1, 2, 3, 4])) });
    assertSameValues(ds, back);
    const none = datasetToJson(ds, { inlineBinary: false, bulkDataUri: () => 'x' }) as Json;
    assert.equal(none['00091003']!.BulkDataURI, 'x');
    assert.throws(() => datasetToJson(ds, { bulkDataThreshold: 1 }), (e: DicomError) => e.code === 'INVALID_ARGUMENT');
  });

  test('a value bulkDataUri gives no URI is inlined', () => {
    const json = datasetToJson(ds, { bulkDataThreshold: 4, bulkDataUri: () => undefined }) as Json;
    assert.deepEqual(json['00091003'], { vr: 'OB', InlineBinary: 'AQIDBA==' });
  });

  test('inlined binary values are limited per data set: LIMIT_EXCEEDED names the attribute, before loading it', () => {
    const big = new Dataset();
    big.set('ReferencedImageSequence[0].(0009,"TBP TEST",03)', Buffer.alloc(6), 'OB');
    const unreadable: BulkRef = { source: { path: 'x.dcm', readInto: () => assert.fail('loaded') }, offset: 0, length: 6, swapUnit: 1 };
    big.addElement(new Element(PIXEL_DATA, 'OB', unreadable));
    const refused = (options: JsonOptions, remedy: RegExp): void =>
      assert.throws(() => datasetToJson(big, options), (e: DicomError) =>
        e.code === 'LIMIT_EXCEEDED' && e.tag === PIXEL_DATA && /^PixelData \(6 bytes\) does not fit inline: DICOM JSON inlines at most 10 bytes/.test(e.message) && remedy.test(e.message));
    refused({ maxInlineBinary: 10 }, /--bulk-data-threshold/);
    refused({ maxInlineBinary: 10, bulkDataThreshold: 6, bulkDataUri: () => undefined }, /could not be given a BulkDataURI either \(bulkDataUri gave none/);
    const named = datasetToJson(big, { maxInlineBinary: 10, bulkDataThreshold: 6, bulkDataUri: () => 'x' }) as Json;
    assert.equal(named['7FE00010']!.BulkDataURI, 'x');
  });

  test('paths passed to bulkDataUri name items in sequences', () => {
    const nested = new Dataset();
    nested.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.3');
    nested.set('ReferencedImageSequence[1].(0009,"TBP TEST",01)', Buffer.alloc(8), 'OB');
    const paths: string[] = [];
    datasetToJson(nested, { inlineBinary: false, bulkDataUri: (_el, path) => (paths.push(path), path) });
    assert.deepEqual(paths, ['ReferencedImageSequence[1].(0009,1001)']);
  });

  test('malformed JSON is a BAD_JSON error naming the attribute and the problem', () => {
    const bad = (input: unknown, pattern: RegExp): void =>
      assert.throws(() => datasetFromJson(input), (e: DicomError) => e.code === 'BAD_JSON' && pattern.test(e.message), String(pattern));
    bad([], /is not a JSON object/);
    bad('{', /not JSON/);
    bad({ '0010001': { vr: 'PN' } }, /"0010001" is not a tag/);
    bad({ '00100010': { Value: [] } }, /\(0010,0010\): has no "vr"/);
    bad({ '00100010': { vr: 'XX' } }, /invalid "vr" "XX"/);
    bad({ '00280010': { vr: 'US', Value: ['512'] } }, /\(0028,0010\): value 1 \("512"\) is not a number/);
    bad({ '00280010': { vr: 'US', Value: [1], InlineBinary: 'AQI=' } }, /has both Value and InlineBinary/);
    bad({ '7FE00010': { vr: 'OW', InlineBinary: 'AQ=' } }, /InlineBinary is not base64/);
    bad({ '7FE00010': { vr: 'OB', BulkDataURI: 'http://x/1' } }, /no resolveBulkData/);
    bad({ '00104000': { vr: 'LT', Value: ['a', 'b'] } }, /\(0010,4000\): LT holds one value/);
    bad({ '00081140': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [7] } }] } }, /\(0008,1155\) in ReferencedImageSequence\[0\]: value 1 \(7\) is not a string/);
    // keys that name no attribute of a data set, or one attribute twice
    bad({ FFFEE000: { vr: 'OB', InlineBinary: 'AQID' } }, /"FFFEE000" is an item or delimiter tag/);
    bad({ '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] } }, /"00020010" is File Meta Information/);
    bad({ '00000100': { vr: 'US', Value: [1] } }, /"00000100" is a command element/);
    bad({ FFFF0010: { vr: 'LO', Value: ['x'] } }, /"FFFF0010" is in group FFFF, which PS3.5 7.8.1 forbids/);
    bad({ '0010002a': { vr: 'LO', Value: ['a'] }, '0010002A': { vr: 'LO', Value: ['b'] } }, /names a tag given already/);
    // values that would change on the way
    bad({ '00100020': { vr: 'LO', Value: ['A\\B'] } }, /\(0010,0020\): value "A\\\\B" holds a backslash, which separates LO values/);
    bad({ '00189445': { vr: 'FL', Value: [1e39] } }, /value 1e\+39 is beyond what a 32-bit float \(FL\) holds/);
    bad({ '00100010': { vr: 'PN', Value: [{ Alphabetc: 'Doe' }] } }, /person name key "Alphabetc" is none of Alphabetic, Ideographic, Phonetic/);
    bad({ '00100010': { vr: 'PN', Value: [{ Alphabetic: 5 }] } }, /person name Alphabetic is not a string/);
  });

  test('what datasetToJson wrote from a file comes back, values the VR\'s form refuses included', () => {
    const odd = new Dataset();
    odd.addElement(new Element(tag(0x0008, 0x1155), 'UI', Buffer.from('1.2.03', 'latin1')));
    odd.addElement(new Element(tag(0x0020, 0x0013), 'IS', Buffer.from('1A', 'latin1')));
    odd.addElement(new Element(tag(0x0018, 0x0050), 'DS', Buffer.from('NaN ', 'latin1')));
    odd.addElement(new Element(tag(0x0010, 0x0010), 'PN', Buffer.from('a=b=c=d ', 'latin1')));
    odd.addElement(new Element(tag(0x0040, 0x9224), 'FD', Buffer.from([0, 0, 0, 0, 0, 0, 0, 0x80])));
    const back = datasetFromJson(JSON.parse(dicomJsonText(datasetToJson(odd))));
    for (const el of odd) assert.deepEqual(valueBytes(back.getElementByTag(el.tag)!), valueBytes(el), formatTag(el.tag));
  });

  test('dicomJsonText keeps attributes in ascending tag order, and -0', () => {
    const ds = new Dataset();
    ds.set('StructureSetLabel', 'RS');
    ds.set('SpecificCharacterSet', 'ISO_IR 100');
    ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.3');
    ds.set('(0040,9224)', -0, 'FD');
    const json = datasetToJson(ds);
    assert.deepEqual(Object.keys(json), ['30060002', '00080005', '00081140', '00409224'], 'what a JavaScript object does to such keys');
    const text = dicomJsonText(json);
    assert.deepEqual([...text.matchAll(/^  "(\w{8})"/gm)].map((m) => m[1]), ['00080005', '00081140', '00409224', '30060002']);
    assert.match(text, /"Value": \[\n\s+-0\n/);
    assert.deepEqual(JSON.parse(text), json);
    assert.equal(dicomJsonText({ vr: 'LO', Value: ['x'] }), JSON.stringify({ vr: 'LO', Value: ['x'] }, null, 2));
  });

  test('encapsulated pixel data inlined without its sequence delimiter (as pydicom writes it) is fragments too', () => {
    const items = Buffer.concat([Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0]), Buffer.from([0xfe, 0xff, 0x00, 0xe0, 4, 0, 0, 0, 0xff, 0xd8, 0xff, 0xd9])]);
    const ds = datasetFromJson({ '7FE00010': { vr: 'OB', InlineBinary: items.toString('base64') } });
    const pixels = ds.getElementByTag(PIXEL_DATA)!.value;
    assert.ok(pixels instanceof Encapsulated);
    assert.deepEqual(pixels.fragments.map((f) => [...(f as Buffer)]), [[0xff, 0xd8, 0xff, 0xd9]]);
  });

  test('writeDicomJson writes, piece by piece, the text dicomJsonText makes of datasetToJson, at any level; what does not fit inline is refused before a character', () => {
    const nested = new Dataset();
    nested.set('PatientName', 'Müller^Anna');
    nested.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.3');
    nested.set('ReferencedImageSequence[1].ReferencedStereometricInstanceSequence', []);
    nested.items('ReferencedImageSequence').push(new Dataset(nested));
    nested.set('SourceImageSequence', [new Dataset(), new Dataset()]);
    nested.set('OtherPatientIDsSequence', []);
    nested.set('(0009,"TBP TEST",03)', Buffer.from([1, 2, 3, 4]), 'OB');
    nested.set('WindowWidth', [-0, 1.5]);
    for (const options of [{}, { bulkDataThreshold: 4, bulkDataUri: () => 'bulk' }] as JsonOptions[]) {
      for (const level of [0, 1, 3]) {
        const pieces: string[] = [];
        writeDicomJson(nested, (text) => pieces.push(text), options, level);
        assert.equal(pieces.join(''), dicomJsonText(datasetToJson(nested, options), level));
        assert.ok(pieces.length > 10, `${pieces.length} pieces`);
      }
    }
    const none: string[] = [];
    writeDicomJson(new Dataset(), (text) => none.push(text));
    assert.equal(none.join(''), '{}');
    const written: string[] = [];
    assert.throws(() => writeDicomJson(nested, (text) => written.push(text), { maxInlineBinary: 3 }), (e: DicomError) => e.code === 'LIMIT_EXCEEDED');
    assert.deepEqual(written, []);
  });

  test('writeDicomJson reads the values left on disk its text holds before a character: one that cannot be read is thrown before any; one given as a BulkDataURI is not read', () => {
    // A disk that fails once the file's header is read: the values left on disk cannot be read.
    const failing = { path: 'failing.dcm', readInto: () => { throw new DicomError('IO', 'cannot read the values left on disk: i/o error (EIO)'); } };
    const onDisk = (length: number): BulkRef => ({ source: failing, offset: 1000, length, swapUnit: 1 });
    const text = new Dataset();
    text.set('PatientName', 'Doe^Jane');
    text.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.3');
    text.items('ReferencedImageSequence')[0]!.addElement(new Element(tag(0x0020, 0x4000), 'LT', onDisk(70_000)));
    const encapsulated = new Dataset();
    encapsulated.set('PatientName', 'Doe^Jane');
    encapsulated.addElement(new Element(PIXEL_DATA, 'OB', new Encapsulated(Buffer.alloc(0), [Buffer.alloc(4), onDisk(70_000)])));
    for (const ds of [text, encapsulated]) {
      const written: string[] = [];
      assert.throws(() => writeDicomJson(ds, (t) => written.push(t)), /i\/o error/);
      assert.deepEqual(written, [], 'nothing of the data set written');
    }
    const asUri: string[] = [];
    writeDicomJson(encapsulated, (t) => asUri.push(t), { bulkDataThreshold: 1024, bulkDataUri: () => 'file:///failing.dcm' });
    assert.equal((JSON.parse(asUri.join('')) as Json)['7FE00010']!.BulkDataURI, 'file:///failing.dcm');
  });

  test('writeDicomJson failing after its first character (a bug: here a data set that cannot be gone through twice) closes what it wrote: the text parses', () => {
    const ds = new Dataset();
    ds.set('PatientName', 'Doe^Jane');
    ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.3');
    const item = ds.items('ReferencedImageSequence')[0]!;
    item.set('ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    let passes = 0;
    const elements = item[Symbol.iterator].bind(item);
    // The first pass (what writeDicomJson checks before writing) goes through; the second fails after one element.
    item[Symbol.iterator] = function* () {
      const first = passes++ === 0;
      for (const el of elements()) {
        yield el;
        if (!first) throw new Error('a bug');
      }
    };
    for (const level of [0, 2]) {
      passes = 0;
      const written: string[] = [];
      assert.throws(() => writeDicomJson(ds, (t) => written.push(t), {}, level), /a bug/);
      const json = JSON.parse(written.join('')) as Json;
      // Stopped in the item: the attributes after the sequence are not written.
      assert.deepEqual(Object.keys(json), ['00081140']);
      assert.deepEqual(json['00081140']!.Value, [{ '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] } }]);
    }
  });
});
