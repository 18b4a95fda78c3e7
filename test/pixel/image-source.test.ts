import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import exifr from 'exifr';
import sharp from 'sharp';
import { loadPixels, probeImage, type NativePixels } from '../../src/pixel/image-source.js';
import type { DicomError } from '../../src/core/errors.js';
import { ReusableMemory } from '../../src/io/reusable-memory.js';
import { sniffImageFormat } from '../../src/pixel/image-format.js';
import { rawImage, tempDir, testPixels } from '../tbp/tools.js';
import { NETPBM, iccDescription, netpbmSamples } from './tools.js';

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

test('a JPEG that changed after it was probed is refused, not embedded; its bytes can go to lent memory', async () => {
  const file = join(dir, 'changing.jpg');
  await rawImage(40, 30).jpeg().toFile(file);
  const probe = await probeImage(file);
  const memory = new ReusableMemory();
  const pixels = await memory.lend((allocate) => loadPixels(probe, { allocate }).then((p) => p.kind === 'jpeg' && Buffer.from(p.bytes)));
  assert.ok(pixels && pixels.equals(readFileSync(file)));
  await rawImage(40, 30).jpeg({ quality: 50 }).toFile(file);
  await assert.rejects(loadPixels(probe), (e: DicomError) => e.file === file && /changed after it was checked/.test(e.message));
});

test('a PNG removed after it was probed is an IO error saying so, not an image that does not decode', async () => {
  const file = join(dir, 'vanishing.png');
  await rawImage(8, 8).png().toFile(file);
  const probe = await probeImage(file);
  rmSync(file);
  await assert.rejects(loadPixels(probe), (e: DicomError) => e.code === 'IO' && e.file === file && /removed or moved after it was checked/.test(e.message));
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

/** A PNG chunk: length, type, data and CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 4 + body.length);
  return out;
}

/** An APNG of two frames: a still PNG's image as the first (its IDAT) and again as the second (fdAT). */
function apng(still: Buffer): Buffer {
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < still.length; at += 12 + still.readUInt32BE(at)) {
    chunks.push({ type: still.toString('latin1', at + 4, at + 8), data: still.subarray(at + 8, at + 8 + still.readUInt32BE(at)) });
  }
  const ihdr = chunks.find((c) => c.type === 'IHDR')!.data;
  const frame = (sequence: number): Buffer => {
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(sequence, 0);
    ihdr.copy(fctl, 4, 0, 8); // width, height; offsets 0; delay 0/0; dispose and blend 0
    return pngChunk('fcTL', fctl);
  };
  const idat = chunks.filter((c) => c.type === 'IDAT').map((c) => c.data);
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(2, 0);
  return Buffer.concat([
    still.subarray(0, 8), pngChunk('IHDR', ihdr), pngChunk('acTL', actl), frame(0), ...idat.map((d) => pngChunk('IDAT', d)),
    frame(1), ...idat.map((d, i) => pngChunk('fdAT', Buffer.concat([Buffer.from([0, 0, 0, 2 + i]), d]))), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

test('an animated PNG (APNG) gives its default image, with a warning that the other frames are left out', async () => {
  const file = join(dir, 'animated.png');
  writeFileSync(file, apng(await rawImage(12, 8).png().toBuffer()));
  const pixels = await native(file);
  assert.match(pixels.probe.warnings.join(), /the PNG is animated \(APNG, 2 frames\): only its default image.* is imported/);
  assert.ok(pixels.data.equals(testPixels(12, 8)));
  const still = join(dir, 'still.png');
  await rawImage(12, 8).png().toFile(still);
  assert.deepEqual((await probeImage(still)).warnings, []);
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

test('the probe reads camera EXIF as typed values and an ISO date', async () => {
  const file = join(dir, 'exif.jpg');
  await rawImage(16, 16).jpeg().withExif({
    IFD0: { Make: 'Canon', Model: 'EOS R5' },
    IFD2: {
      ExposureTime: '1/125', FNumber: '8', ISOSpeedRatings: '400', FocalLength: '35', WhiteBalance: '1', Flash: String(0x59),
      DateTimeOriginal: '2024:09:01 12:05:00',
    },
  }).toFile(file);
  const { exif } = await probeImage(file);
  assert.equal(exif?.make, 'Canon');
  assert.equal(exif?.model, 'EOS R5');
  assert.equal(exif?.exposureTime, 0.008);
  assert.equal(exif?.fNumber, 8);
  assert.equal(exif?.iso, 400);
  assert.equal(exif?.focalLength, 35);
  assert.equal(exif?.whiteBalance, 1);
  assert.equal(exif?.flash, 0x59, 'the Flash bit field as recorded');
  assert.equal(exif?.dateTimeOriginal, '2024-09-01T12:05:00');
  const plain = join(dir, 'no-exif.png');
  await rawImage(8, 8).png().toFile(plain);
  assert.equal((await probeImage(plain)).exif, undefined);
});

const native = async (file: string): Promise<NativePixels> => {
  const pixels = await loadPixels(await probeImage(file));
  assert.equal(pixels.kind, 'native');
  return pixels as NativePixels;
};

test('an RGB PNG or TIFF with a Display P3 profile keeps its samples as encoded, and its profile', async () => {
  for (const ext of ['png', 'tiff'] as const) {
    const file = join(dir, `p3.${ext}`);
    const p3 = rawImage(48, 32, 3).withIccProfile('p3');
    await (ext === 'png' ? p3.png() : p3.tiff({ compression: 'lzw' })).toFile(file);
    const embedded = (await sharp(file).metadata()).icc!;
    const pixels = await native(file);
    assert.ok(pixels.probe.iccProfile?.equals(embedded), `${ext}: the file's own profile`);
    assert.match(iccDescription(pixels.probe.iccProfile!), /P3/);
    assert.equal(pixels.probe.toSrgb, undefined);
    // sharp's default decoding converts to sRGB: the stored samples must not be those.
    const converted = await sharp(file).toColourspace('srgb').raw().toBuffer();
    assert.ok(!pixels.data.equals(converted), `${ext}: not converted to sRGB`);
    assert.ok(pixels.data.equals(await sharp(file, { ignoreIcc: true }).raw().toBuffer()), ext);
    if (NETPBM) assert.ok(pixels.data.equals(netpbmSamples(file)), `${ext}: the samples netpbm reads`);
  }
});

test('a 16-bit PNG tagged sRGB is reduced to 8 bits, not colour-converted', async () => {
  const file = join(dir, 'wide.png');
  await rawImage(40, 24, 5).toColourspace('rgb16').withIccProfile('srgb').png().toFile(file);
  const pixels = await native(file);
  assert.equal(iccDescription(pixels.probe.iccProfile!), 'sRGB');
  assert.match(pixels.probe.warnings.join(), /reduced to 8 bits/);
  // sharp converts 16-bit input from its profile to Display P3, then reduces: not the samples of the file.
  assert.ok(!pixels.data.equals(await sharp(file).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer()));
  if (NETPBM) assert.ok(pixels.data.equals(netpbmSamples(file)), 'the high byte of each sample');
});

test('16-bit grey PNG and TIFF (with alpha too) are reduced to the high byte of each sample, as 16-bit RGB ones are', async () => {
  // Every 16-bit value from 0 to 65535 in steps of 7, so each possible high byte and the values at its edges occur.
  const samples = Uint16Array.from({ length: 64 * 147 }, (_, i) => (i * 7) % 65536);
  const highBytes = Buffer.from(samples.map((v) => v >> 8));
  const grey16 = (channels: 1 | 2) => {
    const data = channels === 1 ? samples : Uint16Array.from({ length: samples.length * 2 }, (_, i) => (i % 2 ? 40000 : samples[i >> 1]!));
    return sharp(data, { raw: { width: 64, height: 147, channels } }).toColourspace('grey16');
  };
  const tiff = stripTiff([[256, [64]], [257, [147]], [258, [16]], [259, [1]], [262, [1]], [277, [1]], [278, [147]]], Buffer.from(samples.buffer));
  for (const [name, image] of [['g16.png', grey16(1).png()], ['g16.tif', tiff], ['ga16.png', grey16(2).png()]] as const) {
    const file = join(dir, name);
    if (Buffer.isBuffer(image)) writeFileSync(file, image);
    else await image.toFile(file);
    const pixels = await native(file);
    assert.equal(pixels.photometric, 'MONOCHROME2', name);
    assert.match(pixels.probe.warnings.join(), /reduced to 8 bits/, name);
    assert.ok(pixels.data.equals(highBytes), name);
  }
});

/** The PNG with a chunk put in after IHDR (which ends at byte 33). */
const withChunk = (png: Buffer, type: string, data: Buffer): Buffer => Buffer.concat([png.subarray(0, 33), pngChunk(type, data), png.subarray(33)]);

test('16-bit PNG samples held unscaled in their low bits: sBIT gives the bits to keep; without it, a warning says the image is nearly black', async () => {
  // A 12-bit sensor's values, 0 to 4095, in the low bits of 16-bit samples (as written without scaling them up).
  const twelve = Uint16Array.from({ length: 64 * 64 }, (_, i) => i);
  const topEight = Buffer.from(twelve.map((v) => v >> 4));
  const grey = await sharp(twelve, { raw: { width: 64, height: 64, channels: 1 } }).toColourspace('grey16').png().toBuffer();
  const rgb = await sharp(Uint16Array.from({ length: 64 * 64 * 3 }, (_, i) => twelve[Math.floor(i / 3)]!), { raw: { width: 64, height: 64, channels: 3 } })
    .toColourspace('rgb16').png().toBuffer();
  for (const [name, png, bits, expected] of [
    ['grey12.png', grey, [12], topEight],
    ['rgb12.png', rgb, [12, 12, 12], Buffer.from([...topEight].flatMap((v) => [v, v, v]))],
  ] as const) {
    const file = join(dir, name);
    writeFileSync(file, withChunk(png, 'sBIT', Buffer.from(bits)));
    const pixels = await native(file);
    assert.ok(pixels.data.equals(expected), `${name}: the top 8 of the 12 significant bits`);
    assert.match(pixels.probe.warnings.join(), /12 significant bits \(sBIT\) held in the low bits, not scaled to 16 as PNG asks: they are reduced to 8 bits, the top 8 of the 12/, name);
  }
  // Without sBIT nothing says how many bits count: the high byte is kept, and the warning says what that makes.
  const bare = join(dir, 'grey12-bare.png');
  writeFileSync(bare, grey);
  const pixels = await native(bare);
  assert.ok(pixels.data.equals(Buffer.from(twelve.map((v) => v >> 8))));
  assert.match(pixels.probe.warnings.join('\n'), /^the 16-bit samples use only the low 12 bits \(the largest is 4095\), and the file does not say how many bits are significant: their high bytes are at most 15, a nearly black image; scale the samples to 16 bits, or give the PNG an sBIT chunk/m);
  // Samples scaled up to 16 bits as PNG asks, with sBIT 12: the high byte is their top 8 bits.
  const scaled = Uint16Array.from(twelve, (v) => (v << 4) | (v >> 8));
  const proper = join(dir, 'grey12-scaled.png');
  writeFileSync(proper, withChunk(await sharp(scaled, { raw: { width: 64, height: 64, channels: 1 } }).toColourspace('grey16').png().toBuffer(), 'sBIT', Buffer.from([12])));
  const kept = await native(proper);
  assert.ok(kept.data.equals(topEight));
  assert.doesNotMatch(kept.probe.warnings.join(), /low bits|nearly black/);
});

test('a 16-bit PNG whose compressed data is damaged is refused as an image that does not decode, when probed', async () => {
  const png = Buffer.from(await sharp(Uint16Array.from({ length: 64 * 64 }, (_, i) => i * 16), { raw: { width: 64, height: 64, channels: 1 } })
    .toColourspace('grey16').png().toBuffer());
  // The first IDAT's zlib stream overwritten, its CRC made right: the chunks are intact, the pixels are not.
  const at = png.indexOf('IDAT', 8, 'latin1');
  const length = png.readUInt32BE(at - 4);
  png.fill(0x5a, at + 6, at + length);
  png.writeUInt32BE(crc32(png.subarray(at, at + 4 + length)), at + 4 + length);
  const file = join(dir, 'damaged16.png');
  writeFileSync(file, png);
  await assert.rejects(probeImage(file), (e: DicomError) => e.code === 'BAD_VALUE' && e.file === file && /^the PNG image does not decode: /.test(e.message));
});

test('a PNG\'s gAMA or cHRM other than sRGB\'s, and a grey PNG\'s ICC profile, which the object cannot carry, are said in a warning', async () => {
  const colour = await rawImage(16, 16).png().toBuffer();
  const grey = await rawImage(16, 16).toColourspace('b-w').png().toBuffer();
  const u32 = (...values: number[]): Buffer => Buffer.concat(values.map((v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; }));
  const srgbChromaticities = u32(31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000);
  const iccp = Buffer.concat([Buffer.from('icc\0\0', 'latin1'), deflateSync((await sharp(await rawImage(4, 4).withIccProfile('p3').png().toBuffer()).metadata()).icc!)]);
  const warningsOf = async (name: string, png: Buffer): Promise<string> => {
    writeFileSync(join(dir, name), png);
    return (await native(join(dir, name))).probe.warnings.join('\n');
  };
  assert.equal(await warningsOf('linear.png', withChunk(colour, 'gAMA', u32(100000))),
    'the PNG\'s gAMA (1) describes colours other than sRGB\'s, which are neither applied nor carried (DICOM describes colour by an ICC profile only): viewers show the samples as sRGB; embed an ICC profile (iCCP) in the PNG to keep its colours');
  assert.match(await warningsOf('wide-primaries.png', withChunk(withChunk(colour, 'cHRM', u32(31270, 32900, 70800, 29200, 17000, 79700, 13100, 4600)), 'gAMA', u32(45455))),
    /^the PNG's gAMA \(0\.45455\) and cHRM \(primaries and white point\) describe colours other than sRGB's/);
  // sRGB's own gamma and primaries, as many writers add them, and a colour profile (carried) say nothing.
  assert.equal(await warningsOf('srgb-like.png', withChunk(withChunk(colour, 'cHRM', srgbChromaticities), 'gAMA', u32(45455))), '');
  const profiled = join(dir, 'profiled.png');
  writeFileSync(profiled, withChunk(withChunk(colour, 'iCCP', iccp), 'gAMA', u32(100000)));
  const carried = await native(profiled);
  assert.deepEqual([carried.probe.warnings, iccDescription(carried.probe.iccProfile!)], [[], 'sP3C']);
  assert.equal(await warningsOf('grey-profiled.png', withChunk(grey, 'iCCP', iccp)),
    'the PNG\'s ICC profile (iCCP) is left out: grey samples are stored as encoded, and the object carries no profile');
});

test('colour samples declared sRGB without a profile (a PNG\'s sRGB chunk, EXIF ColorSpace 1) carry sRGB\'s; undeclared ones none', async () => {
  const probeOf = async (name: string, image: Buffer): Promise<{ icc?: string; colorSpace?: string }> => {
    writeFileSync(join(dir, name), image);
    const { iccProfile, colorSpace } = await probeImage(join(dir, name));
    return { ...(iccProfile && { icc: iccDescription(iccProfile) }), ...(colorSpace && { colorSpace }) };
  };
  const png = await rawImage(16, 16).png().toBuffer();
  const srgb = { icc: 'sRGB', colorSpace: 'SRGB' };
  assert.deepEqual(await probeOf('srgb-chunk.png', withChunk(png, 'sRGB', Buffer.from([0]))), srgb);
  assert.deepEqual(await probeOf('exif-srgb.jpg', await rawImage(16, 16).withExif({ IFD2: { ColorSpace: '1' } }).jpeg().toBuffer()), srgb);
  // Uncalibrated (0xFFFF, as Adobe RGB files without a profile say), or nothing said: no profile is made up.
  assert.deepEqual(await probeOf('exif-uncalibrated.jpg', await rawImage(16, 16).withExif({ IFD2: { ColorSpace: '65535' } }).jpeg().toBuffer()), {});
  assert.deepEqual(await probeOf('plain.png', png), {});
  assert.deepEqual(await probeOf('plain.jpg', await rawImage(16, 16).jpeg().toBuffer()), {});
  // A profile the file embeds is the one carried, with no Color Space named for it.
  const p3 = await probeOf('p3-exif-srgb.jpg', await rawImage(16, 16).withIccProfile('p3').withExif({ IFD2: { ColorSpace: '1' } }).jpeg().toBuffer());
  assert.deepEqual(p3, { icc: 'sP3C' });
});

test('a camera image its EXIF says is Adobe RGB (ColorSpace 0xFFFF with Interoperability Index R03) but that embeds no profile is said to be; with a profile, or another index, it is not', async () => {
  const adobe = { IFD2: { ColorSpace: '65535' }, IFD4: { InteroperabilityIndex: 'R03' } };
  const warned = async (name: string, image: Buffer): Promise<string[]> => {
    writeFileSync(join(dir, name), image);
    const probe = await probeImage(join(dir, name));
    assert.equal(probe.iccProfile, undefined, name);
    return probe.warnings;
  };
  const said = [`the image is Adobe RGB by its EXIF (ColorSpace 0xFFFF, Uncalibrated, with Interoperability Index R03, a DCF option file) but embeds no ICC profile, and DICOM names a colour space only by one: the object carries none, so viewers will show it as sRGB, its colours duller; to keep them, embed an Adobe RGB (1998) profile in the file first (exiftool "-ICC_Profile<=AdobeRGB1998.icc", an image editor)`];
  assert.deepEqual(await warned('camera-adobe.jpg', await rawImage(16, 16).withExif(adobe).jpeg().toBuffer()), said);
  assert.deepEqual(await warned('camera-adobe.png', await rawImage(16, 16).withExif(adobe).png().toBuffer()), said);
  assert.match((await warned('nikon-adobe.jpg', await rawImage(16, 16).withExif({ IFD2: { ColorSpace: '2' } }).jpeg().toBuffer()))[0]!, /^the image is Adobe RGB by its EXIF \(ColorSpace 2\)/);
  const r98 = { IFD2: { ColorSpace: '65535' }, IFD4: { InteroperabilityIndex: 'R98' } };
  assert.deepEqual(await warned('uncalibrated-r98.jpg', await rawImage(16, 16).withExif(r98).jpeg().toBuffer()), []);
  const profiled = join(dir, 'adobe-profiled.jpg');
  writeFileSync(profiled, await rawImage(16, 16).withIccProfile('p3').withExif(adobe).jpeg().toBuffer());
  assert.deepEqual((await probeImage(profiled)).warnings, []);
});

test('a JPEG declaring sRGB (EXIF ColorSpace 1, as camera files do) gets its profile without loading sharp', async () => {
  // sharp, a native addon, takes ~100 ms to load, which a JPEG embedded unread would otherwise pay (create, import).
  const file = join(dir, 'camera-srgb.jpg');
  writeFileSync(file, await rawImage(16, 16).withExif({ IFD2: { ColorSpace: '1' } }).jpeg().toBuffer());
  const module = new URL('../../src/pixel/image-source.js', import.meta.url).href;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { createRequire } from 'node:module';
    const { probeImage } = await import(${JSON.stringify(module)});
    const probe = await probeImage(${JSON.stringify(file)});
    const sharpLoaded = Object.keys(createRequire(${JSON.stringify(module)}).cache).some((m) => m.includes('/node_modules/sharp/'));
    console.log(JSON.stringify({ colorSpace: probe.colorSpace, profileBytes: probe.iccProfile?.length, sharpLoaded }));
  `], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { colorSpace: 'SRGB', profileBytes: 480, sharpLoaded: false });
});

test('a CMYK TIFF is converted to sRGB through its profile and labelled sRGB, not with the CMYK profile', async () => {
  const file = join(dir, 'cmyk.tiff');
  await rawImage(32, 24, 9).withIccProfile('cmyk').tiff({ compression: 'lzw' }).toFile(file);
  const meta = await sharp(file).metadata();
  assert.deepEqual([meta.space, meta.channels, meta.icc!.toString('latin1', 16, 20)], ['cmyk', 4, 'CMYK'], 'the fixture');
  const pixels = await native(file);
  const icc = pixels.probe.iccProfile!;
  assert.equal(icc.toString('latin1', 16, 20), 'RGB ', 'an RGB profile');
  assert.equal(iccDescription(icc), 'sRGB');
  assert.equal(pixels.probe.toSrgb, true);
  assert.deepEqual(pixels.probe.warnings, ["CMYK samples are converted to sRGB; the object carries an sRGB ICC profile, not the file's"]);
  assert.equal(pixels.photometric, 'RGB');
  // The samples are sharp's conversion through the embedded profile into the sRGB profile now attached.
  assert.ok(pixels.data.equals(await sharp(file).toColourspace('srgb').raw().toBuffer()));
});

/** Where stored pixel (r, c) of a w×h image shows when turned upright per EXIF Orientation o (TIFF 6.0 tag 274). */
function upright(o: number, w: number, h: number, r: number, c: number): [number, number] {
  switch (o) {
    case 2: return [r, w - 1 - c];
    case 3: return [h - 1 - r, w - 1 - c];
    case 4: return [h - 1 - r, c];
    case 5: return [c, r];
    case 6: return [c, h - 1 - r];
    case 7: return [w - 1 - c, h - 1 - r];
    case 8: return [w - 1 - c, r];
    default: return [r, c];
  }
}

test('PNG and TIFF with EXIF Orientation 2-8 are turned upright, with a warning; 5-8 swap rows and columns', async () => {
  const [w, h] = [7, 4];
  const stored = testPixels(w, h, 11);
  for (const ext of ['png', 'tiff'] as const) {
    for (let o = 1; o <= 8; o++) {
      const file = join(dir, `turn${o}.${ext}`);
      const image = rawImage(w, h, 11).withMetadata({ orientation: o });
      await (ext === 'png' ? image.png() : image.tiff({ compression: 'lzw' })).toFile(file);
      const pixels = await native(file);
      const what = `${ext} orientation ${o}`;
      const [cols, rows] = o >= 5 ? [h, w] : [w, h];
      assert.deepEqual([pixels.probe.columns, pixels.probe.rows], [cols, rows], what);
      const expected = Buffer.alloc(stored.length);
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const [y, x] = upright(o, w, h, r, c);
          stored.copy(expected, (y * cols + x) * 3, (r * w + c) * 3, (r * w + c) * 3 + 3);
        }
      }
      assert.ok(pixels.data.equals(expected), what);
      const warning = pixels.probe.warnings.find((m) => m.includes('Orientation'));
      if (o === 1) assert.equal(warning, undefined, what);
      else assert.match(warning ?? '', new RegExp(`^EXIF Orientation ${o} \\(.+ to view\\) is applied: the pixels are turned and stored upright$`), what);
    }
  }
});

test('a JPEG with EXIF Orientation is embedded as stored, with a warning that names the orientation', async () => {
  const file = join(dir, 'turned.jpg');
  await rawImage(40, 30).withMetadata({ orientation: 6 }).jpeg().toFile(file);
  const probe = await probeImage(file);
  assert.deepEqual([probe.columns, probe.rows], [40, 30], 'as stored');
  assert.deepEqual(probe.warnings, [
    'EXIF Orientation 6 (rotate 90° clockwise to view) is not applied: the JPEG is embedded unchanged, so viewers show it as stored, not upright',
  ]);
  const pixels = await loadPixels(probe);
  assert.ok(pixels.kind === 'jpeg' && pixels.bytes.equals(readFileSync(file)));
  const plain = join(dir, 'plain.jpg');
  await rawImage(40, 30).withMetadata({ orientation: 1 }).jpeg().toFile(plain);
  assert.deepEqual((await probeImage(plain)).warnings, []);
});

test('a JPEG followed by a second image (MPO, HDR gain map) or other bytes is embedded up to its EOI, with a warning', async () => {
  const [first, second] = await Promise.all([rawImage(40, 30).jpeg().toBuffer(), rawImage(20, 15).jpeg().toBuffer()]);
  // A comment of 1 or 2 bytes makes the stream odd or even in length: an odd one is padded over the first byte after it.
  for (const n of [1, 2]) {
    const stream = Buffer.concat([first.subarray(0, 2), Buffer.from([0xff, 0xfe, 0, n + 2, ...Buffer.alloc(n, 0x41)]), first.subarray(2)]);
    for (const [after, said] of [[second, 'a second image, as an MPO or HDR gain map file has'], [Buffer.from('maker trailer'), 'no part of the image']] as const) {
      const file = join(dir, 'followed.jpg');
      writeFileSync(file, Buffer.concat([stream, after]));
      const probe = await probeImage(file);
      assert.deepEqual(probe.warnings, [`${after.length} bytes after the JPEG end marker (${said}) are left out`]);
      const pixels = await loadPixels(probe);
      assert.ok(pixels.kind === 'jpeg' && pixels.bytes.equals(stream), 'the stream, SOI to EOI');
      assert.ok(pixels.kind === 'jpeg' && pixels.even.equals(stream.length % 2 ? Buffer.concat([stream, Buffer.alloc(1)]) : stream), 'padded with one 0x00');
    }
  }
});

/** The size of a classic TIFF's first page's compressed data, as exifr reads it (strip or tile byte counts). */
async function compressedSize(file: string): Promise<number> {
  const ifd = await exifr.parse(readFileSync(file), { tiff: true, pick: [279, 325], translateKeys: false, translateValues: false });
  const counts: unknown = ifd[325] ?? ifd[279];
  return typeof counts === 'number' ? counts : (Object.values(counts as object) as number[]).reduce((a, b) => a + b, 0);
}

test('a JPEG-compressed TIFF is lossy: ISO_10918_1, ratio over its compressed data; WebP too, without a method; LZW is not', async () => {
  const jpeg = join(dir, 'lossy.tiff');
  await rawImage(64, 48).tiff({ compression: 'jpeg', quality: 70 }).toFile(jpeg);
  const pixels = await native(jpeg);
  assert.equal(pixels.probe.size, statSync(jpeg).size);
  assert.deepEqual(pixels.probe.lossy, { method: 'ISO_10918_1', ratio: (64 * 48 * 3) / (await compressedSize(jpeg)) });
  assert.ok(pixels.data.equals(await sharp(jpeg).raw().toBuffer()), 'the decoded JPEG samples');
  // A 1 MB CMYK profile makes up most of this file: the ratio is the image data's, not the file's.
  const profiled = join(dir, 'lossy-cmyk.tiff');
  await rawImage(64, 48).withIccProfile('cmyk').tiff({ compression: 'jpeg', tile: true, tileWidth: 16, tileHeight: 16 }).toFile(profiled);
  const ratio = (64 * 48 * 3) / (await compressedSize(profiled));
  assert.ok(statSync(profiled).size > 900_000 && ratio > 1);
  assert.deepEqual((await probeImage(profiled)).lossy, { method: 'ISO_10918_1', ratio });
  const webp = join(dir, 'lossy-webp.tiff');
  await rawImage(64, 48).tiff({ compression: 'webp' }).toFile(webp);
  assert.deepEqual((await probeImage(webp)).lossy, { method: undefined, ratio: (64 * 48 * 3) / (await compressedSize(webp)) });
  const lzw = join(dir, 'lossless.tiff');
  await rawImage(64, 48).tiff({ compression: 'lzw' }).toFile(lzw);
  assert.equal((await probeImage(lzw)).lossy, undefined);
});

test('a lossy JPEG has its method and ratio (decoded size over coded data, first scan to EOI) in its probe', async () => {
  const file = join(dir, 'ratio.jpg');
  await rawImage(40, 30).jpeg({ quality: 80 }).toFile(file);
  const bytes = readFileSync(file);
  const coded = bytes.length - bytes.indexOf(Buffer.from([0xff, 0xda]));
  assert.deepEqual((await probeImage(file)).lossy, { method: 'ISO_10918_1', ratio: (40 * 30 * 3) / coded });
  // metadata is not compressed image: 20 KB of EXIF leave the ratio as it was
  const bloated = join(dir, 'ratio-exif.jpg');
  await rawImage(40, 30).jpeg({ quality: 80 }).withExif({ IFD0: { ImageDescription: 'x'.repeat(20_000) } }).toFile(bloated);
  assert.ok(statSync(bloated).size > 20_000);
  assert.deepEqual((await probeImage(bloated)).lossy, { method: 'ISO_10918_1', ratio: (40 * 30 * 3) / coded });
});

/**
 * An uncompressed little-endian TIFF of one strip holding `samples`, with the given fields ([tag, values], all SHORT,
 * sorted by tag) besides the strip's own.
 */
function stripTiff(fields: [number, number[]][], samples: Buffer): Buffer {
  const all: [number, number, number[]][] = [...fields.map(([tag, values]): [number, number, number[]] => [tag, 3, values]), [273, 4, [0]], [279, 4, [samples.length]]];
  all.sort((a, b) => a[0] - b[0]);
  const ifdEnd = 10 + all.length * 12 + 4;
  const outOfLine = all.reduce((sum, [, , values]) => sum + (values.length > 2 ? values.length * 2 : 0), 0);
  const buf = Buffer.alloc(ifdEnd + outOfLine + samples.length);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(8, 4);
  buf.writeUInt16LE(all.length, 8);
  let next = ifdEnd;
  all.forEach(([tag, type, values], i) => {
    const at = 10 + i * 12;
    buf.writeUInt16LE(tag, at);
    buf.writeUInt16LE(type, at + 2);
    buf.writeUInt32LE(values.length, at + 4);
    if (tag === 273) buf.writeUInt32LE(ifdEnd + outOfLine, at + 8);
    else if (type === 4) buf.writeUInt32LE(values[0]!, at + 8);
    else if (values.length <= 2) values.forEach((v, j) => buf.writeUInt16LE(v, at + 8 + 2 * j));
    else {
      buf.writeUInt32LE(next, at + 8);
      values.forEach((v) => (next = buf.writeUInt16LE(v, next)));
    }
  });
  samples.copy(buf, ifdEnd + outOfLine);
  return buf;
}

/** A 2×2 grey TIFF of 32-bit floating-point samples (SampleFormat 3). */
function floatTiff(): Buffer {
  const samples = Buffer.alloc(16);
  [0, 0.25, 0.5, 1].forEach((v, i) => samples.writeFloatLE(v, 4 * i));
  return stripTiff([[256, [2]], [257, [2]], [258, [32]], [259, [1]], [262, [1]], [277, [1]], [278, [2]], [339, [3]]], samples);
}

test('a YCbCr TIFF without JPEG compression is refused, naming the file, not stored with its Y, Cb and Cr as R, G and B', async () => {
  const file = join(dir, 'ycbcr.tif');
  // As PIL writes one: 8-bit YCbCr, no subsampling, uncompressed.
  const fields: [number, number[]][] = [[256, [4]], [257, [2]], [258, [8, 8, 8]], [259, [1]], [262, [6]], [277, [3]], [278, [2]], [530, [1, 1]]];
  writeFileSync(file, stripTiff(fields, Buffer.alloc(4 * 2 * 3, 128)));
  await assert.rejects(probeImage(file), (e: DicomError) => e.file === file && /TIFF samples are YCbCr without JPEG compression \(Compression 1\).*convert the image to RGB/.test(e.message));
  // JPEG-compressed YCbCr (as libtiff and sharp write it) decodes to RGB.
  const jpeg = join(dir, 'ycbcr-jpeg.tif');
  await rawImage(16, 16).tiff({ compression: 'jpeg' }).toFile(jpeg);
  assert.equal((await native(jpeg)).photometric, 'RGB');
});

test('32-bit and floating-point samples are refused (no range says which value is white); 16-bit ones are reduced', async () => {
  const float = join(dir, 'float.tif');
  writeFileSync(float, floatTiff());
  await assert.rejects(probeImage(float), (e: DicomError) => e.file === float && /TIFF samples are float: only 8- and 16-bit integer samples are imported/.test(e.message));
});

test('signed 8- and 16-bit TIFF samples (SampleFormat 2) are refused, naming the file, not clipped to their dark half', async () => {
  for (const bits of [8, 16]) {
    const file = join(dir, `signed${bits}.tif`);
    // -1, 0, 1 and the largest: as unsigned samples, -1 went black and the largest 127, half way to white.
    const samples = Buffer.alloc(4 * (bits / 8));
    [-1, 0, 1, 2 ** (bits - 1) - 1].forEach((v, i) => (bits === 8 ? samples.writeInt8(v, i) : samples.writeInt16LE(v, 2 * i)));
    writeFileSync(file, stripTiff([[256, [2]], [257, [2]], [258, [bits]], [259, [1]], [262, [1]], [277, [1]], [278, [2]], [339, [2]]], samples));
    await assert.rejects(probeImage(file), (e: DicomError) => e.code === 'BAD_VALUE' && e.file === file
      && new RegExp(`^TIFF samples are signed ${bits}-bit integers \\(TIFF SampleFormat 2\\).*convert the image to unsigned 8 or 16 bits$`).test(e.message), `${bits} bits`);
  }
});

test('an image wider or taller than DICOM Rows and Columns can hold is refused by the probe, naming the file', async () => {
  const wide = join(dir, 'wide.png');
  await sharp({ create: { width: 70_000, height: 1, channels: 3, background: '#808080' } }).png().toFile(wide);
  await assert.rejects(probeImage(wide), (e: DicomError) => e.file === wide && /PNG image of 70000x1 pixels: DICOM Rows and Columns hold at most 65535/.test(e.message));
});
