import { dirname, join } from 'node:path';
import { abortCheckpoint, throwIfAbortedMeanwhile } from '../../core/abort-checkpoint.js';
import type { Dataset } from '../../core/dataset.js';
import { DicomError, withFile } from '../../core/errors.js';
import { captureDirectoryLinks, isDicomdir, relinkDirectory } from '../../io/dicomdir-offsets.js';
import { refuseOutputPath } from '../../io/empty-path.js';
import { inputFiles } from '../../io/list-files.js';
import { makeFolder, removeEmptyFolders } from '../../io/make-folder.js';
import { readDicomFile } from '../../io/part10-reader.js';
import { writeDicomFile } from '../../io/part10-writer.js';
import { readUnknownInKnownVR, unreadableSequences } from '../../io/unknown-vr.js';
import type { FileOutcome, ProgressListener } from '../file-outcome.js';
import { OutputClaims } from '../output-claims.js';
import { applyChanges, checkChange, type Change } from './assignments.js';
import { requiredAttributeWarnings } from './required-attributes.js';
import { checkRecord, recordModification, revertModification, type ModificationRecord } from './original-attributes.js';

/** Where modified files go: beside themselves (atomic replace) or into a folder, keeping relative paths. */
export type Destination = { inPlace: true } | { outDir: string };

export interface ModifyFilesOptions {
  destination: Destination;
  onProgress?: ProgressListener;
  /** Each file's outcome as soon as it is known: a batch stopped by `signal` resolves to none. */
  onOutcome?: (outcome: FileOutcome) => void;
  /**
   * Stops the batch before its next file (Ctrl-C, say), which then rejects with the signal's reason: the files
   * written so far stay, each whole, and the others are not touched.
   */
  signal?: AbortSignal;
}

/**
 * Changes a data set and records the previous values in Original Attributes Sequence. Returns the tags changed. Its UN
 * elements whose VR is known here are read in that VR first, in place, as a file's are (readUnknownInKnownVR): a path
 * goes into a UN sequence's items, a value set equal to a UN one is no change, and a previous value is recorded in its
 * VR.
 */
export function modifyDataset(ds: Dataset, changes: readonly Change[], record: ModificationRecord): number[] {
  readUnknownInKnownVR(ds);
  return recordModification(ds, (target) => applyChanges(target, changes), record);
}

/** Restores the values recorded by the last modification (or every one, with `all`). Returns the tags restored. */
export function revertDataset(ds: Dataset, options: { all?: boolean } = {}): number[] {
  return revertModification(ds, options);
}

/**
 * Modifies files (folders are walked). Each file is written whole or not at all; a failure names the file and the
 * others go on. A change that no file could take, or a record PS3.3 would not allow, is refused before the first
 * file is read.
 */
export async function modifyFiles(inputs: readonly string[], changes: readonly Change[], record: ModificationRecord, options: ModifyFilesOptions): Promise<FileOutcome[]> {
  changes.forEach(checkChange);
  checkRecord(record);
  return eachFile(inputs, options, (ds, transferSyntaxUid) => {
    const changed = modifyDataset(ds, changes, record);
    return { changed, warnings: requiredAttributeWarnings(ds, changed, transferSyntaxUid) };
  });
}

/** Reverts the last recorded modification of each file. */
export function revertFiles(inputs: readonly string[], options: ModifyFilesOptions & { all?: boolean }): Promise<FileOutcome[]> {
  return eachFile(inputs, options, (ds) => ({ changed: revertDataset(ds, { all: options.all }) }));
}

/** What an edit of one data set did: the tags it changed, and what it left invalid that the user should know. */
interface Edited {
  changed: number[];
  warnings?: string[];
}

async function eachFile(inputs: readonly string[], options: ModifyFilesOptions, edit: (ds: Dataset, transferSyntaxUid: string) => Edited): Promise<FileOutcome[]> {
  const { destination } = options;
  if ('outDir' in destination) refuseOutputPath(destination.outDir, 'output folder');
  const files = inputFiles(inputs, { mustExist: true, outDir: 'outDir' in destination ? destination.outDir : undefined }).files;
  // An output folder that cannot be made fails the batch once, not each file.
  const made = 'outDir' in destination ? makeFolder(destination.outDir) : [];
  const checkpoint = abortCheckpoint(options.signal);
  const outcomes: FileOutcome[] = [];
  // Copies to an --out folder replace no input (in place is what no --out is for), nor one another.
  const claims = new OutputClaims('outDir' in destination ? files.map((f) => f.path) : []);
  try {
    for (const [i, input] of files.entries()) {
      await checkpoint();
      const output = 'inPlace' in destination ? input.path : join(destination.outDir, input.relative);
      const clash = claims.replacesInput(output) ?? claims.claim(output, input.path, 'inputs of the same relative path need separate runs, each with its own --out');
      const outcome: FileOutcome = clash === undefined ? editOne(input.path, output, 'inPlace' in destination, edit, made) : { input: input.path, status: 'failed', messages: [clash] };
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
      options.onProgress?.(i + 1, files.length, input.path);
    }
  } finally {
    removeEmptyFolders(made);
  }
  // A signal that came during the last write has not been seen yet: the run was stopped all the same.
  await throwIfAbortedMeanwhile(options.signal);
  return outcomes;
}

/**
 * Says which sequences held as UN whose bytes are no items the file written still holds. derive and deidentify leave
 * them out of the objects they make; modify keeps them, as it keeps every element it was not asked to change: a file
 * changed in place would lose them unrecorded, and recorded they would stay in the file all the same. A previous value
 * in Original Attributes Sequence is kept byte for byte, for revert, and is not named.
 */
function keptUnreadable(ds: Dataset): string[] {
  return unreadableSequences(ds)
    .filter((s) => !s.path.startsWith('OriginalAttributesSequence['))
    .map((s) => `${s.path}: a sequence held as UN whose bytes are not sequence items; kept as it was (--delete removes it, recorded)`);
}

/** `made`: the folders the run has made, to which those made for this output are added. */
function editOne(path: string, output: string, inPlace: boolean, edit: (ds: Dataset, transferSyntaxUid: string) => Edited, made: string[]): FileOutcome {
  try {
    const file = readDicomFile(path);
    const { changed, warnings: edited = [] } = edit(file.dataset, file.transferSyntaxUid);
    if (!inPlace) made.push(...makeFolder(dirname(output)));
    // A DICOMDIR's records point at each other by byte offset, which the edit and the rebuilt meta information move.
    // Taken after the edit: a revert brings back the records' offsets of before the modification, which point at
    // one another as they were then.
    if (isDicomdir(file.dataset)) relinkDirectory(file, captureDirectoryLinks(file.dataset, path), { transferSyntaxUid: file.transferSyntaxUid });
    const write = changed.length > 0 || output !== path;
    if (write) writeDicomFile(output, file);
    const messages = [...(changed.length ? [] : ['nothing changed']), ...keptUnreadable(file.dataset)];
    // What the read set aside or corrected is not in the file written (a file left as it was keeps it all).
    const all = [...(write ? file.warnings : []), ...edited];
    const warnings = all.length ? { warnings: all } : {};
    return { input: path, output, status: 'written', messages: messages.length ? messages : undefined, ...warnings };
  } catch (e) {
    const error = withFile(e, path);
    return { input: path, status: 'failed', messages: [error instanceof DicomError ? error.describe() : String(e)] };
  }
}
