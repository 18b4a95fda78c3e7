import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DicomError } from '../core/errors.js';

const SIGNATURE_LENGTH = 8;

/**
 * Walks the chunks of a PNG file (length, type; data skipped) up to IEND without reading or inflating the image
 * data, so a truncated or damaged file is refused before an import writes anything. Returns the file size.
 */
export function checkPngStructure(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(8);
    let pos = SIGNATURE_LENGTH;
    let sawHeader = false;
    let sawData = false;
    while (pos + 8 <= size) {
      readSync(fd, header, 0, 8, pos);
      const length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
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
