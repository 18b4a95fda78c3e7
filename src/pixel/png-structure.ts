import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DicomError } from '../core/errors.js';
import { PngFingerprint } from '../io/file-fingerprint.js';

const SIGNATURE_LENGTH = 8;
const CRC_LENGTH = 4;
/**
 * Bytes read at once while walking. Encoders cut the image data into chunks of 8-64 KiB (sharp's 130 MB PNG has
 * 16,000 of 8 KiB): an 8-byte read per chunk header took 88 ms, a read of this much at a time holds several headers
 * and took 20-30 ms. A file of larger chunks costs one read of this much per chunk.
 */
const WINDOW = 64 * 1024;

/**
 * Walks the chunks of a PNG file (length, type; data skipped) up to IEND without inflating the image data, so a
 * truncated or damaged file is refused before an import writes anything. Returns the file size, its fingerprint
 * (io/file-fingerprint.ts), which the walk collects on the way (the chunks' headers and CRCs), for an animated PNG
 * (APNG) the number of frames its acTL chunk gives (decoders read its default image only), and the significant bits
 * of the colour samples its sBIT chunk gives (the most of any channel), and its colour chunks.
 */
export function checkPngStructure(path: string): { size: number; fingerprint: string; frames?: number; significantBits?: number; colour: PngColourChunks } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const window = Buffer.allocUnsafe(Math.min(WINDOW, size));
    const fingerprint = new PngFingerprint();
    // The file's bytes [start, end) are in `window`.
    let start = 0;
    let end = 0;
    let pos = SIGNATURE_LENGTH;
    let sawHeader = false;
    let sawData = false;
    let frames: number | undefined;
    let significantBits: number | undefined;
    const colour: PngColourChunks = { iccp: false, srgb: false };
    while (pos + 8 <= size) {
      if (pos + 8 > end) {
        // From the CRC that ends the chunk before, which goes into the fingerprint with this chunk's header.
        start = pos - CRC_LENGTH;
        end = start + readSync(fd, window, 0, Math.min(window.length, size - start), start);
        if (end < pos + 8) break; // the file shrank meanwhile: as truncated
      }
      const at = pos - start;
      const length = window.readUInt32BE(at);
      const type = window.toString('latin1', at + 4, at + 8);
      const next = pos + 12 + length;
      if (next > size) throw bad(`chunk ${type} runs past the end of the file (truncated?)`, pos);
      fingerprint.add(window.subarray(at, at + 8), pos > SIGNATURE_LENGTH ? window.subarray(at - CRC_LENGTH, at) : undefined);
      if (type === 'IHDR') sawHeader = true;
      if (type === 'IDAT') sawData = true;
      if (type === 'acTL' && length >= 4) frames = readApart(fd, pos, 4)?.readUInt32BE(0);
      // One byte per channel: grey (and alpha), or red, green, blue (and alpha); alpha's is not a colour sample's.
      if (type === 'sBIT' && length >= 1 && length <= 4) {
        const bits = readApart(fd, pos, length);
        if (bits) significantBits = Math.max(...bits.subarray(0, length <= 2 ? 1 : 3));
      }
      if (type === 'iCCP') colour.iccp = true;
      if (type === 'sRGB') colour.srgb = true;
      if (type === 'gAMA' && length === 4) colour.gamma = readApart(fd, pos, 4)?.readUInt32BE(0);
      if (type === 'cHRM' && length === 32) {
        const data = readApart(fd, pos, 32);
        if (data) colour.chromaticities = Array.from({ length: 8 }, (_, i) => data.readUInt32BE(4 * i));
      }
      if (type === 'IEND') {
        if (!sawHeader || !sawData) throw bad('it has no IHDR or no IDAT chunk', pos);
        return { size, fingerprint: fingerprint.digest(size), frames, significantBits, colour };
      }
      pos = next;
    }
    throw bad('it ends before the IEND chunk (truncated file?)', pos);
  } finally {
    closeSync(fd);
  }
}

/** What a PNG says of its colours: an ICC profile (iCCP), sRGB, or a gamma and chromaticities (times 100,000). */
export interface PngColourChunks {
  iccp: boolean;
  srgb: boolean;
  gamma?: number;
  /** White point x, y; red x, y; green x, y; blue x, y. */
  chromaticities?: number[];
}

/** sRGB's gAMA (1/2.2) and cHRM (Rec. 709 primaries, D65), which PNG writers add beside or instead of an sRGB chunk. */
const SRGB_GAMMA = 45455;
const SRGB_CHROMATICITIES = [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000];

/**
 * Whether a PNG's gAMA and cHRM chunks say other colours than sRGB's, which viewers assume of samples without a
 * profile; within libpng's tolerances (5% of the gamma, 0.01 of a chromaticity) they say sRGB's.
 */
export function colourOtherThanSrgb(c: PngColourChunks): boolean {
  if (c.iccp || c.srgb) return false;
  const gammaOff = c.gamma !== undefined && Math.abs(c.gamma / SRGB_GAMMA - 1) > 0.05;
  const chromaOff = c.chromaticities !== undefined && c.chromaticities.some((v, i) => Math.abs(v - SRGB_CHROMATICITIES[i]!) > 1000);
  return gammaOff || chromaOff;
}

/** The first `length` bytes of the data of the chunk at `pos`, which may lie past the window: rare chunks are read apart. */
function readApart(fd: number, pos: number, length: number): Buffer | undefined {
  const data = Buffer.alloc(length);
  return readSync(fd, data, 0, length, pos + 8) === length ? data : undefined;
}

const bad = (message: string, offset: number): DicomError => new DicomError('BAD_VALUE', `not a valid PNG: ${message}`, { offset });
