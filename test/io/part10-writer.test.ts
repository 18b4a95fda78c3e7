import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { Element } from '../../src/core/element.js';
import { DicomError } from '../../src/core/errors.js';
import { deflateRawSync } from 'node:zlib';
import { encodeDataset, encodeDicom, writeDicomFile, writeNewDicomFile } from '../../src/io/part10-writer.js';
import { readDicom, readDicomFile } from '../../src/io/part10-reader.js';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { writeFileDurably } from '../../src/io/durable-write.js';

test('a failed write names the file asked for, not the hidden temporary file', () => {
  const path = join('/nonexistent-folder', 'out.dcm');
  const ds = new Dataset();
  ds.set('SOPInstanceUID', '2.25.1');
  assert.throws(() => writeDicomFile(path, { dataset: ds }), (e: unknown) =>
    e instanceof DicomError && e.file === path && e.message === 'no such file or directory');
});

test('a file replaced keeps its permissions (one only its owner may read stays so); a folder is refused before writing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-mode-'));
  try {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.1');
    const path = join(dir, 'private.dcm');
    writeDicomFile(path, { dataset: ds }, { durable: false });
    chmodSync(path, 0o600);
    ds.set('PatientID', 'CHANGED');
    writeDicomFile(path, { dataset: ds }, { durable: false });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    chmodSync(path, 0o444);
    writeDicomFile(path, { dataset: ds }, { durable: false });
    assert.equal(statSync(path).mode & 0o777, 0o444);
    assert.throws(() => writeDicomFile(dir, { dataset: ds }), (e: unknown) =>
      e instanceof DicomError && e.code === 'IO' && e.file === dir && e.message === 'is a folder: give the path of the file to write');
    assert.deepEqual(readdirSync(dir), ['private.dcm']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an odd deflated stream gets one trailing NUL (PS3.5 A.5), and reads back the same', () => {
  // Data sets whose deflated streams differ in length: each parity occurs among them.
  const parities = new Set<number>();
  for (let i = 0; i < 16; i++) {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', `2.25.${1000 + i}`);
    ds.set('PatientName', `Deflate^${'x'.repeat(i)}${i * 7919}`);
    const plain = encodeDataset(ds, EXPLICIT_VR_LE);
    const stream = deflateRawSync(plain, { level: 6 });
    parities.add(stream.length % 2);
    const written = encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE });
    const body = written.subarray(written.length - stream.length - (stream.length % 2));
    assert.ok(body.subarray(0, stream.length).equals(stream), `data set ${i}: the deflated stream as zlib makes it`);
    assert.equal(body.length % 2, 0, `data set ${i}: even length`);
    if (stream.length % 2) assert.equal(body[body.length - 1], 0, `data set ${i}: the pad is a NUL`);
    assert.ok(encodeDataset(readDicom(written).dataset, EXPLICIT_VR_LE).equals(plain), `data set ${i}: reads back`);
  }
  assert.deepEqual([...parities].sort(), [0, 1], 'both parities were tried');
});

test('a deflated data set larger than one piece is one stream that inflates to the data set, reading back the previous piece where it repeats', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.104.1');
  ds.set('SOPInstanceUID', '2.25.77');
  // 3.5 MiB repeating every 10,007 bytes: matches reach across the 1 MiB pieces into the one before.
  const pattern = Buffer.from(Array.from({ length: 10_007 }, (_, i) => (i * 7919) % 251));
  const value = Buffer.alloc(3.5 * 2 ** 20);
  for (let at = 0; at < value.length; at += pattern.length) pattern.copy(value, at);
  ds.set('EncapsulatedDocument', value);
  const plain = encodeDataset(ds, EXPLICIT_VR_LE);
  const written = encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE });
  const read = readDicom(written);
  assert.ok(encodeDataset(read.dataset, EXPLICIT_VR_LE).equals(plain));
  assert.ok(written.length < value.length / 50, `deflated to ${written.length} bytes`);
});

test('a deflated file is written a piece at a time: a 96 MiB value on disk is deflated in a few MiB of memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-deflate-write-'));
  try {
    // A sparse file stands for the value: what is measured is the write's memory.
    const big = join(dir, 'document.bin');
    writeFileSync(big, '');
    truncateSync(big, 96 * 2 ** 20);
    // In a process of its own, whose peak resident memory (KiB) is the write's.
    const url = (path: string): string => JSON.stringify(new URL(path, import.meta.url).href);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `
      const { Dataset } = await import(${url('../../src/core/dataset.js')});
      const { Element } = await import(${url('../../src/core/element.js')});
      const { fileBulkRef } = await import(${url('../../src/io/byte-source.js')});
      const { writeDicomFile } = await import(${url('../../src/io/part10-writer.js')});
      const ds = new Dataset();
      ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.104.1');
      ds.set('SOPInstanceUID', '2.25.78');
      ds.addElement(new Element(0x00420011, 'OB', fileBulkRef(process.argv[1])));
      const before = process.resourceUsage().maxRSS;
      writeDicomFile(process.argv[2], { dataset: ds }, { transferSyntaxUid: '${DEFLATED_EXPLICIT_VR_LE}', durable: false });
      console.log(process.resourceUsage().maxRSS - before);`, big, join(dir, 'out.dcm')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const grown = Number(run.stdout.trim()) * 1024;
    assert.ok(grown < 32 * 2 ** 20, `peak resident memory grew by ${Math.round(grown / 2 ** 20)} MiB`);
    const read = readDicomFile(join(dir, 'out.dcm'));
    const document = read.dataset.element('EncapsulatedDocument')!;
    assert.equal(document.length, 96 * 2 ** 20);
    assert.ok(read.dataset.bytes('EncapsulatedDocument')!.every((b) => b === 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a transfer syntax asked for must be one; a file\'s own (even one PS3.6 does not list) is written back as it is', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.11');
  for (const uid of ['1.2.3.4', '1.2.840.10008.5.1.4.1.1.7']) {
    assert.throws(() => encodeDicom({ dataset: ds }, { transferSyntaxUid: uid }), (e: DicomError) => e.code === 'UNSUPPORTED_TRANSFER_SYNTAX' && e.message.startsWith(`${uid} is not a transfer syntax`));
  }
  const own = readDicom(encodeDicom({ dataset: ds, transferSyntaxUid: EXPLICIT_VR_LE }));
  assert.equal(readDicom(encodeDicom({ ...own, transferSyntaxUid: '1.2.3.4.5' })).transferSyntaxUid, '1.2.3.4.5');
});

test('a write given the wrong shape of argument (from JavaScript) is refused saying what it wants', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.1');
  const refused = (message: string) => (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message === message;
  const loose = writeDicomFile as (...args: unknown[]) => void;
  const path = join(tmpdir(), 'never-written.dcm');
  assert.throws(() => loose(path, ds), refused('writeDicomFile: give the file as { dataset }, not the Dataset itself'));
  assert.throws(() => loose({ dataset: ds }, path), refused('writeDicomFile: the path is an object, not a string (are the path and the file the wrong way round?)'));
  assert.throws(() => loose(path, { dataset: {} }), refused("writeDicomFile: the file's dataset is an object, not a Dataset"));
  assert.throws(() => loose(path, undefined), refused('writeDicomFile: the file is undefined: give { dataset } (a file as read, or an object holding a Dataset)'));
  assert.throws(() => loose(path, { dataset: ds }, EXPLICIT_VR_LE), refused('writeDicomFile: the options are a string, not an object (a transfer syntax is given as { transferSyntaxUid })'));
  assert.throws(() => (encodeDicom as (...args: unknown[]) => Buffer)(ds), refused('encodeDicom: give the file as { dataset }, not the Dataset itself'));
  assert.throws(() => (encodeDataset as (...args: unknown[]) => Buffer)({ dataset: ds }, EXPLICIT_VR_LE), refused('encodeDataset: give the Dataset (file.dataset), not the file holding it'));
  assert.throws(() => (writeNewDicomFile as (...args: unknown[]) => number)(path, ds), refused('writeNewDicomFile: give the file as { dataset }, not the Dataset itself'));
  assert.equal(existsSync(path), false);
});

test('a bug met while writing is INTERNAL naming the file, with the error it was; not an IO error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-bug-'));
  try {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.1');
    const bug = new TypeError('a bug in the code');
    // the writer reads the meta information of the file it is given: a getter that throws stands for a bug there
    const file = Object.defineProperty({ dataset: ds }, 'meta', { get: () => { throw bug; } });
    const path = join(dir, 'out.dcm');
    assert.throws(() => writeDicomFile(path, file), (e: unknown) =>
      e instanceof DicomError && e.code === 'INTERNAL' && e.file === path && e.cause === bug && e.message === 'a bug, not a fault of the input: TypeError: a bug in the code');
    assert.deepEqual(readdirSync(dir), [], 'no temporary file is left');
    // writing to the path itself, the file it made is removed
    assert.throws(() => writeNewDicomFile(path, file), (e: unknown) => e instanceof DicomError && e.code === 'INTERNAL' && e.file === path);
    assert.deepEqual(readdirSync(dir), [], 'writeNewDicomFile leaves no part of a file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file whose name is near the longest allowed (255 bytes, in ASCII or UTF-8) is written: its temporary name is cut to fit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'writer-long-name-'));
  try {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.1');
    const names = [`${'a'.repeat(251)}.dcm`, `${'\u00e9'.repeat(125)}.dcm`, `${'\u{1F600}'.repeat(62)}.dcm`];
    for (const name of names) {
      assert.ok(Buffer.byteLength(name) >= 252 && Buffer.byteLength(name) <= 255, name);
      writeDicomFile(join(dir, name), { dataset: ds }, { durable: false });
      await writeFileDurably(join(dir, `${name.slice(0, -4)}.map`), Buffer.from('{}'));
    }
    assert.deepEqual(readdirSync(dir).sort(), names.flatMap((name) => [name, `${name.slice(0, -4)}.map`]).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a deflated data set that would inflate past the reader\'s limit is refused, before anything is written; one within it reads back', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '1.2.3.4');
  ds.set('PatientName', 'Zeros^Many');
  ds.addElement(new Element(0x7fe00010, 'OB', Buffer.alloc(1_000_000)));
  const length = encodeDataset(ds, EXPLICIT_VR_LE).length;
  const dir = mkdtempSync(join(tmpdir(), 'inflate-limit-'));
  try {
    const file = join(dir, 'zeros.dcm');
    // A million zeros deflate to about a kilobyte: a reader under a limit below their length refuses the file.
    assert.throws(() => writeDicomFile(file, { dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE, maxInflatedLength: length - 1 }), (e: unknown) =>
      e instanceof DicomError && e.code === 'LIMIT_EXCEEDED' && e.file === file && e.message.includes(`inflate to ${length} bytes`) && /limits\.maxInflatedLength/.test(e.message));
    assert.deepEqual(readdirSync(dir), [], 'no file, no temporary');
    assert.throws(() => encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE, maxInflatedLength: length - 1 }), /limits\.maxInflatedLength/);
    writeDicomFile(file, { dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE, maxInflatedLength: length });
    assert.ok(statSync(file).size < 10_000);
    const read = readDicomFile(file, { limits: { maxInflatedLength: length } });
    assert.equal(read.dataset.getString('PatientName'), 'Zeros^Many');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
