import { dirname } from 'node:path';
import { DicomError } from '../core/errors.js';
import { sopIdentity } from './file-meta.js';
import { refuseFolderPath } from './empty-path.js';
import { makeFolder } from './make-folder.js';
import { readDicomFile, type DicomFile } from './part10-reader.js';
import { writeDicomFile } from './part10-writer.js';
import { captureDirectoryLinks, isDicomdir, relinkDirectory } from './dicomdir-offsets.js';
import type { SequenceLengthPolicy } from './dataset-writer.js';
import { UNCOMPRESSED_BY_NAME, isUncompressed, transferSyntax, uncompressedNames } from './transfer-syntax.js';
import { uidName } from '../core/uid-registry.js';

export interface ConvertOptions {
  /** A short name (explicit-le, implicit-le, explicit-be, deflated) or a transfer syntax UID. */
  transferSyntax: string;
  sequenceLength?: SequenceLengthPolicy;
  /** Flush to disk before renaming into place (default true). */
  durable?: boolean;
}

/** Resolves a short name or UID to one of the uncompressed transfer syntaxes. */
export function uncompressedSyntax(nameOrUid: string): string {
  const uid = UNCOMPRESSED_BY_NAME.get(nameOrUid) ?? nameOrUid;
  if (!isUncompressed(uid)) {
    throw new DicomError('UNSUPPORTED_TRANSFER_SYNTAX', `"${nameOrUid}" is not an uncompressed transfer syntax (use ${uncompressedNames()})`);
  }
  return uid;
}

/** A file read for conversion, and the transfer syntax it is to be written in. */
export interface Conversion {
  file: DicomFile;
  targetSyntaxUid: string;
  /** A DICOMDIR's record offsets, by the record each points at (captureDirectoryLinks). */
  directoryLinks?: Map<number, number>;
}

/**
 * Reads a file to re-encode in `syntaxName` (a short name or UID). Compressed pixel data would need a codec, so a
 * compressed input is refused rather than relabelled. Nothing is written yet: a command can read (a pipe, say) where a
 * signal still stops it, and hold signals off only while it writes.
 */
export function readForConversion(input: string, syntaxName: string): Conversion {
  const targetSyntaxUid = uncompressedSyntax(syntaxName);
  const file = readDicomFile(input);
  if (transferSyntax(file.transferSyntaxUid).encapsulated) {
    const name = uidName(file.transferSyntaxUid) ?? file.transferSyntaxUid;
    throw new DicomError('UNSUPPORTED_TRANSFER_SYNTAX', `pixel data is compressed (${name}); decompressing is not supported yet`, { file: input });
  }
  // Refused here, naming the input that lacks them, rather than by the writer, which knows only the output.
  sopIdentity(file.dataset, file.meta, input);
  if (!isDicomdir(file.dataset)) return { file, targetSyntaxUid };
  if (transferSyntax(targetSyntaxUid).deflated) {
    throw new DicomError('INVALID_ARGUMENT', 'is a DICOMDIR, whose records point at each other by byte offsets in the file: a deflated data set has none to point at (convert it to explicit-le, implicit-le or explicit-be)', { file: input });
  }
  return { file, targetSyntaxUid, directoryLinks: captureDirectoryLinks(file.dataset, input) };
}

/**
 * Writes a file read by readForConversion, making its folder first if there is none (as `create` does). A DICOMDIR's
 * records point at each other by their byte offsets in the file, which the new encoding and meta information move:
 * they are carried over to where the records now lie.
 */
export function writeConversion({ file, targetSyntaxUid, directoryLinks }: Conversion, output: string, options: Omit<ConvertOptions, 'transferSyntax'> = {}): void {
  refuseFolderPath(output);
  const writeOptions = { transferSyntaxUid: targetSyntaxUid, sequenceLength: options.sequenceLength };
  if (directoryLinks) relinkDirectory(file, directoryLinks, writeOptions);
  makeFolder(dirname(output));
  writeDicomFile(output, file, { ...writeOptions, durable: options.durable });
}

/** Re-encodes a file among the uncompressed transfer syntaxes (readForConversion, then writeConversion). */
export function convertFile(input: string, output: string, options: ConvertOptions): void {
  writeConversion(readForConversion(input, options.transferSyntax), output, options);
}
