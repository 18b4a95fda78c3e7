import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { Element, Sequence } from '../../src/core/element.js';
import { tagOf } from '../../src/core/dictionary.js';
import { readDataset, readDicom } from '../../src/io/part10-reader.js';
import { encodeDataset, encodeDicom } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_BE, EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { inKnownVR, readUnknownInKnownVR } from '../../src/io/unknown-vr.js';
import { TBP_GROUP, tbpKey } from '../../src/tbp/private-dictionary.js';
import { setTbp } from '../../src/tbp/tbp-attributes.js';
import { asUnknown, privateBlockAsUnknown } from '../helpers/unknown-vr.js';
import { hasDcmtk, runDcmtk } from '../helpers/dcmtk-corpus.js';

test('a private element that arrived as UN is read in the VR its dictionary knows: numbers as they were, a sequence as its items', () => {
  const ds = new Dataset();
  const item = (uid: string): Dataset => {
    const d = new Dataset();
    d.set('ReferencedSOPInstanceUID', uid);
    return d;
  };
  ds.set('0029,0010', 'SOME VENDOR', 'LO');
  ds.set('0029,1001', 56, 'UL');
  ds.set('0029,1002', [item('2.25.7'), item('2.25.8')], 'SQ');
  privateBlockAsUnknown(ds, 0x0029);
  const number = ds.getElementByTag(0x00291001)!;
  const sequence = ds.getElementByTag(0x00291002)!;
  assert.deepEqual([number.vr, sequence.vr], ['UN', 'UN']);

  const ul = inKnownVR(number, 'UL', ds)!;
  assert.equal(ul.vr, 'UL');
  assert.equal((ul.value as Buffer).readUInt32LE(0), 56);
  const sq = inKnownVR(sequence, 'SQ', ds)!;
  assert.ok(sq.value instanceof Sequence);
  assert.deepEqual(sq.value.items.map((item) => [item.getString('ReferencedSOPInstanceUID'), item.parent === ds]), [['2.25.7', true], ['2.25.8', true]]);

  // Bytes that are no items are no sequence; an element that is not UN is taken as it is.
  assert.equal(inKnownVR(new Element(0x00291003, 'UN', Buffer.from('not items')), 'SQ', ds), undefined);
  const lo = new Element(0x00291004, 'LO', Buffer.from('AB'));
  assert.equal(inKnownVR(lo, 'UL', ds), lo);
});

test('a data set built in memory with UN elements is read in the VRs known here, at every depth, as the reader reads its file', () => {
  const ds = new Dataset();
  ds.set('PatientName', 'Doe^John');
  ds.set('PixelRepresentation', 1);
  ds.set('SmallestImagePixelValue', -5, 'SS');
  ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', '2.25.7');
  ds.set('AnatomicRegionSequence[0].CodeValue', 'T-D1100');
  setTbp(ds, 'TBPVertexID', 56);
  setTbp(ds, 'TBPLesionSequence', [new Dataset()]);
  asUnknown(ds.items('AnatomicRegionSequence')[0]!, [tagOf('CodeValue')!]);
  asUnknown(ds, ['PatientName', 'PixelRepresentation', 'SmallestImagePixelValue', 'ReferencedImageSequence'].map((k) => tagOf(k)!));
  privateBlockAsUnknown(ds, TBP_GROUP);
  // UN of undefined length: its items read already.
  const code = new Dataset();
  code.set('CodeValue', '113076');
  ds.addElement(new Element(tagOf('DerivationCodeSequence')!, 'UN', new Sequence([code], true)));
  // A known sequence whose bytes are no items, and an attribute nothing here knows, stay UN.
  ds.addElement(new Element(tagOf('SourceImageSequence')!, 'UN', Buffer.from('not items')));
  ds.addElement(new Element(0x00090010, 'LO', Buffer.from('NO DICTIONARY ')));
  ds.addElement(new Element(0x00091001, 'UN', Buffer.from('ab')));
  const read = readDataset(encodeDataset(ds, EXPLICIT_VR_LE), EXPLICIT_VR_LE);

  readUnknownInKnownVR(ds);
  const names = ['PatientName', 'PixelRepresentation', 'SmallestImagePixelValue', 'ReferencedImageSequence', 'AnatomicRegionSequence[0].CodeValue', 'DerivationCodeSequence', 'SourceImageSequence', '0009,1001'];
  assert.deepEqual(names.map((name) => ds.element(name)?.vr), ['PN', 'US', 'SS', 'SQ', 'SH', 'SQ', 'UN', 'UN']);
  assert.deepEqual([ds.element(tbpKey('TBPVertexID'))?.vr, ds.element(tbpKey('TBPLesionSequence'))?.vr], ['UL', 'SQ']);
  assert.equal(ds.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), '2.25.7');
  assert.equal(ds.get(tbpKey('TBPVertexID')), 56);
  assert.deepEqual(encodeDataset(ds, EXPLICIT_VR_LE, 'defined'), encodeDataset(read, EXPLICIT_VR_LE, 'defined'));
});

test('readUnknownInKnownVR, by its public name: a block registered after its file was read is read in its VRs then', async () => {
  const { Dataset: PublicDataset, readDicom, encodeDataset: encode, registerPrivateDictionary, readUnknownInKnownVR: readKnown } = await import('tbp-dicom');
  const ds = new PublicDataset();
  ds.set(0x00330010, 'TEST LATE DICTIONARY', 'LO');
  ds.set(0x00331001, [2.5, -1], 'FD');
  ds.set(0x00331002, 'label', 'LO');
  const read = readDicom(encode(ds, '1.2.840.10008.1.2')).dataset; // Implicit VR: nothing names the VRs
  assert.deepEqual([read.getElementByTag(0x00331001)?.vr, read.getElementByTag(0x00331002)?.vr], ['UN', 'UN']);
  registerPrivateDictionary('TEST LATE DICTIONARY', [
    { group: 0x0033, element: 0x01, keyword: 'TestLateScale', name: 'Test late scale', vr: 'FD', vm: '1-n' },
    { group: 0x0033, element: 0x02, keyword: 'TestLateLabel', name: 'Test late label', vr: 'LO', vm: '1' },
  ]);
  readKnown(read);
  assert.deepEqual(read.getNumbers(0x00331001), [2.5, -1]);
  assert.equal(read.getString(0x00331002), 'label');
});

test('a known attribute that arrived as UN in an Explicit VR Big Endian file is read from its little-endian bytes (PS3.5 6.2.2: the Implicit VR Little Endian encoding whatever the transfer syntax) and written in the file\'s byte order, as dcmdump then reads it', { skip: !hasDcmtk && 'dcmtk is not installed' }, () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.481.2');
  ds.set('SOPInstanceUID', '2.25.23');
  const un = (tag: number, value: Buffer): Buffer => {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(tag >>> 16, 0);
    header.writeUInt16BE(tag & 0xffff, 2);
    header.write('UN', 4, 'latin1');
    header.writeUInt32BE(value.length, 8);
    return Buffer.concat([header, value]);
  };
  // The values of an Implicit VR original, as a system that did not know the attributes passed them on.
  const bytes = Buffer.concat([encodeDicom({ dataset: ds }, { transferSyntaxUid: EXPLICIT_VR_BE }),
    un(0x00280009, Buffer.from([0x04, 0x30, 0x0c, 0x00])), un(0x00280010, Buffer.from([10, 0])), un(0x00280030, Buffer.from('0.5\\0.25'))]);
  const dir = mkdtempSync(join(tmpdir(), 'tbp-un-be-'));
  try {
    const input = join(dir, 'input.dcm');
    writeFileSync(input, bytes);
    assert.match(runDcmtk('dcmdump', ['-q', input]), /\(0028,0010\) UN 0a\\00 /);

    const read = readDicom(bytes).dataset;
    assert.deepEqual([0x00280009, 0x00280010, 0x00280030].map((tag) => read.getElementByTag(tag)?.vr), ['AT', 'US', 'DS']);
    assert.deepEqual([read.get('FrameIncrementPointer'), read.getNumber('Rows'), read.getNumbers('PixelSpacing')], ['(3004,000C)', 10, [0.5, 0.25]]);
    const written = join(dir, 'written.dcm');
    writeFileSync(written, encodeDicom({ dataset: read }, { transferSyntaxUid: EXPLICIT_VR_BE }));
    const dumped = runDcmtk('dcmdump', ['-q', written]);
    assert.match(dumped, /\(0028,0009\) AT \(3004,000c\)/);
    assert.match(dumped, /\(0028,0010\) US 10 /);
    assert.match(dumped, /\(0028,0030\) DS \[0\.5\\0\.25\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
