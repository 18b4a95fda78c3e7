// Shared helpers for the pixel, builder and TBP tests: external validators and decoders, and synthetic images.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Dataset } from '../../src/core/dataset.js';

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `tbp-${prefix}-`));

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
export const HAVE_DCIODVFY = has('dciodvfy');
export const HAVE_DCMJ2PNM = has('dcmj2pnm');

/** dciodvfy's error and warning lines for a file. */
export function dciodvfyFindings(file: string): string[] {
  const r = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('Error') || l.startsWith('Warning'));
}

/** dciodvfy's error lines for a file (warnings are documented in docs/tbp-import.md). */
export const dciodvfyErrors = (file: string): string[] => dciodvfyFindings(file).filter((l) => l.startsWith('Error'));

const FLASH = ['FlashFiringStatus', 'FlashReturnStatus', 'FlashMode', 'FlashFunctionPresent', 'FlashRedEyeMode'];
/** Flash Firing Status, Return Status, Mode, Function Present and Red Eye Mode (0016,0011-0015), undefined where absent. */
export const flashAttributes = (ds: Dataset): (number | undefined)[] => FLASH.map((keyword) => ds.getNumber(keyword));

export interface Pnm {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
}

/** Decodes a DICOM image with dcmtk's dcmj2pnm (PGM/PPM out) and parses the result. */
export function decodeWithDcmtk(file: string, dir: string): Pnm {
  const out = join(dir, `decoded-${Math.random().toString(36).slice(2)}.pnm`);
  const r = spawnSync('dcmj2pnm', ['--write-raw-pnm', file, out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`dcmj2pnm failed on ${file}: ${r.stderr}`);
  return parsePnm(readFileSync(out));
}

export function parsePnm(buf: Buffer): Pnm {
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    if (buf[pos] === 0x23) {
      while (buf[pos] !== 0x0a) pos++;
      continue;
    }
    const start = pos;
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    fields.push(buf.toString('latin1', start, pos));
  }
  const [magic, w, h] = fields;
  return { width: Number(w), height: Number(h), channels: magic === 'P6' ? 3 : 1, data: buf.subarray(pos + 1) };
}

/** Deterministic RGB noise-and-gradient pixels (noise keeps JPEG and PNG honest). */
export function testPixels(width: number, height: number, seed = 1): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    data[i] = ((i / 3) % width) * 2 + (s % 16);
  }
  return data;
}

export const rawImage = (width: number, height: number, seed = 1) =>
  sharp(testPixels(width, height, seed), { raw: { width, height, channels: 3 } });

export function listDicom(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listDicom(p));
    else if (name.endsWith('.dcm')) out.push(p);
  }
  return out;
}

export function listAll(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out.push(p);
    if (statSync(p).isDirectory()) out.push(...listAll(p));
  }
  return out;
}

/**
 * The manifest of a three-image capture in `dir` whose images are already there: a regional photo (front.jpg), a
 * dermoscopic image of lesion L1 (l1.jpg) and a manual crop of it (l1-crop.png). `header` replaces the patient, study
 * or equipment given here. Returns the manifest's path.
 */
export function writeThreeImageManifest(dir: string, header: { patient?: object; study?: object; equipment?: object } = {}): string {
  const manifest = {
    patient: { name: 'Doe^Jane', id: 'P001' },
    study: { date: '2024-09-01', time: '12:00:00', id: 'S1' },
    equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
    ...header,
    regionalImages: [{ id: 'R1', file: 'front.jpg', site: 'chest' }],
    lesions: [{ id: 'L1', site: 'left forearm', images: [
      { file: 'l1.jpg', kind: 'dermoscopic', regionalImage: 'R1' },
      { file: 'l1-crop.png', kind: 'crop', regionalImage: 'R1', position2d: [10, 12], selection: 'manual' },
    ] }],
  };
  const path = join(dir, 'capture.json');
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

/**
 * The three-image capture's images and manifest in `dir` (writeThreeImageManifest, the crop at 10, 12), with a second
 * crop of L1 from R1 (l1-crop2.png, algorithmic) at `second` when given. Returns the manifest's path.
 */
export async function writeTwoCropCapture(dir: string, second?: [number, number]): Promise<string> {
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  await rawImage(16, 16, 7).png().toFile(join(dir, 'l1-crop2.png'));
  const manifest = writeThreeImageManifest(dir);
  const m = JSON.parse(readFileSync(manifest, 'utf8'));
  if (second) m.lesions[0].images.push({ file: 'l1-crop2.png', kind: 'crop', regionalImage: 'R1', position2d: second, selection: 'algorithmic' });
  writeFileSync(manifest, JSON.stringify(m));
  return manifest;
}

/**
 * The manifest of a capture in `dir` of `count` dermoscopic JPEGs of `width`×`height`, one lesion each (L0, L1 …,
 * images l0.jpg …), for `patient`. Returns the manifest's path.
 */
export async function writeLesionCapture(dir: string, count: number, width: number, height: number, patient: { name: string; id: string }): Promise<string> {
  const lesions = [];
  for (let i = 0; i < count; i++) {
    await rawImage(width, height, i + 1).jpeg().toFile(join(dir, `l${i}.jpg`));
    lesions.push({ id: `L${i}`, site: 'back', images: [{ file: `l${i}.jpg`, kind: 'dermoscopic' }] });
  }
  const manifest = join(dir, 'capture.json');
  writeFileSync(manifest, JSON.stringify({
    patient, study: { date: '2024-09-01' },
    equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' }, lesions,
  }));
  return manifest;
}
