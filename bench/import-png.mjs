// Benchmark: one 8192x6144 PNG regional image imported (decoded by sharp, stored natively), against the time sharp
// alone needs to decode it. Target (issue 3): ≤ 1.5x. One run, ratio.
//   node bench/import-png.mjs
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DATA, fmt, importCapture, time, writeManifest } from './import-common.mjs';

const WIDTH = 8192;
const HEIGHT = 6144;
const dir = join(DATA, 'png');
const file = join(dir, 'regional-photo.png');

if (!existsSync(file)) {
  mkdirSync(dir, { recursive: true });
  const px = Buffer.alloc(WIDTH * HEIGHT * 3);
  // Sensor-like noise on a gradient, so that the PNG is as hard to decode as a photograph (~1.5 bytes per sample).
  let s = 7;
  for (let i = 0; i < px.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    px[i] = 90 + ((i / 3) % WIDTH) / 64 + ((s >>> 8) % 40);
  }
  await sharp(px, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).png({ compressionLevel: 6 }).toFile(file);
}
const manifest = writeManifest(dir, { regionalImages: [{ id: 'R1', file: 'regional-photo.png', site: 'back' }] });

const decodeSeconds = await time(() => sharp(file).raw().toBuffer());
const out = join(dir, 'out');
rmSync(out, { recursive: true, force: true });
const importSeconds = await time(() => importCapture(manifest, { out }));
const report = { pixels: `${WIDTH}x${HEIGHT}`, sharpDecodeSeconds: Number(fmt(decodeSeconds, 3)), importSeconds: Number(fmt(importSeconds, 3)), importOverDecode: Number(fmt(importSeconds / decodeSeconds)) };
console.log(JSON.stringify(report));
console.log(`PNG ${WIDTH}x${HEIGHT}: sharp decode ${fmt(decodeSeconds)} s, import ${fmt(importSeconds)} s → ${fmt(report.importOverDecode)}x (target ≤ 1.5)`);
