import { fsyncSync, renameSync, unlinkSync, type Stats } from 'node:fs';
import type { Dataset } from '../core/dataset.js';
import { Encapsulated, Sequence } from '../core/element.js';
import { DicomError, internalError, isSystemError, systemErrorText, withFile } from '../core/errors.js';
import { limitsInForce } from '../core/limits-in-force.js';
import { PIXEL_DATA } from '../core/tag.js';
import { FileSink, MemorySink, type ByteSink } from './byte-sink.js';
import { DeflateSink } from './deflate-sink.js';
import { DatasetWriter, type SequenceLengthPolicy } from './dataset-writer.js';
import { buildFileMeta } from './file-meta.js';
import { keepOwnerAndMode, replacedFile } from './replaced-file.js';
import type { DicomFile } from './part10-reader.js';
import { EXPLICIT_VR_LE, transferSyntax, type TransferSyntax } from './transfer-syntax.js';
import { refuseFolderPath } from './empty-path.js';
import { checkDatasetArgument, checkWriteArguments } from './argument-checks.js';
import { temporaryPathFor } from './temporary-files.js';

export interface WriteOptions {
  /** Transfer syntax UID; default: the one the file was read in, else Explicit VR Little Endian. */
  transferSyntaxUid?: string;
  sequenceLength?: SequenceLengthPolicy;
  sourceAeTitle?: string;
  /** Write the 128-byte preamble and "DICM" (default true); the preamble read is kept, else zeros. */
  preamble?: boolean;
  /** Deflate level for the deflated transfer syntax (default 6). */
  deflateLevel?: number;
  /**
   * The most bytes a data set written deflated may inflate to: the reader's limits.maxInflatedLength in force (default 1 GiB),
   * past which it refuses the file (checkInflatedLength).
   */
  maxInflatedLength?: number;
  /** Flush the file to the disk before it is renamed into place (default true). */
  durable?: boolean;
  /**
   * Set the disk writing a large file while it is being written (WriteBack; default: when durable). For a caller that
   * flushes the file itself later, as an import's batch does.
   */
  writeBack?: boolean;
}

/** What can be written: a file as read (meta kept where we do not own it), or a bare data set. */
export type Writable = Pick<DicomFile, 'dataset'> & Partial<Pick<DicomFile, 'meta' | 'preamble' | 'transferSyntaxUid'>>;

/** Encodes a data set (no meta information) in a transfer syntax, e.g. for a network message. */
export function encodeDataset(ds: Dataset, transferSyntaxUid: string, policy: SequenceLengthPolicy = 'preserve'): Buffer {
  checkDatasetArgument('encodeDataset', ds);
  const sink = new MemorySink();
  writeDatasetTo(sink, ds, transferSyntaxUid, policy);
  return sink.toBuffer();
}

/**
 * PS3.5 A.4: Pixel Data is encapsulated exactly when the transfer syntax is. Otherwise the data set claims an encoding
 * its pixels are not in, and readers (dcmtk, ours) refuse it: what is wrong, or undefined.
 */
export function pixelDataEncodingProblem(ds: Dataset, syntax: TransferSyntax): string | undefined {
  const pixel = ds.getElementByTag(PIXEL_DATA);
  if (!pixel || pixel.value instanceof Sequence) return undefined;
  if (pixel.value instanceof Encapsulated) return syntax.encapsulated ? undefined : `Pixel Data is encapsulated (compressed), but transfer syntax ${syntax.uid} is native`;
  return syntax.encapsulated && pixel.length > 0 ? `Pixel Data is native, but transfer syntax ${syntax.uid} requires encapsulated pixel data` : undefined;
}

/** The writer refuses what a reader would (pixelDataEncodingProblem). */
function checkPixelDataEncoding(ds: Dataset, syntax: TransferSyntax): void {
  const problem = pixelDataEncodingProblem(ds, syntax);
  if (problem) throw new DicomError('BAD_VALUE', `${problem}; it is not ${syntax.encapsulated ? 'compressed' : 'decompressed'} here`, { tag: PIXEL_DATA });
}

/**
 * The writer refuses a deflated data set the reader would: one that inflates past its limit (limits.maxInflatedLength,
 * which keeps a deflate bomb from taking the memory), as zeros do, 1.5 GB of them into a file of 1.5 MB. Told before
 * a byte of the data set is written, from the encoded length.
 */
function checkInflatedLength(writer: DatasetWriter, ds: Dataset, maxInflatedLength: number): void {
  const length = writer.datasetLength(ds, transferSyntax(EXPLICIT_VR_LE));
  if (length <= maxInflatedLength) return;
  throw new DicomError(
    'LIMIT_EXCEEDED',
    `the data set would inflate to ${length} bytes, more than the ${maxInflatedLength} a reader inflates (limits.maxInflatedLength, which bounds the memory a deflated file may take): it would not be read back; write it in another transfer syntax`,
  );
}

function writeDatasetTo(sink: ByteSink, ds: Dataset, transferSyntaxUid: string, policy: SequenceLengthPolicy, level = 6, maxInflatedLength = limitsInForce().maxInflatedLength): void {
  const syntax = transferSyntax(transferSyntaxUid);
  checkPixelDataEncoding(ds, syntax);
  if (syntax.deflated) {
    const deflating = new DeflateSink(sink, level);
    const writer = new DatasetWriter(deflating, policy);
    checkInflatedLength(writer, ds, maxInflatedLength);
    writer.write(ds, transferSyntax(EXPLICIT_VR_LE));
    deflating.end();
    // PS3.5 A.5: an odd deflated stream gets one trailing NUL (readers stop at the stream's end)
    if (deflating.length % 2) sink.write(Buffer.alloc(1));
    return;
  }
  new DatasetWriter(sink, policy).write(ds, syntax);
}

function writePart10To(sink: ByteSink, file: Writable, options: WriteOptions): void {
  const tsUid = options.transferSyntaxUid ?? file.transferSyntaxUid ?? EXPLICIT_VR_LE;
  // A syntax asked for must be one (a file's own, even private, is written back as it is).
  if (options.transferSyntaxUid !== undefined && options.transferSyntaxUid !== file.transferSyntaxUid) transferSyntax(options.transferSyntaxUid, true);
  const meta = buildFileMeta(file.dataset, tsUid, { sourceAeTitle: options.sourceAeTitle, previous: file.meta });
  const metaWriter = new DatasetWriter(new MemorySink());
  let groupLength = 0;
  for (const el of meta) if (el.tag !== 0x00020000) groupLength += metaWriter.elementLength(el, transferSyntax(EXPLICIT_VR_LE));
  meta.set('FileMetaInformationGroupLength', groupLength);
  if (options.preamble !== false) {
    const preamble = Buffer.alloc(132);
    file.preamble?.copy(preamble, 0, 0, 128);
    preamble.write('DICM', 128, 'latin1');
    sink.write(preamble);
  }
  new DatasetWriter(sink).write(meta, transferSyntax(EXPLICIT_VR_LE));
  writeDatasetTo(sink, file.dataset, tsUid, options.sequenceLength ?? 'preserve', options.deflateLevel, options.maxInflatedLength);
}

/** Encodes a whole Part 10 file in memory. */
export function encodeDicom(file: Writable, options: WriteOptions = {}): Buffer {
  checkWriteArguments('encodeDicom', { file, options });
  const sink = new MemorySink();
  writePart10To(sink, file, options);
  return sink.toBuffer();
}

/**
 * Writes a Part 10 file to a new path (which must not exist), streaming values on disk, and optionally flushing it
 * to the disk; returns its size. A write that fails removes the file it made. No rename: callers that batch their own flushes (an import) rename the file themselves.
 * `replacing`: what is at the destination this file is written to be renamed over (statOf); a file there passes on
 * its owner and permissions (keepOwnerAndMode).
 */
export function writeNewDicomFile(path: string, file: Writable, options: WriteOptions = {}, replacing?: Stats): number {
  checkWriteArguments('writeNewDicomFile', { path, file, options });
  let sink: FileSink | undefined;
  try {
    sink = new FileSink(path, options.writeBack ?? options.durable !== false);
    keepOwnerAndMode(sink.fd, replacing);
    writePart10To(sink, file, options);
    sink.flush();
    if (options.durable !== false) fsyncSync(sink.fd);
    sink.close();
    const size = sink.size;
    sink = undefined;
    return size;
  } catch (e) {
    // The file is this call's own (it did not exist): a part of it is no use to anyone.
    if (sink) giveUp(sink, path);
    throw withFile(e, path);
  }
}

/** Closes and removes a file a failed write made; the write's error is the one to report, not these. */
function giveUp(sink: FileSink, path: string): void {
  try {
    sink.abandon();
  } catch {
    /* closed already, or the descriptor is gone: nothing to keep open */
  }
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

/**
 * Writes a Part 10 file atomically: into a temporary file beside the destination, flushed to disk, then renamed,
 * so a reader never sees a partial file and an existing file is replaced whole or not at all. A file replaced keeps
 * its permissions and, where the process may give it, its owner (keepOwnerAndMode); a folder where the file should go
 * is refused first.
 */
export function writeDicomFile(path: string, file: Writable, options: WriteOptions = {}): void {
  checkWriteArguments('writeDicomFile', { path, file, options });
  const { destination, existing } = replacedFile(path);
  if (existing?.isDirectory()) throw new DicomError('IO', 'is a folder: give the path of the file to write', { file: path });
  refuseFolderPath(path);
  const temp = temporaryPathFor(destination);
  try {
    writeNewDicomFile(temp, file, options, existing);
    renameSync(temp, destination);
  } catch (e) {
    // Left only when the rename failed: a failed write removes the file it made.
    try {
      unlinkSync(temp);
    } catch {
      /* removed by the write already */
    }
    throw errorOfWrite(e, temp, path);
  }
}

/** An error met writing `temp` on the way to `path`, named by the file asked for, not by the hidden temporary file. */
export function errorOfWrite(e: unknown, temp: string, path: string): DicomError {
  if (isSystemError(e)) return new DicomError('IO', systemErrorText(e, temp, path).replaceAll(temp, path), { file: path, cause: e });
  if (!(e instanceof DicomError)) return internalError(e, path);
  if (!e.file || e.file === temp) e.file = path;
  e.message = e.message.replaceAll(temp, path);
  return e;
}
