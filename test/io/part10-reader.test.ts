import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { Element, Encapsulated, isBulkRef, loadBulk } from '../../src/core/element.js';
import { PIXEL_DATA, formatTag } from '../../src/core/tag.js';
import { readDataset, readDicom, readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDataset, encodeDicom, writeDicomFile } from '../../src/io/part10-writer.js';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE, isUncompressed, transferSyntax } from '../../src/io/transfer-syntax.js';
import { uncompressedSyntax } from '../../src/io/convert.js';
import { dumpFile } from '../../src/io/dump.js';
import { resolveTransferSyntax } from '../../src/cli/commands/send.js';
import { DicomError } from '../../src/core/errors.js';
import { explicitLE, part10Of } from '../helpers/element-bytes.js';

/**
 * A Part 10 file of a data set with one Patient Name: its meta information encoded in `metaSyntax`, the data set in
 * Explicit VR LE whatever Transfer Syntax UID (a value, or raw bytes) the meta information states.
 */
function part10(instanceUid: string, transferSyntaxUid: string | Buffer, metaSyntax: string, patientName: string): Buffer {
  const meta = new Dataset();
  meta.set('MediaStorageSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  meta.set('MediaStorageSOPInstanceUID', instanceUid);
  meta.set('TransferSyntaxUID', transferSyntaxUid, 'UI');
  const ds = new Dataset();
  ds.set('PatientName', patientName);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, encodeDataset(meta, metaSyntax), encodeDataset(ds, EXPLICIT_VR_LE)]);
}

/** A Part 10 file as the writer makes it (group length first), of a data set with one Patient Name. */
function written(instanceUid: string, patientName: string): Buffer {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', instanceUid);
  ds.set('PatientName', patientName);
  return encodeDicom({ dataset: ds });
}

test('meta information written in Implicit VR (against PS3.10, as some writers do) is read, with a warning', () => {
  const file = readDicom(part10('2.25.7', EXPLICIT_VR_LE, IMPLICIT_VR_LE, 'Implicit^Meta'));
  assert.equal(file.transferSyntaxUid, EXPLICIT_VR_LE);
  assert.equal(file.meta.getString('MediaStorageSOPInstanceUID'), '2.25.7');
  assert.equal(file.dataset.getString('PatientName'), 'Implicit^Meta');
  assert.match(file.warnings.join('\n'), /meta information is in Implicit VR/);
  assert.equal(file.metaImplicitVR, true);
  assert.equal(readDicom(part10('2.25.7', EXPLICIT_VR_LE, EXPLICIT_VR_LE, 'Explicit^Meta')).metaImplicitVR, undefined);
});

test('a Part 10 file read from disk tells where its data set lies (datasetRange), whatever its size, meta encoding or syntax', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-range-'));
  try {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.104.1');
    ds.set('SOPInstanceUID', '2.25.9');
    ds.set('PatientName', 'Range^Test');
    const big = ds.clone();
    big.set('EncapsulatedDocument', Buffer.alloc(5 * 1024 * 1024, 7), 'OB'); // past the size read whole, left on disk
    const cases: [string, Buffer, number | undefined][] = [];
    const nameOnly = new Dataset();
    nameOnly.set('PatientName', 'Range^Test');
    for (const [name, metaSyntax] of [['explicit meta', EXPLICIT_VR_LE], ['implicit meta', IMPLICIT_VR_LE]]) {
      const bytes = part10('2.25.9', EXPLICIT_VR_LE, metaSyntax!, 'Range^Test');
      cases.push([name!, bytes, bytes.length - encodeDataset(nameOnly, EXPLICIT_VR_LE).length]);
    }
    for (const [name, dataset, syntax] of [['large', big, EXPLICIT_VR_LE], ['deflated', ds, DEFLATED_EXPLICIT_VR_LE]] as const) {
      const path = join(dir, `${name}.dcm`);
      writeDicomFile(path, { meta: new Dataset(), dataset }, { transferSyntaxUid: syntax });
      const bytes = readFileSync(path);
      // after File Meta Information Group Length (0002,0000), the group's length it gives
      cases.push([name, bytes, 144 + bytes.readUInt32LE(140)]);
    }
    cases.push(['no meta information', encodeDataset(ds, EXPLICIT_VR_LE), undefined]);
    cases.push(['"DICM" without meta information', Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), encodeDataset(ds, EXPLICIT_VR_LE)]), undefined]);
    for (const [name, bytes, offset] of cases) {
      const path = join(dir, 'in.dcm');
      writeFileSync(path, bytes);
      for (const options of [{ lenient: true }, { lenient: true, stopAtTag: 0 }]) {
        const range = readDicomFile(path, options).datasetRange;
        assert.deepEqual(range, offset === undefined ? undefined : { offset, length: bytes.length - offset }, `${name} ${JSON.stringify(options)}`);
      }
      // read from a buffer, there is no file to point into
      assert.equal(readDicom(bytes, { lenient: true }).datasetRange, undefined, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('"DICM" without meta information after it: read leniently with a warning, the syntax guessed; strictly BAD_META', () => {
  const ds = new Dataset();
  ds.set('SOPInstanceUID', '2.25.8');
  ds.set('PatientName', 'No^Meta');
  for (const syntax of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
    const bytes = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), encodeDataset(ds, syntax)]);
    const file = readDicom(bytes, { lenient: true });
    assert.equal(file.transferSyntaxUid, syntax);
    assert.equal(file.dataset.getString('PatientName'), 'No^Meta');
    // one warning: a data set in Implicit VR right after "DICM" is not meta information in Implicit VR
    assert.deepEqual(file.warnings, [`offset 132: file meta information is missing after "DICM"; the data set's transfer syntax is guessed from its first element`]);
    assert.equal(file.metaImplicitVR, undefined);
    assert.throws(() => readDicom(bytes), (e: DicomError) => e.code === 'BAD_META' && e.offset === 132);
  }
});

test('a file that ends at "DICM", or fewer than 8 bytes after it, is BAD_META read leniently or not (leniently it was NOT_DICOM, "no data set found")', () => {
  for (const extra of [0, 4, 7]) {
    const bytes = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(extra)]);
    for (const lenient of [false, true]) {
      assert.throws(() => readDicom(bytes, { lenient }), (e: DicomError) =>
        e.code === 'BAD_META' && e.offset === 132 && e.message === 'file meta information is missing after "DICM"', `${extra} bytes after, lenient ${lenient}`);
    }
  }
});

test('read leniently, bytes that are no element after "DICM" or after the meta elements are BAD_META, naming which; they were NOT_DICOM, "neither a DICOM file (no "DICM") nor a data set", of a file that has "DICM"', () => {
  const junk = Buffer.from('this is no DICOM element at all, only text');
  const afterDicm = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), junk]);
  // File Meta Information Version's length 3 where its value is 2 bytes: the group ends a byte into the next element.
  const misread = Buffer.from(written('2.25.18', 'Wrong^Length'));
  const at = misread.indexOf(Buffer.from([0x02, 0x00, 0x01, 0x00, 0x4f, 0x42]), 132);
  misread.writeUInt32LE(3, at + 8);
  for (const [bytes, after, offset] of [[afterDicm, '"DICM"', 132], [misread, 'the file meta information', at + 15]] as const) {
    assert.throws(() => readDicom(bytes, { lenient: true }), (e: unknown) => e instanceof DicomError && e.code === 'BAD_META' && e.offset === offset &&
      e.message.endsWith(`no data set after ${after}: the bytes there are no element`), after);
  }
  assert.throws(() => readDicom(junk, { lenient: true }), (e: unknown) => e instanceof DicomError && e.code === 'NOT_DICOM' && e.message.endsWith('neither a DICOM file (no "DICM") nor a data set'));
});

test('a later VR ("XY") takes the long header in the meta group, in telling meta information, and in guessing a syntax, as in the data set', () => {
  const dicm = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]);
  const later = (tag: number): Buffer => explicitLE(tag, 'XY', Buffer.from('ABCD'));
  const tsUid = explicitLE(0x00020010, 'UI', Buffer.from(`${EXPLICIT_VR_LE}\0`));
  const dataset = Buffer.concat([explicitLE(0x00100010, 'PN', Buffer.from('A^B ')), explicitLE(0x00100020, 'LO', Buffer.from('ID42'))]);
  // dcmdump reads the first (see dump.test.ts); it takes "XY" as a first element for Implicit VR, and fails on the others.
  const cases = {
    'in the meta group': Buffer.concat([dicm, explicitLE(0x00020002, 'UI', Buffer.from('1.2.3\0')), later(0x00020003), tsUid, dataset]),
    'first in a meta group without "DICM"': Buffer.concat([later(0x00020001), tsUid, dataset]),
    'first in a data set without meta information': Buffer.concat([later(0x00080005), dataset]),
    'first in a data set right after "DICM"': Buffer.concat([dicm, later(0x00080005), dataset]),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const file = readDicom(bytes, { lenient: true });
    assert.equal(file.transferSyntaxUid, EXPLICIT_VR_LE, name);
    assert.deepEqual([file.dataset.getString('PatientName'), file.dataset.getString('PatientID')], ['A^B', 'ID42'], name);
    const element = [...file.meta, ...file.dataset].find((e) => e.vr === 'UN')!;
    assert.deepEqual(element.value, Buffer.from('ABCD'), name);
    assert.ok(file.warnings.some((w) => w.endsWith('unknown VR "XY"; read as UN with a 32-bit length, the header of VRs added to the standard')), name);
  }
});

test('a meta element whose 16-bit VR is damaged into two capital letters (UI as "ZZ") is BAD_VR at it, read leniently with its 16-bit length and said in damagedVR, as in the data set; it was taken for a file cut inside its meta information', () => {
  for (const syntax of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.11');
    ds.set('PatientName', 'Meta^Damaged');
    const whole = encodeDicom({ dataset: ds }, { transferSyntaxUid: syntax });
    for (const [tag, keyword] of [[0x00020002, 'MediaStorageSOPClassUID'], [0x00020010, 'TransferSyntaxUID']] as const) {
      const bytes = Buffer.from(whole);
      const at = bytes.indexOf(Buffer.from([0x02, 0x00, tag & 0xff, 0x00, 0x55, 0x49]), 132);
      bytes.write('ZZ', at + 4, 'latin1');
      const length = bytes.readUInt16LE(at + 6);
      const message = `invalid VR "ZZ": its 32-bit length (${bytes.readUInt32LE(at + 8)}) does not end at an element, its 16-bit length (${length}) does`;
      const name = `${keyword} in a ${syntax} file`;
      assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at && e.tag === tag && e.message.endsWith(message), name);
      const file = readDicom(bytes, { lenient: true });
      assert.deepEqual(file.warnings, [`offset ${at}, (0002,${(tag & 0xffff).toString(16).padStart(4, '0')}): ${message}; reading the element with the 16-bit length, as pydicom does, in its attribute's VR (UI)`], name);
      assert.equal(file.damagedVR, `offset ${at}, (0002,${(tag & 0xffff).toString(16).padStart(4, '0')}): ${message}`, name);
      assert.equal(file.cutShort, undefined, name);
      assert.equal(file.datasetDamagedVR, undefined, name);
      assert.equal(file.transferSyntaxUid, syntax, name);
      assert.deepEqual([file.dataset.getString('SOPInstanceUID'), file.dataset.getString('PatientName')], ['2.25.11', 'Meta^Damaged'], name);

      // Neither length ends at an element: where the data set starts cannot be told, even leniently.
      const lost = Buffer.from(bytes);
      lost.writeUInt16LE(length + 2, at + 6);
      for (const lenient of [false, true]) {
        assert.throws(() => readDicom(lost, { lenient }), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at && e.tag === tag &&
          e.message.endsWith(`invalid VR "ZZ" in the file meta information: neither its 32-bit length (${bytes.readUInt32LE(at + 8)}) nor its 16-bit length (${length + 2}) ends at an element, so where the data set starts cannot be told`), `${name}, lenient ${lenient}`);
      }
    }
  }
});

test('"\\0\\0" over File Meta Information Version\'s OB, first in a meta group without a group length, is BAD_VR at it, read leniently as UN with its 32-bit length, in either byte order; it was TRUNCATED, "file ends inside the file meta information" (Little Endian: the element read as Implicit VR), or BAD_META leniently (Big Endian), of a whole file, and without preamble and "DICM" the group was read as an Implicit VR data set (LENGTH_PAST_END)', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.19');
  ds.set('PatientName', 'Version^Damaged');
  const meta = new Dataset();
  meta.set('FileMetaInformationVersion', Buffer.from([0, 1]), 'OB');
  meta.set('MediaStorageSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  meta.set('MediaStorageSOPInstanceUID', '2.25.19');
  meta.set('TransferSyntaxUID', EXPLICIT_VR_LE);
  const dicm = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]);
  const withoutLength = (syntax: string): Buffer => {
    const whole = encodeDicom({ dataset: ds }, { transferSyntaxUid: syntax });
    return Buffer.concat([whole.subarray(0, 132), whole.subarray(144)]);
  };
  const cases = {
    'Little Endian meta, Explicit VR data set': [withoutLength(EXPLICIT_VR_LE), EXPLICIT_VR_LE, 132],
    'Little Endian meta, Implicit VR data set': [withoutLength(IMPLICIT_VR_LE), IMPLICIT_VR_LE, 132],
    'Big Endian meta': [Buffer.concat([dicm, encodeDataset(meta, EXPLICIT_VR_BE), encodeDataset(ds, EXPLICIT_VR_LE)]), EXPLICIT_VR_LE, 132],
    // Without them, the group was read as an Implicit VR data set: LENGTH_PAST_END, "value length 131328 runs past the end".
    'Little Endian meta without preamble and "DICM"': [withoutLength(EXPLICIT_VR_LE).subarray(132), EXPLICIT_VR_LE, 0],
  } as const;
  for (const [name, [whole, syntax, at]] of Object.entries(cases)) {
    const bytes = Buffer.from(whole);
    assert.equal(bytes.toString('latin1', at + 4, at + 6), 'OB', name);
    bytes.fill(0, at + 4, at + 6);
    assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at && e.tag === 0x00020001 && e.message.endsWith('invalid VR "\\x00\\x00"'), name);
    const file = readDicom(bytes, { lenient: true });
    assert.deepEqual(file.warnings.filter((w) => !w.includes('Big Endian (PS3.10')), [`offset ${at}, (0002,0001): invalid VR "\\x00\\x00"; reading the element as UN with a 32-bit length`], name);
    assert.equal(file.invalidVR, `offset ${at}, (0002,0001): invalid VR "\\x00\\x00"`, name);
    assert.equal(file.cutShort, undefined, name);
    assert.deepEqual(file.meta.getElementByTag(0x00020001)?.value, Buffer.from([0, 1]), name);
    assert.deepEqual([file.meta.getString('MediaStorageSOPInstanceUID'), file.transferSyntaxUid], ['2.25.19', syntax], name);
    assert.deepEqual([file.dataset.getString('SOPInstanceUID'), file.dataset.getString('PatientName')], ['2.25.19', 'Version^Damaged'], name);
  }
});

test('a group length whose VR is damaged ("ZZ" over the meta group\'s UL) is BAD_VR at it, read leniently as UL with its 16-bit length, the rest of its group read; its value, taken for a 32-bit length, swallowed the group (the whole meta group, with its Transfer Syntax UID, as one UN value)', () => {
  for (const syntax of [EXPLICIT_VR_LE, IMPLICIT_VR_LE]) {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.12');
    ds.set('PatientName', 'Group^Damaged');
    const bytes = Buffer.from(encodeDicom({ dataset: ds }, { transferSyntaxUid: syntax }));
    assert.equal(bytes.toString('latin1', 136, 138), 'UL');
    bytes.write('ZZ', 136, 'latin1');
    const groupLength = bytes.readUInt32LE(140);
    const message = `invalid VR "ZZ": a group length is UL, and its 16-bit length (4) ends at an element (its value, ${groupLength}, read as a 32-bit length, would take the rest of its group as its own)`;
    assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === 132 && e.tag === 0x00020000 && e.message.endsWith(message), syntax);
    const file = readDicom(bytes, { lenient: true });
    assert.deepEqual(file.warnings, [`offset 132, (0002,0000): ${message}; reading the element with the 16-bit length, as pydicom does, in its attribute's VR (UL)`], syntax);
    assert.equal(file.damagedVR, `offset 132, (0002,0000): ${message}`, syntax);
    assert.equal(file.datasetDamagedVR, undefined, syntax);
    assert.equal(file.meta.getElementByTag(0x00020000)?.vr, 'UL', syntax);
    assert.equal(file.meta.getNumber('FileMetaInformationGroupLength'), groupLength, syntax);
    assert.deepEqual([file.meta.getString('MediaStorageSOPInstanceUID'), file.meta.getString('TransferSyntaxUID')], ['2.25.12', syntax], syntax);
    assert.equal(file.transferSyntaxUid, syntax, syntax);
    assert.deepEqual([file.dataset.getString('SOPInstanceUID'), file.dataset.getString('PatientName')], ['2.25.12', 'Group^Damaged'], syntax);
  }

  // A group length in the data set (as older writers wrote them) is read so too: its group was lost as one UN value,
  // said only as a later VR's warning, even strictly.
  const body = Buffer.concat([
    explicitLE(0x00080016, 'UI', Buffer.from('1.2.840.10008.5.1.4.1.1.7\0')),
    explicitLE(0x00080018, 'UI', Buffer.from('2.25.13\0')),
  ]);
  const bytes = part10Of(EXPLICIT_VR_LE, explicitLE(0x00080000, 'UL', Buffer.from([body.length, 0, 0, 0])), body, explicitLE(0x00100010, 'PN', Buffer.from('Data^Set')));
  const at = 132 + 28;
  bytes.write('ZZ', at + 4, 'latin1');
  assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VR' && e.offset === at && e.tag === 0x00080000);
  const file = readDicom(bytes, { lenient: true });
  assert.equal(file.datasetDamagedVR, `offset ${at}, (0008,0000): invalid VR "ZZ": a group length is UL, and its 16-bit length (4) ends at an element (its value, ${body.length}, read as a 32-bit length, would take the rest of its group as its own)`);
  assert.deepEqual([file.dataset.getNumber(0x00080000), file.dataset.getString('SOPInstanceUID'), file.dataset.getString('PatientName')], [body.length, '2.25.13', 'Data^Set']);
});

test('meta information whose Transfer Syntax UID is empty is BAD_META, read leniently with a warning, the syntax guessed, as one without it; it was guessed with no word, strict or lenient', () => {
  const ds = new Dataset();
  ds.set('SOPInstanceUID', '2.25.14');
  ds.set('PatientName', 'No^Syntax');
  const dataset = encodeDataset(ds, IMPLICIT_VR_LE);
  const uid = explicitLE(0x00020003, 'UI', Buffer.from('2.25.14\0'));
  for (const [what, ts] of [['an empty', explicitLE(0x00020010, 'UI')], ['an empty', explicitLE(0x00020010, 'UI', Buffer.from('\0\0'))], ['no', Buffer.alloc(0)]] as const) {
    const bytes = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), uid, ts, dataset]);
    const message = `file meta information has ${what} Transfer Syntax UID (0002,0010)`;
    assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_META' && e.offset === 132 && e.message.endsWith(message), `${what}, ${ts.length}`);
    const file = readDicom(bytes, { lenient: true });
    assert.deepEqual(file.warnings, [message], `${what}, ${ts.length}`);
    assert.equal(file.transferSyntaxUid, IMPLICIT_VR_LE, `${what}, ${ts.length}`);
    assert.equal(file.dataset.getString('PatientName'), 'No^Syntax', `${what}, ${ts.length}`);
  }
});

test('a meta element of undefined length (File Meta Information Version OB) is BAD_VALUE at it in either mode; it was taken for a file cut inside its meta information (TRUNCATED)', () => {
  const bytes = Buffer.from(written('2.25.15', 'Undefined^Length'));
  const at = bytes.indexOf(Buffer.from([0x02, 0x00, 0x01, 0x00, 0x4f, 0x42]), 132);
  bytes.writeUInt32LE(0xffffffff, at + 8);
  for (const lenient of [false, true]) {
    assert.throws(() => readDicom(bytes, { lenient }), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VALUE' && e.offset === at && e.tag === 0x00020001 &&
      e.message.endsWith('OB value of undefined length in the file meta information: only sequences and encapsulated Pixel Data may have one (PS3.5 7.1.1), so where the data set starts cannot be told'), `lenient ${lenient}`);
  }
});

test('a data set element among the meta elements, inside the group length, is moved to the data set with a warning and the meta elements after it are read as such; the group ended at it, the Transfer Syntax UID after it was lost to the data set and the syntax guessed (a deflated data set was unreadable)', () => {
  for (const own of [undefined, 'ISO_IR 192']) {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.16');
    if (own) ds.set('SpecificCharacterSet', own);
    ds.set('PatientName', 'Stray^Element');
    const whole = encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE });
    const ts = whole.indexOf(Buffer.from([0x02, 0x00, 0x10, 0x00, 0x55, 0x49]), 132);
    const stray = explicitLE(0x00080005, 'CS', Buffer.from('ISO_IR 100'));
    const bytes = Buffer.concat([whole.subarray(0, ts), stray, whole.subarray(ts)]);
    bytes.writeUInt32LE(whole.readUInt32LE(140) + stray.length, 140);
    const file = readDicom(bytes);
    const warnings = [`offset ${ts}, (0008,0005): a data set element inside the file meta information, which its group length runs over; moved to the data set`];
    if (own) warnings.push(`(0008,0005), inside the file meta information, is in the data set too; the data set's value is kept`);
    assert.deepEqual(file.warnings.filter((w) => !w.includes('not in ascending order')), warnings, own);
    assert.equal(file.transferSyntaxUid, DEFLATED_EXPLICIT_VR_LE, own);
    assert.deepEqual([...file.meta].map((e) => e.tag >>> 16), [...file.meta].map(() => 2), own);
    assert.deepEqual([file.dataset.getString('SpecificCharacterSet'), file.dataset.getString('PatientName')], [own ?? 'ISO_IR 100', 'Stray^Element'], own);
    // Its bytes after the meta group are not the whole data set: a caller that passes them on as they are (send) would drop the stray one.
    const dir = mkdtempSync(join(tmpdir(), 'stray-'));
    try {
      writeFileSync(join(dir, 'a.dcm'), bytes);
      assert.equal(readDicomFile(join(dir, 'a.dcm')).datasetRange, undefined, own);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('meta information written in Explicit VR Big Endian (against PS3.10, as some old writers did) is read, with a warning, as dcmtk reads it; it was said missing after "DICM", strictly BAD_META, and read leniently as the start of a Big Endian data set, the data set after it lost', () => {
  const plain = part10('2.25.17', EXPLICIT_VR_LE, EXPLICIT_VR_BE, 'Big^Meta');
  // With its group length first, as a writer makes it, which is checked against the group in that byte order too.
  const groupLength = Buffer.from([0, 2, 0, 0, 0x55, 0x4c, 0, 4, 0, 0, 0, 0]);
  groupLength.writeUInt32BE(plain.indexOf(Buffer.from([0x10, 0, 0x10, 0, 0x50, 0x4e])) - 132, 8);
  const withLength = Buffer.concat([plain.subarray(0, 132), groupLength, plain.subarray(132)]);
  for (const [name, bytes] of [['no group length', plain], ['a group length', withLength]] as const) {
    const file = readDicom(bytes);
    assert.deepEqual(file.warnings, ['the file meta information is in Explicit VR Big Endian (PS3.10 requires Explicit VR Little Endian)'], name);
    assert.equal(file.transferSyntaxUid, EXPLICIT_VR_LE, name);
    assert.equal(file.meta.getString('MediaStorageSOPInstanceUID'), '2.25.17', name);
    assert.equal(file.dataset.getString('PatientName'), 'Big^Meta', name);
    assert.equal(file.metaBigEndian, true, name);
  }
  assert.equal(readDicom(part10('2.25.17', EXPLICIT_VR_LE, EXPLICIT_VR_LE, 'Little^Meta')).metaBigEndian, undefined);
  assert.equal(readDicom(withLength).meta.getNumber('FileMetaInformationGroupLength'), groupLength.readUInt32BE(8));
});

test('bytes that are no VR ("\\0\\0") over a meta element, the group\'s first among them, are BAD_VR at it in a Big Endian meta group as in a Little Endian one, read leniently as UN with the 16-bit length; over the first, the Big Endian group was said missing after "DICM" (read leniently as a garbled data set), the Little Endian one taken for Implicit VR and said to end inside its meta information', () => {
  const BIG_ENDIAN_WARNING = 'the file meta information is in Explicit VR Big Endian (PS3.10 requires Explicit VR Little Endian)';
  const outcome = (metaSyntax: string, tag: number): unknown => {
    const meta = new Dataset();
    meta.set('FileMetaInformationGroupLength', 0);
    meta.set('MediaStorageSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    meta.set('MediaStorageSOPInstanceUID', '2.25.19');
    meta.set('TransferSyntaxUID', EXPLICIT_VR_LE);
    const group = encodeDataset(meta, metaSyntax);
    if (metaSyntax === EXPLICIT_VR_BE) group.writeUInt32BE(group.length - 12, 8);
    else group.writeUInt32LE(group.length - 12, 8);
    const ds = new Dataset();
    ds.set('PatientName', 'No^VR');
    const bytes = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), group, encodeDataset(ds, EXPLICIT_VR_LE)]);
    const header = Buffer.alloc(4);
    if (metaSyntax === EXPLICIT_VR_BE) header.writeUInt16BE(0x0002, 0), header.writeUInt16BE(tag & 0xffff, 2);
    else header.writeUInt16LE(0x0002, 0), header.writeUInt16LE(tag & 0xffff, 2);
    const at = bytes.indexOf(header, 132);
    bytes.fill(0, at + 4, at + 6);
    let strict: unknown;
    try {
      readDicom(bytes);
    } catch (e) {
      strict = e instanceof DicomError ? [e.code, e.offset, e.tag, e.message] : e;
    }
    const file = readDicom(bytes, { lenient: true });
    return {
      strict, warnings: file.warnings.filter((w) => w !== BIG_ENDIAN_WARNING), invalidVR: file.invalidVR, vr: file.meta.getElementByTag(tag)?.vr,
      read: [file.meta.getString('MediaStorageSOPInstanceUID'), file.transferSyntaxUid, file.dataset.getString('PatientName')],
    };
  };
  for (const [tag, at] of [[0x00020000, 132], [0x00020003, 178]] as const) {
    const little = outcome(EXPLICIT_VR_LE, tag);
    assert.deepEqual(little, {
      strict: ['BAD_VR', at, tag, 'invalid VR "\\x00\\x00"'], vr: 'UN', invalidVR: `offset ${at}, ${formatTag(tag)}: invalid VR "\\x00\\x00"`,
      warnings: [`offset ${at}, ${formatTag(tag)}: invalid VR "\\x00\\x00"; reading the element as UN with a 16-bit length, as dcmtk does`],
      read: [tag === 0x00020003 ? undefined : '2.25.19', EXPLICIT_VR_LE, 'No^VR'],
    }, formatTag(tag));
    assert.deepEqual(outcome(EXPLICIT_VR_BE, tag), little, formatTag(tag));
  }
});

test('a meta element that appears twice is said to appear twice in the file meta information, the first value kept as dcmdump keeps it; it was said to appear twice "in the data set"', () => {
  const uid = (text: string): Buffer => Buffer.from(text.length % 2 ? `${text}\0` : text, 'latin1');
  const first = explicitLE(0x00020003, 'UI', uid('2.25.20'));
  const bytes = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'),
    explicitLE(0x00020002, 'UI', uid('1.2.840.10008.5.1.4.1.1.7')), first, explicitLE(0x00020003, 'UI', uid('2.25.21')),
    explicitLE(0x00020010, 'UI', uid(EXPLICIT_VR_LE)),
    explicitLE(0x00100010, 'PN', Buffer.from('A^B ')), explicitLE(0x00100010, 'PN', Buffer.from('C^D '))]);
  const second = 132 + 34 + first.length;
  const file = readDicom(bytes);
  assert.deepEqual(file.warnings, [
    `offset ${second}, (0002,0003): appears twice in the file meta information; the first value is kept`,
    `offset ${bytes.length - 12}, (0010,0010): appears twice in the data set; the first value is kept`,
  ]);
  assert.deepEqual([file.meta.getString('MediaStorageSOPInstanceUID'), file.dataset.getString('PatientName')], ['2.25.20', 'A^B']);
});

test('a Transfer Syntax UID of two values (PS3.10 gives it one) is BAD_META, read leniently with a warning in the first value the data set\'s first element agrees with, else in the syntax it tells; it was read in its first value silently, a data set in the second lost', () => {
  for (const [values, read] of [
    [[EXPLICIT_VR_LE, IMPLICIT_VR_LE], EXPLICIT_VR_LE],
    [[IMPLICIT_VR_LE, EXPLICIT_VR_LE], EXPLICIT_VR_LE],
    [[IMPLICIT_VR_LE, EXPLICIT_VR_BE], `${EXPLICIT_VR_LE}, which its first element tells (it agrees with none of them)`],
  ] as const) {
    const text = values.join('\\');
    const bytes = part10('2.25.22', Buffer.from(text.length % 2 ? `${text}\0` : text, 'latin1'), EXPLICIT_VR_LE, 'Two^Syntaxes');
    const message = `file meta information has 2 Transfer Syntax UIDs (0002,0010), ${text}: PS3.10 gives it one`;
    assert.throws(() => readDicom(bytes), (e: unknown) => e instanceof DicomError && e.code === 'BAD_META' && e.tag === 0x00020010 && e.message === message, read);
    const file = readDicom(bytes, { lenient: true });
    assert.deepEqual(file.warnings, [`${message}; the data set is read in ${read}`], read);
    assert.equal(file.transferSyntaxUid, EXPLICIT_VR_LE, read);
    assert.equal(file.dataset.getString('PatientName'), 'Two^Syntaxes', read);
  }
});

test('a File Meta Information Group Length that disagrees with the group is said; the group is read by its tags', () => {
  const bytes = written('2.25.9', 'Group^Length');
  assert.deepEqual(readDicom(bytes).warnings, []);
  const wrong = Buffer.from(bytes);
  const length = wrong.readUInt32LE(140);
  wrong.writeUInt32LE(length + 10, 140);
  const file = readDicom(wrong);
  assert.equal(file.dataset.getString('PatientName'), 'Group^Length');
  assert.deepEqual(file.warnings, [`offset 132: File Meta Information Group Length is ${length + 10}, but the group's elements after it take ${length} bytes`]);
});

test('a transfer syntax UID that names an object member ("constructor", "__proto__") is an unknown syntax, not a crash', () => {
  for (const uid of ['constructor', '__proto__', 'toString']) {
    const file = readDicom(part10('2.25.8', Buffer.from(uid.length % 2 ? `${uid}\0` : uid, 'latin1'), EXPLICIT_VR_LE, 'Odd^Syntax'));
    assert.equal(file.transferSyntaxUid, uid);
    assert.equal(file.dataset.getString('PatientName'), 'Odd^Syntax', uid);
    assert.match(dumpFile(file), /# Used TransferSyntax: Unknown Transfer Syntax\n/, uid);
    assert.equal(isUncompressed(uid), false);
    assert.deepEqual(transferSyntax(uid), { uid, explicitVR: true, littleEndian: true, deflated: false, encapsulated: true });
    assert.throws(() => uncompressedSyntax(uid), (e: DicomError) => e.code === 'UNSUPPORTED_TRANSFER_SYNTAX');
    assert.throws(() => resolveTransferSyntax(uid), (e: DicomError) => e.code === 'INVALID_ARGUMENT');
  }
});

test('a file cut inside its meta information is TRUNCATED even read leniently (was "no data set found", or a meta information cut short read as a whole file)', () => {
  const whole = written('2.25.9', 'Cut^Short');
  const ts = whole.indexOf(Buffer.from([0x02, 0x00, 0x10, 0x00]), 132);
  for (const cut of [140, 150, ts - 2, ts, ts + 10]) {
    for (const lenient of [false, true]) {
      assert.throws(() => readDicom(whole.subarray(0, cut), { lenient }), (e: DicomError) =>
        e.code === 'TRUNCATED' && e.message === 'file ends inside the file meta information', `cut at ${cut}, lenient ${lenient}`);
    }
  }
});

test('read leniently, a file cut short says so (cutShort); one whose lengths are only odd or mis-delimited does not', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.10');
  ds.set('PixelData', Buffer.alloc(1000, 1), 'OB');
  const whole = encodeDicom({ dataset: ds });
  assert.equal(readDicom(whole, { lenient: true }).cutShort, undefined);
  const cut = readDicom(whole.subarray(0, whole.length - 10), { lenient: true });
  assert.equal(cut.cutShort, true);
  assert.match(cut.warnings.join('\n'), /\(7FE0,0010\): value length 1000 runs past the end of its container \(990 bytes left\)/);
  assert.equal(readDicom(whole.subarray(0, whole.length - 1000 - 6), { lenient: true }).cutShort, true, 'cut inside an element header');
});

/** A FIFO that a child process fills with `bytes` once this process opens it for reading. */
function fifoOf(bytes: Buffer): { path: string; done: Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'reader-fifo-'));
  const path = join(dir, 'in.dcm');
  writeFileSync(join(dir, 'source'), bytes);
  assert.equal(spawnSync('mkfifo', [path]).status, 0);
  const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', join(dir, 'source'), path], { stdio: 'ignore' });
  const done = new Promise<void>((resolve) => writer.once('exit', () => resolve()));
  return { path, done: done.finally(() => rmSync(dir, { recursive: true, force: true })) };
}

test('a pipe (a FIFO, a shell\'s <(…)), which cannot be read at offsets, is read whole; past limits.maxStreamLength it is LIMIT_EXCEEDED', { skip: process.platform === 'win32' }, async () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.41');
  ds.set('PatientName', 'Piped^Input');
  // more than a pipe holds at once (64 KiB), so the reader waits for the writer and grows its buffer
  ds.set('PixelData', Buffer.alloc(1024 * 1024, 7), 'OB');
  const bytes = encodeDicom({ dataset: ds }, { transferSyntaxUid: EXPLICIT_VR_LE });
  const whole = fifoOf(bytes);
  const file = readDicomFile(whole.path);
  await whole.done;
  assert.equal(file.dataset.getString('PatientName'), 'Piped^Input');
  assert.deepEqual(file.dataset.bytes('PixelData'), Buffer.alloc(1024 * 1024, 7));
  const scanned = fifoOf(bytes);
  assert.equal(readDicomFile(scanned.path, { stopAtTag: 0x7fe00010 }).dataset.has('PixelData'), false);
  await scanned.done;
  const limited = fifoOf(bytes);
  assert.throws(() => readDicomFile(limited.path, { limits: { maxStreamLength: 100_000 } }), (e: DicomError) =>
    e.code === 'LIMIT_EXCEEDED' && e.file === limited.path && /longer than 100000 bytes \(limits\.maxStreamLength\)/.test(e.message));
  await limited.done;
});

test('a folder given as the file is named as one, not by the system error of its read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-read-folder-'));
  try {
    assert.throws(() => readDicomFile(dir), (e: DicomError) => e.code === 'INVALID_ARGUMENT' && e.file === dir && e.message === 'is a folder: give a DICOM file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files read one after another share fresh memory only where their values are: every value read stays intact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-read-share-'));
  try {
    // Small files (read whole in the first read), files longer than it (read whole, after it), and large files
    // scanned through a window; each with its own name, and pixels that tell it apart.
    const sizes = [10, 2_000, 70_000, 300_000];
    const paths = Array.from({ length: 60 }, (_, i) => {
      const ds = new Dataset();
      ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
      ds.set('SOPInstanceUID', `2.25.${1000 + i}`);
      ds.set('PatientName', `Share^${i}`);
      ds.set('PixelData', Buffer.alloc(sizes[i % sizes.length]!, i), 'OB');
      const path = join(dir, `f${i}.dcm`);
      writeFileSync(path, encodeDicom({ dataset: ds }, { transferSyntaxUid: EXPLICIT_VR_LE }));
      return path;
    });
    const scans = paths.map((p) => readDicomFile(p, { stopAtTag: 0x7fe00010 }));
    const reads = paths.map((p) => readDicomFile(p));
    paths.forEach((_, i) => {
      for (const file of [scans[i]!, reads[i]!]) {
        assert.equal(file.dataset.getString('PatientName'), `Share^${i}`);
        assert.equal(file.meta.getString('MediaStorageSOPInstanceUID'), `2.25.${1000 + i}`);
        assert.equal(file.preamble?.length, 128);
      }
      assert.deepEqual(reads[i]!.dataset.bytes('PixelData'), Buffer.alloc(sizes[i % sizes.length]!, i));
    });
    // The scans of the first two files (each parsed from its first read) lie in the same memory, a few hundred bytes apart.
    const [a, b] = [scans[0]!.dataset.bytes('PatientName')!, scans[1]!.dataset.bytes('PatientName')!];
    assert.equal(a.buffer, b.buffer);
    assert.ok(b.byteOffset - a.byteOffset < 1024, `${b.byteOffset - a.byteOffset} bytes apart`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a value left on disk is read only from the version of the file it was found in: rewritten, cut or gone, a DicomError says so', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulk-version-'));
  try {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.10');
    const pixels = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < pixels.length; i += 997) pixels[i] = i & 0xff;
    ds.set('PixelData', pixels, 'OW');
    const path = join(dir, 'big.dcm');
    writeFileSync(path, encodeDicom({ dataset: ds }));
    const changed = (e: DicomError) => e.code === 'IO' && e.file === path && /changed after it was read/.test(e.message);

    // rewritten in place, longer before the pixel data: the new file is right, the old read's values refuse
    const first = readDicomFile(path);
    first.dataset.set('PatientComments', 'x'.repeat(1001));
    writeDicomFile(path, first);
    assert.ok(readDicomFile(path).dataset.bytes('PixelData')!.equals(pixels), 'the file written in place holds the pixels');
    assert.throws(() => first.dataset.bytes('PixelData'), changed);
    assert.throws(() => writeDicomFile(join(dir, 'copy.dcm'), first), changed);
    assert.deepEqual(readdirSync(dir), ['big.dcm'], 'nothing half-written is left');

    const second = readDicomFile(path);
    truncateSync(path, 100_000);
    assert.throws(() => second.dataset.bytes('PixelData'), changed);

    writeFileSync(path, encodeDicom({ dataset: ds }));
    const third = readDicomFile(path);
    unlinkSync(path);
    assert.throws(() => third.dataset.bytes('PixelData'), (e: DicomError) => e.code === 'IO' && /cannot read the values left on disk/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a read given the wrong shape of argument (from JavaScript) is refused saying what it wants', () => {
  const refused = (message: string) => (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message === message;
  const bytes = encodeDataset(new Dataset(), EXPLICIT_VR_LE);
  assert.throws(() => (readDicom as (...args: unknown[]) => unknown)('image.dcm'), refused('readDicom: the bytes are a string, not a Buffer (readDicomFile reads a file by its path)'));
  assert.throws(() => (readDicomFile as (...args: unknown[]) => unknown)(bytes), refused('readDicomFile: the path is a Buffer, not a string (readDicom reads bytes)'));
  assert.throws(() => (readDicomFile as (...args: unknown[]) => unknown)(undefined), refused('readDicomFile: the path is undefined, not a string'));
  assert.throws(() => (readDicom as (...args: unknown[]) => unknown)(bytes, EXPLICIT_VR_LE), refused('readDicom: the options are a string, not an object'));
  assert.throws(() => (readDataset as (...args: unknown[]) => unknown)([1, 2], EXPLICIT_VR_LE), refused('readDataset: the bytes are an Array, not a Buffer'));
});

test('a CS or AE value with 8-bit bytes is read in the character set, with a warning naming the element and the byte', () => {
  const latin1 = (text: string): Buffer => Buffer.from(text.length % 2 ? `${text} ` : text, 'latin1');
  const bytes = part10Of(EXPLICIT_VR_LE,
    explicitLE(0x00080005, 'CS', latin1('ISO_IR 100')),
    explicitLE(0x00080054, 'AE', latin1('STÉ')),
    explicitLE(0x00100010, 'PN', latin1('Müller^Jörg')), // PN follows the character set: nothing to say
    explicitLE(0x00100040, 'UN', latin1('é')), // Patient's Sex held as UN: read as CS, and told as CS
    explicitLE(0x00102160, 'SH', latin1('Öst')));
  const file = readDicom(bytes);
  assert.equal(file.dataset.getString('RetrieveAETitle'), 'STÉ');
  assert.equal(file.dataset.getString('PatientSex'), 'é');
  assert.deepEqual(file.warnings.map((w) => w.replace(/^offset \d+, /, '')), [
    '(0008,0054): RetrieveAETitle AE value "STÉ" holds byte 0xC9, beyond the default repertoire, the only one PS3.5 allows in AE; kept, read in Specific Character Set "ISO_IR 100"',
    '(0010,0040): PatientSex CS value "é" holds byte 0xE9, beyond the default repertoire, the only one PS3.5 allows in CS; kept, read in Specific Character Set "ISO_IR 100"',
  ]);
  // Plain ASCII says nothing.
  assert.deepEqual(readDicom(part10Of(EXPLICIT_VR_LE, explicitLE(0x00100040, 'CS', latin1('F')))).warnings, []);
});

test('the fragments of encapsulated pixel data are one value: once they add up to lazyThreshold, the rest stay on disk, however small each is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-fragments-'));
  try {
    // 40 frames of 600 bytes (a multi-frame JPEG of small frames): with a lazyThreshold of 1 KiB, the first stays in
    // memory and the 39 after it, past 1 KiB together, are left on disk. Each was read into memory, so a 1 GB image
    // of 8 KiB frames took 1.2 GB to dump, validate or modify.
    const fragments = Array.from({ length: 40 }, (_, i) => Buffer.alloc(600, i));
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.79');
    ds.addElement(new Element(PIXEL_DATA, 'OB', new Encapsulated(Buffer.alloc(0), fragments)));
    const path = join(dir, 'frames.dcm');
    writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.4.50', durable: false });
    const read = readDicomFile(path, { lazyThreshold: 1024 });
    const value = read.dataset.getElementByTag(PIXEL_DATA)!.value as Encapsulated;
    assert.deepEqual(value.fragments.map((f) => isBulkRef(f)), [false, ...Array<boolean>(39).fill(true)]);
    assert.ok(value.fragments.every((f, i) => (isBulkRef(f) ? loadBulk(f) : f).equals(fragments[i]!)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
