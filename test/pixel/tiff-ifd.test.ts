import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import {
  LOSSY_TIFF_COMPRESSION, TIFF_COMPRESSION, TIFF_STRIP_BYTE_COUNTS, TIFF_TILE_BYTE_COUNTS, readFirstIfd,
} from '../../src/pixel/tiff-ifd.js';
import { readerOf, withFileReader } from '../../src/io/byte-source.js';
import { rawImage, tempDir } from '../tbp/tools.js';

const dir = tempDir('tiff');

const SHORT = 3;
const LONG = 4;
const LONG8 = 16;
const SIZE: Record<number, number> = { [SHORT]: 2, [LONG]: 4, [LONG8]: 8 };

type Entry = [tag: number, type: number, values: number[]];

/**
 * A TIFF header and one IFD, in either byte order, classic or BigTIFF: values that do not fit an entry go after the
 * IFD, as TIFF writers put them, and the IFD after some filler (where image data would be).
 */
function tiffBytes(order: 'II' | 'MM', big: boolean, entries: Entry[]): Buffer {
  const le = order === 'II';
  const [ifd, countSize, entrySize, fieldSize] = big ? [64, 8, 20, 8] : [64, 2, 12, 4];
  let extra = ifd + countSize + entries.length * entrySize + fieldSize;
  const buf = Buffer.alloc(extra + entries.reduce((n, [, type, values]) => n + SIZE[type]! * values.length, 0));
  const put = (v: number, at: number, size: number): void => {
    if (size === 2) le ? buf.writeUInt16LE(v, at) : buf.writeUInt16BE(v, at);
    else if (size === 4) le ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at);
    else le ? buf.writeBigUInt64LE(BigInt(v), at) : buf.writeBigUInt64BE(BigInt(v), at);
  };
  buf.write(order, 0, 'latin1');
  put(big ? 43 : 42, 2, 2);
  if (big) put(8, 4, 2);
  put(ifd, big ? 8 : 4, fieldSize);
  put(entries.length, ifd, countSize);
  entries.forEach(([tag, type, values], i) => {
    const at = ifd + countSize + i * entrySize;
    const size = SIZE[type]!;
    put(tag, at, 2);
    put(type, at + 2, 2);
    put(values.length, at + 4, fieldSize);
    let valueAt = at + 4 + fieldSize;
    if (values.length * size > fieldSize) {
      put(extra, valueAt, fieldSize);
      valueAt = extra;
      extra += values.length * size;
    }
    values.forEach((v, j) => put(v, valueAt + j * size, size));
  });
  return buf;
}

const TIFF_ORIENTATION = 274;
const TAGS = [256, TIFF_COMPRESSION, TIFF_ORIENTATION, TIFF_STRIP_BYTE_COUNTS, 277];

test('the first IFD is read in both byte orders, classic TIFF and BigTIFF, values in the entry or elsewhere', () => {
  for (const order of ['II', 'MM'] as const) {
    for (const big of [false, true]) {
      const entries: Entry[] = [
        [256, LONG, [70000]], [258, SHORT, [8, 8, 8]], [TIFF_COMPRESSION, SHORT, [7]], [TIFF_ORIENTATION, SHORT, [6]],
        [TIFF_STRIP_BYTE_COUNTS, big ? LONG8 : LONG, [5000, 4000, 1234]], [277, SHORT, [3]],
      ];
      const ifd = readFirstIfd(readerOf(tiffBytes(order, big, entries)), TAGS);
      const what = `${order} ${big ? 'BigTIFF' : 'classic'}`;
      assert.deepEqual(ifd && Object.fromEntries(ifd), {
        256: [70000], [TIFF_COMPRESSION]: [7], [TIFF_ORIENTATION]: [6], [TIFF_STRIP_BYTE_COUNTS]: [5000, 4000, 1234], 277: [3],
      }, `${what}: the tags asked for (258 was not)`);
    }
  }
});

test('damaged headers and IFDs give no values instead of garbage', () => {
  const good = tiffBytes('MM', false, [[TIFF_COMPRESSION, SHORT, [5]], [TIFF_STRIP_BYTE_COUNTS, LONG, [10, 20]]]);
  const read = (buf: Buffer) => readFirstIfd(readerOf(buf), TAGS);
  assert.deepEqual(read(good)?.get(TIFF_STRIP_BYTE_COUNTS), [10, 20]);
  assert.equal(read(Buffer.from('II*\0')), undefined, 'too short');
  assert.equal(read(Buffer.concat([Buffer.from('XX'), good.subarray(2)])), undefined, 'byte order');
  assert.equal(read(Buffer.concat([good.subarray(0, 2), Buffer.from([0, 41]), good.subarray(4)])), undefined, 'version');
  assert.equal(read(good.subarray(0, 70)), undefined, 'IFD cut short');
  assert.deepEqual(read(good.subarray(0, good.length - 4))?.has(TIFF_STRIP_BYTE_COUNTS), false, 'values cut short: left out');
  const far = Buffer.from(good);
  far.writeUInt32BE(1_000_000, 4);
  assert.equal(read(far), undefined, 'IFD past the end');
  const bigCount = tiffBytes('II', true, [[TIFF_COMPRESSION, SHORT, [7]]]);
  bigCount.writeBigUInt64LE(2n ** 40n, 64);
  assert.equal(read(bigCount), undefined, 'an entry count larger than the file');
});

test("sharp's TIFFs: compression and compressed size are read from the file; JPEG and WebP are lossy, LZW is not", async () => {
  const cases: [string, Parameters<ReturnType<typeof rawImage>['tiff']>[0], number][] = [
    ['jpeg', { compression: 'jpeg' }, 7],
    ['default', {}, 7],
    ['tiled', { compression: 'jpeg', tile: true, tileWidth: 16, tileHeight: 16 }, 7],
    ['webp', { compression: 'webp' }, 50001],
    ['lzw', { compression: 'lzw' }, 5],
    ['deflate', { compression: 'deflate' }, 8],
    ['none', { compression: 'none' }, 1],
  ];
  const tags = [TIFF_COMPRESSION, TIFF_STRIP_BYTE_COUNTS, TIFF_TILE_BYTE_COUNTS];
  for (const [name, options, compression] of cases) {
    const file = join(dir, `${name}.tif`);
    await rawImage(40, 30).tiff(options).toFile(file);
    const ifd = withFileReader(file, (_, read) => readFirstIfd(read, tags));
    assert.deepEqual(ifd?.get(TIFF_COMPRESSION) ?? [1], [compression], name);
    // exifr reads the same counts (classic TIFF only).
    const other = await exifr.parse(readFileSync(file), { tiff: true, pick: tags, translateKeys: false, translateValues: false });
    const counts = (v: unknown): number[] | undefined => (typeof v === 'number' ? [v] : v ? (Object.values(v) as number[]) : undefined);
    assert.deepEqual(ifd?.get(TIFF_STRIP_BYTE_COUNTS), counts(other[TIFF_STRIP_BYTE_COUNTS]), `${name} strips`);
    assert.deepEqual(ifd?.get(TIFF_TILE_BYTE_COUNTS), counts(other[TIFF_TILE_BYTE_COUNTS]), `${name} tiles`);
  }
  const big = join(dir, 'big.tif');
  await rawImage(40, 30).tiff({ compression: 'jpeg', bigtiff: true }).toFile(big);
  assert.deepEqual(withFileReader(big, (_, read) => readFirstIfd(read, tags))?.get(TIFF_COMPRESSION), [7], 'BigTIFF');
  assert.equal(LOSSY_TIFF_COMPRESSION.get(7), 'ISO_10918_1');
  assert.equal(LOSSY_TIFF_COMPRESSION.get(34712), 'ISO_15444_1');
  assert.ok(LOSSY_TIFF_COMPRESSION.has(50001) && LOSSY_TIFF_COMPRESSION.get(50001) === undefined, 'WebP: lossy, no defined term');
  for (const lossless of [1, 5, 8, 32773, 32946]) assert.equal(LOSSY_TIFF_COMPRESSION.has(lossless), false);
});
