// Benchmark: 1,000 dermoscopic JPEGs (1024x768) in one import, against dcmtk's img2dcm run once per file and against
// plainly copying the files. Targets (issue 3): ≥ 20x img2dcm's throughput, ≤ 3x the copy time. One run, ratios.
// Also timed in the same run: the floor of any atomic import written in Node (the same files read and written after a
// header into temporary files, flushed, renamed), without and with a first pass that looks at every byte of every
// file before anything is written (as refusing a bad file before writing anything needs); neither does any of the
// import's checking or DICOM work.
//   node bench/import-jpeg.mjs [count]
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writevSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { DATA, fmt, importCapture, time, writeManifest } from './import-common.mjs';
import { cleanUp, settle } from './lib.mjs';

const COUNT = Number(process.argv[2] ?? 1000);
const IMG2DCM_SAMPLE = Math.min(100, COUNT);
const dir = join(DATA, 'jpeg');
const images = join(dir, 'images');

/** Ten distinct camera-like JPEGs, copied to COUNT files (encoding 1,000 distinct ones would dominate the setup). */
async function makeInputs() {
  if (existsSync(images) && readdirSync(images).length === COUNT) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(images, { recursive: true });
  const width = 1024;
  const height = 768;
  for (let v = 0; v < 10; v++) {
    const px = Buffer.alloc(width * height * 3);
    let s = v + 1;
    for (let i = 0; i < px.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      px[i] = 120 + ((i / 3) % width) / 16 + (s % 24);
    }
    await sharp(px, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 })
      .withExif({ IFD0: { Make: 'Bench', Model: 'Cam' }, IFD2: { ExposureTime: '1/125', FNumber: '8', DateTimeOriginal: '2024:09:01 12:00:00' } })
      .toFile(join(images, `seed${v}.jpg`));
  }
  for (let i = 0; i < COUNT; i++) copyFileSync(join(images, `seed${i % 10}.jpg`), join(images, `${String(i).padStart(5, '0')}.jpg`));
  for (let v = 0; v < 10; v++) rmSync(join(images, `seed${v}.jpg`));
}

await makeInputs();
const files = readdirSync(images).sort();
const manifest = writeManifest(dir, {
  lesions: files.map((f, i) => ({ id: `L${i}`, site: 'back', images: [{ file: `images/${f}`, kind: 'dermoscopic', magnification: 10 }] })),
});

const copyDir = join(dir, 'copy');
const floorDir = join(dir, 'floor');
const checkedFloorDir = join(dir, 'floor-checked');
const out = join(dir, 'out');
const scratch = join(dir, 'img2dcm');
if ([copyDir, floorDir, checkedFloorDir, out, scratch].some(existsSync)) cleanUp(copyDir, floorDir, checkedFloorDir, out, scratch); // left by an interrupted run
await settle();

// Each phase starts with the inputs in the page cache, so neither pays for reading them from disk for the other.
const warm = () => files.forEach((f) => readFileSync(join(images, f)));

mkdirSync(copyDir);
warm();
let copyOnlySeconds;
const copySeconds = await time(() => {
  const start = performance.now();
  files.forEach((f) => copyFileSync(join(images, f), join(copyDir, f)));
  copyOnlySeconds = (performance.now() - start) / 1000;
  spawnSync('sync', ['-f', copyDir]); // the import's files are on disk when it returns; so are the copies here
});

/**
 * What no import written in Node can avoid (Node has no call that copies part of a file into another in the kernel, as
 * copyFileSync does whole files): each file read into memory and written after a header (2 KiB, about an object's) into
 * a hidden temporary file, one flush of the file system, then the renames that make the files appear whole. With
 * `checkFirst`, every file is first read and scanned to its end (for the JPEG end marker, the cheapest look at every
 * byte) before the first is written, and read again to be written, as an import that refuses a bad file before
 * writing anything must (keeping 150 MB of files in memory instead costs the kernel as much in page faults).
 */
const header = Buffer.alloc(2048);
const EOI = Buffer.from([0xff, 0xd9]);
async function floor(folder, checkFirst) {
  mkdirSync(folder);
  warm();
  return time(() => {
    if (checkFirst) for (const f of files) if (readFileSync(join(images, f)).indexOf(EOI) < 0) throw new Error(`${f}: no end marker`);
    const temps = files.map((f) => {
      const temp = join(folder, `.${f}.tmp`);
      const fd = openSync(temp, 'wx');
      writevSync(fd, [header, readFileSync(join(images, f))]);
      closeSync(fd);
      return temp;
    });
    spawnSync('sync', ['-f', folder]);
    files.forEach((f, i) => renameSync(temps[i], join(folder, `${f}.dcm`)));
  });
}
const floorSeconds = await floor(floorDir, false);
const checkedFloorSeconds = await floor(checkedFloorDir, true);

let result;
warm();
const importSeconds = await time(async () => (result = await importCapture(manifest, { out })));

let img2dcmRate;
if (spawnSync('sh', ['-c', 'command -v img2dcm']).status === 0) {
  mkdirSync(scratch);
  const seconds = await time(() => {
    for (const f of files.slice(0, IMG2DCM_SAMPLE)) {
      // A peer that fails returns at once: timing it would flatter the peer, so a failure stops the benchmark.
      const run = spawnSync('img2dcm', ['-i', 'JPEG', join(images, f), join(scratch, `${f}.dcm`)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`img2dcm failed on ${f} (${run.status}): ${run.stderr.slice(0, 500)}`);
    }
  });
  img2dcmRate = IMG2DCM_SAMPLE / seconds;
}
cleanUp(copyDir, floorDir, checkedFloorDir, out, scratch);

const rate = result.objects.length / importSeconds;
const report = {
  files: files.length,
  importSeconds: Number(fmt(importSeconds, 3)),
  importFilesPerSecond: Number(fmt(rate, 1)),
  copySeconds: Number(fmt(copySeconds, 3)),
  copyUnflushedSeconds: Number(fmt(copyOnlySeconds, 3)),
  importOverCopy: Number(fmt(importSeconds / copySeconds)),
  floorSeconds: Number(fmt(floorSeconds, 3)),
  floorOverCopy: Number(fmt(floorSeconds / copySeconds)),
  checkedFloorSeconds: Number(fmt(checkedFloorSeconds, 3)),
  checkedFloorOverCopy: Number(fmt(checkedFloorSeconds / copySeconds)),
  img2dcmFilesPerSecond: img2dcmRate && Number(fmt(img2dcmRate, 1)),
  overImg2dcm: img2dcmRate && Number(fmt(rate / img2dcmRate, 1)),
};
console.log(JSON.stringify(report));
console.log(`import ${files.length} JPEGs: ${fmt(importSeconds)} s (${fmt(rate, 0)} files/s); copy ${fmt(copySeconds)} s flushed to disk like the import (${fmt(copyOnlySeconds)} s before the flush) → ${fmt(report.importOverCopy)}x copy (target ≤ 3)`);
if (img2dcmRate) console.log(`img2dcm once per file: ${fmt(img2dcmRate, 1)} files/s → import is ${fmt(report.overImg2dcm, 1)}x faster (target ≥ 20)`);
const floorLine = (what, seconds) => console.log(`${what}: ${fmt(seconds)} s → ${fmt(seconds / copySeconds)}x copy` +
  `${img2dcmRate ? `, ${fmt(files.length / seconds / img2dcmRate, 1)}x img2dcm` : ''}; the import: ${fmt(importSeconds / seconds)}x this`);
floorLine('floor, no DICOM work (read, write after a header, flush, rename)', floorSeconds);
floorLine('the same after a first pass over every byte of every file', checkedFloorSeconds);
