import { DicomError } from '../core/errors.js';
import { readDicomFile } from './part10-reader.js';
import { writeDicomFile } from './part10-writer.js';
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

/**
 * Re-encodes a file among the uncompressed transfer syntaxes. Compressed pixel data would need a codec, so a
 * compressed input is refused rather than relabelled.
 */
export function convertFile(input: string, output: string, options: ConvertOptions): void {
  const target = uncompressedSyntax(options.transferSyntax);
  const file = readDicomFile(input);
  if (transferSyntax(file.transferSyntaxUid).encapsulated) {
    const name = uidName(file.transferSyntaxUid) ?? file.transferSyntaxUid;
    throw new DicomError('UNSUPPORTED_TRANSFER_SYNTAX', `pixel data is compressed (${name}); decompressing is not supported yet`, { file: input });
  }
  writeDicomFile(output, file, { transferSyntaxUid: target, sequenceLength: options.sequenceLength, durable: options.durable });
}
