import { closeSync, fstatSync, openSync } from 'node:fs';
import { Dataset } from '../core/dataset.js';
import { DicomError, asDicomError, withFile } from '../core/errors.js';
import { explicitHeaderLength, isLaterVRCode } from '../core/vr.js';
import { UNDEFINED_LENGTH, formatTag, type Tag } from '../core/tag.js';
import { BufferSource, FileSource, readFully, readStream, type ByteSource } from './byte-source.js';
import { DatasetParser, damagedGroupLength } from './dataset-parser.js';
import { readDeflated } from './deflated-reader.js';
import { NO_STOP, resolveReadOptions, type ReadOptions, type ResolvedReadOptions } from './read-options.js';
import { checkReadArguments } from './argument-checks.js';
import {
  EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE, transferSyntax,
} from './transfer-syntax.js';

/** A DICOM file as read: its File Meta Information, its data set, and how it was encoded. */
export interface DicomFile {
  /** Group 0002 elements; empty when the input had none. */
  meta: Dataset;
  dataset: Dataset;
  transferSyntaxUid: string;
  /** The 128-byte preamble, when the input had one. */
  preamble?: Buffer;
  path?: string;
  /** Problems recovered from in lenient mode. */
  warnings: string[];
  /** Read leniently, the data ended before what it announces (a file cut short): values are missing or shorter. */
  cutShort?: true;
  /**
   * Read leniently, the data ended inside an item or sequence of undefined length, without its delimiter: where (the
   * data's end) and the warning that says it. A cut between two of its elements leaves this, and so does a writer that
   * left out the last delimiters.
   */
  endsUndelimited?: { offset: number; warning: string };
  /**
   * Read leniently, an element's VR was damaged (two capital letters that are no VR, "ZZ" for a CS, whose 32-bit length
   * does not end at an element), in the data set or the meta group: where the element is and what is wrong, as the
   * warning says it. Other readers take the 32-bit length (dcmtk does) and read the rest of the data set from the wrong
   * place, so a peer given the file as it is would fail on it.
   */
  damagedVR?: string;
  /**
   * The first damaged VR (as damagedVR says it) in the data set itself, leaving the meta group out: what a peer given
   * the data set alone (a network transfer, which never carries the meta group) would fail on.
   */
  datasetDamagedVR?: string;
  /**
   * Read leniently, an element's VR bytes were no VR at all (00H 00H, a lowercase "cs"), in the data set or the meta
   * group: the first such element, as the warning says it without the reading that was given it
   * (`offset N, (gggg,eeee): invalid VR "\x00\x00"`). The element was read as UN or as Implicit VR, as dcmtk reads it, a
   * guess. Not set for a data set found to be in Implicit VR from an element on (a writer's slip), read whole as such.
   */
  invalidVR?: string;
  /** The meta information was in Implicit VR Little Endian (against PS3.10, as some writers left it). */
  metaImplicitVR?: true;
  /** The meta information was in Explicit VR Big Endian (against PS3.10, as some old writers left it). */
  metaBigEndian?: true;
  /**
   * Part 10 input read from a file (meta information with a Transfer Syntax UID; not standard input): where its data
   * set lies in the file, after the preamble and meta information, to the file's end. Those bytes are the data set as
   * encoded (deflated, when it is), so that a caller can pass them on as they are without walking the meta group again.
   */
  datasetRange?: { offset: number; length: number };
}

const FILE_META_GROUP_LENGTH = 0x00020000;
const TRANSFER_SYNTAX_UID = 0x00020010;
/** The group length's tag, as the meta group's first bytes in either byte order. */
const GROUP_LENGTH_LE = Buffer.from([0x02, 0, 0, 0]);
const GROUP_LENGTH_BE = Buffer.from([0, 0x02, 0, 0]);
/** "UL" as a 16-bit big-endian code, as the VR's two bytes read. */
const UL = 0x554c;
/** Files smaller than this are read in one call and parsed from memory. */
const WHOLE_FILE_LIMIT = 4 * 1024 * 1024;
/** The first read of a file; scans read less. */
const FIRST_CHUNK = 64 * 1024;
/**
 * The first read of a header scan: one page, as dcmdump reads. Most headers fit; a longer one is read on through a
 * window. Only the bytes that values view stay taken (giveBackUnviewed): fresh memory costs a page fault per page.
 */
const SCAN_CHUNK = 4 * 1024;

/**
 * Fails a file read leniently that turned out cut short, saying where and why that stops `what` ("not sent, as …"):
 * a copy of it would look whole and hold less than the original announced.
 */
export function refuseCutShort(file: DicomFile, path: string, what: string): void {
  if (!file.cutShort) return;
  const where = file.warnings.find((w) => /past the end|data ends inside/.test(w)) ?? file.warnings[0];
  throw new DicomError('TRUNCATED', `the file is cut short (${where}): ${what}`, { file: path });
}

/** Reads a Part 10 file (or a raw data set) from a buffer. Values are views on the buffer, not copies. */
export function readDicom(buffer: Buffer, options: ReadOptions = {}): DicomFile {
  checkReadArguments('readDicom', { buffer, options });
  const resolved = resolveReadOptions(options);
  try {
    return readFrom(new BufferSource(buffer), resolved);
  } catch (e) {
    throw asDicomError(e, options.file);
  }
}

/** The path that stands for standard input, as in dcmtk's tools. */
export const STANDARD_INPUT = '-';

/**
 * Reads a file from disk. Small files are read whole; larger ones through a window, leaving values of at least
 * `lazyThreshold` bytes (pixel data, encapsulated documents) on disk until they are used. A pipe (a FIFO, a shell's
 * `<(…)`), and standard input named `-`, cannot be read at offsets: they are read whole into memory, up to
 * `limits.maxStreamLength`.
 */
export function readDicomFile(path: string, options: ReadOptions = {}): DicomFile {
  checkReadArguments('readDicomFile', { path, options });
  const resolved = resolveReadOptions(options, path);
  const stdin = path === STANDARD_INPUT;
  let fd: number;
  try {
    fd = stdin ? 0 : openSync(path, 'r');
  } catch (e) {
    throw withFile(e, path);
  }
  try {
    // Header scans, and reads that leave values of a few KiB on disk (dump -M), parse little of the file.
    const scan = options.stopAtTag !== undefined || resolved.lazyThreshold < FIRST_CHUNK;
    // Standard input is read as a stream even when it is a file: values left on disk would be read again by path.
    const src = stdin ? new BufferSource(readStream(fd, resolved.limits.maxStreamLength)) : openSource(fd, path, scan, resolved.limits.maxStreamLength);
    const file = readFrom(src, resolved, !stdin);
    if (src instanceof FileSource) giveBackUnviewed(src.initial, src.initialViewed);
    file.path = path;
    return file;
  } catch (e) {
    // a folder opens, and fails at the first read
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new DicomError('INVALID_ARGUMENT', 'is a folder: give a DICOM file', { file: path, cause: e });
    throw withFile(e, path);
  } finally {
    if (!stdin) closeSync(fd);
  }
}

/**
 * First reads are carved from shared 1 MiB slabs: scanning thousands of small files then costs no allocation (and
 * no fresh pages) per file. Values parsed from a chunk are views on its slab, which lives while any of them does.
 */
let slab = Buffer.allocUnsafe(0);
let slabUsed = 0;
const SLAB = 1024 * 1024;

function firstChunk(size: number): Buffer {
  if (slab.length - slabUsed < size) {
    slab = Buffer.allocUnsafe(SLAB);
    slabUsed = 0;
  }
  const chunk = slab.subarray(slabUsed, slabUsed + size);
  slabUsed += size;
  return chunk;
}

/**
 * Gives the slab back the end of the chunk last carved that no value views (from `viewed` on), for the next file's
 * first read: a header scan keeps the few hundred bytes before the pixel data, not a whole page of fresh memory per
 * file, and each fresh page costs a page fault (about as much as the read itself in a virtual machine).
 */
function giveBackUnviewed(chunk: Buffer, viewed: number): void {
  const start = chunk.byteOffset - slab.byteOffset;
  if (chunk.buffer !== slab.buffer || start + chunk.length !== slabUsed) return;
  // Kept 8-byte aligned, as Node aligns the buffers it allocates.
  slabUsed = start + Math.ceil(viewed / 8) * 8;
}

/**
 * One read decides: a file shorter than the first chunk is parsed from that chunk (no stat, no second read);
 * otherwise small files are read whole and large ones through a window. Header scans start with a smaller chunk. A
 * pipe, which that first read (at an offset) tells, is read whole.
 */
function openSource(fd: number, path: string, headerScan: boolean, maxStreamLength: number): ByteSource {
  const first = firstChunk(headerScan ? SCAN_CHUNK : FIRST_CHUNK);
  let got: number;
  try {
    got = readFully(fd, first, 0, first.length, 0);
  } catch (e) {
    // A pipe: nothing has been consumed by the failed positioned read.
    if ((e as NodeJS.ErrnoException).code === 'ESPIPE') return new BufferSource(readStream(fd, maxStreamLength));
    throw e;
  }
  if (got < first.length) {
    giveBackUnviewed(first, got);
    return new BufferSource(first.subarray(0, got));
  }
  const size = fstatSync(fd).size;
  if (headerScan || size > WHOLE_FILE_LIMIT) return new FileSource(fd, path, size, first, headerScan ? 16 * 1024 : undefined);
  const whole = Buffer.allocUnsafe(size);
  first.copy(whole);
  giveBackUnviewed(first, 0);
  const rest = readFully(fd, whole, first.length, size - first.length, first.length);
  return new BufferSource(whole.subarray(0, first.length + rest));
}

/** Reads a data set without meta information in a known transfer syntax (network messages, inflated content). */
export function readDataset(buffer: Buffer, transferSyntaxUid: string, options: ReadOptions = {}): Dataset {
  checkReadArguments('readDataset', { buffer, options });
  const resolved = resolveReadOptions(options);
  const ds = new Dataset();
  try {
    new DatasetParser(new BufferSource(buffer), resolved).parse(ds, 0, buffer.length, transferSyntax(transferSyntaxUid));
  } catch (e) {
    throw asDicomError(e);
  }
  return ds;
}

/** `fromFile`: the source is a file on disk (its offsets are the file's), so the data set's range is told. */
function readFrom(src: ByteSource, options: ResolvedReadOptions, fromFile = false): DicomFile {
  const head = src.view(0, Math.min(src.length, 132));
  let pos = 0;
  let preamble: Buffer | undefined;
  if (isDicm(head, 128)) {
    preamble = head.subarray(0, 128);
    pos = 132;
  } else if (isDicm(head, 0)) {
    pos = 4;
  }
  const meta = new Dataset();
  // stopAtTag applies to the data set; the meta information is always read whole.
  const metaOptions = { ...options, stopAtTag: NO_STOP };
  const metaParser = new DatasetParser(src, metaOptions, false, 'the file meta information');
  let metaImplicitVR = false;
  let metaBigEndian = false;
  if (preamble || pos === 4 || startsWithMetaGroup(src, pos)) {
    metaImplicitVR = isImplicitMeta(src, pos);
    metaBigEndian = !metaImplicitVR && isBigEndianMeta(src, pos);
    pos = readMeta(src, pos, meta, metaParser, options, metaImplicitVR ? IMPLICIT_VR_LE : metaBigEndian ? EXPLICIT_VR_BE : EXPLICIT_VR_LE);
  } else if (src.length < 8) throw new DicomError('NOT_DICOM', 'too short to be DICOM', { file: options.file });

  const metaTsUid = metaTransferSyntax(meta, src, pos, options);
  const tsUid = metaTsUid ?? guessTransferSyntax(src, pos, options, meta.size > 0 ? 'the file meta information' : pos > 0 ? '"DICM"' : undefined);
  const syntax = transferSyntax(tsUid);
  let dataset: Dataset;
  if (syntax.deflated) dataset = readDeflated(src, pos, syntax, options);
  else {
    dataset = new Dataset();
    new DatasetParser(src, options).parse(dataset, pos, src.length, syntax);
  }
  // The data set's bytes are not the whole data set when elements inside the meta group belong to it.
  const moved = moveStrays(meta, dataset, options);
  const datasetRange = fromFile && metaTsUid !== undefined && !moved ? { offset: pos, length: src.length - pos } : undefined;
  const damagedVR = metaOptions.damagedVR ?? options.damagedVR;
  const invalidVR = metaOptions.invalidVR ?? options.invalidVR;
  return {
    meta, dataset, transferSyntaxUid: syntax.uid, preamble, warnings: options.warnings,
    ...(options.cutShort ? { cutShort: true } : {}), ...(options.endsUndelimited ? { endsUndelimited: options.endsUndelimited } : {}),
    // A damaged VR in the meta group is the file's first, as one in the data set is.
    ...(damagedVR ? { damagedVR } : {}), ...(options.damagedVR ? { datasetDamagedVR: options.damagedVR } : {}), ...(metaImplicitVR ? { metaImplicitVR: true } : {}),
    ...(metaBigEndian ? { metaBigEndian: true } : {}),
    ...(invalidVR ? { invalidVR } : {}),
    ...(datasetRange ? { datasetRange } : {}),
  };
}

/**
 * The Transfer Syntax UID the meta information names, if any. PS3.10 gives it one value: more is BAD_META, read
 * leniently with a warning, as an empty one is, in the first value whose encoding the data set's first element (at
 * `pos`) agrees with, else in the syntax that element tells (a writer's list, "1.2.840.10008.1.2\1.2.840.10008.1.2.1",
 * of which its data set may be in the second; dcmdump guesses there too).
 */
function metaTransferSyntax(meta: Dataset, src: ByteSource, pos: number, options: ResolvedReadOptions): string | undefined {
  const values = meta.getStrings(TRANSFER_SYNTAX_UID);
  if (values.length < 2) return values[0] || undefined;
  const message = `file meta information has ${values.length} Transfer Syntax UIDs (0002,0010), ${values.join('\\')}: PS3.10 gives it one`;
  if (!options.lenient) throw new DicomError('BAD_META', message, { file: options.file, tag: TRANSFER_SYNTAX_UID });
  // No data set follows to tell (a meta group alone): the first, as a file of one would be read.
  if (src.length - pos < 8) {
    options.warnings.push(`${message}; the first is taken`);
    return values[0];
  }
  const told = transferSyntax(guessTransferSyntax(src, pos, options, 'the file meta information'));
  const agrees = values.find((uid) => {
    const syntax = transferSyntax(uid);
    return syntax.deflated || (syntax.explicitVR === told.explicitVR && syntax.littleEndian === told.littleEndian);
  });
  options.warnings.push(`${message}; the data set is read in ${agrees ?? `${told.uid}, which its first element tells (it agrees with none of them)`}`);
  return agrees ?? told.uid;
}

/** Whether "DICM" is at `offset` (compared byte by byte: this runs for every file read). */
const isDicm = (b: Buffer, offset: number): boolean =>
  b.length >= offset + 4 && b[offset] === 0x44 && b[offset + 1] === 0x49 && b[offset + 2] === 0x43 && b[offset + 3] === 0x4d;

/**
 * Whether a file without "DICM" opens with an Explicit VR meta group: its first element is of group 0002 with a VR, or
 * with bytes that are no VR where an explicit element's length, not an implicit one's, ends at an element (a damaged
 * VR, reported as in a file with "DICM"; read as a data set in Implicit VR, the group's own bytes were taken for values).
 */
function startsWithMetaGroup(src: ByteSource, pos: number): boolean {
  if (src.length - pos < 8) return false;
  const b = src.view(pos, 8);
  return b.readUInt16LE(0) === 0x0002 && (explicitHeaderLength(b.readUInt16BE(4)) !== undefined || !isImplicitMeta(src, pos));
}

/**
 * PS3.10 writes the meta information in Explicit VR LE; some writers used Implicit VR, which dcmtk reads too. Only a
 * group 0002 element tells: a data set right after "DICM" (no meta information) may be in any syntax.
 */
function isImplicitMeta(src: ByteSource, pos: number): boolean {
  if (src.length - pos < 8) return false;
  const b = src.fetch(pos, Math.min(12, src.length - pos));
  const i = pos - src.base;
  if (b.readUInt16LE(i) !== 0x0002 || explicitHeaderLength((b[i + 4]! << 8) | b[i + 5]!) !== undefined) return false;
  // Unless it is an Explicit VR element whose VR is damaged ("\0\0"): read as Implicit, its length (the VR's bytes
  // taken as part of it) ends at no element, where its 16-bit or 32-bit length does. Read as Implicit, the group
  // would go on from the wrong place, and the file be said to end inside its meta information, which it does not.
  const tag = ((b.readUInt16LE(i) << 16) | b.readUInt16LE(i + 2)) >>> 0;
  const implicitEnd = pos + 8 + b.readUInt32LE(i + 4);
  const shortEnd = pos + 8 + b.readUInt16LE(i + 6);
  const longEnd = b.length - i >= 12 ? pos + 12 + b.readUInt32LE(i + 8) : undefined;
  return metaElementAt(src, implicitEnd, tag) || !(metaElementAt(src, shortEnd, tag) || (longEnd !== undefined && metaElementAt(src, longEnd, tag)));
}

/**
 * A meta group in Explicit VR Big Endian, as some old writers left it (dcmtk reads it so): group 0002 in big-endian
 * order. Read as Little Endian, its tags would be group 0200, and the whole group taken for the data set. Its group
 * alone tells, not its VR: no data set opens with group 0200 (neither defined nor private), and a first element whose
 * VR is damaged is reported as one in a Little Endian group is, where it was said missing.
 */
function isBigEndianMeta(src: ByteSource, pos: number): boolean {
  return src.length - pos >= 6 && src.view(pos, 2).readUInt16BE(0) === 0x0002;
}

/**
 * File Meta Information is Explicit VR Little Endian (some writers left it in Implicit VR, or Big Endian:
 * `metaSyntax`); it runs while the group is 0002.
 */
function readMeta(src: ByteSource, pos: number, meta: Dataset, parser: DatasetParser, options: ResolvedReadOptions, metaSyntax: string): number {
  const { explicitVR: explicit, littleEndian: le } = transferSyntax(metaSyntax);
  if (!explicit) options.warnings.push('the file meta information is in Implicit VR (PS3.10 requires Explicit VR Little Endian)');
  if (!le) options.warnings.push('the file meta information is in Explicit VR Big Endian (PS3.10 requires Explicit VR Little Endian)');
  let end = pos;
  // Chosen once, not made for every element: this runs for every file of a scan.
  const u16 = le ? (b: Buffer, at: number): number => b.readUInt16LE(at) : (b: Buffer, at: number): number => b.readUInt16BE(at);
  const u32 = le ? (b: Buffer, at: number): number => b.readUInt32LE(at) : (b: Buffer, at: number): number => b.readUInt32BE(at);
  // Headers are read in place, as the parser reads them.
  while (src.length - end >= 8) {
    const b = src.fetch(end, Math.min(12, src.length - end));
    const i = end - src.base;
    if (u16(b, i) !== 0x0002) break;
    if (!explicit) {
      end += 8 + u32(b, i + 4);
      continue;
    }
    const code = (b[i + 4]! << 8) | b[i + 5]!;
    const header = explicitHeaderLength(code);
    const long = header === 12;
    if (long && src.length - end < 12) break;
    const tag = ((u16(b, i) << 16) | u16(b, i + 2)) >>> 0;
    const shortEnd = end + 8 + u16(b, i + 6);
    if (!long) {
      // As the data set parser reads it: bytes that are no VR take a 16-bit length (as dcmtk reads them), unless only
      // the 32-bit one ends at an element (the VR lost was a long-header one, File Meta Information Version's OB).
      const lostLongEnd = header === undefined && src.length - end >= 12 ? end + 12 + u32(b, i + 8) : undefined;
      end = lostLongEnd !== undefined && !metaElementAt(src, shortEnd, tag) && metaElementAt(src, lostLongEnd, tag) ? lostLongEnd : shortEnd;
      continue;
    }
    const longEnd = end + 12 + u32(b, i + 8);
    // Not a file cut short, as that length taken for a number would make it seem: the group has no end to find.
    if (u32(b, i + 8) === UNDEFINED_LENGTH && !isLaterVRCode(code)) {
      const message = `${String.fromCharCode(code >> 8, code & 0xff)} value of undefined length in the file meta information: only sequences and encapsulated Pixel Data may have one (PS3.5 7.1.1), so where the data set starts cannot be told`;
      throw new DicomError('BAD_VALUE', message, { file: options.file, offset: end, tag });
    }
    end = isLaterVRCode(code) ? laterVREnd(src, end, tag, code, longEnd, shortEnd, options.file) : longEnd;
  }
  if (explicit && le) end = groupLengthEnd(src, pos, end, options);
  if (end === pos) {
    const missing = 'file meta information is missing after "DICM"';
    // Nothing that could be an element follows (a file that ends at "DICM"): there is no data set to read leniently
    // either, and the meta information is what is missing, whichever way it is read.
    if (!options.lenient || src.length - pos < 8) throw new DicomError('BAD_META', missing, { file: options.file, offset: pos });
    // As dcmtk reads such a file: the data set follows, its transfer syntax told by its first element.
    options.warnings.push(`offset ${pos}: ${missing}; the data set's transfer syntax is guessed from its first element`);
    return pos;
  }
  // Cut inside its meta information, the file has no data set: there is nothing to recover, even leniently (and a
  // transfer syntax read may be cut short too). The group's length, when given, says where the group ends.
  const cut = (): DicomError => new DicomError('TRUNCATED', 'file ends inside the file meta information', { file: options.file, offset: pos });
  if (end > src.length) throw cut();
  parser.parse(meta, pos, end, transferSyntax(metaSyntax));
  const groupLength = meta.getNumber(FILE_META_GROUP_LENGTH);
  if (groupLength !== undefined && pos + 12 + groupLength > src.length && src.length - end < 8) throw cut();
  // The group is read while its tags are 0002 (as dcmtk reads it), whatever its length says; a wrong one is said.
  if (groupLength !== undefined && explicit && pos + 12 + groupLength !== end && src.view(pos, 4).equals(le ? GROUP_LENGTH_LE : GROUP_LENGTH_BE)) {
    options.warnings.push(`offset ${pos}: File Meta Information Group Length is ${groupLength}, but the group's elements after it take ${end - pos - 12} bytes`);
  }
  // An empty one says no more than a missing one: the syntax is guessed either way, which is said.
  if (!meta.getString(TRANSFER_SYNTAX_UID)) {
    const message = `file meta information has ${meta.getElementByTag(TRANSFER_SYNTAX_UID) ? 'an empty' : 'no'} Transfer Syntax UID (0002,0010)`;
    if (!options.lenient) throw new DicomError('BAD_META', message, { file: options.file, offset: pos });
    options.warnings.push(message);
  }
  return end;
}

/**
 * Where the meta group ends when its group length (its first element) runs past an element of another group to more
 * of group 0002: a writer that put a data set element (Specific Character Set, say) among the meta elements. Read by
 * its tags alone, the group would end at that element, and the meta elements after it, the Transfer Syntax UID among
 * them, would be lost to the data set, its syntax guessed. The group length's end, when the elements from `end` walk
 * to it exactly and one of them is of group 0002 (as dcmtk reads the group by its length; each stray element is said,
 * and moved to the data set by moveStrays); `end` otherwise.
 */
function groupLengthEnd(src: ByteSource, pos: number, end: number, options: ResolvedReadOptions): number {
  if (end - pos < 12 || end > src.length) return end;
  const head = src.view(pos, 12);
  if (head.readUInt32LE(0) !== FILE_META_GROUP_LENGTH >>> 16 || head.readUInt16BE(4) !== UL || head.readUInt16LE(6) !== 4) return end;
  const groupEnd = pos + 12 + head.readUInt32LE(8);
  if (groupEnd <= end || groupEnd > src.length) return end;
  const strays: string[] = [];
  let meta = false;
  for (let at = end; at !== groupEnd;) {
    if (groupEnd - at < 8) return end;
    const b = src.view(at, Math.min(12, groupEnd - at));
    const header = explicitHeaderLength(b.readUInt16BE(4));
    if (header === undefined || b.length < header) return end;
    const tag = ((b.readUInt16LE(0) << 16) | b.readUInt16LE(2)) >>> 0;
    if (tag >>> 16 === 0x0002) meta = true;
    else strays.push(`offset ${at}, ${formatTag(tag)}: a data set element inside the file meta information, which its group length runs over; moved to the data set`);
    const length = header === 12 ? b.readUInt32LE(8) : b.readUInt16LE(6);
    if (length === UNDEFINED_LENGTH || groupEnd - at - header < length) return end;
    at += header + length;
  }
  if (!meta) return end;
  options.warnings.push(...strays);
  return groupEnd;
}

/**
 * Moves the elements of other groups that the meta group's length took in (groupLengthEnd) to the data set, where they
 * belong: PS3.10 7.1 gives the meta information group 0002 alone, and a data set written from the file carries them.
 * One the data set has as well keeps the data set's value. Returns whether any was moved.
 */
function moveStrays(meta: Dataset, dataset: Dataset, options: ResolvedReadOptions): boolean {
  let moved = false;
  for (const el of [...meta]) {
    if (el.tag >>> 16 === 0x0002) continue;
    meta.removeTag(el.tag);
    moved = true;
    if (dataset.getElementByTag(el.tag)) options.warnings.push(`${formatTag(el.tag)}, inside the file meta information, is in the data set too; the data set's value is kept`);
    else dataset.addElement(el);
  }
  return moved;
}

/**
 * Where a meta element of a VR not known ("ZZ") ends, as the data set parser tells a later VR from a damaged one
 * (DatasetParser.laterVR): after its 32-bit length when that ends at an element, else after its 16-bit length when
 * that does (a 16-bit VR damaged, which the parser then reports); the group length's 16-bit length, when it is its
 * UL's, is tried first (damagedGroupLength). When neither does, where the data set starts cannot
 * be told, even leniently: walked on from a wrong place, the group would take the data set's first bytes for its own or
 * run past the end (a file cut short, it would seem).
 */
function laterVREnd(src: ByteSource, offset: number, tag: Tag, code: number, longEnd: number, shortEnd: number, file?: string): number {
  if (damagedGroupLength(tag, shortEnd - offset - 8) && metaElementAt(src, shortEnd, tag)) return shortEnd;
  if (metaElementAt(src, longEnd, tag)) return longEnd;
  if (metaElementAt(src, shortEnd, tag)) return shortEnd;
  const vr = String.fromCharCode(code >> 8, code & 0xff);
  const message = `invalid VR "${vr}" in the file meta information: neither its 32-bit length (${longEnd - offset - 12}) nor its 16-bit length (${shortEnd - offset - 8}) ends at an element, so where the data set starts cannot be told`;
  throw new DicomError('BAD_VR', message, { file, offset, tag });
}

/**
 * Whether an element of a tag after `after` starts at `offset`, or the input ends there: a meta element (Explicit VR),
 * or the data set's first, in whichever encoding (an Implicit VR one's 32-bit length fits what is left).
 */
function metaElementAt(src: ByteSource, offset: number, after: Tag): boolean {
  if (offset === src.length) return true;
  if (offset > src.length || src.length - offset < 8) return false;
  const b = src.view(offset, 8);
  const tag = ((b.readUInt16LE(0) << 16) | b.readUInt16LE(2)) >>> 0;
  if (tag <= after) return false;
  if (explicitHeaderLength(b.readUInt16BE(4)) !== undefined) return true;
  const length = b.readUInt32LE(4);
  return tag >>> 16 !== 0x0002 && (length === UNDEFINED_LENGTH || offset + 8 + length <= src.length);
}

/**
 * The transfer syntax of a data set without meta information, from its first element. That element must look like
 * one (a group from 0001 to 7FE0, a length that fits the input) even when reading leniently: otherwise any file
 * (a text file, random bytes) would be "recovered" into a made-up data set, where dcmtk says it is not DICOM. `after`:
 * what the input opened with ("DICM", the file meta information), which a file that is not DICOM lacks.
 */
function guessTransferSyntax(src: ByteSource, pos: number, options: ResolvedReadOptions, after?: string): string {
  if (src.length - pos < 8) throw new DicomError('NOT_DICOM', 'no data set found', { file: options.file, offset: pos });
  const b = src.view(pos, Math.min(12, src.length - pos));
  // Explicit when the bytes after the tag are a VR as the data set parser reads one (a later VR, "XY", too).
  const header = explicitHeaderLength(b.readUInt16BE(4));
  const explicit = header !== undefined;
  const groupLE = b.readUInt16LE(0);
  const groupBE = b.readUInt16BE(0);
  const bigEndian = explicit && groupBE <= 0x00ff && groupLE > 0x00ff;
  const group = bigEndian ? groupBE : groupLE;
  const long = header === 12;
  const headerLength = header ?? 8;
  const length = !explicit ? b.readUInt32LE(4)
    : long ? (b.length < 12 ? Infinity : bigEndian ? b.readUInt32BE(8) : b.readUInt32LE(8))
    : bigEndian ? b.readUInt16BE(6) : b.readUInt16LE(6);
  const fits = length === 0xffffffff || pos + headerLength + length <= src.length;
  if (group === 0 || group > 0x7fe0 || !fits) {
    // After "DICM" or meta elements the file is DICOM, damaged: a meta element's length that runs past its value, say.
    if (after) throw new DicomError('BAD_META', `no data set after ${after}: the bytes there are no element`, { file: options.file, offset: pos });
    throw new DicomError('NOT_DICOM', 'neither a DICOM file (no "DICM") nor a data set', { file: options.file, offset: pos });
  }
  return bigEndian ? EXPLICIT_VR_BE : explicit ? EXPLICIT_VR_LE : IMPLICIT_VR_LE;
}
