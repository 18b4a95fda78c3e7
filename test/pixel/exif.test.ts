import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import { readerOf, withFileReader } from '../../src/io/byte-source.js';
import { readCameraExif } from '../../src/pixel/exif.js';
import { probeImage } from '../../src/pixel/image-source.js';
import { rawImage, tempDir } from '../tbp/tools.js';

const dir = tempDir('exif');

/** The TIFF field types used here, and their sizes. */
const { ASCII, SHORT, LONG, RATIONAL, UNDEFINED, SRATIONAL } = { ASCII: 2, SHORT: 3, LONG: 4, RATIONAL: 5, UNDEFINED: 7, SRATIONAL: 10 };
const SIZE: Record<number, number> = { [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [RATIONAL]: 8, [UNDEFINED]: 1, [SRATIONAL]: 8 };

/** A field: tag, type, and its values (numbers; [numerator, denominator] pairs for rationals; text as bytes). */
type Field = [tag: number, type: number, values: number[] | [number, number][] | Buffer];

/**
 * A classic TIFF stream as cameras write EXIF: IFD0 (with a pointer to the Exif IFD when `exif` is given), then the
 * Exif IFD, then the values that do not fit their entries.
 */
function exifBlock(order: 'II' | 'MM', ifd0: Field[], exif?: Field[]): Buffer {
  const le = order === 'II';
  const ifds = exif ? [[...ifd0, [0x8769, LONG, [0]] as Field], exif] : [ifd0];
  const ifdSize = (fields: Field[]): number => 2 + 12 * fields.length + 4;
  const starts = [8, 8 + ifdSize(ifds[0]!)];
  let data = starts[ifds.length - 1]! + ifdSize(ifds.at(-1)!);
  const buf = Buffer.alloc(4096);
  const put = (v: number, at: number, size: number, signed = false): void => {
    if (size === 2) le ? buf.writeUInt16LE(v, at) : buf.writeUInt16BE(v, at);
    else if (signed) le ? buf.writeInt32LE(v, at) : buf.writeInt32BE(v, at);
    else le ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at);
  };
  buf.write(order, 0, 'latin1');
  put(42, 2, 2);
  put(8, 4, 4);
  ifds.forEach((fields, k) => {
    const start = starts[k]!;
    put(fields.length, start, 2);
    fields.forEach(([tag, type, values], i) => {
      const at = start + 2 + 12 * i;
      const bytes = Buffer.isBuffer(values) ? values : undefined;
      const count = bytes ? bytes.length : values.length;
      put(tag, at, 2);
      put(type, at + 2, 2);
      put(count, at + 4, 4);
      let valueAt = at + 8;
      if (count * SIZE[type]! > 4) {
        put(data, valueAt, 4);
        valueAt = data;
        data += count * SIZE[type]! + ((count * SIZE[type]!) % 2);
      }
      if (tag === 0x8769) put(starts[1]!, valueAt, 4);
      else if (bytes) bytes.copy(buf, valueAt);
      else (values as (number | [number, number])[]).forEach((v, j) => {
        if (Array.isArray(v)) {
          put(v[0], valueAt + 8 * j, 4, type === SRATIONAL);
          put(v[1], valueAt + 8 * j + 4, 4, type === SRATIONAL);
        } else put(v, valueAt + j * SIZE[type]!, SIZE[type]!);
      });
    });
  });
  return buf.subarray(0, data);
}

const ascii = (text: string): Buffer => Buffer.from(`${text}\0`, 'utf8');

test('the camera facts of IFD0 and the Exif IFD, in either byte order, with their EXIF types', () => {
  for (const order of ['II', 'MM'] as const) {
    const block = exifBlock(order, [[0x010f, ASCII, ascii('Canon')], [0x0110, ASCII, ascii('EOS R5\0\0  ')], [0x0112, SHORT, [6]], [0x0131, ASCII, ascii('Fw 1.8')]], [
      [0x829a, RATIONAL, [[1, 125]]], [0x829d, RATIONAL, [[56, 10]]], [0x8822, SHORT, [3]], [0x8827, SHORT, [400, 0]],
      [0x9000, UNDEFINED, Buffer.from('0232')], [0x9003, ASCII, ascii('2024:09:01 12:05:00')], [0x9011, ASCII, ascii('+02:00')],
      [0x9204, SRATIONAL, [[-2, 3]]], [0x9205, RATIONAL, [[4, 1]]], [0x9206, RATIONAL, [[3, 10]]], [0x9207, SHORT, [5]],
      [0x9208, SHORT, [4]], [0x9209, SHORT, [0x59]], [0x920a, RATIONAL, [[35, 1]]], [0xa402, SHORT, [1]], [0xa403, SHORT, [1]],
      [0xa404, RATIONAL, [[0, 1]]], [0xa405, SHORT, [50]], [0xa406, SHORT, [0]], [0xa431, ASCII, ascii('0123456')],
      [0xa432, RATIONAL, [[24, 1], [70, 1], [28, 10], [4, 1]]], [0xa433, ASCII, ascii('Canon')], [0xa434, ASCII, ascii('RF24-70mm F2.8 L IS USM')],
      [0xa435, ASCII, ascii('9000001234')],
    ]);
    assert.deepEqual(readCameraExif(readerOf(block)), {
      make: 'Canon', model: 'EOS R5', software: 'Fw 1.8', orientation: 6,
      exposureTime: 0.008, fNumber: 5.6, exposureProgram: 3, iso: 400, exifVersion: '2.32',
      dateTimeOriginal: '2024-09-01T12:05:00+02:00', exposureBias: -2 / 3, maxApertureValue: 4, subjectDistance: 0.3, meteringMode: 5,
      lightSource: 4, flash: 0x59, focalLength: 35, exposureMode: 1, whiteBalance: 1, digitalZoomRatio: 0, focalLengthIn35mm: 50,
      sceneCaptureType: 0, bodySerialNumber: '0123456', lensSpecification: [24, 70, 2.8, 4], lensMake: 'Canon',
      lensModel: 'RF24-70mm F2.8 L IS USM', lensSerialNumber: '9000001234',
    }, order);
  }
});

test('SubSecTimeOriginal is the fraction of DateTimeOriginal\'s second, before its offset; DT holds six digits of it', () => {
  const taken = (subSec: string, offset?: string) => readCameraExif(readerOf(exifBlock('MM', [], [
    [0x9003, ASCII, ascii('2024:03:05 10:11:12')], [0x9291, ASCII, ascii(subSec)], ...(offset ? [[0x9011, ASCII, ascii(offset)] as Field] : []),
  ])))?.dateTimeOriginal;
  assert.equal(taken('123', '+05:30'), '2024-03-05T10:11:12.123+05:30');
  assert.equal(taken('05  '), '2024-03-05T10:11:12.05', 'the spaces cameras pad with');
  assert.equal(taken('12345678'), '2024-03-05T10:11:12.123456');
  assert.equal(taken('1.5'), '2024-03-05T10:11:12', 'not digits: left out, the second kept');
});

test('damaged or odd EXIF leaves out what cannot be read, and never throws', () => {
  const read = (block: Buffer) => readCameraExif(readerOf(block));
  assert.equal(read(Buffer.from('not a TIFF stream at all')), undefined);
  assert.equal(read(exifBlock('II', [])), undefined, 'no fields');
  // An Exif IFD pointer past the end: IFD0's facts still count.
  const far = exifBlock('MM', [[0x0112, SHORT, [6]]], [[0x829d, RATIONAL, [[8, 1]]]]);
  assert.deepEqual(read(far.subarray(0, 8 + 2 + 2 * 12 + 4)), { orientation: 6 });
  assert.deepEqual(read(exifBlock('II', [[0x010f, ASCII, ascii('   \0')]], [
    [0x829d, RATIONAL, [[8, 0]]], // a rational over 0
    [0x829a, SHORT, [1, 2]], // several values where one belongs
    [0x9003, ASCII, ascii('0000:00:00 00:00:00')], // the blank date cameras write
    [0x9209, ASCII, ascii('16')], // text where a number belongs
    [0x9000, UNDEFINED, Buffer.from('2.3x')],
    [0xa432, RATIONAL, [[24, 1], [70, 1], [0, 0], [4, 1]]], // a lens specification with an unknown F-number
  ])), { exifVersion: '2.3x' });
  // Control characters in text become spaces: the fields go to one-line VRs.
  assert.deepEqual(read(exifBlock('II', [[0x010f, ASCII, ascii('Can\non\t')]])), { make: 'Can on' });
  // A date of the right shape but no calendar's (a month 13) is left out like a damaged one.
  assert.deepEqual(read(exifBlock('II', [[0x0112, SHORT, [1]]], [[0x9003, ASCII, ascii('2023:13:05 10:00:00')]])), { orientation: 1 });
  // Values that would lie past the end of the block are left out; the rest is read.
  const cut = exifBlock('II', [[0x0112, SHORT, [3]], [0x0110, ASCII, ascii('A long model name')]]);
  assert.deepEqual(read(cut.subarray(0, cut.length - 4)), { orientation: 3 });
});

test('random damage to an EXIF block never throws: 5,000 mutations of flipped and cut bytes', () => {
  const block = exifBlock('MM', [[0x010f, ASCII, ascii('Canon')], [0x0112, SHORT, [6]]], [
    [0x829a, RATIONAL, [[1, 125]]], [0x8827, SHORT, [400, 0]], [0x9003, ASCII, ascii('2024:09:01 12:05:00')],
    [0xa432, RATIONAL, [[24, 1], [70, 1], [28, 10], [4, 1]]], [0xa434, ASCII, ascii('RF24-70mm F2.8 L IS USM')],
  ]);
  let seed = 7;
  const random = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (let k = 0; k < 5000; k++) {
    const damaged = Buffer.from(block);
    for (let flips = 1 + random(8); flips > 0; flips--) damaged[random(damaged.length)] = random(256);
    const bytes = random(4) === 0 ? damaged.subarray(0, random(damaged.length)) : damaged;
    assert.doesNotThrow(() => readCameraExif(readerOf(bytes)), `mutation ${k}`);
  }
});

test("sharp's JPEG and PNG: the probe reads the EXIF block each carries, as exifr reads it", async () => {
  const written = {
    IFD0: { Make: 'Canon', Model: 'EOS R5', Software: 'Fw 1.8' },
    IFD2: {
      ExposureTime: '1/125', FNumber: '28/10', ISOSpeedRatings: '400', FocalLength: '35', WhiteBalance: '1', Flash: '16',
      ExposureBiasValue: '-2/3', MeteringMode: '5', DateTimeOriginal: '2024:09:01 12:05:00', FocalLengthIn35mmFilm: '50',
    },
  };
  for (const format of ['jpeg', 'png'] as const) {
    const file = join(dir, `camera.${format}`);
    await rawImage(16, 16)[format]().withExif(written).toFile(file);
    const { exif } = await probeImage(file);
    const expected = {
      make: 'Canon', model: 'EOS R5', software: 'Fw 1.8', exposureTime: 0.008, fNumber: 2.8, iso: 400, focalLength: 35, whiteBalance: 1,
      flash: 16, exposureBias: -2 / 3, meteringMode: 5, dateTimeOriginal: '2024-09-01T12:05:00', focalLengthIn35mm: 50,
    };
    assert.deepEqual(Object.fromEntries(Object.entries(exif ?? {}).filter(([key]) => key in expected)), expected, format);
    // exifr, a dedicated EXIF library, reads the same values from the same file.
    const theirs = await exifr.parse(file, { tiff: true, exif: true, reviveValues: false, translateValues: false });
    assert.deepEqual(
      [theirs.Make, theirs.Model, theirs.ExposureTime, theirs.FNumber, theirs.ExposureCompensation, theirs.Flash],
      [exif!.make, exif!.model, exif!.exposureTime, exif!.fNumber, exif!.exposureBias, exif!.flash], `${format}: exifr agrees`);
  }
});

// libvips writes a TIFF's IFD0 but no camera EXIF into it, so a TIFF with an Exif IFD is made here.
test('a TIFF file is its own EXIF block: IFD0 and the Exif IFD are read from the file', () => {
  const file = join(dir, 'camera-fields.tif');
  writeFileSync(file, exifBlock('MM', [[0x010f, ASCII, ascii('Fujifilm')]], [[0x829d, RATIONAL, [[11, 1]]]]));
  assert.deepEqual(withFileReader(file, (_, read) => readCameraExif(read)), { make: 'Fujifilm', fNumber: 11 });
});
