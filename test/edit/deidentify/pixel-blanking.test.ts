import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { Dataset } from '../../../src/core/dataset.js';
import { Encapsulated } from '../../../src/core/element.js';
import { DicomError } from '../../../src/core/errors.js';
import { EXPLICIT_VR_LE, JPEG_BASELINE } from '../../../src/io/transfer-syntax.js';
import { blankPixels } from '../../../src/edit/deidentify/pixel-blanking.js';

interface ImageSpec {
  rows: number;
  columns: number;
  photometric: string;
  samples?: number;
  bits?: number;
  stored?: number;
  signed?: boolean;
  planar?: number;
  frames?: number;
}

/** An image whose every sample is `fill` (little-endian words for 16 bits). */
function image(spec: ImageSpec, fill: number): Dataset {
  const ds = new Dataset();
  const samples = spec.samples ?? 1;
  const bits = spec.bits ?? 8;
  ds.set('Rows', spec.rows);
  ds.set('Columns', spec.columns);
  ds.set('SamplesPerPixel', samples);
  ds.set('PhotometricInterpretation', spec.photometric);
  if (samples === 3) ds.set('PlanarConfiguration', spec.planar ?? 0);
  ds.set('BitsAllocated', bits);
  ds.set('BitsStored', spec.stored ?? bits);
  ds.set('HighBit', (spec.stored ?? bits) - 1);
  ds.set('PixelRepresentation', spec.signed ? 1 : 0);
  if (spec.frames) ds.set('NumberOfFrames', spec.frames);
  ds.set('SmallestImagePixelValue', 100);
  const count = spec.rows * spec.columns * samples * (spec.frames ?? 1);
  const pixels = Buffer.alloc(count * (bits / 8));
  for (let i = 0; i < count; i++) {
    if (bits === 16) pixels.writeUInt16LE(fill, i * 2);
    else pixels[i] = fill;
  }
  ds.set('PixelData', pixels, bits === 16 ? 'OW' : 'OB');
  return ds;
}

const inside = (x: number, y: number, r: { x: number; y: number; width: number; height: number }): boolean =>
  x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;

test('native RGB: the region is black in every sample, the rest untouched, stale pixel ranges removed', async () => {
  const ds = image({ rows: 4, columns: 5, photometric: 'RGB', samples: 3 }, 200);
  const region = { x: 1, y: 1, width: 3, height: 2 };
  assert.equal(await blankPixels(ds, EXPLICIT_VR_LE, [region]), EXPLICIT_VR_LE);
  const px = ds.bytes('PixelData')!;
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 5; x++) {
      const want = inside(x, y, region) ? 0 : 200;
      assert.deepEqual([...px.subarray((y * 5 + x) * 3, (y * 5 + x) * 3 + 3)], [want, want, want], `pixel ${x},${y}`);
    }
  }
  assert.equal(ds.has('SmallestImagePixelValue'), false);
});

test('16-bit MONOCHROME2 gets 0, MONOCHROME1 its largest stored value, signed MONOCHROME2 its most negative', async () => {
  const region = { x: 0, y: 0, width: 2, height: 1 };
  const cases: [ImageSpec, number][] = [
    [{ rows: 2, columns: 3, photometric: 'MONOCHROME2', bits: 16, stored: 12 }, 0],
    [{ rows: 2, columns: 3, photometric: 'MONOCHROME1', bits: 16, stored: 12 }, 4095],
    [{ rows: 2, columns: 3, photometric: 'MONOCHROME2', bits: 16, stored: 12, signed: true }, 0xf800],
  ];
  for (const [spec, black] of cases) {
    const ds = image(spec, 1000);
    await blankPixels(ds, EXPLICIT_VR_LE, [region]);
    const px = ds.bytes('PixelData')!;
    const words = Array.from({ length: 6 }, (_, i) => px.readUInt16LE(i * 2));
    assert.deepEqual(words, [black, black, 1000, 1000, 1000, 1000], JSON.stringify(spec));
  }
});

test('YBR_FULL is blanked to no-colour black; colour-by-plane data plane by plane', async () => {
  const ybr = image({ rows: 1, columns: 2, photometric: 'YBR_FULL', samples: 3 }, 50);
  await blankPixels(ybr, EXPLICIT_VR_LE, [{ x: 1, y: 0, width: 1, height: 1 }]);
  assert.deepEqual([...ybr.bytes('PixelData')!], [50, 50, 50, 0, 128, 128]);
  const planar = image({ rows: 2, columns: 2, photometric: 'YBR_FULL', samples: 3, planar: 1 }, 50);
  await blankPixels(planar, EXPLICIT_VR_LE, [{ x: 0, y: 1, width: 2, height: 1 }]);
  // Y plane, Cb plane, Cr plane; the bottom row of each is blanked.
  assert.deepEqual([...planar.bytes('PixelData')!], [50, 50, 0, 0, 50, 50, 128, 128, 50, 50, 128, 128]);
});

test('every frame of a multi-frame image is blanked', async () => {
  const ds = image({ rows: 2, columns: 2, photometric: 'MONOCHROME2', frames: 3 }, 9);
  await blankPixels(ds, EXPLICIT_VR_LE, [{ x: 1, y: 0, width: 1, height: 2 }]);
  assert.deepEqual([...ds.bytes('PixelData')!], [9, 0, 9, 0, 9, 0, 9, 0, 9, 0, 9, 0]);
});

test('regions apply to their image size and are clipped to the image; one wholly outside is refused', async () => {
  const ds = image({ rows: 2, columns: 2, photometric: 'MONOCHROME2' }, 9);
  assert.equal(await blankPixels(ds, EXPLICIT_VR_LE, [{ x: 0, y: 0, width: 1, height: 1, imageSize: { columns: 1024, rows: 768 } }]), undefined);
  assert.deepEqual([...ds.bytes('PixelData')!], [9, 9, 9, 9], 'a region for another image size leaves this one alone');
  assert.equal(await blankPixels(ds, EXPLICIT_VR_LE, [{ x: 1, y: 0, width: 5, height: 1, imageSize: { columns: 2, rows: 2 } }]), EXPLICIT_VR_LE);
  assert.deepEqual([...ds.bytes('PixelData')!], [9, 0, 9, 9], 'clipped at the right edge');
  await assert.rejects(blankPixels(ds, EXPLICIT_VR_LE, [{ x: 2, y: 0, width: 2, height: 1 }]), /lies outside the 2x2 image/);
});

test('palettes and other compressed data are refused', async () => {
  const palette = image({ rows: 2, columns: 2, photometric: 'PALETTE COLOR' }, 9);
  await assert.rejects(blankPixels(palette, EXPLICIT_VR_LE, [{ x: 0, y: 0, width: 1, height: 1 }]), /cannot blank PALETTE COLOR/);
  const j2k = image({ rows: 2, columns: 2, photometric: 'MONOCHROME2' }, 9);
  j2k.set('PixelData', new Encapsulated(Buffer.alloc(0), [Buffer.from([0xff, 0x4f, 0xff, 0x51])]), 'OB');
  await assert.rejects(
    blankPixels(j2k, '1.2.840.10008.1.2.4.90', [{ x: 0, y: 0, width: 1, height: 1 }]),
    (e: unknown) => e instanceof DicomError && e.code === 'UNSUPPORTED_TRANSFER_SYNTAX' && /JPEG 2000.*cannot be cleaned/.test(e.message),
  );
});

test('JPEG baseline is decoded, blanked and re-encoded, and the further loss is recorded', async () => {
  const width = 64;
  const height = 48;
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) raw.set([200, 90 + (i % width), 140], i * 3);
  const encoded = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  const frame = encoded.length % 2 ? Buffer.concat([encoded, Buffer.alloc(1)]) : encoded;
  const ds = image({ rows: height, columns: width, photometric: 'YBR_FULL_422', samples: 3, frames: 2 }, 0);
  ds.set('PixelData', new Encapsulated(Buffer.alloc(0), [frame, frame]), 'OB');
  ds.set('LossyImageCompression', '01');
  ds.set('LossyImageCompressionRatio', '12.5');
  ds.set('LossyImageCompressionMethod', 'ISO_10918_1');
  const region = { x: 0, y: 0, width: 24, height: 16 };

  assert.equal(await blankPixels(ds, JPEG_BASELINE, [region]), JPEG_BASELINE);
  assert.equal(ds.getString('PhotometricInterpretation'), 'YBR_FULL_422');
  assert.equal(ds.getString('LossyImageCompression'), '01');
  assert.equal(ds.getStrings('LossyImageCompressionRatio').length, 2);
  assert.equal(ds.getStrings('LossyImageCompressionRatio')[0], '12.5');
  assert.deepEqual(ds.getStrings('LossyImageCompressionMethod'), ['ISO_10918_1', 'ISO_10918_1']);
  const fragments = (ds.get('PixelData') as Encapsulated).fragments as Buffer[];
  assert.equal(fragments.length, 2, 'one fragment per frame');
  for (const fragment of fragments) {
    const { data } = await sharp(fragment).raw().toBuffer({ resolveWithObject: true });
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (y * width + x) * 3;
        const got = [...data.subarray(at, at + 3)];
        // JPEG rings across the region's edge; away from it the region is black and the rest as it was.
        const margin = { x: region.x - 8, y: region.y - 8, width: region.width + 16, height: region.height + 16 };
        const core = { x: 0, y: 0, width: region.width - 4, height: region.height - 4 };
        if (inside(x, y, core)) assert.ok(got.every((v) => v <= 12), `pixel ${x},${y} is ${got}, not black`);
        else if (!inside(x, y, margin)) {
          const want = [...raw.subarray(at, at + 3)];
          assert.ok(got.every((v, i) => Math.abs(v - want[i]!) <= 12), `pixel ${x},${y} is ${got}, was ${want}`);
        }
      }
    }
  }
});

test('gray JPEG stays gray: one sample per pixel, and MONOCHROME1 blanked to its white-is-black value', async () => {
  const width = 32;
  const height = 24;
  const encoded = await sharp(Buffer.alloc(width * height, 100), { raw: { width, height, channels: 1 } }).toColourspace('b-w').jpeg().toBuffer();
  const ds = image({ rows: height, columns: width, photometric: 'MONOCHROME1' }, 0);
  ds.set('PixelData', new Encapsulated(Buffer.alloc(0), [encoded.length % 2 ? Buffer.concat([encoded, Buffer.alloc(1)]) : encoded]), 'OB');
  await blankPixels(ds, JPEG_BASELINE, [{ x: 0, y: 0, width: 16, height: 16 }]);
  assert.equal(ds.getString('PhotometricInterpretation'), 'MONOCHROME1');
  assert.equal(ds.getNumber('SamplesPerPixel'), 1);
  const fragment = (ds.get('PixelData') as Encapsulated).fragments[0] as Buffer;
  assert.equal((await sharp(fragment).metadata()).channels, 1, 'a one-component JPEG');
  const { data } = await sharp(fragment).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  assert.ok(data[0]! >= 243, `MONOCHROME1 black is the largest value, got ${data[0]}`);
  assert.ok(Math.abs(data[height * width - 1]! - 100) <= 6, 'outside the region as it was');
});
