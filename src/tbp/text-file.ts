import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readStream } from '../io/byte-source.js';
import { DicomError, withFile } from '../core/errors.js';
import { ManifestError } from './manifest-error.js';

/**
 * Reads a manifest or metadata file as UTF-8 text. A byte-order mark (Windows editors write one) is dropped, which
 * JSON.parse would refuse. UTF-16 with its byte-order mark (what Windows PowerShell 5 writes with `>` and Out-File)
 * is read too: its every other byte is 0, which would otherwise call it binary. Bytes that are not UTF-8 are refused,
 * naming where: read as they were, a name saved in Windows-1252 ("Müller") would reach the objects as "M\uFFFDller";
 * and an image given for the manifest is refused as binary, rather than quoted into the error as text.
 */
export function readTextFile(file: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readBounded(file, what);
  } catch (e) {
    if (e instanceof DicomError) throw withFile(e, file);
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new DicomError('INVALID_ARGUMENT', `is a folder: give the ${what} file`, { file, cause: e });
    throw withFile(e, file);
  }
  const utf16 = utf16Encoding(bytes);
  if (utf16) return decodeUtf16(bytes, utf16, file, what);
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) throw new ManifestError(file, [`not a text file: it holds binary data (byte 0 at offset ${nul}); is it an image or a DICOM file given for the ${what}?`]);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new ManifestError(file, [`not UTF-8 text: byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at offset ${at} (line ${lineOf(bytes, at)}) is not UTF-8; save the file as UTF-8`]);
  }
}

/** More than any manifest or metadata file holds; a stream read whole is refused past it. */
const MOST_TEXT = 64 * 1024 * 1024;

/**
 * A file's bytes; a pipe or device (a shell's `<(…)`, /dev/zero) is read up to MOST_TEXT: read to its end, /dev/zero
 * filled memory for ever.
 */
function readBounded(file: string, what: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    if (fstatSync(fd).isFile()) return readFileSync(fd);
    try {
      return readStream(fd, MOST_TEXT);
    } catch (e) {
      if (e instanceof DicomError && e.code === 'LIMIT_EXCEEDED') {
        throw new DicomError('LIMIT_EXCEEDED', `a stream of more than ${MOST_TEXT} bytes, more than any ${what} file holds: is it the ${what}?`, { file, cause: e });
      }
      throw e;
    }
  } finally {
    closeSync(fd);
  }
}

/** The UTF-16 encoding a byte-order mark says the file is in, if it starts with one. */
function utf16Encoding(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function decodeUtf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', file: string, what: string): string {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new ManifestError(file, [`not ${encoding.toUpperCase()} text, as its byte-order mark says: it holds a byte sequence that is no character; save the ${what} as UTF-8`]);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new ManifestError(file, [`not a text file: it starts with a ${encoding.toUpperCase()} byte-order mark but holds character 0 (character ${nul}); save the ${what} as UTF-8`]);
  return text;
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
