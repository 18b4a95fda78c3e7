import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { DicomError } from '../../src/core/errors.js';
import { Element, Sequence } from '../../src/core/element.js';
import { lookupKeyword } from '../../src/core/dictionary.js';
import { formatTag } from '../../src/core/tag.js';
import { readDicom } from '../../src/io/part10-reader.js';
import { encodeDicom } from '../../src/io/part10-writer.js';
import { hasDcmtk, runDcmtk } from '../helpers/dcmtk-corpus.js';

function base(): Dataset {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.1');
  return ds;
}

test('keyword, tag and path access name the same element', () => {
  const ds = base();
  ds.set('PatientName', 'Doe^Jane');
  assert.equal(ds.getString('(0010,0010)'), 'Doe^Jane');
  assert.equal(ds.getString('00100010'), 'Doe^Jane');
  assert.equal(ds.getString(0x00100010), 'Doe^Jane');
  ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '2.25.9');
  ds.set('ReferencedImageSequence[0].ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.77.1.4');
  ds.set('ReferencedImageSequence[1].ReferencedSOPInstanceUID', '2.25.10');
  assert.equal(ds.items('ReferencedImageSequence').length, 2);
  assert.equal(ds.getString('ReferencedImageSequence[1].ReferencedSOPInstanceUID'), '2.25.10');
  assert.equal(ds.getString('ReferencedImageSequence[5].ReferencedSOPInstanceUID'), undefined);
  assert.throws(() => ds.set('ReferencedImageSequence[5].ReferencedSOPInstanceUID', '1'), (e: unknown) => e instanceof DicomError && e.code === 'BAD_PATH');
  assert.throws(() => ds.get('NoSuchKeyword'), (e: unknown) => e instanceof DicomError && e.code === 'UNKNOWN_ATTRIBUTE');
});

test('typed values per VR', () => {
  const ds = base();
  ds.set('Rows', 480);
  ds.set('ImageType', ['ORIGINAL', 'PRIMARY']);
  ds.set('PixelSpacing', [0.2, 0.25]);
  ds.set('InstanceNumber', 7);
  ds.set('FrameIncrementPointer', [0x00181063]);
  assert.equal(ds.get('Rows'), 480);
  assert.deepEqual(ds.get('ImageType'), ['ORIGINAL', 'PRIMARY']);
  assert.deepEqual(ds.getNumbers('PixelSpacing'), [0.2, 0.25]);
  assert.equal(ds.getNumber('InstanceNumber'), 7);
  assert.equal(ds.getString('FrameIncrementPointer'), '(0018,1063)');
  assert.throws(() => ds.set('PixelSpacing', [Number.NaN, 1]), DicomError);
  assert.throws(() => ds.set('SliceThickness', Number.POSITIVE_INFINITY), DicomError);
});

test('dates, times and person names come back parsed', () => {
  const ds = base();
  ds.set('StudyDate', '20240901');
  ds.set('StudyTime', '120003.5');
  ds.set('AcquisitionDateTime', '20240901120003+0200');
  ds.set('PatientName', 'Yamada^Tarou=山田^太郎');
  assert.deepEqual(ds.getDate('StudyDate'), { year: 2024, month: 9, day: 1 });
  assert.equal(ds.getTime('StudyTime')?.hour, 12);
  assert.equal(ds.getDateTime('AcquisitionDateTime')?.offsetMinutes, 120);
  assert.equal(ds.getPersonName('PatientName')?.ideographic?.familyName, '山田');
  assert.equal(ds.getDate('PatientBirthDate'), undefined);
});

test('private blocks are found by creator or reserved', () => {
  const ds = base();
  ds.set('(0013,"OTHER VENDOR",01)', 'x', 'LO');
  ds.set('(0013,"TBP TEST",02)', 'lesion-7', 'LO');
  assert.equal(ds.privateBlock(0x0013, 'OTHER VENDOR'), 0x10);
  assert.equal(ds.privateBlock(0x0013, 'TBP TEST'), 0x11);
  assert.equal(ds.getString('(0013,1102)'), 'lesion-7');
  assert.equal(ds.getString('(0013,"TBP TEST",02)'), 'lesion-7');
  assert.equal(ds.getString('(0013,"NOBODY",02)'), undefined);
});

test('text the character set cannot hold switches the data set to UTF-8', () => {
  const ds = base();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('PatientName', 'Buc^Jérôme');
  assert.equal(ds.getString('SpecificCharacterSet'), 'ISO_IR 100');
  assert.equal(ds.bytes('PatientName')!.includes(0xe9), true);
  ds.set('InstitutionName', '山田病院');
  assert.equal(ds.getString('SpecificCharacterSet'), 'ISO_IR 192');
  assert.equal(ds.getString('PatientName'), 'Buc^Jérôme');
  assert.equal(ds.getString('InstitutionName'), '山田病院');
  const back = readDicom(encodeDicom({ dataset: ds })).dataset;
  assert.equal(back.getString('PatientName'), 'Buc^Jérôme');
  assert.equal(back.getString('InstitutionName'), '山田病院');
});

test('the switch to UTF-8 re-encodes UN values of text attributes the dictionary knows; other UN bytes stay', () => {
  const ds = base();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  const latin = Buffer.from('Chirurgie d\u00e9rmatologique ', 'latin1');
  ds.addElement(new Element(lookupKeyword('InstitutionalDepartmentName')!.tag, 'UN', latin));
  const opaque = Buffer.from([0xe9, 0x00, 0xff, 0x20]);
  ds.addElement(new Element(0x00091010, 'UN', opaque));
  ds.set('InstitutionName', '\u5c71\u7530\u75c5\u9662');
  assert.equal(ds.getString('SpecificCharacterSet'), 'ISO_IR 192');
  assert.equal(ds.bytes('InstitutionalDepartmentName')!.toString('utf8').trimEnd(), 'Chirurgie d\u00e9rmatologique');
  assert.deepEqual(ds.getElementByTag(0x00091010)!.value, opaque);
});

test('8-bit bytes in a CS or AE read in the data set\'s character set, and keep their meaning through the switch to UTF-8', () => {
  const ds = base();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  // Against PS3.5 (default repertoire only), as some writers put them.
  ds.addElement(new Element(lookupKeyword('Modality')!.tag, 'CS', Buffer.from('GR\u00d6SSE', 'latin1')));
  ds.addElement(new Element(lookupKeyword('RetrieveAETitle')!.tag, 'AE', Buffer.from('Z\u00fcrich', 'latin1')));
  assert.equal(ds.getString('Modality'), 'GR\u00d6SSE');
  ds.set('InstitutionName', '\u5c71\u7530\u75c5\u9662');
  assert.equal(ds.getString('SpecificCharacterSet'), 'ISO_IR 192');
  assert.equal(ds.bytes('Modality')!.toString('utf8'), 'GR\u00d6SSE ');
  assert.equal(ds.getString('Modality'), 'GR\u00d6SSE');
  assert.equal(ds.getString('RetrieveAETitle'), 'Z\u00fcrich');
  const utf8 = base();
  utf8.set('SpecificCharacterSet', 'ISO_IR 192');
  utf8.addElement(new Element(lookupKeyword('Modality')!.tag, 'CS', Buffer.from('GR\u00d6SSE', 'utf8')));
  assert.equal(utf8.getString('Modality'), 'GR\u00d6SSE');
});

test('a new "US or SS" pixel value set without a VR follows Pixel Representation, and a negative one round-trips in Implicit and Explicit VR', () => {
  const ds = base();
  ds.set('PixelRepresentation', 1);
  ds.set('SmallestImagePixelValue', -1024);
  ds.set('PixelPaddingValue', -2000);
  ds.set('SharedFunctionalGroupsSequence[0].RealWorldValueMappingSequence[0].RealWorldValueFirstValueMapped', -5);
  assert.equal(ds.element('SmallestImagePixelValue')!.vr, 'SS');
  assert.equal(ds.element('PixelPaddingValue')!.vr, 'SS');
  for (const transferSyntaxUid of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']) {
    const back = readDicom(encodeDicom({ dataset: ds }, { transferSyntaxUid })).dataset;
    assert.equal(back.get('SmallestImagePixelValue'), -1024, transferSyntaxUid);
    assert.equal(back.get('PixelPaddingValue'), -2000, transferSyntaxUid);
    assert.equal(back.get('SharedFunctionalGroupsSequence[0].RealWorldValueMappingSequence[0].RealWorldValueFirstValueMapped'), -5, transferSyntaxUid);
  }
  const unsigned = base();
  unsigned.set('LargestImagePixelValue', 65535);
  assert.equal(unsigned.element('LargestImagePixelValue')!.vr, 'US');
  // one that is there keeps its VR; a LUT descriptor stays US
  ds.set('SmallestImagePixelValue', 7, 'US');
  ds.set('SmallestImagePixelValue', 8);
  assert.equal(ds.element('SmallestImagePixelValue')!.vr, 'US');
  ds.set('LUTDescriptor', [4096, 0, 16]);
  assert.equal(ds.element('LUTDescriptor')!.vr, 'US');
});

test('items inherit the character set of their data set', () => {
  const ds = base();
  ds.set('SpecificCharacterSet', 'ISO_IR 192');
  ds.set('RequestAttributesSequence[0].RequestedProcedureDescription', 'Dermoscopie à 10×');
  const back = readDicom(encodeDicom({ dataset: ds })).dataset;
  assert.equal(back.getString('RequestAttributesSequence[0].RequestedProcedureDescription'), 'Dermoscopie à 10×');
});

test('the character set in effect follows Specific Character Set as it is set, replaced and removed', () => {
  const ds = base();
  ds.set('RequestAttributesSequence[0].RequestedProcedureDescription', 'x');
  const item = ds.items('RequestAttributesSequence')[0]!;
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  assert.deepEqual([ds.characterSets(), item.characterSets()], [['ISO_IR 100'], ['ISO_IR 100']]);
  ds.set('PatientComments', 'é');
  assert.deepEqual([...ds.bytes('PatientComments')!], [0xe9, 0x20]);
  ds.set('SpecificCharacterSet', 'ISO_IR 192');
  assert.deepEqual([ds.characterSets(), item.characterSets()], [['ISO_IR 192'], ['ISO_IR 192']]);
  ds.set('PatientComments', 'é');
  assert.deepEqual([...ds.bytes('PatientComments')!], [0xc3, 0xa9]);
  ds.delete('SpecificCharacterSet');
  assert.deepEqual([ds.characterSets(), item.characterSets()], [[], []]);
  // ASCII text is its own bytes under a code-extension list, padded with a space to even length.
  ds.set('SpecificCharacterSet', ['', 'ISO 2022 IR 87']);
  ds.set('PatientName', 'Yamada^Tarou^^Dr');
  assert.equal(ds.bytes('PatientName')!.toString('latin1'), 'Yamada^Tarou^^Dr');
  ds.set('PatientName', 'Yamada^Taro');
  assert.equal(ds.bytes('PatientName')!.toString('latin1'), 'Yamada^Taro ');
  // Under a term no encoder knows, ASCII is itself; other text moves the data set to UTF-8, the 8-bit text read
  // before taken as Latin-1 (the default repertoire's reading) rather than lost.
  ds.set('SpecificCharacterSet', 'ISO_IR 999');
  ds.addElement(new Element(lookupKeyword('PatientComments')!.tag, 'LT', Buffer.from([0x4a, 0xe9])));
  ds.set('PatientName', 'Yamada');
  assert.deepEqual([ds.getString('SpecificCharacterSet'), ds.getString('PatientName')], ['ISO_IR 999', 'Yamada']);
  ds.set('PatientName', 'Yamadá');
  assert.deepEqual([ds.getString('SpecificCharacterSet'), ds.getString('PatientName'), ds.getString('PatientComments')], ['ISO_IR 192', 'Yamadá', 'Jé']);
});

test('clone is deep', () => {
  const ds = base();
  ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '2.25.9');
  const copy = ds.clone();
  copy.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '2.25.10');
  assert.equal(ds.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), '2.25.9');
  assert.ok(copy.element('ReferencedImageSequence')!.value instanceof Sequence);
});

test('set checks text values and tags as a reader would: UIDs, DS/IS, AT given as text or keyword', () => {
  const ds = new Dataset();
  assert.throws(() => ds.set('StudyInstanceUID', '1.2.abc'), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VALUE');
  assert.throws(() => ds.set('StudyInstanceUID', `1.${'2'.repeat(70)}`), /UI/);
  assert.throws(() => ds.set('SliceThickness', 'NaN'), /not a DS value/);
  assert.throws(() => ds.set('PixelSpacing', ['Infinity', '-inf']), /not a DS value/);
  assert.throws(() => ds.set('SliceThickness', Number.NaN), /finite/);
  assert.throws(() => ds.set('InstanceNumber', '1.5'), /IS/);
  ds.set('StudyInstanceUID', '');
  ds.set('SliceThickness', ' 2.5');
  ds.set('FrameIncrementPointer', '(0018,1063)');
  assert.equal(ds.element('FrameIncrementPointer')!.value.toString('hex'), '18006310');
  ds.set('FrameIncrementPointer', 'FrameTime');
  assert.equal(ds.element('FrameIncrementPointer')!.value.toString('hex'), '18006310');
  ds.set('FrameIncrementPointer', 0x00181063);
  assert.equal(ds.element('FrameIncrementPointer')!.value.toString('hex'), '18006310');
  assert.throws(() => ds.set('FrameIncrementPointer', 'NoSuchKeyword'), /is not a tag/);
});

test('an item made on its own with UTF-8 text, put in a data set of the default repertoire, moves UTF-8 to the top', () => {
  const item = new Dataset();
  item.set('TrackingID', 'Läsion 1');
  assert.equal(item.getString('SpecificCharacterSet'), 'ISO_IR 192');
  const ds = new Dataset();
  ds.set('PatientName', 'Doe^Jane');
  ds.set('ReferencedImageSequence', [item]);
  assert.equal(ds.getString('SpecificCharacterSet'), 'ISO_IR 192');
  assert.equal(item.has('SpecificCharacterSet'), false);
  assert.equal(ds.getString('ReferencedImageSequence[0].TrackingID'), 'Läsion 1');
  assert.equal(ds.getString('PatientName'), 'Doe^Jane');
  // a data set with a character set of its own keeps it; the item keeps its own too (PS3.5 7.5.1 allows that)
  const latin = new Dataset();
  latin.set('SpecificCharacterSet', 'ISO_IR 100');
  latin.set('PatientName', 'Müller^Jörg');
  const other = new Dataset();
  other.set('TrackingID', 'Läsion 2 ✓');
  latin.set('ReferencedImageSequence', [other]);
  assert.equal(latin.getString('SpecificCharacterSet'), 'ISO_IR 100');
  assert.equal(latin.getString('ReferencedImageSequence[0].SpecificCharacterSet'), 'ISO_IR 192');
  assert.equal(latin.getString('ReferencedImageSequence[0].TrackingID'), 'Läsion 2 ✓');
});

test('a value its VR refuses, number or text, fails as BAD_VALUE naming the attribute', () => {
  const ds = new Dataset();
  for (const [keyword, value, tag] of [['Rows', 'abc', 0x00280010], ['PatientWeight', Number.NaN, 0x00101030], ['InstanceNumber', 2 ** 31, 0x00200013], ['SOPInstanceUID', '1.2.abc', 0x00080018]] as const) {
    assert.throws(() => ds.set(keyword, value), (e: DicomError) => e.code === 'BAD_VALUE' && e.tag === tag && e.message.startsWith(formatTag(tag)), keyword);
  }
});

test('a set that fails leaves nothing of its path behind: no private block reserved, no sequence or item made', () => {
  const ds = new Dataset();
  assert.throws(() => ds.set('(0029,"ACME 1.0",01)', 2), (e: DicomError) => e.code === 'BAD_VALUE');
  assert.equal(ds.privateBlock(0x0029, 'ACME 1.0'), undefined);
  assert.throws(() => ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.abc'), (e: DicomError) => e.code === 'BAD_VALUE');
  assert.equal(ds.has('ReferencedImageSequence'), false);
  assert.deepEqual([...ds], []);
  ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '1.2.3');
  assert.throws(() => ds.set('ReferencedImageSequence[1].ReferencedSOPInstanceUID', 'x'), (e: DicomError) => e.code === 'BAD_VALUE');
  assert.equal(ds.items('ReferencedImageSequence').length, 1, 'the item made for the failed value is taken back, the first kept');
});

test('items put into another data set keep what their text means, and the data set they came from keeps them', () => {
  const latin = new Dataset();
  latin.set('SpecificCharacterSet', 'ISO_IR 100');
  latin.set('RequestAttributesSequence[0].RequestedProcedureDescription', 'Ärztin');
  const utf8 = new Dataset();
  utf8.set('SpecificCharacterSet', 'ISO_IR 192');
  utf8.set('RequestAttributesSequence', latin.items('RequestAttributesSequence'));
  const path = 'RequestAttributesSequence[0].RequestedProcedureDescription';
  assert.equal(utf8.getString(path), 'Ärztin');
  assert.deepEqual([...utf8.bytes(path)!.subarray(0, 2)], [0xc3, 0x84], 're-encoded in UTF-8');
  assert.equal(latin.getString(path), 'Ärztin', 'the source still has its item');
  assert.equal(latin.bytes(path)![0], 0xc4);
  // Into a data set of a third set, the item declares its own.
  const greek = new Dataset();
  greek.set('SpecificCharacterSet', 'ISO_IR 126');
  greek.set('RequestAttributesSequence', latin.items('RequestAttributesSequence'));
  assert.equal(greek.getString(path), 'Ärztin');
  assert.deepEqual(greek.items('RequestAttributesSequence')[0]!.characterSets(), ['ISO_IR 100']);
});

test('the switch to UTF-8 leaves Original Attributes items byte for byte, declaring the set they are in', () => {
  const ds = new Dataset();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('PatientName', 'Buc^Jérôme');
  ds.set('OriginalAttributesSequence[0].ModifiedAttributesSequence[0].PatientName', 'Doe^Jérôme');
  const recorded = (): Buffer => ds.bytes('OriginalAttributesSequence[0].ModifiedAttributesSequence[0].PatientName')!;
  const before = Buffer.from(recorded());
  ds.set('StudyDescription', '胸部 CT');
  assert.equal(ds.getString('SpecificCharacterSet'), 'ISO_IR 192');
  assert.deepEqual([...ds.bytes('PatientName')!.subarray(0, 7)], [...Buffer.from('Buc^J\u00e9', 'utf8')]);
  assert.ok(recorded().equals(before), 'the record keeps its bytes');
  assert.deepEqual(ds.items('OriginalAttributesSequence')[0]!.characterSets(), ['ISO_IR 100']);
  assert.equal(ds.getString('OriginalAttributesSequence[0].ModifiedAttributesSequence[0].PatientName'), 'Doe^Jérôme');
});

test('text re-encoded into another character set is padded once, as dcmconv writes it back: the pad of the old bytes is no text', () => {
  const cases: [string, string, string, number][] = [
    // UTF-8's 15 bytes and their pad; 10 in GB18030, even: no pad
    ['ISO_IR 192', 'GB18030', '皮肤镜检查', 10],
    // Latin-1's 3 bytes and their pad; 4 in UTF-8, even: no pad
    ['ISO_IR 100', 'ISO_IR 192', 'Zoë', 4],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'tbp-recode-'));
  try {
    for (const [from, to, text, length] of cases) {
      const ds = base();
      ds.set('SpecificCharacterSet', from);
      ds.set('PatientName', text);
      ds.convertCharacterSet([to]);
      assert.equal(ds.getString('PatientName'), text, `${from} → ${to}`);
      assert.equal(ds.bytes('PatientName')!.length, length, `${from} → ${to}: ${JSON.stringify(ds.bytes('PatientName')!.toString('latin1'))}`);
      if (!hasDcmtk) continue;
      // dcmconv, which keeps a value's text and pads it once, writes back the bytes we wrote
      const ours = join(dir, 'ours.dcm');
      const theirs = join(dir, 'theirs.dcm');
      writeFileSync(ours, encodeDicom({ dataset: ds }));
      runDcmtk('dcmconv', [ours, theirs]);
      assert.deepEqual(readDicom(readFileSync(theirs)).dataset.bytes('PatientName'), ds.bytes('PatientName'), `${from} → ${to}: dcmconv`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
