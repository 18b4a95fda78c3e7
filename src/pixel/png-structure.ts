import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DicomError } from '../core/errors.js';

const SIGNATURE_LENGTH = 8;
/**
 * Bytes read at once while walking. Encoders cut the image data into chunks of 8-64 KiB (sharp's 130 MB PNG has
 * 16,000 of 8 KiB): an 8-byte read per chunk header took 88 ms, a read of this much at a time holds several headers
 * and took 20-30 ms. A file of larger chunks costs one read of this much per chunk.
 */
const WINDOW = 64 * 1024;

/**
 * Walks the chunks of a PNG file (length, type; data skipped) up to IEND without inflating the image data, so a
 * truncated or damaged file is refused before an import writes anything. Returns the file size.
 */
export function checkPngStructure(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const window = Buffer.allocUnsafe(Math.min(WINDOW, size));
    // The file's bytes [start, end) are in `window`.
    let start = 0;
    let end = 0;
    let pos = SIGNATURE_LENGTH;
    let sawHeader = false;
    let sawData = false;
    while (pos + 8 <= size) {
      if (pos + 8 > end) {
        start = pos;
        end = pos + readSync(fd, window, 0, Math.min(window.length, size - pos), pos);
        if (end < pos + 8) break; // the file shrank meanwhile: as truncated
      }
      const length = window.readUInt32BE(pos - start);
      const type = window.toString('latin1', pos - start + 4, pos - start + 8);
      const next = pos + 12 + length;
      if (next > size) throw bad(`chunk ${type} runs past the end of the file (truncated?)`, pos);
      if (type === 'IHDR') sawHeader = true;
      if (type === 'IDAT') sawData = true;
      if (type === 'IEND') {
        if (!sawHeader || !sawData) throw bad('it has no IHDR or no IDAT chunk', pos);
        return size;
      }
      pos = next;
    }
    throw bad('it ends before the IEND chunk (truncated file?)', pos);
  } finally {
    closeSync(fd);
  }
}

const bad = (message: string, offset: number): DicomError => new DicomError('BAD_VALUE', `not a valid PNG: ${message}`, { offset });
