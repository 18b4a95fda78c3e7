/**
 * Storage SCU for a batch of files (`tbp-dicom send`): proposes the SOP classes found, each with the files' own
 * transfer syntaxes and the uncompressed ones; streams each data set straight from its file when the accepted syntax
 * is the file's; converts among uncompressed syntaxes otherwise; refuses compressed objects the peer cannot take.
 */
import { statSync, unlinkSync, mkdtempSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { inputFiles } from '../io/list-files.js';
import {
  DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE, isUncompressed, transferSyntax,
} from '../io/transfer-syntax.js';
import { PIXEL_DATA } from '../core/tag.js';
import { MEDIA_STORAGE_DIRECTORY, uidLabel } from '../core/uid-registry.js';
import { DicomError, withFile } from '../core/errors.js';
import type { Association, DataSource, PresentationContext } from './association.js';
import { AbortSource, ContextResult } from './pdu.js';
import { checkPeerOptions } from './peer-options.js';
import { checkSetting, conversionLimitProblem, givenSettings, maxPerAssociationProblem, operationsProblem } from './setting-ranges.js';
import { checkOwnCertificate } from './transport.js';
import { DEFAULT_CALLING_AE, requestAssociation, type PeerOptions, type ProposedContext } from './requestor.js';
import { cStore, type StoreResponse } from './store-scu.js';
import { ReadAhead } from './read-ahead.js';
import { NetError } from './errors.js';
import { decompressionAdvice } from './decompression-advice.js';

export interface SendOptions extends PeerOptions {
  /**
   * Send uncompressed files in this transfer syntax only (converted to it), instead of each file's own plus the
   * uncompressed ones; compressed files still go in their own syntax, which cannot be converted.
   */
  transferSyntax?: string;
  /** Most objects per association (default: all in one), a whole number from 1. */
  maxPerAssociation?: number;
  /** Release the association and stop at the first failure status, as some storage SCUs do; default: continue. */
  stopOnFailure?: boolean;
  /** Called after each file. */
  onProgress?: (result: FileResult, done: number, total: number) => void;
  /**
   * Stops the batch before its next file (Ctrl-C, say): the requests under way are answered, the association is
   * released, and the files not sent are reported as such ("not sent: stopped"); temporary files are removed.
   */
  signal?: AbortSignal;
  /** Objects converted in memory up to this encoded size; larger ones through a temporary file (default 32 MiB). */
  inMemoryConversionLimit?: number;
  /**
   * Requests outstanding at once: above 1, an asynchronous operations window is proposed (PS3.7 D.3.3.3) and the
   * next objects are sent without waiting for the previous answers, up to what the peer accepts. Default 1: no
   * window proposed (some peers mishandle the proposal), one request at a time.
   */
  operations?: number;
}

/**
 * What became of a file: stored (`success`, `warning`); `refused`, the peer answered its C-STORE with a failure status;
 * `failure`, it could not be sent (unreadable, not DICOM, no context the peer accepted for it) or its answer was lost
 * with the association, whether the peer stored it unknown; `not-sent`, the batch ended before its turn (the
 * association was lost, rejected or could not be made; stopped); `skipped`, not for sending (a DICOMDIR or a file that
 * is not DICOM found in a folder).
 */
export type Outcome = 'success' | 'warning' | 'refused' | 'failure' | 'not-sent' | 'skipped';

export interface FileResult {
  path: string;
  outcome: Outcome;
  sopClassUid?: string;
  sopInstanceUid?: string;
  /** The syntax it was sent in. */
  transferSyntaxUid?: string;
  /** It was re-encoded from the file's syntax. */
  converted?: boolean;
  status?: number;
  meaning?: string;
  errorComment?: string;
  /** Why it failed or was skipped, one line. */
  reason?: string;
  bytes?: number;
  /**
   * What the read of the file set aside or corrected (the reader's warnings: a wrong File Meta Information Group
   * Length, an odd value length), whatever became of it: said, as every command says them, and exit code 1.
   */
  warnings?: string[];
}

export interface SendSummary {
  host: string;
  port: number;
  total: number;
  /** Stored, with or without warning. */
  sent: number;
  warnings: number;
  /** Answered with a failure status. */
  refused: number;
  /** Not sendable, or sent and their answer lost. */
  failed: number;
  /** Their turn never came. */
  notSent: number;
  skipped: number;
  associations: number;
  /** Data set bytes of the objects the peer stored (sent, with or without warning): what the summary's rate counts. */
  bytes: number;
  elapsedMs: number;
  results: FileResult[];
}

interface Candidate {
  path: string;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** Data set position in the file, when it can be streamed as is. */
  layout?: { offset: number; length: number };
  /** The read's warnings (FileResult.warnings). */
  warnings: string[];
}

/**
 * The Part 10 reader and writer, loaded on the first file: with the dictionary they weigh about 30 ms of start-up,
 * which a run that only echoes or fails early does without.
 */
let codecs: Promise<[typeof import('../io/part10-reader.js'), typeof import('../io/part10-writer.js')]> | undefined;
const loadCodecs = (): NonNullable<typeof codecs> => (codecs ??= Promise.all([import('../io/part10-reader.js'), import('../io/part10-writer.js')]));

/**
 * Reads a file to know what it is: its whole structure (large values stay on disk), since a file cut short would be
 * streamed as it is and the peer abort the association on it, taking the files after it down too.
 */
async function inspect(path: string): Promise<Candidate> {
  const [{ readDicomFile, refuseCutShort }, { pixelDataEncodingProblem }] = await loadCodecs();
  const file = readDicomFile(path, { lenient: true });
  refuseCutShort(file, path, 'not sent, as the peer would get less than it announces');
  // Streamed as it is, it would make the peer abort the association (dcmtk does), taking the files after it down too.
  const misencoded = pixelDataEncodingProblem(file.dataset, transferSyntax(file.transferSyntaxUid));
  if (misencoded) throw new DicomError('BAD_VALUE', `${misencoded}: not sent, as the peer could not read it`, { file: path, tag: PIXEL_DATA });
  if (file.datasetDamagedVR) throw new DicomError('BAD_VR', `${file.datasetDamagedVR}: not sent, as the peer would read the element with the 32-bit length (dcmtk does) and fail`, { file: path });
  // One in the meta group alone goes nowhere: the peer gets the data set, whole, and makes its own meta information.
  const warnings = file.damagedVR ? [...file.warnings, metaNotSent(file.damagedVR)] : file.warnings;
  // The data set's own, as storescu takes them: what the request names must be what it carries (an SCP answers
  // A900 otherwise), and a meta header left behind by a tool that changed the data set's UIDs is common.
  const sopClassUid = file.dataset.getString('SOPClassUID') || file.meta.getString('MediaStorageSOPClassUID');
  const sopInstanceUid = file.dataset.getString('SOPInstanceUID') || file.meta.getString('MediaStorageSOPInstanceUID');
  if (!sopClassUid || !sopInstanceUid) throw new DicomError('BAD_META', 'no SOP Class UID or SOP Instance UID', { file: path });
  // A Part 10 file's data set is streamed from the file as it is, when the peer takes its transfer syntax.
  return { path, sopClassUid, sopInstanceUid, transferSyntaxUid: file.transferSyntaxUid, layout: file.datasetRange, warnings };
}

/**
 * What becomes of a damaged VR in the file meta information, said after the reader's own words for it (the read's
 * warning says how it was read), as a damaged VR in the data set is: a network transfer carries the data set alone, so
 * the damaged element never reaches the peer.
 */
const metaNotSent = (damagedVR: string): string =>
  `${damagedVR}: in the file meta information, which is not sent: a peer gets the data set alone, which it does not touch`;

/**
 * The uncompressed syntaxes proposed together for every SOP class, which any uncompressed file can be converted to:
 * Explicit VR Big Endian too, last, as dcmtk's storescu proposes it, since some peers take nothing else (an Orthanc
 * whose AcceptedTransferSyntaxes lists it alone).
 */
const UNCOMPRESSED_PROPOSAL = [EXPLICIT_VR_LE, IMPLICIT_VR_LE, EXPLICIT_VR_BE];
/** A file's own syntax other than these is also proposed in a context of its own, for the file to go unchanged. */
const LITTLE_ENDIAN = [EXPLICIT_VR_LE, IMPLICIT_VR_LE];
/** When converting, the accepted uncompressed syntaxes in order of preference. */
const CONVERSION_PREFERENCE = [EXPLICIT_VR_LE, IMPLICIT_VR_LE, DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE];

/** The presentation contexts to propose for one SOP class, sent in these transfer syntaxes. */
function sopContexts(sop: string, syntaxes: Iterable<string>, forced?: string): ProposedContext[] {
  const contexts: ProposedContext[] = [];
  if (forced) {
    contexts.push({ abstractSyntax: sop, transferSyntaxes: [forced] });
    for (const ts of syntaxes) if (!isUncompressed(ts) && ts !== forced) contexts.push({ abstractSyntax: sop, transferSyntaxes: [ts] });
    return contexts;
  }
  for (const ts of syntaxes) if (!LITTLE_ENDIAN.includes(ts)) contexts.push({ abstractSyntax: sop, transferSyntaxes: [ts] });
  contexts.push({ abstractSyntax: sop, transferSyntaxes: UNCOMPRESSED_PROPOSAL });
  return contexts;
}

type SopAndSyntax = Pick<Candidate, 'sopClassUid' | 'transferSyntaxUid'>;

/** Notes a file's transfer syntax under its SOP class. */
function addSyntax(bySop: Map<string, Set<string>>, f: SopAndSyntax): void {
  const syntaxes = bySop.get(f.sopClassUid);
  if (syntaxes) syntaxes.add(f.transferSyntaxUid);
  else bySop.set(f.sopClassUid, new Set([f.transferSyntaxUid]));
}

/** The presentation contexts to propose for a set of files. */
export function proposeContexts(files: readonly SopAndSyntax[], forced?: string): ProposedContext[] {
  const bySop = new Map<string, Set<string>>();
  for (const f of files) addSyntax(bySop, f);
  return [...bySop].flatMap(([sop, syntaxes]) => sopContexts(sop, syntaxes, forced));
}

/** Splits candidates into association batches: at most 128 contexts and `max` objects each (in one pass). */
function batches(files: Candidate[], max: number, forced?: string): Candidate[][] {
  const out: Candidate[][] = [];
  let current: Candidate[] = [];
  const bySop = new Map<string, Set<string>>();
  let contexts = 0;
  /** How many contexts the batch gains with this file. */
  const growth = (f: Candidate): number => {
    const syntaxes = bySop.get(f.sopClassUid);
    if (syntaxes?.has(f.transferSyntaxUid)) return 0;
    const before = syntaxes ? sopContexts(f.sopClassUid, syntaxes, forced).length : 0;
    return sopContexts(f.sopClassUid, [...(syntaxes ?? []), f.transferSyntaxUid], forced).length - before;
  };
  for (const f of files) {
    if (current.length > 0 && (current.length >= max || contexts + growth(f) > 128)) {
      out.push(current);
      current = [];
      bySop.clear();
      contexts = 0;
    }
    contexts += growth(f);
    current.push(f);
    addSyntax(bySop, f);
  }
  if (current.length > 0) out.push(current);
  return out;
}

interface Plan {
  contextId: number;
  transferSyntaxUid: string;
  convert: boolean;
}

/** Chooses the accepted context for a file, or says why none will do. */
function choose(assoc: Association, f: Candidate, forced?: string): Plan | string {
  const accepted = [...assoc.contexts.values()].filter((c) => c.abstractSyntax === f.sopClassUid && c.result === ContextResult.Acceptance);
  if (accepted.length === 0) {
    const answered = (result: ContextResult): PresentationContext[] => [...assoc.contexts.values()].filter((c) => c.abstractSyntax === f.sopClassUid && c.result === result);
    // which ones: with -t, the one the user chose, which another peer may take
    const proposedIn = (contexts: PresentationContext[]): string =>
      [...new Set(contexts.flatMap((c) => assoc.associateRq?.contexts.find((p) => p.id === c.id)?.transferSyntaxes ?? []))].map(uidLabel).join(', ');
    const refused = answered(ContextResult.TransferSyntaxesNotSupported);
    const unsupported = answered(ContextResult.AbstractSyntaxNotSupported);
    // Orthanc (dcmtk's acceptor) answers "abstract syntax not supported" for a context none of whose transfer syntaxes
    // it takes, also for a SOP class it takes in others: "it refused the SOP Class" alone would be untrue of it.
    const why = refused.length > 0 ? `it took none of the transfer syntaxes proposed for it (${proposedIn(refused)})`
      : unsupported.length > 0 ? `it answered "abstract syntax not supported" to it, proposed with ${proposedIn(unsupported)}: it does not take the SOP Class, or, as Orthanc answers it, none of those transfer syntaxes`
        : 'it refused the SOP Class';
    return `the peer did not accept ${uidLabel(f.sopClassUid)}: ${why}`;
  }
  const uncompressed = isUncompressed(f.transferSyntaxUid);
  // A forced syntax applies to what can be converted; a compressed file goes in its own syntax (proposed for it).
  if (!forced || forced === f.transferSyntaxUid || !uncompressed) {
    const exact = accepted.find((c) => c.transferSyntax === f.transferSyntaxUid);
    if (exact) return { contextId: exact.id, transferSyntaxUid: exact.transferSyntax, convert: !f.layout };
  }
  if (uncompressed) {
    if (forced && !isUncompressed(forced)) return `cannot send ${uidLabel(f.transferSyntaxUid)} as ${uidLabel(forced)}: pixel data is not compressed on the way (send it without --transfer-syntax, or as an uncompressed syntax)`;
    for (const ts of forced ? [forced] : CONVERSION_PREFERENCE) {
      const hit = accepted.find((c) => c.transferSyntax === ts);
      if (hit) return { contextId: hit.id, transferSyntaxUid: ts, convert: true };
    }
  }
  const offered = [...new Set(accepted.map((c) => uidLabel(c.transferSyntax)))].join(', ');
  const only = `${offered}, the only syntax${accepted.length > 1 ? 'es' : ''} the peer accepted for ${uidLabel(f.sopClassUid)}`;
  if (uncompressed) return `cannot send ${uidLabel(f.transferSyntaxUid)} as ${only}: it takes no uncompressed syntax for this SOP Class`;
  // This toolkit does not decompress (docs/encoding.md): the way out is the peer's configuration or another tool.
  return `cannot send ${uidLabel(f.transferSyntaxUid)} (compressed) as ${only}; configure the peer to accept ${uidLabel(f.transferSyntaxUid)}, or ${decompressionAdvice(f.transferSyntaxUid)}`;
}

/** Encodes a file's data set in another (uncompressed) syntax: in memory when small, else through a temporary file. */
async function convert(f: Candidate, ts: string, limit: number, scratch: () => string): Promise<{ data: DataSource; bytes: number; cleanup?: () => void }> {
  const [{ readDicomFile }, { encodeDataset, writeDicomFile }] = await loadCodecs();
  // As leniently as inspect read it, whose warnings were said: a file sent as it is to one peer is not failed for another.
  const file = readDicomFile(f.path, { lenient: true });
  const estimate = f.layout?.length ?? statSync(f.path).size;
  if (estimate <= limit) {
    const bytes = encodeDataset(file.dataset, ts);
    return { data: bytes, bytes: bytes.length };
  }
  const temp = join(scratch(), `${f.sopInstanceUid}.dcm`);
  writeDicomFile(temp, file, { transferSyntaxUid: ts });
  // Its meta information only (stopping before the data set's first element): where the data set lies.
  const layout = readDicomFile(temp, { stopAtTag: 0 }).datasetRange!;
  return { data: { path: temp, ...layout }, bytes: layout.length, cleanup: () => unlinkSync(temp) };
}

/**
 * An A-ABORT from the peer itself (service user) before it answered any request of the association, with what it
 * most likely means: a PACS that accepts any association but refuses to store for a calling AE title it does not know
 * aborts at the first C-STORE (Orthanc does, for one not among its DicomModalities), where the abort alone leaves the
 * user nothing to go on.
 */
function abortedUnanswered(e: Error, callingAeTitle: string): Error {
  if (!(e instanceof NetError) || e.kind !== 'ABORTED' || e.pdu?.source !== AbortSource.ServiceUser) return e;
  const why = `${e.message} before answering any request: does it refuse to store for our AE title "${callingAeTitle}" (--aet)? Orthanc does, for one not among its known AE titles (DicomModalities); the peer's log says why`;
  return new NetError('ABORTED', why, e.peer, e, e.pdu);
}

const DICOMDIR_NOT_SENT = 'a DICOMDIR (Media Storage Directory) indexes files on a medium and is not sent: the files it lists are, when given';

/** Whether `path` lies below `folder`, however either is written (a file named may also lie below a folder named). */
function isBelow(path: string, folder: string): boolean {
  const below = relative(folder, path);
  return below !== '' && below !== '..' && !below.startsWith(`..${sep}`) && !isAbsolute(below);
}

/** The peer settings, our certificate's dates and the batch's own settings, before any file is read (checkPeerOptions). */
function checkSendOptions(o: SendOptions): void {
  checkPeerOptions(o);
  checkOwnCertificate(o.tls);
  checkSetting('operations', o.operations, operationsProblem);
  checkSetting('maxPerAssociation', o.maxPerAssociation, maxPerAssociationProblem);
  checkSetting('inMemoryConversionLimit', o.inMemoryConversionLimit, conversionLimitProblem);
}

/**
 * Sends files and directories to a storage SCP; never throws for a per-file problem (see the summary), but throws a
 * DicomError (INVALID_ARGUMENT) for settings no association could work with, before any file is read.
 */
export async function send(inputs: readonly string[], options: SendOptions): Promise<SendSummary> {
  const started = performance.now();
  checkSendOptions(options);
  const { files } = inputFiles(inputs);
  const results: FileResult[] = [];
  const total = files.length;
  let done = 0;
  /** The warnings of each file read, by path: said with its result, whatever that is. */
  const readWarnings = new Map<string, string[]>();
  const report = (r: FileResult): void => {
    const warnings = readWarnings.get(r.path);
    const result = warnings ? { ...r, warnings } : r;
    results.push(result);
    done++;
    options.onProgress?.(result, done, total);
  };
  for (const { path, absent } of files) if (absent) report({ path, outcome: 'failure', reason: absent.message });
  const candidates: Candidate[] = [];
  const stopped = (): boolean => options.signal?.aborted === true;
  /** Files that are not DICOM, by path: the folder named that each was found below (none: named itself), and why. */
  const notDicom = new Map<string, { folder?: string; reason: string }>();
  for (const { path, folder, absent } of files) {
    if (absent) continue;
    if (stopped()) break;
    try {
      const candidate = await inspect(path);
      if (candidate.warnings.length > 0) readWarnings.set(path, candidate.warnings);
      // A DICOMDIR is not stored anywhere over the network (no SCP accepts it); the files it lists are, as found.
      if (candidate.sopClassUid === MEDIA_STORAGE_DIRECTORY) report({ path, outcome: folder === undefined ? 'failure' : 'skipped', reason: DICOMDIR_NOT_SENT });
      else candidates.push(candidate);
    } catch (e) {
      const { code, message: reason } = withFile(e, path);
      // A file that cannot be read (no permission) or is DICOM but damaged (cut short) fails wherever it was found;
      // one that is not DICOM waits until every file is looked at (below).
      if (code === 'NOT_DICOM') notDicom.set(path, { folder, reason: `not a DICOM file: ${reason}` });
      else report({ path, outcome: 'failure', reason: code === 'INTERNAL' ? reason : `${code === 'IO' ? 'cannot be read' : 'damaged'}: ${reason}` });
    }
  }
  // A file named on the command line must be DICOM; one found in a folder is skipped when it is not, unless no file
  // below that folder is DICOM: a folder named with nothing to send in it is more likely a wrong path than a choice.
  // Files not looked at (the batch was stopped) may be DICOM.
  const holdsDicom = new Map<string, boolean>();
  const sendable = (folder: string): boolean => {
    let holds = holdsDicom.get(folder);
    if (holds === undefined) holdsDicom.set(folder, (holds = files.some((f) => !f.absent && !notDicom.has(f.path) && isBelow(f.path, folder))));
    return holds;
  };
  for (const [path, { folder, reason }] of notDicom) {
    if (folder === undefined) report({ path, outcome: 'failure', reason });
    else if (sendable(folder)) report({ path, outcome: 'skipped', reason });
    else report({ path, outcome: 'failure', reason: `${reason} (no file below ${folder} is DICOM: nothing there to send)` });
  }

  let scratchDir: string | undefined;
  // Removed at the end, and also if the process exits first (a second Ctrl-C exits at once).
  const removeScratch = (): void => {
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  };
  const scratch = (): string => {
    if (!scratchDir) process.once('exit', removeScratch);
    return (scratchDir ??= mkdtempSync(join(tmpdir(), 'tbp-send-')));
  };
  const limit = options.inMemoryConversionLimit ?? 32 * 1024 * 1024;
  const operations = options.operations ?? 1;
  let associations = 0;
  let bytes = 0;
  let stop = false;
  /** The batch ends: stopped after a failure (stopOnFailure) or by the signal. */
  const halted = (): boolean => stop || stopped();
  try {
    for (const batch of batches(candidates, options.maxPerAssociation ?? Infinity, options.transferSyntax)) {
      let queue = batch;
      /** Why the previous association of this batch was lost, when the queue is what it left unsent. */
      let lostBefore: Error | undefined;
      while (queue.length > 0 && !halted()) {
        let assoc: Association;
        try {
          assoc = await requestAssociation({
            ...options, contexts: proposeContexts(queue, options.transferSyntax), timers: { dimse: 120_000, ...givenSettings(options.timers ?? {}) },
            asyncOps: operations > 1 ? { maxInvoked: operations, maxPerformed: 1 } : undefined,
          });
          associations++;
        } catch (e) {
          // after a lost association, what ended the batch is that loss (a peer that stopped refuses connections)
          const reason = lostBefore ? `not sent: ${lostBefore.message}, and a new association failed: ${(e as Error).message}` : `not sent: ${(e as Error).message}`;
          for (const f of queue) report({ path: f.path, outcome: 'not-sent', sopClassUid: f.sopClassUid, sopInstanceUid: f.sopInstanceUid, reason });
          queue = [];
          break;
        }
        const window = Math.max(1, Math.min(assoc.requestWindow, operations));
        let index = 0;
        let lost: Error | undefined;
        let acknowledged = 0;
        const readAhead = new ReadAhead();
        const inFlight = new Set<Promise<void>>();
        for (; index < queue.length && !lost && !halted(); index++) {
          if (!assoc.isOpen) {
            // ended between two requests (an SCP shutting down aborts right after an answer): this file and the rest
            // were not sent
            lost = assoc.endError ?? new NetError('CLOSED', `association with ${assoc.peerAddress} ended`, assoc.peerAddress);
            break;
          }
          const f = queue[index]!;
          const base: FileResult = { path: f.path, outcome: 'failure', sopClassUid: f.sopClassUid, sopInstanceUid: f.sopInstanceUid };
          const plan = choose(assoc, f, options.transferSyntax);
          if (typeof plan === 'string') {
            report({ ...base, reason: plan });
            continue;
          }
          let cleanup: (() => void) | undefined;
          let response: Promise<StoreResponse>;
          let size: number;
          try {
            let data: DataSource;
            if (plan.convert) {
              const c = await convert(f, plan.transferSyntaxUid, limit, scratch);
              data = c.data;
              size = c.bytes;
              cleanup = c.cleanup;
            } else {
              data = readAhead.take({ path: f.path, ...f.layout! });
              size = f.layout!.length;
            }
            response = cStore(assoc, plan.contextId, f.sopClassUid, f.sopInstanceUid, data);
          } catch (e) {
            cleanup?.();
            report({ ...base, reason: e instanceof DicomError ? e.describe() : (e as Error).message });
            continue;
          }
          const following = queue[index + 1];
          if (following?.layout && !halted()) readAhead.schedule({ path: following.path, ...following.layout });
          const answered = response.then(
            (rsp) => {
              const outcome: Outcome = rsp.category === 'success' ? 'success' : rsp.category === 'warning' ? 'warning' : 'refused';
              if (outcome !== 'refused') bytes += size;
              acknowledged++;
              report({
                ...base, outcome, transferSyntaxUid: plan.transferSyntaxUid, converted: plan.convert || undefined, status: rsp.status,
                meaning: rsp.meaning, errorComment: rsp.errorComment, bytes: size,
                reason: outcome === 'refused' ? `${rsp.meaning}${rsp.errorComment ? `: ${rsp.errorComment}` : ''}` : undefined,
              });
              if (outcome === 'refused' && options.stopOnFailure) stop = true;
            },
            (e: Error) => {
              const error = acknowledged === 0 ? abortedUnanswered(e, options.callingAeTitle ?? DEFAULT_CALLING_AE) : e;
              if (error instanceof NetError) lost ??= error;
              report({ ...base, reason: error instanceof DicomError ? error.describe() : error.message });
            },
          ).finally(() => {
            cleanup?.();
            inFlight.delete(answered);
          });
          inFlight.add(answered);
          // Synchronous (window 1): wait for this answer; otherwise for a free place in the window.
          if (inFlight.size >= window) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
        readAhead.cancel();
        if (!lost) {
          try {
            await assoc.release();
          } catch {
            assoc.abort();
          }
          queue = stop ? [] : queue.slice(index);
          continue;
        }
        assoc.abort();
        // The association was lost: try the rest once more on a new one, if this one got anything through.
        const rest = queue.slice(index);
        if (acknowledged === 0) {
          for (const f of rest) report({ path: f.path, outcome: 'not-sent', sopClassUid: f.sopClassUid, sopInstanceUid: f.sopInstanceUid, reason: `not sent: ${lost.message}` });
          queue = [];
        } else {
          queue = rest;
          lostBefore = lost;
        }
      }
      if (halted()) break;
    }
  } finally {
    removeScratch();
    process.off('exit', removeScratch);
  }
  if (halted()) {
    const seen = new Set(results.map((r) => r.path));
    const reason = stop ? 'not sent: stopped after a failure' : 'not sent: stopped';
    for (const f of files) if (!seen.has(f.path)) report({ path: f.path, outcome: 'not-sent', reason });
  }
  const count = (o: Outcome): number => results.filter((r) => r.outcome === o).length;
  return {
    host: options.host,
    port: options.port,
    total,
    sent: count('success') + count('warning'),
    warnings: count('warning'),
    refused: count('refused'),
    failed: count('failure'),
    notSent: count('not-sent'),
    skipped: count('skipped'),
    associations,
    bytes,
    elapsedMs: performance.now() - started,
    results,
  };
}
