import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../../src/core/dataset.js';
import { Element } from '../../../src/core/element.js';
import { readDataset, readDicomFile } from '../../../src/io/part10-reader.js';
import { encodeDataset } from '../../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from '../../../src/io/transfer-syntax.js';
import { parseAssignment, parseDeletion, type Change } from '../../../src/edit/modify/assignments.js';
import { modifyDataset, modifyFiles, revertFiles } from '../../../src/edit/modify/modify-files.js';
import { tbpCorpus, writeObject } from '../fixtures/corpus.js';
import { asUnknown } from '../../helpers/unknown-vr.js';

const ORIGINAL_ATTRIBUTES = 0x04000561;

function sample(dir: string, transferSyntaxUid = EXPLICIT_VR_LE): string {
  const ds = tbpCorpus().crop;
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('PatientName', 'Muller^Hans');
  const path = join(dir, 'crop.dcm');
  writeObject(path, ds, transferSyntaxUid);
  return path;
}

const changes = (): Change[] => [
  parseAssignment('PatientName=Yamada^Tarou=山田^太郎=やまだ^たろう'),
  parseAssignment('PatientBirthDate=1963-04-05'),
  parseAssignment('ReferencedImageSequence[0].ReferencedSOPInstanceUID=1.2.3.4'),
  parseAssignment('(0013,"TBP DICOM 1.0",01):LO=L-42'),
  parseAssignment('PatientWeight=67.5'),
  parseAssignment('AnatomicRegionSequence=(181469002,SCT,"Skin of back");(39937001,SCT,"Skin of face")'),
  { kind: 'delete', name: 'StationName' },
];

function encodedElements(ds: Dataset): Map<number, string> {
  const out = new Map<number, string>();
  for (const el of ds) {
    const single = new Dataset();
    single.addElement(el);
    out.set(el.tag, encodeDataset(single, EXPLICIT_VR_LE).toString('hex'));
  }
  return out;
}

for (const [name, syntax] of [['explicit', EXPLICIT_VR_LE], ['implicit', IMPLICIT_VR_LE]] as const) {
  test(`modify (${name} VR) records previous values and revert restores byte-identical values`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modify-'));
    const path = sample(dir, syntax);
    const original = readDicomFile(path).dataset;
    const outcomes = await modifyFiles([path], changes(), { reason: 'CORRECT', source: 'Clinic A' }, { destination: { inPlace: true } });
    assert.equal(outcomes[0]?.status, 'written', JSON.stringify(outcomes));

    const modified = readDicomFile(path).dataset;
    assert.equal(modified.getString('PatientBirthDate'), '19630405');
    assert.equal(modified.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), '1.2.3.4');
    assert.equal(modified.bytes('(0013,"TBP DICOM 1.0",01)')?.toString('latin1').trim(), 'L-42');
    assert.equal(modified.items('AnatomicRegionSequence')[1]?.getString('CodeMeaning'), 'Skin of face');
    assert.equal(modified.has('StationName'), false);
    const item = modified.items(ORIGINAL_ATTRIBUTES)[0]!;
    assert.equal(item.getString('ReasonForTheAttributeModification'), 'CORRECT');
    assert.equal(item.getString('SourceOfPreviousValues'), 'Clinic A');
    assert.equal(item.getString('ModifyingSystem'), 'tbp-dicom');
    assert.match(item.getString('AttributeModificationDateTime') ?? '', /^\d{14}/);
    const previous = item.items('ModifiedAttributesSequence')[0]!;
    assert.equal(previous.getString('PatientName'), 'Muller^Hans');
    assert.equal(previous.getString('StationName'), 'SECRETSTATION');
    assert.equal(previous.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), original.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'));

    // Untouched elements keep their bytes.
    const before = encodedElements(original);
    const after = encodedElements(modified);
    const touched = new Set([...previous.tags(), ORIGINAL_ATTRIBUTES]);
    for (const [t, hex] of before) if (!touched.has(t)) assert.equal(after.get(t), hex, `untouched ${t.toString(16)} changed`);

    await revertFiles([path], { destination: { inPlace: true } });
    const reverted = readDicomFile(path).dataset;
    assert.equal(encodeDataset(reverted, EXPLICIT_VR_LE).toString('hex'), encodeDataset(original, EXPLICIT_VR_LE).toString('hex'));
  });
}

test('two modifications revert one at a time, or all at once', async () => {
  const ds = tbpCorpus().regional;
  const original = encodeDataset(ds.clone(), EXPLICIT_VR_LE);
  modifyDataset(ds, [parseAssignment('PatientID=A')], { reason: 'COERCE' });
  const once = encodeDataset(ds.clone(), EXPLICIT_VR_LE);
  modifyDataset(ds, [parseAssignment('PatientID=B'), parseAssignment('Laterality=L')], { reason: 'CORRECT' });
  assert.equal(ds.items(ORIGINAL_ATTRIBUTES).length, 2);
  const dir = mkdtempSync(join(tmpdir(), 'modify-'));
  writeObject(join(dir, 'a.dcm'), ds);
  copyFileSync(join(dir, 'a.dcm'), join(dir, 'b.dcm'));
  await revertFiles([join(dir, 'a.dcm')], { destination: { inPlace: true } });
  assert.equal(encodeDataset(readDicomFile(join(dir, 'a.dcm')).dataset, EXPLICIT_VR_LE).toString('hex'), once.toString('hex'));
  await revertFiles([join(dir, 'b.dcm')], { destination: { inPlace: true }, all: true });
  assert.equal(encodeDataset(readDicomFile(join(dir, 'b.dcm')).dataset, EXPLICIT_VR_LE).toString('hex'), original.toString('hex'));
});

test('a failing file is named and left untouched while the others are modified', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modify-'));
  const good = sample(dir);
  const bad = join(dir, 'broken.dcm');
  writeFileSync(bad, Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([2, 0, 0x10, 0, 0x55, 0x49, 0xff, 0x00])]));
  const badBytes = readFileSync(bad);
  const outcomes = await modifyFiles([dir], [parseAssignment('PatientID=NEW')], { reason: 'CORRECT' }, { destination: { inPlace: true } });
  const failed = outcomes.find((o) => o.input === bad);
  assert.equal(failed?.status, 'failed');
  assert.match(failed?.messages?.[0] ?? '', /broken\.dcm/);
  assert.deepEqual(readFileSync(bad), badBytes);
  assert.equal(readDicomFile(good).dataset.getString('PatientID'), 'NEW');
});

test('two inputs of the same relative path do not write one output: the second fails, named, and the first output stays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modify-clash-'));
  const first = join(dir, 'a', 'crop.dcm');
  const second = join(dir, 'b', 'crop.dcm');
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  sample(join(dir, 'a'));
  const other = tbpCorpus().regional;
  writeObject(second, other);
  const out = join(dir, 'out');
  const outcomes = await modifyFiles([first, second, first], [parseAssignment('PatientID=NEW')], { reason: 'CORRECT' }, { destination: { outDir: out } });
  assert.deepEqual(outcomes.map((o) => [o.input, o.status, o.output]), [[first, 'written', join(out, 'crop.dcm')], [second, 'failed', undefined]]);
  assert.deepEqual(outcomes[1]!.messages, [`not written: its output ${join(out, 'crop.dcm')} is the output of ${first} (inputs of the same relative path need separate runs, each with its own --out)`]);
  assert.equal(readDicomFile(join(out, 'crop.dcm')).dataset.getString('SOPInstanceUID'), tbpCorpus().crop.getString('SOPInstanceUID'));
});

test('an --out folder that is the inputs\' own writes no copy over an input: each fails, named, and stays as it was', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modify-own-folder-'));
  const input = sample(dir);
  const before = readFileSync(input);
  const outcomes = await modifyFiles([input], [parseAssignment('PatientID=NEW')], { reason: 'CORRECT' }, { destination: { outDir: dir } });
  assert.deepEqual(outcomes.map((o) => [o.status, o.messages]), [['failed', [`not written: ${input} is an input of this run, which it would replace (give an --out folder apart from the inputs)`]]]);
  assert.deepEqual(readFileSync(input), before);
});

test('values are parsed per VR and bad ones are refused with the reason', () => {
  const ds = new Dataset();
  modifyDataset(ds, [parseAssignment('StudyTime=10:20:30'), parseAssignment('ImageType=DERIVED\\PRIMARY'), parseAssignment('Rows=512')], { reason: 'CORRECT' });
  assert.equal(ds.getString('StudyTime'), '102030');
  assert.deepEqual(ds.getStrings('ImageType'), ['DERIVED', 'PRIMARY']);
  assert.equal(ds.getNumber('Rows'), 512);
  assert.throws(() => modifyDataset(ds, [parseAssignment('StudyDate=2024-13-45')], { reason: 'CORRECT' }), /StudyDate|DA|2024/);
  assert.throws(() => modifyDataset(ds, [parseAssignment('(0013,"UNKNOWN",01)=x')], { reason: 'CORRECT' }), /VR .* not known/);
});

test('modifyDataset refuses a record whose Modifying System or Source of Previous Values is not one LO value, and changes nothing', () => {
  const ds = tbpCorpus().regional;
  const before = encodeDataset(ds.clone(), EXPLICIT_VR_LE);
  assert.throws(() => modifyDataset(ds, [parseAssignment('PatientID=A')], { reason: 'CORRECT', modifyingSystem: 'a\\b' }), { code: 'INVALID_ARGUMENT', message: /^Modifying System \(--system\) "a\\b" contains a backslash/ });
  assert.throws(() => modifyDataset(ds, [parseAssignment('PatientID=A')], { reason: 'CORRECT', source: 'x'.repeat(65) }), { code: 'INVALID_ARGUMENT', message: /^Source of Previous Values \(--source\) "x+" is 65 characters long; LO allows at most 64$/ });
  assert.deepEqual(encodeDataset(ds, EXPLICIT_VR_LE), before);
});

test('the UIDs that identify the object (SOP Class, SOP Instance, Study, Series) are refused as deletions or empty values at the top level only', () => {
  for (const keyword of ['SOPClassUID', 'SOPInstanceUID', 'StudyInstanceUID', 'SeriesInstanceUID']) {
    assert.throws(() => parseDeletion(keyword), { code: 'INVALID_ARGUMENT', message: new RegExp(`^${keyword}: .* is Type 1 and identifies the object; it can be given a new value, not deleted$`) });
    assert.throws(() => parseAssignment(`${keyword}=`), { code: 'INVALID_ARGUMENT', message: /not emptied$/ });
    assert.throws(() => modifyDataset(tbpCorpus().crop, [{ kind: 'set', name: keyword, value: null }], { reason: 'CORRECT' }), { code: 'INVALID_ARGUMENT', message: /not emptied$/ });
  }
  const ds = tbpCorpus().crop;
  modifyDataset(ds, [parseAssignment('SeriesInstanceUID=1.2.3'), parseDeletion('ReferencedImageSequence[0].ReferencedSOPInstanceUID')], { reason: 'CORRECT' });
  assert.equal(ds.getString('SeriesInstanceUID'), '1.2.3');
  assert.equal(ds.has('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), false);
});

test('integers outside their binary VR\'s range, and paths no file could take, are refused when the change is parsed', () => {
  for (const [text, message] of [
    ['Rows=65536', 'Rows: "65536" is not a valid US value: not in the range 0 to 65535'],
    ['Rows=-1', 'Rows: "-1" is not a valid US value: not in the range 0 to 65535'],
    ['Rows=2.5', 'Rows: "2.5" is not a valid US value: not an integer'],
    ['(0013,"TBP DICOM 1.0",02)=4294967296', '(0013,"TBP DICOM 1.0",02): "4294967296" is not a valid UL value: not in the range 0 to 4294967295'],
    ['SmallestImagePixelValue=70000', 'SmallestImagePixelValue: "70000" is not a valid US or SS value: not in the range 0 to 65535 (US); not in the range -32768 to 32767 (SS)'],
    ['SmallestImagePixelValue=2.5', 'SmallestImagePixelValue: "2.5" is not a valid US or SS value: not an integer'],
  ]) assert.throws(() => parseAssignment(text!), { code: 'BAD_VALUE', message }, text);
  assert.throws(() => parseAssignment('ReferencedImageSequence[0].ReferencedSOPInstanceUID[0]=1.2'), { code: 'BAD_PATH', message: /ReferencedSOPInstanceUID is not a sequence/ });
  assert.throws(() => parseDeletion('(0013,"OTHER",10)[2]'), { code: 'BAD_PATH', message: /ends with an item index/ });
  // -5 fits SS, which a file with signed pixels takes
  const ds = new Dataset();
  modifyDataset(ds, [parseAssignment('Rows=65535'), parseAssignment('SmallestImagePixelValue:SS=-5')], { reason: 'CORRECT' });
  assert.equal(ds.getNumber('Rows'), 65535);
  assert.doesNotThrow(() => parseAssignment('SmallestImagePixelValue=-5'));
});

test('a pixel value ("US or SS") a file has not yet is SS where its Pixel Representation is 1, as a reader of Implicit VR takes it', () => {
  const image = (pixelRepresentation: number): Dataset => {
    const ds = new Dataset();
    ds.set('PixelRepresentation', pixelRepresentation);
    return ds;
  };
  const deep = 'SharedFunctionalGroupsSequence[0].RealWorldValueMappingSequence[0].RealWorldValueFirstValueMapped';
  const signed = image(1);
  modifyDataset(signed, [parseAssignment('SmallestImagePixelValue=-5'), parseAssignment(`${deep}=-2`), parseAssignment('PixelPaddingValue=-1')], { reason: 'CORRECT' });
  for (const [name, value] of [['SmallestImagePixelValue', -5], [deep, -2], ['PixelPaddingValue', -1]] as const) {
    assert.equal(signed.element(name)?.vr, 'SS', name);
    assert.equal(signed.getNumber(name), value, name);
  }
  // Read back in Implicit VR (no VR written), the value is the same.
  const read = readDataset(encodeDataset(signed, IMPLICIT_VR_LE), IMPLICIT_VR_LE);
  assert.equal(read.getNumber(deep), -2);
  // Unsigned pixels (or none said) keep US, and a value only SS holds fails that file, saying why it is US there.
  const unsigned = image(0);
  modifyDataset(unsigned, [parseAssignment('SmallestImagePixelValue=40000')], { reason: 'CORRECT' });
  assert.equal(unsigned.element('SmallestImagePixelValue')?.vr, 'US');
  for (const ds of [image(0), new Dataset()]) {
    assert.throws(() => modifyDataset(ds, [parseAssignment('SmallestImagePixelValue=-5')], { reason: 'CORRECT' }), {
      code: 'BAD_VALUE',
      message: 'SmallestImagePixelValue: "-5" is not a valid US value: not in the range 0 to 65535 (US here, where Pixel Representation (0028,0103) is 0 or absent (unsigned))',
    });
  }
  assert.throws(() => modifyDataset(image(1), [parseAssignment('LargestImagePixelValue=40000')], { reason: 'CORRECT' }), { message: /"40000" is not a valid SS value: .*\(SS here, where Pixel Representation \(0028,0103\) is 1 \(signed\)\)$/ });
  // LUT descriptors stay US: their entry counts are unsigned whatever the pixels are.
  const lut = image(1);
  modifyDataset(lut, [parseAssignment('VOILUTSequence[0].LUTDescriptor=40000\\0\\16')], { reason: 'CORRECT' });
  assert.equal(lut.element('VOILUTSequence[0].LUTDescriptor')?.vr, 'US');
});

test('a data set holding known attributes as UN is modified as if they had their dictionary VR, as a file read is', () => {
  const held = (): Dataset => {
    const ds = tbpCorpus().crop;
    ds.set('PatientName', 'Muller^Hans');
    asUnknown(ds, [0x00100010, 0x00081140]); // Patient Name, Referenced Image Sequence
    return ds;
  };
  // A value set equal to the one held as UN is no change.
  const same = held();
  assert.deepEqual(modifyDataset(same, [parseAssignment('PatientName=Muller^Hans')], { reason: 'CORRECT' }), []);
  assert.equal(same.has('OriginalAttributesSequence'), false);
  // A path goes into the UN sequence's items; deleting inside one works too; the previous values are recorded in their VRs.
  const ds = held();
  assert.equal(ds.items('ReferencedImageSequence').length, 0); // held as UN: bytes, no items
  modifyDataset(ds, [parseAssignment('PatientName=Yamada^Tarou'), parseAssignment('ReferencedImageSequence[0].ReferencedSOPInstanceUID=1.2.3.4'), parseDeletion('ReferencedImageSequence[0].ReferencedSOPClassUID')], { reason: 'CORRECT' });
  assert.equal(ds.element('PatientName')?.vr, 'PN');
  assert.equal(ds.element('ReferencedImageSequence')?.vr, 'SQ');
  assert.equal(ds.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), '1.2.3.4');
  assert.equal(ds.has('ReferencedImageSequence[0].ReferencedSOPClassUID'), false);
  const previous = ds.items(ORIGINAL_ATTRIBUTES)[0]!.items('ModifiedAttributesSequence')[0]!;
  assert.equal(previous.element('PatientName')?.vr, 'PN');
  assert.equal(previous.getString('PatientName'), 'Muller^Hans');
  assert.equal(previous.element('ReferencedImageSequence')?.vr, 'SQ');
  assert.equal(previous.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), tbpCorpus().crop.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'));
});

test('a path into a UN whose bytes are no items is refused saying so', () => {
  const ds = tbpCorpus().crop;
  ds.addElement(new Element(0x00081140, 'UN', Buffer.from('abcdefgh')));
  assert.throws(() => modifyDataset(ds, [parseAssignment('ReferencedImageSequence[0].ReferencedSOPInstanceUID=1.2.3.4')], { reason: 'CORRECT' }), {
    code: 'BAD_PATH',
    message: /^\(0008,1140\) in "ReferencedImageSequence\[0\]\.ReferencedSOPInstanceUID" is UN \(unknown VR\), whose bytes were not read as sequence items/,
  });
});

test('what a change touches inside items is recorded as it was: text an item held re-encoded by the switch to UTF-8, an item a path added; a sequence left alone is not recorded', () => {
  const ds = new Dataset();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('SOPInstanceUID', '2.25.9');
  const region = new Dataset();
  region.set('CodeMeaning', 'Rücken');
  ds.set('AnatomicRegionSequence', [region]);
  ds.set('ReferencedImageSequence', [new Dataset()]);
  const refs = ds.items('ReferencedImageSequence');
  ds.set('OtherPatientIDsSequence', [new Dataset()]);
  const latin1 = ds.bytes('AnatomicRegionSequence[0].CodeMeaning');
  modifyDataset(ds, [parseAssignment('PatientName=山田^太郎'), parseAssignment('ReferencedImageSequence[1].ReferencedSOPInstanceUID=1.2.3')], { reason: 'CORRECT' });
  assert.deepEqual(ds.getStrings('SpecificCharacterSet'), ['ISO_IR 192']);
  assert.equal(ds.items('ReferencedImageSequence').length, 2);
  assert.equal(ds.items('ReferencedImageSequence'), refs, 'the item was added to the sequence there was');
  const previous = ds.items(ORIGINAL_ATTRIBUTES)[0]!.items('ModifiedAttributesSequence')[0]!;
  assert.deepEqual(previous.bytes('AnatomicRegionSequence[0].CodeMeaning'), latin1);
  assert.equal(previous.items('ReferencedImageSequence').length, 1);
  assert.equal(previous.has('OtherPatientIDsSequence'), false);
  assert.equal(ds.getString('AnatomicRegionSequence[0].CodeMeaning'), 'Rücken');
  assert.equal(ds.items('AnatomicRegionSequence')[0]!.parent, ds, 'the live items stay in the data set');
});
