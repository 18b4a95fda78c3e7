import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadPixels, probeImage } from '../../src/pixel/image-source.js';
import { sniffImageFormat } from '../../src/pixel/image-format.js';
import { readCameraExif } from '../../src/pixel/exif.js';
import { rawImage, tempDir, testPixels } from '../tbp/tools.js';

const dir = tempDir('pixel');

test('formats are recognised by signature, not by name', async () => {
  assert.equal(sniffImageFormat(await rawImage(8, 8).png().toBuffer()), 'png');
  assert.equal(sniffImageFormat(await rawImage(8, 8).jpeg().toBuffer()), 'jpeg');
  assert.equal(sniffImageFormat(await rawImage(8, 8).tiff().toBuffer()), 'tiff');
  assert.equal(sniffImageFormat(Buffer.from('%PDF-1.7')), undefined);
});

test('a JPEG is loaded as its exact bytes', async () => {
  const file = join(dir, 'a.jpg');
  await rawImage(40, 30).jpeg().toFile(file);
  const pixels = await loadPixels(await probeImage(file));
  assert.equal(pixels.kind, 'jpeg');
  assert.ok(pixels.kind === 'jpeg' && pixels.bytes.equals(readFileSync(file)));
  assert.equal(pixels.probe.columns, 40);
});

test('PNG and TIFF decode to the exact 8-bit samples', async () => {
  for (const ext of ['png', 'tiff'] as const) {
    const file = join(dir, `b.${ext}`);
    await (ext === 'png' ? rawImage(33, 21).png() : rawImage(33, 21).tiff({ compression: 'lzw' })).toFile(file);
    const pixels = await loadPixels(await probeImage(file));
    assert.equal(pixels.kind, 'native');
    assert.equal(pixels.photometric, 'RGB');
    assert.ok(pixels.kind === 'native' && pixels.data.equals(testPixels(33, 21)), ext);
  }
});

test('grey PNG is MONOCHROME2; alpha is dropped with a warning', async () => {
  const grey = join(dir, 'g.png');
  await sharp(Buffer.alloc(64, 77), { raw: { width: 8, height: 8, channels: 1 } }).toColourspace('b-w').png().toFile(grey);
  const g = await loadPixels(await probeImage(grey));
  assert.equal(g.photometric, 'MONOCHROME2');
  assert.equal(g.kind === 'native' && g.data.length, 64);
  const alpha = join(dir, 'a.png');
  await rawImage(8, 8).ensureAlpha(0.5).png().toFile(alpha);
  const probe = await probeImage(alpha);
  assert.match(probe.warnings.join(), /alpha/);
  const a = await loadPixels(probe);
  assert.equal(a.kind === 'native' && a.data.length, 8 * 8 * 3);
});

test('non-images and truncated PNGs are refused before decoding', async () => {
  const text = join(dir, 'notes.jpg');
  writeFileSync(text, 'just some text');
  await assert.rejects(probeImage(text), /not a JPEG, PNG or TIFF/);
  const png = await rawImage(64, 64).png().toBuffer();
  const cut = join(dir, 'cut.png');
  writeFileSync(cut, png.subarray(0, png.length - 40));
  await assert.rejects(probeImage(cut), /truncated/);
});

test('camera EXIF is read as typed values and an ISO date', async () => {
  const file = join(dir, 'exif.jpg');
  await rawImage(16, 16).jpeg().withExif({
    IFD0: { Make: 'Canon', Model: 'EOS R5' },
    IFD2: { ExposureTime: '1/125', FNumber: '8', ISOSpeedRatings: '400', FocalLength: '35', WhiteBalance: '1', DateTimeOriginal: '2024:09:01 12:05:00' },
  }).toFile(file);
  const exif = await readCameraExif(readFileSync(file));
  assert.equal(exif?.make, 'Canon');
  assert.equal(exif?.model, 'EOS R5');
  assert.equal(exif?.exposureTime, 0.008);
  assert.equal(exif?.fNumber, 8);
  assert.equal(exif?.iso, 400);
  assert.equal(exif?.focalLength, 35);
  assert.equal(exif?.whiteBalance, 1);
  assert.equal(exif?.dateTimeOriginal, '2024-09-01T12:05:00');
  assert.equal(await readCameraExif(await rawImage(8, 8).png().toBuffer()), undefined);
});
