import { dirname, join } from 'node:path';
import { abortCheckpoint, throwIfAbortedMeanwhile } from '../../core/abort-checkpoint.js';
import { DicomError, withFile } from '../../core/errors.js';
import { readDicomFile, refuseCutShort } from '../../io/part10-reader.js';
import { dropUnreadableSequences } from '../../io/unknown-vr.js';
import { encodeDicom, writeDicomFile, type Writable, type WriteOptions } from '../../io/part10-writer.js';
import { DatasetWriter } from '../../io/dataset-writer.js';
import { MemorySink } from '../../io/byte-sink.js';
import { EXPLICIT_VR_LE, transferSyntax } from '../../io/transfer-syntax.js';
import { Dataset } from '../../core/dataset.js';
import { instanceReferences } from '../../core/instance-references.js';
import { MEDIA_STORAGE_DIRECTORY } from '../../core/uid-registry.js';
import { captureDirectoryLinks, isDicomdir, relinkDirectory } from '../../io/dicomdir-offsets.js';
import { recordIssuers } from './dicomdir-issuers.js';
import { checkCanWriteBeside, writeFileDurably } from '../../io/durable-write.js';
import { refuseOutputPath } from '../../io/empty-path.js';
import { inputFiles } from '../../io/list-files.js';
import { makeFolder, removeEmptyFolders } from '../../io/make-folder.js';
import type { FileOutcome, ProgressListener } from '../file-outcome.js';
import { OutputClaims } from '../output-claims.js';
import { Deidentifier, type DeidentifyOptions } from './deidentifier.js';
import { checkBlankRegion, type BlankRegion } from './blank-regions.js';
import { blankPixels } from './pixel-blanking.js';
import { removeJpegMetadata } from './jpeg-metadata-removal.js';

export interface DeidentifyFilesOptions extends DeidentifyOptions {
  outDir: string;
  /**
   * Burned-in text to blank (Clean Pixel Data Option): each region in every image it applies to, clipped to the
   * image. A cleaned image's Burned In Annotation becomes NO. A file whose image a region misses entirely, or whose
   * compressed pixel data cannot be cleaned, fails and is not written.
   */
  blankRegions?: readonly BlankRegion[];
  /** Name each output after its new SOP Instance UID instead of keeping the input's relative path. */
  rename?: boolean;
  /** Files being flushed to disk at once (default 32). */
  writesInFlight?: number;
  onProgress?: ProgressListener;
  /** Each file's outcome as soon as it is known (its write done, so not in input order): a batch stopped resolves to none. */
  onOutcome?: (outcome: FileOutcome) => void;
  /**
   * Stops the batch before its next file (Ctrl-C, say), which then rejects with the signal's reason: the writes
   * under way complete, the files written stay, each whole, and the UID map keeps their replacements.
   */
  signal?: AbortSignal;
}

export interface DeidentifyFilesResult {
  files: FileOutcome[];
  written: number;
  skipped: number;
  failed: number;
}

const failure = (input: string, e: unknown): FileOutcome => {
  const error = withFile(e, input);
  return { input, status: 'failed', messages: [error instanceof DicomError ? error.describe() : String(e)] };
};

/**
 * De-identifies a set of files (folders are walked) into `outDir`, consistently across the whole set. A file that
 * fails is reported and the others go on. Outputs get fresh file meta information and an empty preamble, since
 * both may carry identifying data (source AE titles, a TIFF header in the preamble).
 *
 * Reading, cleaning and de-identifying run one file at a time (the replacements are shared state); each output is
 * then written like writeDicomFile writes (temporary file, flushed, renamed) but asynchronously, with many flushes
 * in flight, which is what makes a batch fast on a journalled disk.
 */
export async function deidentifyFiles(inputs: readonly string[], options: DeidentifyFilesOptions): Promise<DeidentifyFilesResult> {
  for (const region of options.blankRegions ?? []) checkBlankRegion(region);
  refuseOutputPath(options.outDir, 'output folder');
  const deidentifier = new Deidentifier(options);
  // The map is written last: one that cannot be would leave the outputs with replacements recorded nowhere.
  if (options.mapFile) checkCanWriteBeside(options.mapFile);
  const sources = inputFiles(inputs, { mustExist: true, outDir: options.outDir }).files;
  // An output folder that cannot be made fails the batch once, not each file.
  const made = makeFolder(options.outDir);
  const files: FileOutcome[] = new Array(sources.length);
  const folders = new Set<string>();
  // An output must neither replace an input (the original would be lost: --out naming the inputs' folder) nor another
  // output of this run (two inputs of the same relative path, or two copies of one instance with --rename).
  const claims = new OutputClaims(sources.map((source) => source.path));
  const inFlight = new Set<Promise<void>>();
  const dangling = new DanglingReferences();
  let done = 0;
  const finish = (i: number, outcome: FileOutcome): void => {
    files[i] = outcome;
    options.onOutcome?.(outcome);
    options.onProgress?.(++done, sources.length, outcome.input);
  };
  const checkpoint = abortCheckpoint(options.signal);
  try {
    for (const [i, input] of sources.entries()) {
      await checkpoint();
      let prepared: Prepared | Skipped | FileOutcome;
      try {
        prepared = await prepare(deidentifier, input.path, input.relative, options);
      } catch (e) {
        prepared = failure(input.path, e);
      }
      if ('status' in prepared) {
        finish(i, prepared);
        continue;
      }
      if ('skipped' in prepared) {
        dangling.skipped(prepared.instance, prepared.skipped);
        finish(i, prepared.skipped);
        continue;
      }
      const { output, writable, writeOptions, outcome, references } = prepared;
      const clash = clashOf(output, input.path, claims, options.rename === true);
      if (clash) {
        finish(i, { input: input.path, status: 'failed', messages: [clash] });
        continue;
      }
      const folder = dirname(output);
      if (!folders.has(folder)) made.push(...makeFolder(folder));
      folders.add(folder);
      let bytes: Buffer | undefined;
      try {
        if (streamed(writable)) writeDicomFile(output, writable, writeOptions);
        else bytes = encodeDicom(writable, writeOptions);
      } catch (e) {
        finish(i, failure(input.path, e));
        continue;
      }
      if (!bytes) {
        dangling.written(references);
        finish(i, outcome);
        continue;
      }
      const write: Promise<void> = writeFileDurably(output, bytes)
        .then(() => (dangling.written(references), finish(i, outcome)), (e: unknown) => finish(i, failure(input.path, e)))
        .finally(() => inFlight.delete(write));
      inFlight.add(write);
      if (inFlight.size >= (options.writesInFlight ?? 32)) await Promise.race(inFlight);
    }
  } finally {
    // Stopped or not, the files written keep the replacements they were given.
    await Promise.all(inFlight);
    dangling.tell();
    saveMap(deidentifier, files, options.mapFile);
    removeEmptyFolders(made);
  }
  // A signal that came during the last file (its preparation is synchronous) has not been seen yet: the run was stopped.
  await throwIfAbortedMeanwhile(options.signal);
  const count = (status: FileOutcome['status']): number => files.filter((f) => f.status === status).length;
  return { files, written: count('written'), skipped: count('skipped'), failed: count('failed') };
}

/**
 * The inputs skipped, and the instances the outputs written reference: a skipped object (a regional image with
 * recognizable features, say) that written ones reference leaves those references pointing at nothing in the output
 * set, which its skip line then says.
 */
class DanglingReferences {
  private readonly referencedBy = new Map<string, number>();
  private readonly skippedInstances = new Map<string, FileOutcome>();

  written(references: readonly string[]): void {
    for (const uid of new Set(references)) this.referencedBy.set(uid, (this.referencedBy.get(uid) ?? 0) + 1);
  }

  skipped(instance: string | undefined, outcome: FileOutcome): void {
    if (instance) this.skippedInstances.set(instance, outcome);
  }

  tell(): void {
    for (const [uid, outcome] of this.skippedInstances) {
      const n = this.referencedBy.get(uid);
      if (n) (outcome.messages ??= []).push(`${n} file(s) written reference it: those references do not resolve among the outputs`);
    }
  }
}

/**
 * Saves the UID map when a file was written: the replacements of a run that wrote nothing (every file failed or was
 * skipped) are in no output, and the map is left as it was (or not made). One that fails says that the outputs
 * written have replacements it does not hold.
 */
function saveMap(deidentifier: Deidentifier, files: readonly FileOutcome[], mapFile: string | undefined): void {
  const written = files.filter((f) => f?.status === 'written').length;
  if (written === 0) return;
  try {
    deidentifier.save();
  } catch (e) {
    const error = withFile(e, mapFile ?? '');
    error.message += `; the map is not updated, so the replacements of the ${written} file(s) written are recorded nowhere (remove them and run again)`;
    throw error;
  }
}

/** Why an output must not be written where it would go, if it must not; otherwise it is claimed for `input`. */
function clashOf(output: string, input: string, claims: OutputClaims, rename: boolean): string | undefined {
  return claims.replacesInput(output) ?? claims.claim(output, input, rename ? 'both are the same instance (one SOP Instance UID)' : 'inputs of the same relative path need --rename, or separate runs');
}

const SOP_INSTANCE_UID = 0x00080018;

/** A DICOMDIR's identity lives only in its meta information: the same SOP Class, a remapped instance UID. */
function directoryMeta(meta: Dataset, deidentifier: Deidentifier): Dataset {
  const out = new Dataset();
  out.set('MediaStorageSOPClassUID', meta.getString('MediaStorageSOPClassUID') ?? MEDIA_STORAGE_DIRECTORY);
  out.set('MediaStorageSOPInstanceUID', deidentifier.replacements.uid(meta.getString('MediaStorageSOPInstanceUID') ?? ''));
  return out;
}

/** An output ready to write, and the instances its input references (original UIDs). */
interface Prepared {
  output: string;
  writable: Writable;
  writeOptions: WriteOptions;
  outcome: FileOutcome;
  references: string[];
}

/** An input not written, with its SOP Instance UID (the original). */
interface Skipped {
  skipped: FileOutcome;
  instance?: string;
}

/** Reads, cleans and de-identifies one file and encodes the output, or says why it is skipped. */
async function prepare(deidentifier: Deidentifier, path: string, relative: string, options: DeidentifyFilesOptions): Promise<Prepared | Skipped> {
  // Lenient: real files carry odd lengths and similar slips; what is read is de-identified like the rest. But not a
  // file cut short: its copy would be a whole-looking file holding less than the original announced.
  const file = readDicomFile(path, { lenient: true });
  refuseCutShort(file, path, 'not de-identified, as its copy would hide what is missing');
  // Nor one whose VR is damaged, into capital letters or bytes that are no letters: the element there, and any it
  // swallowed, were read in a VR (or under a tag) the bytes may not mean, so identifying text in them could pass
  // unrecognised. send refuses one damaged into capitals in its data set; one damaged in the meta group only is refused
  // here too, as nothing can tell what its damaged bytes hid.
  const damaged = file.damagedVR ?? file.invalidVR;
  if (damaged) throw new DicomError('BAD_VR', `${damaged}: not de-identified, as what was read from the damaged bytes may hold identifying text in a VR or tag it does not have`, { file: path });
  // A sequence whose bytes are no items holds what nothing here can read, so nothing in it can be de-identified.
  const unreadable = dropUnreadableSequences(file.dataset).map((at) => `${at}: a sequence held as UN whose bytes are not sequence items; left out, as nothing in it can be de-identified`);
  const directory = isDicomdir(file.dataset);
  if (directory && options.rename) {
    const why = 'a DICOMDIR is not written under --rename: its records name the files by their paths, which renaming changes (make a new one from the output, e.g. with dcmmkdir)';
    return { skipped: { input: path, status: 'skipped', messages: [why] } };
  }
  const links = directory ? captureDirectoryLinks(file.dataset) : undefined;
  // Taken before the UIDs are replaced, so that references and skipped instances compare in one namespace.
  const instance = file.dataset.getString(SOP_INSTANCE_UID);
  const references = instanceReferences(file.dataset).map((r) => r.uid);
  const cleanedSyntax = await blankPixels(file.dataset, file.transferSyntaxUid, options.blankRegions ?? []);
  const transferSyntaxUid = cleanedSyntax ?? file.transferSyntaxUid;
  removeJpegMetadata(file.dataset, transferSyntaxUid);
  const facts = { pixelsCleaned: cleanedSyntax !== undefined, ...(directory ? { recordIssuers: recordIssuers(file.dataset, path) } : {}) };
  const result = deidentifier.deidentify(file.dataset, facts);
  if (!result.written) return { skipped: { input: path, status: 'skipped', messages: result.problems }, instance };
  const name = options.rename ? `${file.dataset.getString(SOP_INSTANCE_UID) ?? 'unnamed'}.dcm` : relative;
  const output = join(options.outDir, name);
  const writable = { dataset: file.dataset, meta: links ? directoryMeta(file.meta, deidentifier) : undefined };
  const writeOptions = { transferSyntaxUid };
  if (links) relinkDirectory(writable, links, writeOptions);
  const outcome: FileOutcome = { input: path, output, status: 'written' };
  // What the read set aside or corrected (the second of a tag met twice), and a sequence nothing could read, are not in
  // the output: said as convert says the one and derive crop the other, as warnings; so are the dates retained UIDs tell.
  const warnings = [...file.warnings, ...unreadable, ...(result.warnings ?? [])];
  if (warnings.length) outcome.warnings = warnings;
  return { output, writable, writeOptions, outcome, references };
}

/**
 * An output is encoded in memory, to be written with others in flight, up to this size; a larger one is written as
 * writeDicomFile writes, its values left on disk streamed from the input: held whole, then joined into one buffer, a
 * 150 MB image took 355 MiB, and 32 of them in flight would take gigabytes.
 */
const STREAMED = 16 * 1024 * 1024;

const streamed = ({ dataset }: Writable): boolean =>
  new DatasetWriter(new MemorySink()).datasetLength(dataset, transferSyntax(EXPLICIT_VR_LE)) > STREAMED;
