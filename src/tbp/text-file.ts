import { readFileSync } from 'node:fs';
import { DicomError, withFile } from '../core/errors.js';
import { ManifestError } from './manifest-error.js';

/**
 * Reads a manifest or metadata file as UTF-8 text. A byte-order mark (Windows editors write one) is dropped, which
 * JSON.parse would refuse. Bytes that are not UTF-8 are refused, naming where: read as they were, a name saved in
 * Windows-1252 ("Müller") would reach the objects as "M\uFFFDller"; and an image given for the manifest is refused as
 * binary, rather than quoted into the error as text.
 */
export function readTextFile(file: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new DicomError('INVALID_ARGUMENT', `is a folder: give the ${what} file`, { file, cause: e });
    throw withFile(e, file);
  }
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) throw new ManifestError(file, [`not a text file: it holds binary data (byte 0 at offset ${nul}); is it an image or a DICOM file given for the ${what}?`]);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new ManifestError(file, [`not UTF-8 text: byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at offset ${at} (line ${lineOf(bytes, at)}) is not UTF-8; save the file as UTF-8`]);
  }
}

/** Where UTF-8 decoding first fails. */
function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Narrows down the shortest prefix that fails; whole sequences are tried by growing the end one byte at a time.
  let good = 0;
  for (let end = 1; end <= bytes.length; end++) {
    try {
      decoder.decode(bytes.subarray(good, end));
      good = end;
    } catch {
      // An incomplete sequence fails too: it is invalid only if 4 more bytes do not complete it.
      if (end - good >= 4 || end === bytes.length) return good;
    }
  }
  return good;
}

const lineOf = (bytes: Buffer, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
};
