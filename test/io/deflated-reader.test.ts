// Deflated data sets: a header scan inflates only the prefix it parses, and reads exactly what a whole inflate would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { Dataset } from '../../src/core/dataset.js';
import { Element, Sequence } from '../../src/core/element.js';
import { DicomError } from '../../src/core/errors.js';
import { PIXEL_DATA, tag } from '../../src/core/tag.js';
import { readDicom, readDicomFile, type DicomFile } from '../../src/io/part10-reader.js';
import { encodeDataset, encodeDicom } from '../../src/io/part10-writer.js';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import type { ReadOptions } from '../../src/io/read-options.js';

const SYNC = { finishFlush: constants.Z_SYNC_FLUSH };
/** An element to be written twice. */
const TWICE = (() => {
  const ds = new Dataset();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  return encodeDataset(ds, EXPLICIT_VR_LE);
})();
const MiB = 1024 * 1024;

/** Preamble and meta information of a deflated file, followed by `compressed` as its data set. */
function deflatedFile(compressed: Buffer): Buffer {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.1');
  const head = encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE });
  return Buffer.concat([head.subarray(0, 144 + head.readUInt32LE(140)), compressed]);
}

function random(seed: number): (n: number) => number {
  let x = seed;
  return (n) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
}

/**
 * A data set that barely compresses, so the prefixes a scan inflates end anywhere: runs of tiny elements (where a
 * prefix often ends inside a header), long values, and sequences and items of both kinds of length.
 */
function sample(seed: number): Dataset {
  const rand = random(seed);
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => rand(256)));
  const ds = new Dataset();
  for (let group = 0x0009; group < 0x0009 + 2 * 10; group += 2) {
    for (let i = 0; i < 100 + rand(200); i++) ds.addElement(new Element(tag(group, 0x1000 + i), 'OB', bytes(2 * rand(3))));
    ds.addElement(new Element(tag(group, 0x1100), 'OB', bytes(2 * (200 + rand(1500)))));
    const items = Array.from({ length: 1 + rand(3) }, () => {
      const item = new Dataset();
      item.undefinedLength = rand(2) === 0;
      for (let i = 0; i < 1 + rand(8); i++) item.addElement(new Element(tag(group, 0x1000 + i), 'OB', bytes(2 * rand(400))));
      return item;
    });
    ds.addElement(new Element(tag(group, 0x1200), 'SQ', new Sequence(items, rand(2) === 0)));
  }
  return ds;
}

/** What a read gave: the data set (as Explicit VR LE bytes) and warnings, or the error. */
function outcome(read: () => DicomFile): { bytes: string; warnings: string[] } | { error: string } {
  try {
    const file = read();
    return { bytes: encodeDataset(file.dataset, EXPLICIT_VR_LE).toString('hex'), warnings: file.warnings };
  } catch (e) {
    assert.ok(e instanceof DicomError, String(e));
    return { error: `${e.code} at ${e.offset}: ${e.message}` };
  }
}

/**
 * A read of the deflated file gives what a read of `inflated` as a raw data set gives: the same bytes parsed from
 * memory, with the same offsets in warnings and errors.
 */
function assertReadsAsInflated(compressed: Buffer, inflated: Buffer, options: ReadOptions, label: string): void {
  assert.deepEqual(outcome(() => readDicom(deflatedFile(compressed), options)), outcome(() => readDicom(inflated, options)), label);
}

test('a header scan of a deflated file reads what a whole inflate stopped at the same tag reads, wherever the prefixes end', () => {
  const ends = { header: 0, value: 0 };
  for (let seed = 1; seed <= 12; seed++) {
    const ds = sample(seed);
    // an element met twice warns, strict or not: each prefix tried must not repeat the warning
    const body = Buffer.concat([TWICE, TWICE, encodeDataset(ds, EXPLICIT_VR_LE)]);
    const compressed = deflateRawSync(body);
    // where the prefixes a scan may inflate end, against the top-level element layout
    const starts: number[] = [0, TWICE.length];
    let offset = 2 * TWICE.length;
    for (const element of ds) {
      starts.push(offset);
      const one = new Dataset();
      one.addElement(element);
      offset += encodeDataset(one, EXPLICIT_VR_LE).length;
    }
    for (let n = 8 * 1024; n < compressed.length; n *= 2) {
      const end = inflateRawSync(compressed.subarray(0, n), SYNC).length;
      const last = starts.filter((s) => s <= end).pop()!;
      if (end - last < 12) ends.header++; // the header of OB and SQ
      else ends.value++;
    }
    const tags = ds.tags();
    const step = Math.ceil(tags.length / 20);
    const stops = [...tags.filter((_, i) => i % step === seed % step), tags[tags.length - 1]! + 1, 0xffffffff];
    for (const stopAtTag of stops) {
      const label = `seed ${seed}, stop at ${stopAtTag.toString(16)}`;
      assertReadsAsInflated(compressed, body, { stopAtTag }, label);
    }
  }
  assert.ok(ends.header > 0 && ends.value > 0, `prefixes end inside headers and inside values (${JSON.stringify(ends)})`);
});

test('a scan of a deflated data set damaged inside reports the damage where a whole inflate does, not where a prefix ends', () => {
  const body = Buffer.concat([TWICE, encodeDataset(sample(5), EXPLICIT_VR_LE)]);
  const rand = random(99);
  for (let i = 0; i < 12; i++) {
    const cut = body.subarray(0, 200 + rand(body.length - 200));
    const compressed = deflateRawSync(cut);
    for (const lenient of [false, true]) {
      for (const stopAtTag of [0x00091100, 0x000f1000, 0x0015ffff, 0xffffffff]) {
        assertReadsAsInflated(compressed, cut, { stopAtTag, lenient }, `cut at ${cut.length}, ${lenient ? 'lenient' : 'strict'}, stop at ${stopAtTag.toString(16)}`);
      }
    }
  }
});

test('a scan of a deflated file cut short reads the header it holds; a whole read fails, or read leniently reads what it holds', () => {
  const ds = sample(7);
  const body = Buffer.concat([TWICE, encodeDataset(ds, EXPLICIT_VR_LE)]);
  const compressed = deflateRawSync(body);
  const cut = compressed.subarray(0, compressed.length - 100);
  const scan = readDicom(deflatedFile(cut), { stopAtTag: 0x000b1000 });
  assert.equal(scan.dataset.size, 1 + ds.tags().filter((t) => t < 0x000b1000).length);
  assertReadsAsInflated(cut, inflateRawSync(cut, SYNC), { stopAtTag: 0x000b1000 }, 'scan');
  assert.throws(() => readDicom(deflatedFile(cut)), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VALUE');
  const lenient = readDicom(deflatedFile(cut), { lenient: true });
  assert.equal(lenient.cutShort, true);
  assert.match(lenient.warnings.join('\n'), /the deflated data set does not end \(.*\): the \d+ bytes it inflates to are read/);
  assert.equal(lenient.dataset.getString('SOPInstanceUID'), ds.getString('SOPInstanceUID'));
});

test('a header scan under a small maxInflatedLength finds a header that fits it, however far the rest would inflate', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.12');
  ds.set('Rows', 1000);
  ds.set('PixelData', Buffer.alloc(4_000_000), 'OB');
  const file = encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE });
  const limits = { maxInflatedLength: 1_000_000 };
  assert.equal(readDicom(file, { stopAtTag: 0x00280011, limits }).dataset.getNumber('Rows'), 1000);
  assert.throws(() => readDicom(file, { limits }), (e: unknown) => e instanceof DicomError && e.code === 'LIMIT_EXCEEDED');
});

/**
 * A file whose data set is a header, then Pixel Data of `mib` MiB of zeros: a few KiB of compressed bytes per
 * gigabyte inflated, built from deflate blocks that each inflate to 1 MiB.
 */
function deflateBomb(mib: number): { file: Buffer; header: Dataset } {
  const header = new Dataset();
  header.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  header.set('SOPInstanceUID', '2.25.2');
  header.set('PatientName', 'Bomb^Deflate');
  const pixelData = Buffer.from('e07f10004f420000', 'hex');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(mib * MiB);
  const zeros = deflateRawSync(Buffer.alloc(MiB), SYNC);
  const compressed = Buffer.concat([
    deflateRawSync(Buffer.concat([encodeDataset(header, EXPLICIT_VR_LE), pixelData, length]), SYNC),
    ...Array.from({ length: mib }, () => zeros),
    deflateRawSync(Buffer.alloc(0)),
  ]);
  return { file: deflatedFile(compressed), header };
}

test('a header scan of a deflate bomb inflates the header, not the gigabytes after it', () => {
  const { file, header } = deflateBomb(3000);
  assert.ok(file.length < 4 * MiB, `${file.length} bytes that inflate to 3000 MiB`);
  const dir = mkdtempSync(join(tmpdir(), 'tbp-deflate-'));
  try {
    const path = join(dir, 'bomb.dcm');
    writeFileSync(path, file);
    for (const read of [() => readDicom(file, { stopAtTag: PIXEL_DATA }), () => readDicomFile(path, { stopAtTag: PIXEL_DATA })]) {
      const before = process.memoryUsage().arrayBuffers;
      const scan = read();
      const grown = process.memoryUsage().arrayBuffers - before;
      assert.equal(encodeDataset(scan.dataset, EXPLICIT_VR_LE).toString('hex'), encodeDataset(header, EXPLICIT_VR_LE).toString('hex'));
      // values are views on what was inflated
      const inflated = (scan.dataset.getElementByTag(tag(0x0010, 0x0010))!.value as Buffer).buffer.byteLength;
      assert.ok(inflated <= 16 * MiB, `the scan inflated ${inflated} bytes`);
      assert.ok(grown < 64 * MiB, `memory held by buffers grew by ${grown} bytes`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.throws(() => readDicom(file, { limits: { maxInflatedLength: 64 * MiB } }), (e: unknown) =>
    e instanceof DicomError && e.code === 'LIMIT_EXCEEDED' && /limits\.maxInflatedLength/.test(e.message));
});

test('a scan of a cut stream reads the header it holds whatever the stream size, under the first prefix too', () => {
  const ds = new Dataset();
  ds.set('PatientName', 'Doe^Jane');
  ds.set('PatientID', 'P1');
  // text that barely compresses, after the tag the scan stops at: the stream is cut inside it
  const rand = random(3);
  ds.set('ImageComments', Array.from({ length: 3000 }, () => String.fromCharCode(97 + rand(26))).join(''));
  const compressed = deflateRawSync(encodeDataset(ds, EXPLICIT_VR_LE));
  assert.ok(compressed.length < 8192, 'the whole stream is shorter than the first prefix');
  const cut = compressed.subarray(0, compressed.length >> 1);
  const scan = readDicom(deflatedFile(cut), { stopAtTag: 0x00100021 });
  assert.equal(scan.dataset.getString('PatientID'), 'P1');
  assert.throws(() => readDicom(deflatedFile(cut)), (e: unknown) => e instanceof DicomError && e.code === 'BAD_VALUE');
});

/**
 * An image-like data set: a header, an ICC profile of `icc` bytes that barely compress (a long value before the
 * bulk), Pixel Data of `pixels` bytes (`fill` each), and `trailing` bytes after it.
 */
function image(icc: number, pixels: number, fill: (i: number) => number, trailing: number): Dataset {
  const rand = random(9);
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('PatientName', 'Deflated^Image');
  ds.set('ICCProfile', Buffer.from(Array.from({ length: icc }, () => rand(256))), 'OB');
  const px = Buffer.alloc(pixels);
  for (let i = 0; i < px.length; i++) px[i] = fill(i);
  ds.set('PixelData', px, 'OB');
  if (trailing) ds.set('DataSetTrailingPadding', Buffer.alloc(trailing), 'OB');
  return ds;
}

test('a whole read inflates into one buffer the length Pixel Data tells, and reads the same when more follows it', () => {
  const rand = random(5);
  const dir = mkdtempSync(join(tmpdir(), 'tbp-deflate-sized-'));
  try {
    for (const [label, ds, oneBuffer] of [
      // the profile, 300 KB, runs past the first prefixes: Pixel Data's length is found past it
      ['pixels that barely compress', image(300_000, 4 * MiB, () => rand(256), 0), true],
      ['pixels that inflate a thousandfold', image(3_000, 8 * MiB, () => 0, 0), true],
      // past the room left after Pixel Data: the usual inflate, chunks joined
      ['2 MiB after Pixel Data', image(3_000, 4 * MiB, (i) => i & 0x3f, 2 * MiB), false],
    ] as const) {
      const inflated = encodeDataset(ds, EXPLICIT_VR_LE);
      const compressed = deflateRawSync(inflated);
      assertReadsAsInflated(compressed, inflated, {}, label);
      const path = join(dir, 'image.dcm');
      writeFileSync(path, deflatedFile(compressed));
      const file = readDicomFile(path);
      assert.equal(encodeDataset(file.dataset, EXPLICIT_VR_LE).toString('hex'), inflated.toString('hex'), label);
      // one buffer of the length told and room after it, which zlib returns as it is; joined chunks are a copy of
      // exactly the data set's length
      const held = (file.dataset.getElementByTag(PIXEL_DATA)!.value as Buffer).buffer.byteLength;
      assert.equal(held > inflated.length, oneBuffer, `${label}: ${held} bytes held for ${inflated.length}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
