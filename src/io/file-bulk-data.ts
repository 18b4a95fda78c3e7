import { Encapsulated, isBulkRef, type Element, type ElementValue } from '../core/element.js';
import { DicomError, withFile } from '../core/errors.js';
import { fileBulkDataUri, type FileRange } from './bulk-data-uri.js';
import { withFileReader } from './byte-source.js';
import { SEQUENCE_DELIMITER_BYTES, encapsulatedLength, encodeEncapsulated } from './encapsulated-bytes.js';
import { readDicom, readDicomFile, STANDARD_INPUT, type DicomFile } from './part10-reader.js';
import type { ReadOptions } from './read-options.js';
import { isOtherThanFile } from './regular-file.js';

/** Files up to this size are read whole, as readDicomFile reads them; larger ones through its window. */
const READ_WHOLE = 4 * 1024 * 1024;

/** A file read for DICOM JSON with BulkDataURIs: its binary values can be named by where their bytes are in it. */
export interface FileWithBulkData {
  file: DicomFile;
  /** A file BulkDataURI (bulk-data-uri.ts) naming the value's bytes; undefined where the file does not hold them as they are. */
  bulkDataUri(el: Element): string | undefined;
}

/** Where a value's bytes start in the file, when it holds them as they are. */
type OffsetOf = (value: ElementValue) => number | undefined;

/**
 * Reads a file so that each binary value is known by its place in the file. A small file is read whole, and its values
 * are views on those bytes; a larger one leaves every binary value on disk as a BulkRef, which has its offset. A value
 * is named only where the file holds exactly its bytes, little endian: not in a deflated data set (inflated in
 * memory), nor words (OW OL OF OD OV) of a big-endian file (swapped when read).
 */
export function readDicomFileForBulkData(path: string, options: Omit<ReadOptions, 'lazyThreshold' | 'file'> = {}): FileWithBulkData {
  if (path === STANDARD_INPUT || isOtherThanFile(path)) {
    throw new DicomError('INVALID_ARGUMENT', 'a BulkDataURI names bytes of a file by their offset: give a file, not standard input or a pipe', { file: path });
  }
  const whole = readSmallFile(path);
  let file: DicomFile;
  let offsetOf: OffsetOf;
  if (whole) {
    file = readDicom(whole, { ...options, file: path });
    file.path = path;
    // `whole` has memory of its own, so a value that shares it is a view on the file's bytes (a copy never is).
    offsetOf = (v) => (Buffer.isBuffer(v) && v.buffer === whole.buffer ? v.byteOffset - whole.byteOffset : undefined);
  } else {
    // Every binary value stays on disk, fragments of any size too, so that each is known by its offset.
    file = readDicomFile(path, { ...options, lazyThreshold: 0 });
    offsetOf = (v) => (isBulkRef(v) && v.swapUnit === 1 ? v.offset : undefined);
  }
  const rangeOf = (el: Element): FileRange | undefined => {
    if (el.value instanceof Encapsulated) return encapsulatedRange(path, el.value, offsetOf);
    const offset = offsetOf(el.value);
    return offset === undefined ? undefined : { offset, length: el.length };
  };
  return {
    file,
    bulkDataUri: (el) => {
      const range = rangeOf(el);
      return range && fileBulkDataUri(path, range);
    },
  };
}

/** The bytes of a file of at most READ_WHOLE bytes; undefined for a larger one. */
function readSmallFile(path: string): Buffer | undefined {
  try {
    // Buffer.alloc memory of its own, not the shared pool: Buffer.from copies of small values could share that.
    return withFileReader(path, (size, read) => (size > READ_WHOLE ? undefined : read(0, size)));
  } catch (e) {
    throw withFile(e, path);
  }
}

/**
 * Encapsulated pixel data goes to DICOM JSON as its items: the offset table item and the fragment items, without the
 * sequence delimiter after them (encodeEncapsulated). The parser reads these one after another, so they start just
 * before the first fragment's item. They are named only when every fragment follows the one before, the offset table
 * item reads back as encodeEncapsulated writes it and the delimiter follows the last fragment: little endian, and not
 * cut short or broken off by damage.
 */
function encapsulatedRange(path: string, value: Encapsulated, offsetOf: OffsetOf): FileRange | undefined {
  const first = value.fragments[0] && offsetOf(value.fragments[0]);
  if (first === undefined) return undefined;
  // Where each item's header is: a fragment's value follows its header, the next header follows the value.
  let header = first - 8;
  for (const fragment of value.fragments) {
    if (offsetOf(fragment) !== header + 8) return undefined;
    header += 8 + fragment.length;
  }
  const start = first - 16 - value.offsetTable.length;
  const ends = withFileReader(path, (_size, read) => Buffer.concat([read(start, 8 + value.offsetTable.length), read(header, 8)]));
  const expected = Buffer.concat([encodeEncapsulated(new Encapsulated(value.offsetTable, [])), SEQUENCE_DELIMITER_BYTES]);
  return ends.equals(expected) ? { offset: start, length: encapsulatedLength(value) } : undefined;
}
