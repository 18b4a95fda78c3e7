import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJpeg } from '../../src/pixel/jpeg-header.js';
import { JPEG_EXTENDED, JPEG_LOSSLESS, jpegEncoding, photometricOf } from '../../src/pixel/jpeg-syntax.js';
import { JPEG_BASELINE, JPEG_LOSSLESS_SV1 } from '../../src/io/transfer-syntax.js';
import { DicomError } from '../../src/core/errors.js';
import sharp from 'sharp';
import { rawImage } from '../tbp/tools.js';

const segment = (marker: number, body: number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];

/** A minimal marker stream (no real entropy data): enough for the header reader. */
function stream(sof: number, opts: { precision?: number; components?: [number, number][]; predictor?: number; app?: number[] } = {}): Buffer {
  const comps = opts.components ?? [[1, 0x22], [2, 0x11], [3, 0x11]];
  const frame = [opts.precision ?? 8, 0, 16, 0, 24, comps.length, ...comps.flatMap(([id, hv]) => [id, hv, 0])];
  const scan = [comps.length, ...comps.flatMap(([id]) => [id, 0]), opts.predictor ?? 0, 63, 0];
  return Buffer.from([0xff, 0xd8, ...(opts.app ?? []), ...segment(sof, frame), ...segment(0xda, scan), 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd9]);
}

test('baseline JPEG from sharp: size, components, 4:2:0 → YBR_FULL_422 in JPEG Baseline', async () => {
  const jpg = await rawImage(64, 48).jpeg({ quality: 90 }).toBuffer();
  const info = parseJpeg(jpg);
  assert.equal(info.width, 64);
  assert.equal(info.height, 48);
  assert.equal(info.precision, 8);
  assert.equal(info.process, 'baseline');
  assert.equal(info.end, jpg.length - 2);
  assert.deepEqual(jpegEncoding(info), { transferSyntaxUid: JPEG_BASELINE, photometric: 'YBR_FULL_422', lossy: true });
});

test('4:4:4 colour is YBR_FULL, one component is MONOCHROME2', async () => {
  const full = parseJpeg(await rawImage(32, 32).jpeg({ chromaSubsampling: '4:4:4' }).toBuffer());
  assert.equal(jpegEncoding(full).photometric, 'YBR_FULL');
  const gray = parseJpeg(await rawImage(32, 32).toColourspace('b-w').jpeg().toBuffer());
  assert.equal(gray.components.length, 1);
  assert.equal(jpegEncoding(gray).photometric, 'MONOCHROME2');
});

test('Adobe APP14 transform 0 means RGB; component ids R,G,B too; lossy, the VL images refuse it, lossless they take it', () => {
  const adobe = [0xff, 0xee, 0, 14, ...Buffer.from('Adobe'), 0, 100, 0, 0, 0, 0, 0];
  const byFlag = parseJpeg(stream(0xc0, { app: adobe, components: [[1, 0x11], [2, 0x11], [3, 0x11]] }));
  assert.equal(photometricOf(byFlag), 'RGB');
  assert.equal(photometricOf(parseJpeg(stream(0xc0, { components: [[0x52, 0x11], [0x47, 0x11], [0x42, 0x11]] }))), 'RGB');
  assert.throws(() => jpegEncoding(byFlag, 'rgb.jpg'), (e: DicomError) =>
    e.code === 'UNSUPPORTED_TRANSFER_SYNTAX' && e.file === 'rgb.jpg' && /colour components are RGB, not YCbCr.*; re-encode it as a usual \(YCbCr\) JPEG, or give a PNG\/TIFF/.test(e.message));
  assert.equal(jpegEncoding(parseJpeg(stream(0xc3, { app: adobe, predictor: 1 }))).photometric, 'RGB');
});

test('colour is read as libjpeg reads it: JFIF wins over an Adobe transform 0, transform 2 of three components is YCbCr', async () => {
  const jpg = await rawImage(32, 16).jpeg({ quality: 90 }).toBuffer();
  const jfif = segment(0xe0, [...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const adobe = (transform: number): number[] => segment(0xee, [...Buffer.from('Adobe', 'latin1'), 0, 100, 0, 0, 0, 0, transform]);
  const withSegments = (...app: number[][]): Buffer => Buffer.concat([jpg.subarray(0, 2), Buffer.from(app.flat()), jpg.subarray(2)]);
  // libjpeg warns of the transform 2 it takes as 1.
  const decoded = (b: Buffer): Promise<Buffer> => sharp(b, { failOn: 'none' }).raw().toBuffer();
  const asYcc = await decoded(jpg);
  for (const [name, file] of [['JFIF and Adobe 0', withSegments(jfif, adobe(0))], ['Adobe 2', withSegments(adobe(2))]] as const) {
    assert.deepEqual(await decoded(file), asYcc, `${name}: libjpeg converts from YCbCr`);
    assert.equal(jpegEncoding(parseJpeg(file)).photometric, 'YBR_FULL_422', name);
  }
  // Without JFIF or Adobe segment, ids 'R','G','B' mark RGB; the refusal says which mark it found.
  const rgbIds = stream(0xc0, { components: [[0x52, 0x11], [0x47, 0x11], [0x42, 0x11]] });
  assert.throws(() => jpegEncoding(parseJpeg(rgbIds)), /colour components are RGB, not YCbCr \(its component ids are 'R','G','B'\)/);
  assert.throws(() => jpegEncoding(parseJpeg(withSegments(adobe(0)))), /\(its Adobe APP14 transform flag is 0\)/);
});

test('extended and lossless processes choose their own transfer syntaxes', () => {
  assert.equal(jpegEncoding(parseJpeg(stream(0xc1, { precision: 12 }))).transferSyntaxUid, JPEG_EXTENDED);
  const sv1 = jpegEncoding(parseJpeg(stream(0xc3, { predictor: 1 })));
  assert.deepEqual(sv1, { transferSyntaxUid: JPEG_LOSSLESS_SV1, photometric: 'RGB', lossy: false });
  assert.equal(jpegEncoding(parseJpeg(stream(0xc3, { predictor: 6 }))).transferSyntaxUid, JPEG_LOSSLESS);
});

test('progressive, arithmetic, hierarchical and CMYK JPEGs are refused with what to do: jpegtran recodes the first two without loss', async () => {
  const progressive = parseJpeg(await rawImage(32, 32).jpeg({ progressive: true }).toBuffer());
  const lossless = /; convert it to baseline JPEG without loss \(jpegtran in\.jpg > out\.jpg\) or give a PNG\/TIFF$/;
  assert.throws(() => jpegEncoding(progressive), (e: DicomError) => e.code === 'UNSUPPORTED_TRANSFER_SYNTAX' && /^progressive/.test(e.message) && lossless.test(e.message));
  assert.throws(() => jpegEncoding(parseJpeg(stream(0xc9))), (e: DicomError) => /^arithmetic/.test(e.message) && lossless.test(e.message));
  assert.throws(() => jpegEncoding(parseJpeg(stream(0xc5))), /hierarchical JPEG .*; re-encode it as baseline JPEG or give a PNG\/TIFF$/);
  // jpegtran keeps CMYK as CMYK: the hint is a colour conversion.
  const cmyk = stream(0xc0, { components: [[1, 0x11], [2, 0x11], [3, 0x11], [4, 0x11]] });
  assert.throws(() => jpegEncoding(parseJpeg(cmyk)), /4 components .*; convert it to RGB \(a PNG\/TIFF, or a usual YCbCr JPEG\)$/);
});

test('truncated and damaged streams are refused', async () => {
  const jpg = await rawImage(64, 48).jpeg().toBuffer();
  for (const bad of [jpg.subarray(0, jpg.length - 2), jpg.subarray(0, 300), jpg.subarray(0, 3), Buffer.from('not a jpeg')]) {
    assert.throws(() => parseJpeg(bad), (e: DicomError) => e.code === 'BAD_VALUE' && /not a valid JPEG/.test(e.message));
  }
  const noFrame = Buffer.from([0xff, 0xd8, ...segment(0xda, [1, 1, 0, 0, 63, 0]), 0xff, 0xd9]);
  assert.throws(() => parseJpeg(noFrame), /before the frame header/);
});

/** An APP1 Exif segment whose IFD0 holds just Orientation, in the given byte order. */
function exifApp1(order: 'II' | 'MM', orientation: number): number[] {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  const le = order === 'II';
  tiff.write(order, 0, 'latin1');
  const u16 = (v: number, at: number): number => (le ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  u16(42, 2);
  if (le) tiff.writeUInt32LE(8, 4);
  else tiff.writeUInt32BE(8, 4);
  u16(1, 8);
  u16(274, 10);
  u16(3, 12);
  if (le) tiff.writeUInt32LE(1, 14);
  else tiff.writeUInt32BE(1, 14);
  u16(orientation, 18);
  return segment(0xe1, [...Buffer.from('Exif\0\0', 'latin1'), ...tiff]);
}

test('EXIF Orientation is read from the APP1 segment, in either byte order; damaged EXIF is ignored', async () => {
  assert.equal(parseJpeg(stream(0xc0, { app: exifApp1('II', 8) })).exif?.orientation, 8);
  assert.equal(parseJpeg(stream(0xc0, { app: exifApp1('MM', 3) })).exif?.orientation, 3);
  assert.equal(parseJpeg(stream(0xc0)).exif?.orientation, undefined);
  const damaged = exifApp1('MM', 3).slice(0, 16);
  damaged[3] = damaged.length - 2;
  assert.equal(parseJpeg(stream(0xc0, { app: damaged })).exif?.orientation, undefined);
  assert.equal(parseJpeg(await rawImage(16, 8).withMetadata({ orientation: 7 }).jpeg().toBuffer()).exif?.orientation, 7);
});

test('an ICC profile in APP2 chunks is put together by chunk number; missing or repeated chunks leave it out, saying so', () => {
  const chunk = (sequence: number, total: number, data: number[]): number[] => segment(0xe2, [...Buffer.from('ICC_PROFILE\0', 'latin1'), sequence, total, ...data]);
  const reversed = parseJpeg(stream(0xc0, { app: [...chunk(3, 3, [7, 8]), ...chunk(2, 3, [4, 5, 6]), ...chunk(1, 3, [1, 2, 3])] }));
  assert.deepEqual([...reversed.iccProfile!], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(reversed.iccProblem, undefined);
  const missing = parseJpeg(stream(0xc0, { app: [...chunk(1, 3, [1]), ...chunk(3, 3, [3])] }));
  assert.equal(missing.iccProfile, undefined);
  assert.equal(missing.iccProblem, 'its ICC profile lacks chunk 2 of 3');
  const twice = parseJpeg(stream(0xc0, { app: [...chunk(1, 2, [1]), ...chunk(1, 2, [1])] }));
  assert.equal(twice.iccProfile, undefined);
  assert.match(twice.iccProblem!, /chunks disagree/);
});
