import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DicomError } from '../core/errors.js';
import { withFileReader } from './byte-source.js';

/** `length` bytes at `offset` of a file. */
export interface FileRange {
  offset: number;
  length: number;
}

/**
 * The BulkDataURI of bytes in a file, in the form dcm4che writes: the file's absolute path as an RFC 8089 URI
 * (percent-encoded), with the byte range as query parameters, e.g. file:///data/CT%201.dcm?offset=1234&length=524288.
 */
export function fileBulkDataUri(path: string, range: FileRange): string {
  return `${pathToFileURL(resolve(path)).href}?offset=${range.offset}&length=${range.length}`;
}

/**
 * Reads the bytes a file BulkDataURI names, for datasetFromJson's resolveBulkData: the range given by `offset` and
 * `length`, or the whole file when the URI has neither. Anything else (another scheme, a relative URI, other
 * parameters, a range past the end of the file, a file that cannot be read) is a DicomError naming the URI.
 */
export function resolveFileBulkData(uri: string): Buffer {
  const { path, range } = parseFileBulkDataUri(uri);
  let bytes: Buffer;
  try {
    bytes = withFileReader(path, (size, read) => (range ? read(range.offset, range.length) : read(0, size)));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new DicomError('IO', `BulkDataURI ${uri}: cannot read ${path}: ${err.code ?? err.message}`, { cause: e });
  }
  if (range && bytes.length < range.length) {
    throw new DicomError('BAD_JSON', `BulkDataURI ${uri}: the file ends before byte ${range.offset + range.length}`);
  }
  return bytes;
}

function parseFileBulkDataUri(uri: string): { path: string; range?: FileRange } {
  const bad = (problem: string): DicomError => new DicomError('BAD_JSON', `BulkDataURI ${uri}: ${problem}`);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw bad('not an absolute URI');
  }
  if (url.protocol !== 'file:') throw bad('not a file: URI');
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (e) {
    throw bad((e as Error).message);
  }
  const keys = [...url.searchParams.keys()].sort().join('&');
  if (keys === '') return { path };
  if (keys !== 'length&offset') throw bad('takes the parameters offset and length, or none (the whole file)');
  const number = (name: string): number => {
    const text = url.searchParams.get(name)!;
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw bad(`${name} "${text}" is not a whole number`);
    return n;
  };
  return { path, range: { offset: number('offset'), length: number('length') } };
}
