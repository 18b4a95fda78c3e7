// The writer's own rules: VRs for values too long for a short header, even lengths, encapsulated headers, and a
// depth limit that stops a sequence containing itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { Element, Encapsulated, Sequence } from '../../src/core/element.js';
import { DicomError } from '../../src/core/errors.js';
import { readDataset } from '../../src/io/part10-reader.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { datasetToJson } from '../../src/io/dicom-json.js';
import { dumpDataset } from '../../src/io/dump.js';
import { EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';

test('a 65536-entry LUT (US) is written as OW, not UN, and survives big endian and back', () => {
  const lut = Buffer.alloc(131072);
  for (let i = 0; i < 65536; i++) lut.writeUInt16LE(i ^ 0x1234, i * 2);
  const ds = new Dataset();
  ds.addElement(new Element(0x00283006, 'US', lut));
  const explicit = encodeDataset(ds, EXPLICIT_VR_LE);
  assert.equal(explicit.toString('latin1', 4, 6), 'OW');
  const viaBigEndian = readDataset(encodeDataset(ds, EXPLICIT_VR_BE), EXPLICIT_VR_BE);
  assert.ok(encodeDataset(viaBigEndian, IMPLICIT_VR_LE).equals(encodeDataset(ds, IMPLICIT_VR_LE)));
});

test('odd-length values are padded with the pad byte of their VR', () => {
  const ds = new Dataset();
  ds.set('PatientName', 'ABC');
  ds.addElement(new Element(0x00091001, 'OB', Buffer.from([1, 2, 3])));
  ds.addElement(new Element(0x00080018, 'UI', Buffer.from('1.2.3', 'latin1')));
  const bytes = encodeDataset(ds, EXPLICIT_VR_LE);
  const back = readDataset(bytes, EXPLICIT_VR_LE);
  assert.deepEqual([...back.element(0x00091001)!.value as Buffer], [1, 2, 3, 0]);
  assert.equal((back.element('PatientName')!.value as Buffer).toString('latin1'), 'ABC ');
  assert.equal((back.element('SOPInstanceUID')!.value as Buffer).toString('latin1'), '1.2.3\0');
});

test('encapsulated pixel data is written with a long-header VR whatever the element says', () => {
  const ds = new Dataset();
  ds.addElement(new Element(0x7fe00010, 'US', new Encapsulated(Buffer.alloc(0), [Buffer.from([0xff, 0xd8, 0xff, 0xd9])])));
  const bytes = encodeDataset(ds, '1.2.840.10008.1.2.4.50');
  assert.equal(bytes.toString('latin1', 4, 6), 'OB');
  assert.ok(readDataset(bytes, '1.2.840.10008.1.2.4.50').element('PixelData')!.value instanceof Encapsulated);
});

test('fragments are written on Pixel Data alone (in the data set or an item, as an icon image), as OB or OW', () => {
  const fragments = (): Encapsulated => new Encapsulated(Buffer.alloc(0), [Buffer.from([0xff, 0xd8, 0xff, 0xd9])]);
  const ds = new Dataset();
  ds.addElement(new Element(0x00420011, 'OB', fragments()));
  assert.throws(() => encodeDataset(ds, EXPLICIT_VR_LE), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VALUE' &&
    e.tag === 0x00420011 && e.message === '(0042,0011) holds fragments (an encapsulated value), which only Pixel Data (7FE0,0010) may hold');
  const icon = new Dataset();
  icon.addElement(new Element(0x7fe00010, 'OF', fragments()));
  const withIcon = new Dataset();
  withIcon.addElement(new Element(0x00880200, 'SQ', new Sequence([icon])));
  const bytes = encodeDataset(withIcon, EXPLICIT_VR_LE);
  assert.equal(bytes.toString('latin1', bytes.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00])) + 4).slice(0, 2), 'OB');
  const read = readDataset(bytes, EXPLICIT_VR_LE).getElementByTag(0x00880200)!.value as Sequence;
  assert.ok(read.items[0]!.getElementByTag(0x7fe00010)!.value instanceof Encapsulated);
});

test('a sequence item that contains its own sequence fails with TOO_DEEP, not a stack overflow', () => {
  const ds = new Dataset();
  const item = new Dataset(ds);
  item.undefinedLength = true;
  ds.addElement(new Element(0x00081115, 'SQ', new Sequence([item], true)));
  item.addElement(new Element(0x00081115, 'SQ', new Sequence([item], true)));
  const tooDeep = (e: unknown): boolean => e instanceof DicomError && e.code === 'TOO_DEEP';
  for (const ts of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
    assert.throws(() => encodeDataset(ds, ts), tooDeep);
    assert.throws(() => encodeDataset(ds, ts, 'defined'), tooDeep);
  }
  assert.throws(() => datasetToJson(ds), tooDeep);
  assert.throws(() => dumpDataset(ds), tooDeep);
  // text outside the character set switches the whole tree to UTF-8, item by item
  assert.throws(() => ds.set('PatientName', '王^小明'), tooDeep);
});
