// Reader rules beyond the fuzz corpus: a tag met twice, a deflated data set past its inflation limit, the budget of
// elements and items one read may create, and the warnings it keeps.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { Element, Encapsulated, Sequence } from '../../src/core/element.js';
import { DicomError } from '../../src/core/errors.js';
import { DEFAULT_LIMITS } from '../../src/core/limits-in-force.js';
import { PIXEL_DATA, tag } from '../../src/core/tag.js';
import { readDataset, readDicom, readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDataset, encodeDicom } from '../../src/io/part10-writer.js';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { registerPrivateDictionary } from '../../src/core/dictionary.js';
import { explicitLE, implicitLE, part10Of } from '../helpers/element-bytes.js';
import { hasDcmtk, runDcmtk } from '../helpers/dcmtk-corpus.js';
import { NO_PYDICOM_FILES, pydicomFile } from '../helpers/pydicom-files.js';
import { NO_PYDICOM, PYTHON } from '../helpers/pydicom.js';

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

const overBudget = (e: unknown): boolean => e instanceof DicomError && e.code === 'LIMIT_EXCEEDED' && /limits\.maxElements/.test(e.message);

test('the items of all sequences count against one budget per read (limits.maxElements)', () => {
  // three sequences of 400 empty items: each far under maxItems, 1,203 elements and items together
  const ds = new Dataset();
  for (const t of [0x00091010, 0x00091011, 0x00091012]) {
    ds.addElement(new Element(t, 'SQ', new Sequence(Array.from({ length: 400 }, () => new Dataset()), t !== 0x00091011)));
  }
  const input = encodeDataset(ds, EXPLICIT_VR_LE);
  assert.throws(() => readDicom(input, { limits: { maxElements: 1202 } }), overBudget);
  // counted per read: the input reads again and again under a budget it just fits
  for (let i = 0; i < 3; i++) assert.equal(readDicom(input, { limits: { maxElements: 1203 } }).dataset.size, 3);
  // lenient: what fits is kept, the rest is dropped, with one warning
  const lenient = readDicom(input, { lenient: true, limits: { maxElements: 1000 } });
  assert.deepEqual([...lenient.dataset].map((e) => (e.value as Sequence).items.length), [400, 400, 197]);
  assert.deepEqual(lenient.warnings, ['offset 8020, (0009,1012): more than 1000 elements, items and fragments in one read (limits.maxElements)']);
});


test('elements at every depth and fragments count against the budget, meta information included', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.3');
  for (let i = 0; i < 48; i++) ds.addElement(new Element(tag(0x0009, 0x1000 + i), 'OB', Buffer.alloc(2)));
  const item = new Dataset();
  for (let i = 0; i < 50; i++) item.addElement(new Element(tag(0x0011, 0x1000 + i), 'OB', Buffer.alloc(2)));
  ds.addElement(new Element(0x00111010, 'SQ', new Sequence([item])));
  // fragments in an item's Pixel Data, as an icon image has them (the data set's would need an encapsulated syntax)
  item.addElement(new Element(PIXEL_DATA, 'OB', new Encapsulated(Buffer.alloc(0), Array.from({ length: 50 }, () => Buffer.alloc(2)))));
  // 50 + (1 sequence + 1 item + 50) + (1 element + 1 offset table + 50 fragments)
  const raw = encodeDataset(ds, EXPLICIT_VR_LE);
  assert.equal(readDicom(raw, { limits: { maxElements: 154 } }).dataset.size, 51);
  assert.throws(() => readDicom(raw, { limits: { maxElements: 153 } }), overBudget);
  const lenient = readDicom(raw, { lenient: true, limits: { maxElements: 140 } });
  const fragments = lenient.dataset.getElementByTag(0x00111010)!.value as Sequence;
  assert.equal((fragments.items[0]!.getElementByTag(PIXEL_DATA)!.value as Encapsulated).fragments.length, 36);
  const file = encodeDicom({ dataset: ds }, { transferSyntaxUid: EXPLICIT_VR_LE });
  const meta = readDicom(file).meta.size;
  assert.ok(meta > 3);
  assert.equal(readDicom(file, { limits: { maxElements: 154 + meta } }).dataset.size, 51);
  assert.throws(() => readDicom(file, { limits: { maxElements: 153 + meta } }), overBudget);
});

test('the default budget admits an RT structure set of 200,000 contours, each 2 items and 7 elements', () => {
  const contours = 1000;
  const roi = new Dataset();
  roi.set('ReferencedROINumber', 1);
  roi.set('ContourSequence', Array.from({ length: contours }, (_, i) => {
    const image = new Dataset();
    image.set('ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.2');
    image.set('ReferencedSOPInstanceUID', `2.25.${i}`);
    const contour = new Dataset();
    contour.set('ContourImageSequence', [image]);
    contour.set('ContourGeometricType', 'CLOSED_PLANAR');
    contour.set('NumberOfContourPoints', 1);
    contour.set('ContourNumber', i + 1);
    contour.set('ContourData', [1, 2, 3]);
    return contour;
  }));
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.481.3');
  ds.set('ROIContourSequence', [roi]);
  const input = encodeDataset(ds, EXPLICIT_VR_LE);
  // SOP Class UID, the ROI contour sequence, its item, the ROI number and the contour sequence, then the contours
  const needed = 5 + 9 * contours;
  assert.equal(readDicom(input, { limits: { maxElements: needed } }).dataset.size, 2);
  assert.throws(() => readDicom(input, { limits: { maxElements: needed - 1 } }), overBudget);
  assert.ok(DEFAULT_LIMITS.maxElements >= 5 + 9 * 200_000);
});

test('a read keeps its first 1,000 warnings, then says there were more', () => {
  const one = new Dataset();
  one.set('PatientName', 'Many^Times');
  const once = encodeDataset(one, EXPLICIT_VR_LE);
  const read = readDicom(Buffer.concat(Array.from({ length: 1500 }, () => once)));
  assert.equal(read.warnings.length, 1001);
  assert.match(read.warnings[999]!, /appears twice/);
  assert.equal(read.warnings[1000], 'more than 1000 problems; the rest are not listed');
});

test('an invalid VR fails strict reads as BAD_VR; leniently it is read where the next element then starts', () => {
  const element = (vr: string, long = false): Buffer => {
    const bytes = explicitLE(0x00100020, long ? 'UT' : 'LO', Buffer.from('ABC123'));
    bytes.write(vr, 4, 'latin1');
    return bytes;
  };
  const implicitElement = implicitLE(0x00100020, Buffer.from('ABC123'));
  const cases = [
    { vr: 'Q!', bytes: element('Q!'), recovery: 'reading the element as UN with a 16-bit length, as dcmtk does', vrRead: 'UN' },
    { vr: String.raw`\x00\x00`, bytes: element('\0\0'), recovery: 'reading the element as UN with a 16-bit length, as dcmtk does', vrRead: 'UN' },
    { vr: 'ab', bytes: element('ab', true), recovery: 'reading the element as UN with a 32-bit length', vrRead: 'UN' },
    // an element in Implicit VR under an Explicit VR syntax: its VR bytes are the low half of its length
    { vr: String.raw`\x06\x00`, bytes: implicitElement, recovery: 'reading the element as implicit VR', vrRead: 'LO' },
  ];
  for (const { vr, bytes, recovery, vrRead } of cases) {
    const file = part10Of(EXPLICIT_VR_LE,
      explicitLE(0x00100010, 'PN', Buffer.from('A^B ')),
      bytes,
      explicitLE(0x00100030, 'DA', Buffer.from('20200101')));
    const at = file.indexOf(bytes);
    assert.throws(() => readDicom(file), (e: unknown) =>
      e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at && e.message.endsWith(`invalid VR "${vr}"`));
    const lenient = readDicom(file, { lenient: true });
    assert.deepEqual(lenient.warnings, [`offset ${at}, (0010,0020): invalid VR "${vr}"; ${recovery}`]);
    // the first such element, for those that must not pass a guess on (deidentify)
    assert.equal(lenient.invalidVR, `offset ${at}, (0010,0020): invalid VR "${vr}"`);
    const id = lenient.dataset.getElementByTag(0x00100020)!;
    assert.deepEqual([id.vr, id.value], [vrRead, Buffer.from('ABC123')], vr);
    assert.equal(lenient.dataset.getString('PatientBirthDate'), '20200101', vr);
  }
});

test('a data set in Implicit VR under an Explicit VR syntax is read as Implicit VR when leniently read, also where a value looks explicit', () => {
  // As highdicom 0.1.0 wrote pydicom's SC_rgb_jpeg.dcm: Image Type's length, 24, reads as the VR 0x18 0x00 with a
  // 16-bit length 0, after which "DERIVED" reads as tag (4544,4952) with a VR "VE": an element where none is.
  const imageType = implicitLE(0x00080008, Buffer.from('DERIVED\\SECONDARY\\OTHER '));
  const file = part10Of(EXPLICIT_VR_LE,
    imageType,
    implicitLE(0x00080016, Buffer.from('1.2.840.10008.5.1.4.1.1.7\0')),
    implicitLE(0x00100010, Buffer.from('Doe^Jane')),
    implicitLE(0x00280010, Buffer.from([0, 1])));
  const at = file.indexOf(imageType);
  assert.throws(() => readDicom(file), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at);
  const read = readDicom(file, { lenient: true });
  assert.deepEqual(read.warnings, [`offset ${at}, (0008,0008): invalid VR "\\x18\\x00"; the data set is in Implicit VR Little Endian from this element on and is read so`]);
  assert.equal(read.invalidVR, undefined, 'read whole as Implicit VR: no element is a guess');
  assert.deepEqual(read.dataset.getStrings('ImageType'), ['DERIVED', 'SECONDARY', 'OTHER']);
  assert.equal(read.dataset.getString('SOPClassUID'), '1.2.840.10008.5.1.4.1.1.7');
  assert.equal(read.dataset.getString('PatientName'), 'Doe^Jane');
  assert.deepEqual(read.dataset.getNumbers('Rows'), [256]);
});

test('pydicom\'s SC_rgb_jpeg.dcm (Implicit VR under JPEG Baseline) reads leniently as pydicom reads it', { skip: NO_PYDICOM_FILES }, () => {
  const read = readDicomFile(pydicomFile('test_files', 'SC_rgb_jpeg.dcm'), { lenient: true });
  assert.equal(read.warnings.length, 1);
  assert.equal(read.dataset.getString('SOPInstanceUID'), read.meta.getString('MediaStorageSOPInstanceUID'));
  assert.deepEqual([read.dataset.getString('PhotometricInterpretation'), read.dataset.getNumbers('Rows'), read.dataset.getNumbers('Columns')], ['RGB', [256], [256]]);
  const pixels = read.dataset.getElementByTag(PIXEL_DATA)!.value;
  assert.ok(pixels instanceof Encapsulated && pixels.fragments.length === 1 && pixels.fragments[0]!.length === 3498);
});

test('an explicit VR of two capital letters not known ("XY") is read as UN with a 32-bit length, with a warning, even when strict', () => {
  const bytes = part10Of(EXPLICIT_VR_LE,
    explicitLE(0x00100010, 'PN', Buffer.from('A^B ')),
    explicitLE(0x00100020, 'XY', Buffer.from('ABCD')),
    explicitLE(0x00100030, 'DA', Buffer.from('20200101')));
  const at = bytes.indexOf('XY', 132, 'latin1') - 4;
  for (const lenient of [false, true]) {
    const file = readDicom(bytes, { lenient });
    const id = file.dataset.getElementByTag(0x00100020)!;
    assert.equal(id.vr, 'UN');
    assert.deepEqual(id.value, Buffer.from('ABCD'));
    assert.equal(file.dataset.getString('PatientBirthDate'), '20200101');
    assert.deepEqual(file.warnings, [`offset ${at}, (0010,0020): unknown VR "XY"; read as UN with a 32-bit length, the header of VRs added to the standard`]);
  }
});

test('a 16-bit VR damaged into two capital letters (CS as "ZZ") is BAD_VR at its element; read leniently with its 16-bit length, as pydicom reads it, not as a file cut short', () => {
  const modality = explicitLE(0x00080060, 'CS', Buffer.from('XC'));
  modality.write('ZZ', 4, 'latin1');
  const bytes = part10Of(EXPLICIT_VR_LE,
    modality,
    explicitLE(0x00080070, 'LO', Buffer.from('Synthetic TBP ')),
    explicitLE(0x00100010, 'PN', Buffer.from('Doe^Jane')));
  const at = bytes.indexOf('ZZ', 132, 'latin1') - 4;
  // The 32-bit length after the reserved bytes would be "XC" and the next group (0008): 541528, past the end.
  const message = 'invalid VR "ZZ": its 32-bit length (541528) does not end at an element, its 16-bit length (2) does';
  assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at && e.tag === 0x00080060 && e.message.endsWith(message));
  const file = readDicom(bytes, { lenient: true });
  assert.deepEqual(file.warnings, [`offset ${at}, (0008,0060): ${message}; reading the element with the 16-bit length, as pydicom does, in its attribute's VR (CS)`]);
  assert.equal(file.cutShort, undefined);
  const read = file.dataset.getElementByTag(0x00080060)!;
  assert.deepEqual([read.vr, read.value], ['CS', Buffer.from('XC')]);
  assert.deepEqual([file.dataset.getString('Manufacturer'), file.dataset.getString('PatientName')], ['Synthetic TBP', 'Doe^Jane']);

  // Neither length ends at an element: the header is damaged, and the 32-bit length past the end is said so.
  const wrongLength = Buffer.from(modality);
  wrongLength.writeUInt16LE(6, 6);
  const lost = part10Of(EXPLICIT_VR_LE, wrongLength, explicitLE(0x00080070, 'LO', Buffer.from('Synthetic TBP ')));
  const damaged = readDicom(lost, { lenient: true });
  assert.equal(damaged.cutShort, undefined);
  assert.deepEqual(damaged.warnings, [
    `offset ${at}, (0008,0060): invalid VR "ZZ": neither its 32-bit length (541528) nor its 16-bit length (6) ends at an element; reading the element as UN with the 32-bit length`,
    `offset ${at}, (0008,0060): value length 541528, read after a damaged VR, runs past the end of its container (20 bytes left); the rest of the container is read as its value`,
  ]);

  if (NO_PYDICOM) return;
  const dir = mkdtempSync(join(tmpdir(), 'zz-vr-'));
  try {
    const path = join(dir, 'zz.dcm');
    writeFileSync(path, bytes);
    const script = 'import sys, pydicom\nds = pydicom.dcmread(sys.argv[1])\nraw = ds._dict[0x00080060]\nprint(raw.VR, raw.length, raw.value.decode(), ds.Manufacturer, ds.PatientName)';
    const run = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8' });
    assert.equal(run.stdout.trim(), 'ZZ 2 XC Synthetic TBP Doe^Jane', run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an element whose 16-bit VR is damaged into two capital letters is read leniently in its attribute\'s one VR, a 16-bit one, in the syntax\'s byte order; otherwise as UN', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.12');
  ds.set('Modality', 'XC');
  ds.set('(0009,0010)', 'NO DICTIONARY', 'LO');
  ds.set('(0009,1001)', 'AB', 'CS');
  ds.set('Rows', 16, 'US');
  ds.set('SmallestImagePixelValue', 3, 'US');
  ds.set('WindowCenter', '40');
  for (const syntax of [EXPLICIT_VR_LE, EXPLICIT_VR_BE]) {
    const bytes = encodeDicom({ dataset: ds }, { transferSyntaxUid: syntax });
    const le = syntax === EXPLICIT_VR_LE;
    const damage = (group: number, element: number): void => {
      const header = Buffer.alloc(4);
      if (le) {
        header.writeUInt16LE(group, 0);
        header.writeUInt16LE(element, 2);
      } else {
        header.writeUInt16BE(group, 0);
        header.writeUInt16BE(element, 2);
      }
      bytes.write('ZZ', bytes.indexOf(header, 132) + 4, 'latin1');
    };
    damage(0x0008, 0x0060);
    damage(0x0009, 0x1001);
    damage(0x0028, 0x0010);
    damage(0x0028, 0x0106);
    const file = readDicom(bytes, { lenient: true });
    const vrAndValue = (t: number): [string, Buffer] => {
      const el = file.dataset.getElementByTag(t)!;
      return [el.vr, el.value as Buffer];
    };
    // Modality: CS; Rows: US, its bytes swapped to little endian from big endian as every US value is read.
    assert.deepEqual([file.dataset.getString('Modality'), file.dataset.getNumber('Rows')], ['XC', 16], syntax);
    assert.deepEqual([vrAndValue(0x00080060)[0], vrAndValue(0x00280010)[0]], ['CS', 'US'], syntax);
    // No dictionary describes the private element; Smallest Image Pixel Value is "US or SS": both stay UN, as found.
    assert.deepEqual(vrAndValue(0x00091001), ['UN', Buffer.from('AB')], syntax);
    assert.deepEqual(vrAndValue(0x00280106), ['UN', le ? Buffer.from([3, 0]) : Buffer.from([0, 3])], syntax);
    assert.equal(file.warnings.filter((w) => w.endsWith("in its attribute's VR (CS)") || w.endsWith("in its attribute's VR (US)")).length, 2, file.warnings.join('\n'));
    assert.equal(file.warnings.filter((w) => w.endsWith('reading the element as UN with the 16-bit length, as pydicom does')).length, 2, file.warnings.join('\n'));
    // Written again, the elements read in their VR are whole, as the damage hid them.
    const again = readDicom(encodeDicom(file, { transferSyntaxUid: EXPLICIT_VR_LE }));
    assert.deepEqual([again.dataset.getString('Modality'), again.dataset.getNumber('Rows'), again.dataset.getElementByTag(0x00280010)!.vr], ['XC', 16, 'US'], syntax);
  }
});

test('a 16-bit VR damaged into two capital letters on the data\'s last element, too short for a 32-bit length, is BAD_VR read with its 16-bit length, not a file cut inside an element header', () => {
  const modality = explicitLE(0x00080060, 'CS', Buffer.from('XC'));
  modality.write('ZZ', 4, 'latin1');
  const bytes = part10Of(EXPLICIT_VR_LE, explicitLE(0x00080018, 'UI', Buffer.from('2.25.13\0')), modality);
  const at = bytes.length - modality.length;
  const message = 'invalid VR "ZZ": the data ends before a 32-bit length, and with its 16-bit length (2)';
  assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at && e.message.endsWith(message));
  const file = readDicom(bytes, { lenient: true });
  assert.deepEqual(file.warnings, [`offset ${at}, (0008,0060): ${message}; reading the element with the 16-bit length, as pydicom does, in its attribute's VR (CS)`]);
  assert.deepEqual([file.cutShort, file.damagedVR, file.dataset.getString('Modality')], [undefined, `offset ${at}, (0008,0060): ${message}`, 'XC']);
  // Cut inside its value, neither length can hold: a file cut short.
  const cut = readDicom(bytes.subarray(0, bytes.length - 1), { lenient: true });
  assert.deepEqual([cut.cutShort, cut.warnings], [true, [`offset ${at}, (0008,0060): data ends inside an element header`]]);
});

test('an explicit-VR value of undefined length other than a sequence or Pixel Data is BAD_VALUE; read leniently, one value', () => {
  const item = (value: Buffer): Buffer => implicitLE(0xfffee000, value);
  const delimiter = implicitLE(0xfffee0dd);
  const document = Buffer.concat([item(Buffer.from('%PDF')), item(Buffer.from('-1.4')), delimiter]);
  const cases = [
    { vr: 'OB', value: document, read: Buffer.from('%PDF-1.4'), recovery: 'its items are joined into one value' },
    { vr: 'UT', value: Buffer.concat([Buffer.from('text!!'), delimiter]), read: Buffer.from('text!!'), recovery: 'its bytes up to the sequence delimiter are read as its value' },
  ];
  for (const { vr, value, read, recovery } of cases) {
    const bytes = part10Of(EXPLICIT_VR_LE,
      explicitLE(0x00080016, 'UI', Buffer.from('1.2.840.10008.5.1.4.1.1.104.1\0')),
      explicitLE(0x00080018, 'UI', Buffer.from('2.25.42\0')),
      explicitLE(0x00420011, vr, value, 0xffffffff),
      explicitLE(0x00420012, 'LO', Buffer.from('text/plain')));
    const at = bytes.indexOf(Buffer.from([0x42, 0x00, 0x11, 0x00]), 132);
    assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VALUE' && e.offset === at &&
      e.tag === 0x00420011 && e.message.endsWith(`${vr} value of undefined length: only sequences and encapsulated Pixel Data may have one (PS3.5 7.1.1)`));
    const file = readDicom(bytes, { lenient: true });
    assert.deepEqual(file.warnings, [`offset ${at}, (0042,0011): ${vr} value of undefined length: only sequences and encapsulated Pixel Data may have one (PS3.5 7.1.1); ${recovery}`]);
    assert.deepEqual(file.dataset.getElementByTag(0x00420011)!.value, read);
    assert.equal(file.dataset.getString('MIMETypeOfEncapsulatedDocument'), 'text/plain');
    // written back with a defined length, which dcmtk reads (it refuses the input)
    const back = readDicom(encodeDicom(file));
    assert.deepEqual(back.dataset.getElementByTag(0x00420011)!.value, read);
    if (hasDcmtk) {
      const path = join(mkdtempSync(join(tmpdir(), 'tbp-undefined-')), 'back.dcm');
      writeFileSync(path, encodeDicom(file));
      assert.match(runDcmtk('dcmdump', [path]), /\(0042,0012\) LO \[text\/plain\]/);
      rmSync(dirname(path), { recursive: true });
    }
  }
});

test('read leniently, the items of a value of undefined length other than Pixel Data are named by its attribute in warnings, not as pixel data', () => {
  const item = (value: Buffer): Buffer => implicitLE(0xfffee000, value);
  const head = [explicitLE(0x00080016, 'UI', Buffer.from('1.2.840.10008.5.1.4.1.1.104.1\0')), explicitLE(0x00080018, 'UI', Buffer.from('2.25.42\0'))];
  const document = (...items: Buffer[]): Buffer => explicitLE(0x00420011, 'OB', Buffer.concat(items), 0xffffffff);
  const cases = [
    { bytes: part10Of(EXPLICIT_VR_LE, ...head, document(item(Buffer.from('%PDF')))), problem: 'the OB value of EncapsulatedDocument ends without a sequence delimiter' },
    { bytes: part10Of(EXPLICIT_VR_LE, ...head, document(item(Buffer.from('%PDF')), explicitLE(0x00420012, 'LO', Buffer.from('text/plain')))), problem: 'expected an item in the OB value of EncapsulatedDocument, found (0042,0012)' },
    { bytes: part10Of(EXPLICIT_VR_LE, ...head, document(item(Buffer.from('%PDF')), implicitLE(0xfffee000, Buffer.from('-1'), 6))), problem: 'item length 6 in the OB value of EncapsulatedDocument runs past the end of the data' },
  ];
  for (const { bytes, problem } of cases) {
    const warnings = readDicom(bytes, { lenient: true }).warnings;
    assert.ok(warnings.some((w) => w.endsWith(`(0042,0011): ${problem}`)), warnings.join('\n'));
    // the first says why the value is read as one (only Pixel Data may hold fragments); the others are about the items
    assert.ok(!warnings.slice(1).some((w) => /pixel data|fragment/i.test(w)), warnings.join('\n'));
  }
});

test('Implicit VR: a private element takes its VR from its creator\'s registered dictionary; others stay UN', () => {
  registerPrivateDictionary('TEST PARSER VR', [
    { group: 0x0029, element: 0x01, keyword: 'TestParserLabel', name: 'Test parser label', vr: 'LO', vm: '1' },
    { group: 0x0029, element: 0x02, keyword: 'TestParserScale', name: 'Test parser scale', vr: 'FD', vm: '1-n' },
    { group: 0x0029, element: 0x03, keyword: 'TestParserItems', name: 'Test parser items', vr: 'SQ', vm: '1' },
  ]);
  const item = new Dataset();
  item.set('PatientID', 'INNER');
  const ds = new Dataset();
  ds.set(tag(0x0029, 0x0010), 'TEST PARSER VR', 'LO');
  ds.set(tag(0x0029, 0x1001), 'label', 'LO');
  ds.set(tag(0x0029, 0x1002), [1.5, -2], 'FD');
  ds.set(tag(0x0029, 0x1003), [item], 'SQ');
  ds.set(tag(0x0029, 0x1004), 7, 'US'); // not in the dictionary
  ds.set(tag(0x0029, 0x0011), 'SOMEONE ELSE', 'LO');
  ds.set(tag(0x0029, 0x1101), 'opaque', 'LO'); // a block without a registered dictionary
  for (const policy of ['defined', 'undefined'] as const) {
    const read = readDicom(encodeDataset(ds, IMPLICIT_VR_LE, policy)).dataset;
    const vr = (element: number): string | undefined => read.getElementByTag(tag(0x0029, element))?.vr;
    assert.deepEqual([0x1001, 0x1002, 0x1003, 0x1004, 0x1101].map(vr), ['LO', 'FD', 'SQ', 'UN', 'UN'], policy);
    assert.equal(read.getString(tag(0x0029, 0x1001)), 'label');
    assert.deepEqual(read.getNumbers(tag(0x0029, 0x1002)), [1.5, -2]);
    assert.equal((read.getElementByTag(tag(0x0029, 0x1003))!.value as Sequence).items[0]!.getString('PatientID'), 'INNER');
  }
});

test('Implicit VR: an unknown value made of items is a sequence; bytes that merely open with an item tag stay bytes', () => {
  const item = new Dataset();
  item.set('PatientID', 'INNER');
  const ds = new Dataset();
  ds.set(tag(0x0029, 0x0010), 'UNREGISTERED', 'LO');
  ds.set(tag(0x0029, 0x1010), Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0x10, 0, 0, 0, 1, 2, 3, 4]), 'OB');
  ds.set(tag(0x0029, 0x1011), [item, item.clone()], 'SQ');
  const file = readDicom(encodeDataset(ds, IMPLICIT_VR_LE, 'defined'));
  assert.deepEqual(file.warnings, []);
  const bytes = file.dataset.getElementByTag(tag(0x0029, 0x1010))!;
  assert.equal(bytes.vr, 'UN');
  assert.deepEqual([...(bytes.value as Buffer)], [0xfe, 0xff, 0x00, 0xe0, 0x10, 0, 0, 0, 1, 2, 3, 4]);
  const items = file.dataset.getElementByTag(tag(0x0029, 0x1011))!;
  assert.equal(items.vr, 'SQ');
  assert.deepEqual((items.value as Sequence).items.map((i) => i.getString('PatientID')), ['INNER', 'INNER']);
});

test('in Implicit VR, LUT descriptors are US whatever Pixel Representation says; other "US or SS" elements follow it', () => {
  const ds = new Dataset();
  ds.set('PixelRepresentation', 1);
  ds.set('SmallestImagePixelValue', -5, 'SS');
  ds.set('PixelPaddingRangeLimit', -7, 'SS');
  ds.set('PerimeterValue', -3, 'SS');
  const map = new Dataset();
  map.set('MappedPixelValue', -9, 'SS');
  ds.set('PixelValueMappingToCodedConceptSequence', [map]);
  const histogram = new Dataset();
  histogram.set('HistogramFirstBinValue', -100, 'SS');
  histogram.set('HistogramLastBinValue', -1, 'SS');
  ds.set('HistogramSequence', [histogram]);
  ds.set('RedPaletteColorLookupTableDescriptor', [4, 63488, 16], 'US');
  const lut = new Dataset();
  lut.set('LUTDescriptor', [40000, 65436, 16], 'US');
  ds.set('VOILUTSequence', [lut]);
  const read = readDataset(encodeDataset(ds, IMPLICIT_VR_LE), IMPLICIT_VR_LE);
  assert.equal(read.element('SmallestImagePixelValue')?.vr, 'SS');
  assert.equal(read.get('SmallestImagePixelValue'), -5);
  assert.equal(read.get('PixelPaddingRangeLimit'), -7);
  assert.equal(read.get('PerimeterValue'), -3);
  assert.equal(read.get('PixelValueMappingToCodedConceptSequence[0].MappedPixelValue'), -9);
  assert.deepEqual([read.get('HistogramSequence[0].HistogramFirstBinValue'), read.get('HistogramSequence[0].HistogramLastBinValue')], [-100, -1]);
  assert.equal(read.element('RedPaletteColorLookupTableDescriptor')?.vr, 'US');
  assert.deepEqual(read.get('RedPaletteColorLookupTableDescriptor'), [4, 63488, 16]);
  assert.equal(read.element('VOILUTSequence[0].LUTDescriptor')?.vr, 'US');
  assert.deepEqual(read.get('VOILUTSequence[0].LUTDescriptor'), [40000, 65436, 16]);
  // Two sequences deep, as Enhanced objects keep Real World Value Mapping: the top level's Pixel Representation still holds.
  const mapping = new Dataset();
  mapping.set('RealWorldValueFirstValueMapped', -2, 'SS');
  const shared = new Dataset();
  shared.set('RealWorldValueMappingSequence', [mapping]);
  ds.set('SharedFunctionalGroupsSequence', [shared]);
  const deep = readDataset(encodeDataset(ds, IMPLICIT_VR_LE), IMPLICIT_VR_LE);
  assert.equal(deep.get('SharedFunctionalGroupsSequence[0].RealWorldValueMappingSequence[0].RealWorldValueFirstValueMapped'), -2);
});

test('elements out of ascending order are kept and said once per data set, items included', () => {
  const el = (ds: Dataset): Buffer => encodeDataset(ds, EXPLICIT_VR_LE);
  const one = (keyword: string, value: string): Dataset => {
    const ds = new Dataset();
    ds.set(keyword, value);
    return ds;
  };
  const file = Buffer.concat([el(one('PatientName', 'A^B')), el(one('SOPInstanceUID', '2.25.1')), el(one('StudyDate', '20240101')), el(one('PatientID', 'P'))]);
  for (const lenient of [false, true]) {
    const read = readDataset(file, EXPLICIT_VR_LE, { lenient });
    assert.deepEqual(read.tags().map((t) => t.toString(16)), ['80018', '80020', '100010', '100020']);
  }
  const read = readDicom(file);
  assert.equal(read.warnings.length, 1, read.warnings.join('\n'));
  assert.match(read.warnings[0]!, /\(0008,0018\): comes after \(0010,0010\): elements are not in ascending order; they are kept, and written in order/);
  assert.deepEqual(readDicom(encodeDataset(read.dataset, EXPLICIT_VR_LE)).warnings, [], 'written in order');
});

/** A UN element in Explicit VR of either byte order: its value is bytes as they are (Implicit VR Little Endian). */
function unknownElement(tag: number, value: Buffer, le: boolean, length = value.length): Buffer {
  if (le) return explicitLE(tag, 'UN', value, length);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(tag >>> 16, 0);
  header.writeUInt16BE(tag & 0xffff, 2);
  header.write('UN', 4, 'latin1');
  header.writeUInt32BE(length, 8);
  return Buffer.concat([header, value]);
}

test('Explicit VR: a UN the dictionary knows is read in its VR, a sequence from its Implicit VR items; other UN stays UN', () => {
  const code = Buffer.concat([implicitLE(0x00080100, Buffer.from('T-D1100 ')), implicitLE(0x00080102, Buffer.from('SRT '))]);
  const items = implicitLE(0xfffee000, code);
  const delimited = Buffer.concat([implicitLE(0xfffee000, code, 0xffffffff), implicitLE(0xfffee00d), implicitLE(0xfffee0dd)]);
  for (const [uid, le] of [[EXPLICIT_VR_LE, true], [EXPLICIT_VR_BE, false]] as const) {
    const ds = readDicom(part10Of(uid,
      unknownElement(0x00080060, Buffer.from('XC'), le),
      unknownElement(0x00082218, items, le),
      unknownElement(0x00082228, delimited, le, 0xffffffff),
      unknownElement(0x00100010, Buffer.from('Doe^John'), le),
      unknownElement(0x00100050, Buffer.from('no items'), le), // Patient's Insurance Plan Code Sequence
      unknownElement(0x00111001, Buffer.from([1, 2]), le),
      unknownElement(0x00280010, Buffer.from([0x00, 0x02]), le), // 512, little endian as UN is
    )).dataset;
    const vrs = [0x00080060, 0x00082218, 0x00082228, 0x00100010, 0x00100050, 0x00111001, 0x00280010].map((t) => ds.getElementByTag(t)?.vr);
    assert.deepEqual(vrs, ['CS', 'SQ', 'SQ', 'PN', 'UN', 'UN', 'US'], uid);
    assert.equal(ds.getString('Modality'), 'XC');
    assert.equal(ds.getString('PatientName'), 'Doe^John');
    assert.equal(ds.getNumber('Rows'), 512);
    assert.equal(ds.getString('AnatomicRegionSequence[0].CodeValue'), 'T-D1100');
    assert.equal(ds.getString('PrimaryAnatomicStructureSequence[0].CodingSchemeDesignator'), 'SRT');
    assert.equal(readDataset(encodeDataset(ds, uid), uid).getString('AnatomicRegionSequence[0].CodeValue'), 'T-D1100');
  }
});

test('read leniently, a sequence nested past maxDepth is skipped to its delimiter: what follows it is read, with one warning, in either VR encoding', () => {
  for (const syntax of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
    const element = (t: number, vr: string, value: Buffer, length = value.length): Buffer => (syntax === EXPLICIT_VR_LE ? explicitLE(t, vr, value, length) : implicitLE(t, value, length));
    // 10,000 levels of undefined length, an element in the deepest item, and one after the outermost sequence.
    const open = Buffer.concat([element(0x0040a730, 'SQ', Buffer.alloc(0), 0xffffffff), implicitLE(0xfffee000, Buffer.alloc(0), 0xffffffff)]);
    const close = Buffer.concat([implicitLE(0xfffee00d), implicitLE(0xfffee0dd)]);
    const levels = 10_000;
    const file = part10Of(syntax, element(0x00080060, 'CS', Buffer.from('OT')), ...Array<Buffer>(levels).fill(open),
      element(0x0040a040, 'CS', Buffer.from('TEXT')), ...Array<Buffer>(levels).fill(close),
      element(0x00880130, 'SH', Buffer.from('AFTER ')));
    const read = readDicom(file, { lenient: true });
    // The items and everything after them were skipped to the end of the data, with a warning of a missing delimiter
    // at each of the 64 levels read.
    assert.equal(read.dataset.getString('StorageMediaFileSetID'), 'AFTER', syntax);
    assert.deepEqual(read.warnings.map((w) => w.replace(/^offset \d+, /, '')), ['(0040,A730): sequences nested deeper than 64 (limits.maxDepth)'], syntax);
    assert.ok(!read.cutShort, syntax);
    assert.throws(() => readDicom(file), (e: DicomError) => e.code === 'TOO_DEEP', syntax);
  }
});
