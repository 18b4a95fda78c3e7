/**
 * The embedded archive: DICOM files under one folder, by study / series / instance, and an SQLite index beside them.
 * Objects arrive through `IncomingObject`s (written to a temporary file as the bytes arrive, then fsynced, renamed and
 * indexed): nothing partial is ever visible under its final name, and an object is reported stored only once it is
 * durable under that name with its rows written. The rows are committed at the end of the event-loop turn, after the
 * answer: a crash before the commit loses rows, never the file, which the next open re-indexes.
 */
import {
  accessSync, closeSync, constants, existsSync, fdatasync, lstatSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, rmdirSync, statSync, unlinkSync, writeSync, type Dirent,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { Dataset } from '../core/dataset.js';
import { DicomError, systemErrorText } from '../core/errors.js';
import { PIXEL_DATA, formatTag } from '../core/tag.js';
import { readDicom, readDicomFile, refuseCutShort, type DicomFile } from '../io/part10-reader.js';
import { buildFileMeta } from '../io/file-meta.js';
import { DatasetWriter } from '../io/dataset-writer.js';
import { MemorySink } from '../io/byte-sink.js';
import { fsyncPath, fsyncUnsupported } from '../io/durable-write.js';
import { makeFolder } from '../io/make-folder.js';
import { notAFile } from '../io/regular-file.js';
import { WriteBack } from '../io/write-back.js';
import { EXPLICIT_VR_LE, transferSyntax } from '../io/transfer-syntax.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../core/implementation.js';
import { missingBulkValue, missingTail } from '../iod/required-bulk-value.js';
import { ArchiveIndex, type ArchiveCounts, type IndexedInstance } from './index-db.js';
import { FolderSyncs } from './folder-sync.js';
import { TempFiles, leftBehind } from './temp-files.js';
import { copyForRename } from './copy-across.js';

/** Header reads stop after Pixel Data's header: enough to check its encoding, without reading the value. */
const AFTER_PIXEL_DATA = PIXEL_DATA + 1;

export const INDEX_FILE = 'index.sqlite';
export const INCOMING_DIR = '.incoming';

export interface ArchiveOptions {
  /** fsync files and folders before reporting an object stored (default true). */
  fsync?: boolean;
  /** Told when the index's commit at the end of a turn fails (ArchiveIndexOptions.onError). */
  onIndexError?: (e: Error) => void;
  /** Brings the index in line with the files at open (`reindex()`), whether or not the last run stopped cleanly. */
  reindex?: boolean;
}

export interface IncomingInfo {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** The AE that sent it (Source Application Entity Title in the meta header). */
  sourceAeTitle?: string;
  /** The user its association acted for (user identity negotiation); in the index only. */
  sourceUser?: string;
}

export interface StoredObject {
  sopInstanceUid: string;
  sopClassUid: string;
  studyUid: string;
  seriesUid: string;
  /** Absolute path of the stored file. */
  path: string;
  size: number;
  /** An object with this SOP Instance UID was already stored and has been replaced. */
  replaced: boolean;
  /** Where the replaced object was, if elsewhere. */
  replacedPath?: string;
}

/** Why an incoming object was not stored; `status` is the C-STORE failure to answer with. */
export class StoreRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StoreRefused';
  }
}

/**
 * File and folder names from UIDs: a UID of digits, dots, letters, `_` and `-` that begins with a digit or letter is
 * its own name. Any other (a `/` or `+`, over 128 characters, a leading dot that would hide it) has those characters
 * replaced and is named `_`, that, `+` and a hash of the UID: two UIDs that read alike after the replacement ("1.2/3",
 * "1.2_3") must not share a file, and no UID named as is begins with `_` or contains `+`. Names that begin with the
 * index's are hashed too, as the folder walk passes over them.
 */
const safeName = (uid: string | undefined, fallback: string): string => {
  const s = uid ?? '';
  if (s === '') return fallback;
  if (/^[0-9A-Za-z][0-9A-Za-z._-]{0,127}$/.test(s) && !s.startsWith(INDEX_FILE)) return s;
  const hash = createHash('sha256').update(s, 'latin1').digest('hex').slice(0, 16);
  return `_${s.replace(/[^0-9A-Za-z._-]/g, '_').slice(0, 100)}+${hash}`;
};

/**
 * The names releases before the hashed ones gave: characters replaced, cut at 128. An archive folder written then
 * still holds its objects under them, so re-indexing takes a file there too, where it lies.
 */
const legacyName = (uid: string | undefined, fallback: string): string => {
  const s = (uid ?? '').replace(/[^0-9A-Za-z._-]/g, '_').slice(0, 128);
  return s === '' || s === '.' || s === '..' ? fallback : s;
};

/**
 * Whether the folder walk passes over a name: the index's files, and names beginning with a dot (the incoming folder,
 * other programs' `.git`, `.snapshot` or `._1.2.3.dcm`) but those legacyName gave a UID that begins with a dot, an
 * empty first component, which a digit or another dot follows (`.1.2.3.dcm`). The writer's temporary files
 * (`.1.2.3.dcm.<pid>-<tag>.tmp`) are among the names walked, but do not end in `.dcm`.
 */
const passedOver = (name: string): boolean =>
  name.startsWith(INDEX_FILE) || (name.startsWith('.') && !/^\.[0-9.][0-9A-Za-z._-]*$/.test(name));

/** A file that reads whole but lacks `what` it held: cut short at an element's end, which the error names. */
function cutBefore(ds: Dataset, path: string, what: string): DicomError {
  const last = ds.tags().at(-1);
  return new DicomError('TRUNCATED', `the file is cut short: it ends ${last === undefined ? 'with its file meta information' : `after ${formatTag(last)}`}, without ${what}`, { file: path });
}

/**
 * Read leniently, data that ends inside a sequence or item of undefined length reads as one whose delimiter is
 * missing, which the reader does not call cut short (a writer may leave one out within the data set). At the end of
 * the file of `size` bytes it is what a cut between two of the item's elements leaves, and the server refuses such a
 * data set: the reader's warning, if so.
 */
function endsUndelimited(file: DicomFile, size: number): string | undefined {
  return file.endsUndelimited?.offset === size ? file.endsUndelimited.warning : undefined;
}

/**
 * Why an object could not be put in its folder, its code and meaning first ("EPERM (operation not permitted)"), so that
 * the Error Comment's 64 characters keep them.
 */
function storeFailure(e: unknown): string {
  // a folder that could not be made: the system's error it wraps
  const { code, message } = (e instanceof DicomError && e.cause instanceof Error ? e.cause : e) as NodeJS.ErrnoException;
  if (!code) return message;
  return message.startsWith(`${code}: `) ? `${code} (${message.slice(code.length + 2).split(',')[0]})` : code;
}

/** fsyncs a folder by path (for the rare new folder; the object folders go through FolderSyncs). */
function fsyncFolder(path: string): void {
  try {
    fsyncPath(path);
  } catch (e) {
    if (!fsyncUnsupported(e)) throw e;
  }
}

/**
 * Refuses a folder that cannot be written to (a read-only mount, no write permission): SQLite would say only that it
 * is "unable to open database file", or, with an index it can open, every object would be refused.
 */
function refuseReadOnly(dir: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new DicomError('IO', `cannot open the archive in ${dir}: the folder cannot be written to: ${systemErrorText(e, dir)}`, { file: dir, cause: e });
  }
}

/** File Meta Information for an object received over the network, encoded (preamble, DICM, group 0002). */
export function encodeMetaHeader(info: IncomingInfo): Buffer {
  return fastMetaHeader(info) ?? slowMetaHeader(info);
}

/** The general encoder (Dataset and writer); used for values the fast path does not handle. */
export function slowMetaHeader(info: IncomingInfo): Buffer {
  const stub = new Dataset();
  stub.set('SOPClassUID', info.sopClassUid);
  stub.set('SOPInstanceUID', info.sopInstanceUid);
  const meta = buildFileMeta(stub, info.transferSyntaxUid, { sourceAeTitle: info.sourceAeTitle || undefined });
  const sink = new MemorySink();
  const writer = new DatasetWriter(sink);
  const explicit = transferSyntax(EXPLICIT_VR_LE);
  let groupLength = 0;
  for (const el of meta) if (el.tag !== 0x00020000) groupLength += writer.elementLength(el, explicit);
  meta.set('FileMetaInformationGroupLength', groupLength);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  sink.write(preamble);
  writer.write(meta, explicit);
  return sink.toBuffer();
}

/**
 * The same bytes as `slowMetaHeader`, written directly (one small allocation per object). Returns undefined for
 * anything unusual (non-ASCII or over-long values), which then goes the general way.
 */
export function fastMetaHeader(info: IncomingInfo): Buffer | undefined {
  const ascii = /^[\x20-\x7e]*$/;
  const uids = [info.sopClassUid, info.sopInstanceUid, info.transferSyntaxUid];
  // Printable ASCII is written as received, as storescp files it, even a UID that breaks PS3.5 9.1 ("1.2.3a"): the
  // data set is kept exactly, and refusing would stop a requestor's whole batch. Anything else goes the general way,
  // which refuses it (0xC000).
  if (uids.some((u) => u.length === 0 || u.length > 64 || !/^[\x21-\x5b\x5d-\x7e]+$/.test(u))) return undefined;
  const ae = info.sourceAeTitle ? info.sourceAeTitle.trim() : '';
  if (ae.length > 16 || !ascii.test(ae) || ae.includes('\\')) return undefined;
  if (info.sourceAeTitle && info.sourceAeTitle !== ae) return undefined;
  const even = (n: number): number => n + (n & 1);
  type Item = [element: number, vr: string, value: string, pad: string];
  const items: Item[] = [
    [0x0002, 'UI', info.sopClassUid, '\0'],
    [0x0003, 'UI', info.sopInstanceUid, '\0'],
    [0x0010, 'UI', info.transferSyntaxUid, '\0'],
    [0x0012, 'UI', IMPLEMENTATION_CLASS_UID, '\0'],
    [0x0013, 'SH', IMPLEMENTATION_VERSION_NAME, ' '],
  ];
  if (ae) items.push([0x0016, 'AE', ae, ' ']);
  let groupLength = 12 + 2; // (0002,0001) OB header + value
  for (const [, , v] of items) groupLength += 8 + even(v.length);
  const b = Buffer.alloc(132 + 12 + groupLength);
  b.write('DICM', 128, 'latin1');
  let pos = 132;
  b.writeUInt16LE(0x0002, pos);
  b.writeUInt16LE(0x0000, pos + 2);
  b.write('UL', pos + 4, 'latin1');
  b.writeUInt16LE(4, pos + 6);
  b.writeUInt32LE(groupLength, pos + 8);
  pos += 12;
  b.writeUInt16LE(0x0002, pos);
  b.writeUInt16LE(0x0001, pos + 2);
  b.write('OB', pos + 4, 'latin1');
  b.writeUInt32LE(2, pos + 8);
  b[pos + 12] = 0;
  b[pos + 13] = 1;
  pos += 14;
  for (const [element, vr, v, pad] of items) {
    const len = even(v.length);
    b.writeUInt16LE(0x0002, pos);
    b.writeUInt16LE(element, pos + 2);
    b.write(vr, pos + 4, 'latin1');
    b.writeUInt16LE(len, pos + 6);
    b.write(v, pos + 8, 'latin1');
    if (len > v.length) b.write(pad, pos + 8 + v.length, 'latin1');
    pos += 8 + len;
  }
  return b;
}

/** Write-out block: objects up to this size are written in one call; larger ones in pieces of this size. */
const BLOCK = 256 * 1024;

/**
 * One object being received: the meta header and then the data set bytes go to a temporary file as they arrive,
 * copied into a block of 256 KiB that is written whenever full, so memory stays flat whatever the object's size and
 * the caller may reuse its buffers. An object that fits in one block is written in one call at the end and its header
 * is parsed from memory.
 */
export class IncomingObject {
  private fd: number | undefined;
  private block: Buffer | undefined;
  private used = 0;
  private flushed = false;
  /** The whole file, when it never outgrew one block (for parsing its header without reading it back). */
  private whole: Buffer | undefined;
  /** Bytes in the file (meta header included). */
  size = 0;
  private ended = false;
  /** @internal Settles when the file's data is on disk (fdatasync in the thread pool) and its descriptor closed. */
  written: Promise<void> = Promise.resolve();
  readonly tempPath: string;
  /** Flushes a large object's first bytes while the rest arrives (when the archive fsyncs). */
  private readonly writeBack: WriteBack | undefined;

  constructor(
    private readonly archive: Archive,
    readonly info: IncomingInfo,
  ) {
    // The header first: if it cannot be made, no temporary file is left open behind.
    const header = encodeMetaHeader(info);
    const temp = archive.tempFiles.take();
    this.tempPath = temp.path;
    this.fd = temp.fd;
    if (archive.fsync) this.writeBack = new WriteBack(temp.path);
    this.write(header);
  }

  write(chunk: Buffer): void {
    if (this.fd === undefined) return;
    this.size += chunk.length;
    let pos = 0;
    while (pos < chunk.length) {
      const block = (this.block ??= this.archive.takeBlock());
      const n = Math.min(block.length - this.used, chunk.length - pos);
      chunk.copy(block, this.used, pos, pos + n);
      this.used += n;
      pos += n;
      if (this.used === block.length) this.flush();
    }
  }

  /** Gives the block back for the next object. */
  private releaseBlock(): void {
    if (this.block) this.archive.returnBlock(this.block);
    this.block = undefined;
    this.whole = undefined;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.flushed = true;
    const block = this.block!;
    for (let done = 0; done < this.used; ) done += writeSync(this.fd!, block, done, this.used - done);
    this.writeBack?.written(this.used);
    this.used = 0;
  }

  /**
   * All bytes have arrived: writes the rest and starts the fdatasync of the temporary file, which runs in the thread
   * pool while the header is parsed and checked (commit waits for it before the rename).
   */
  end(): this {
    if (this.ended || this.fd === undefined) return this;
    this.ended = true;
    if (!this.flushed && this.block) this.whole = this.block.subarray(0, this.used);
    this.flush();
    if (!this.whole) this.releaseBlock();
    const fd = this.fd;
    this.fd = undefined;
    if (!this.writeBack) closeSync(fd);
    else {
      this.written = new Promise((resolve, reject) => {
        fdatasync(fd, (error) => {
          try {
            closeSync(fd);
          } catch {
            /* the data is on disk either way */
          }
          if (error) reject(error);
          else resolve();
        });
      });
      this.written.catch(() => undefined); // reported by commit; a discarded object has nobody waiting
    }
    return this;
  }

  /** @internal The file's bytes when they are still in memory. */
  get bytes(): Buffer | undefined {
    return this.whole;
  }

  /** Drops the object: nothing of it remains. */
  discard(): void {
    if (this.fd !== undefined) {
      // the write-back's fdatasyncs have descriptors of their own
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
    this.releaseBlock();
    try {
      unlinkSync(this.tempPath);
    } catch {
      /* not created or already moved */
    }
  }

  /** Moves the object to its place and indexes it; rejects with StoreRefused and the status to answer otherwise. */
  async commit(): Promise<StoredObject> {
    this.end();
    try {
      return await this.archive.commit(this);
    } catch (e) {
      this.discard();
      throw e;
    } finally {
      // nothing refers to the bytes any more (the header check's data set is gone with the commit)
      this.releaseBlock();
      // after the answer has been sent (it goes out in this turn): making files then costs the peer no time
      setImmediate(() => this.archive.tempFiles.refill());
    }
  }
}

export class Archive {
  readonly dir: string;
  readonly incomingDir: string;
  readonly index: ArchiveIndex;
  readonly fsync: boolean;
  /** @internal */
  readonly tempFiles: TempFiles;
  private readonly folderSyncs = new FolderSyncs();

  private constructor(dir: string, options: ArchiveOptions) {
    this.dir = dir;
    this.fsync = options.fsync ?? true;
    this.incomingDir = join(dir, INCOMING_DIR);
    makeFolder(this.incomingDir);
    this.tempFiles = new TempFiles(this.incomingDir);
    this.index = new ArchiveIndex(join(dir, INDEX_FILE), { onError: options.onIndexError });
    if (options.reindex) ({ indexed: this.recovered, removed: this.dropped } = this.reindex());
    else if (this.index.wasDirty) this.recovered = this.reindexUnindexed();
  }

  /** Files re-indexed at open after an unclean stop, or into a new index, or with `reindex`. */
  recovered = 0;
  /** Instances whose files were gone, taken out of the index at open with `reindex`. */
  dropped = 0;
  /**
   * The files the last re-indexing left out, each with why (for the operator to look at): unreadable or cut short, not
   * a regular file, a copy of an indexed instance it cannot tell older, or one whose rows the index could not take.
   */
  unreadable: { file: string; reason: string }[] = [];

  /**
   * Brings the index in line with the files, for files removed or added by hand (the archive cannot see either while
   * it runs, and a clean stop leaves nothing to re-index): an instance whose file is gone leaves the index, with the
   * series, study and patient rows it leaves empty, and a file the index lacks is indexed (reindexUnindexed). It reads
   * every file the index lacks and stats every indexed one, so it is asked for, not done at each open.
   */
  reindex(): { indexed: number; removed: number } {
    let removed = 0;
    const byPath = new Map<string, string[]>();
    for (const { sopInstanceUid, path, size } of this.index.entries()) {
      const stats = statSync(join(this.dir, path), { throwIfNoEntry: false });
      if (!stats?.isFile()) {
        if (this.index.remove(sopInstanceUid, { path })) removed++; // unless another archive on the folder moved it meanwhile
      } else if (stats.size !== size) {
        // replaced or cut short by hand since it was indexed: read again below, as a file the index lacks, whose
        // values (or why it cannot be indexed) the index then has
        this.index.remove(sopInstanceUid, { path, size });
      } else byPath.set(path, [...(byPath.get(path) ?? []), sopInstanceUid]);
    }
    // Instances an earlier release filed under one name (legacyName: 1.2/3 and 1.2+3 both as 1.2_3.dcm) share a row's
    // path: the file holds the one stored last, and the others' files are gone.
    for (const [path, uids] of byPath) {
      if (uids.length < 2) continue;
      const holder = this.sopInstanceUidOf(join(this.dir, path));
      for (const uid of uids.filter((u) => u !== holder)) if (this.index.remove(uid, { path })) removed++;
    }
    return { indexed: this.reindexUnindexed(), removed };
  }

  /**
   * Moves to its own name an object an earlier release filed at `dest` under another UID (legacyName: 1.2.3/4 as
   * 1.2.3_4.dcm, which is now the name of the UID 1.2.3_4), so that the object stored there does not overwrite it. Its
   * row is committed before the new object takes the name: a crash between the two leaves the moved file where the
   * index says, or, before the commit, unindexed with its indexed path gone, which the next open re-indexes. Its own
   * name may be on another file system (its series folder, named for the UID with characters replaced, linked in from a
   * second disk): it is copied across then, as a stored object is.
   */
  private async moveLegacyHolder(dest: string, indexedPath: string, sopInstanceUid: string): Promise<void> {
    // Only a name with a `_`, or cut at 128 characters, can be an earlier release's name of another UID.
    const name = basename(dest, '.dcm');
    if (!name.includes('_') && name.length < 128) return;
    if (!statSync(dest, { throwIfNoEntry: false })) return;
    const holder = this.sopInstanceUidOf(dest);
    if (holder === undefined || holder === sopInstanceUid) return;
    const row = this.index.get(holder);
    if (row?.path !== indexedPath) return;
    const own = this.relativePath(row.studyUid, row.seriesUid, holder);
    this.ensureDir(dirname(join(this.dir, own)));
    try {
      renameSync(dest, join(this.dir, own));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      await this.copyInto(dest, join(this.dir, own));
    }
    if (this.fsync) fsyncFolder(dirname(join(this.dir, own))); // rare: flushed here rather than with the object's folder
    this.index.setPath(holder, own.split(sep).join('/'));
    this.index.commitTurn();
  }

  /** The SOP Instance UID a file holds, or undefined when it cannot be read. */
  private sopInstanceUidOf(path: string): string | undefined {
    try {
      const file = readDicomFile(path, { stopAtTag: PIXEL_DATA });
      return file.dataset.getString('SOPInstanceUID') ?? file.meta.getString('MediaStorageSOPInstanceUID');
    } catch {
      return undefined;
    }
  }

  /** Folders known to exist (no mkdir per object). */
  private readonly knownDirs = new Set<string>();
  private closed = false;

  /** Files in the incoming folder that are not idle spares: objects being received, or left by a crash. */
  partialFiles(): string[] {
    return this.tempFiles.partial();
  }

  /** Write-out blocks of finished objects, reused (no fresh allocation per object). */
  private readonly blocks: Buffer[] = [];

  /** @internal A block for an incoming object. */
  takeBlock(): Buffer {
    return this.blocks.pop() ?? Buffer.allocUnsafe(BLOCK);
  }

  /** @internal */
  returnBlock(block: Buffer): void {
    if (this.blocks.length < 4) this.blocks.push(block);
  }

  private ensureDir(dir: string): void {
    if (this.knownDirs.has(dir)) return;
    const made = makeFolder(dir);
    // New folders: their entries in their parents must be durable too (the object's folder is fsynced later).
    if (this.fsync) for (const d of made) fsyncFolder(dirname(d));
    this.knownDirs.add(dir);
  }

  /**
   * Indexes complete files the index does not know, each at the path the archive gives its UIDs (after a crash between
   * rename and commit, or into a new index); returns how many. A file that is not DICOM, or is cut short (its whole
   * structure is read, values left on disk), is left alone and listed in `unreadable` (with the others it leaves out):
   * indexed, it would be served as an object it is not.
   */
  reindexUnindexed(): number {
    let n = 0;
    this.unreadable = [];
    const { unindexed, leftBehind: leftovers } = this.walk();
    for (const path of leftovers) rmSync(path, { force: true });
    for (const path of unindexed) {
      try {
        const stats = statSync(path);
        // the open of a pipe (a FIFO named NAME.dcm) would wait for a writer, and the archive would never open
        if (!stats.isFile()) throw notAFile(path, 'not read, as the archive writes only files');
        // every element's header, the values of 4 KiB and more left unread: a header scan's cost, a whole file's check
        const file = readDicomFile(path, { lenient: true, lazyThreshold: 4096 });
        refuseCutShort(file, path, 'a reader would get less than it announces');
        const undelimited = endsUndelimited(file, stats.size);
        if (undelimited) throw new DicomError('TRUNCATED', `the file is cut short (${undelimited}): it ends inside a sequence of undefined length`, { file: path });
        const ds = file.dataset;
        const sopInstanceUid = ds.getString('SOPInstanceUID') ?? file.meta.getString('MediaStorageSOPInstanceUID');
        const sopClassUid = ds.getString('SOPClassUID') ?? file.meta.getString('MediaStorageSOPClassUID');
        if (!sopInstanceUid || !sopClassUid) throw new Error('no SOP Class UID or SOP Instance UID');
        // Cut at an element's end, an image reads whole without its pixels, a document without its document (the
        // server refuses such a data set)
        const missing = missingBulkValue(ds, sopClassUid);
        if (missing) throw cutBefore(ds, path, `the ${missing} its SOP class requires`);
        // Only a file where the archive would have put it: other DICOM files kept in the folder are not its objects.
        const studyUid = ds.getString('StudyInstanceUID') ?? '';
        const seriesUid = ds.getString('SeriesInstanceUID') ?? '';
        const places = this.archivePaths(studyUid, seriesUid, sopInstanceUid);
        if (!places.some((p) => join(this.dir, p) === path)) {
          // Named for its own UID, in folders named for a study and series its data set does not name: the archive
          // stores data sets as received, so it held the UIDs its folders are named for, and was cut before them
          const [study, series, name, ...deeper] = relative(this.dir, path).split(sep);
          const unnamed = (!studyUid && study !== 'unknown-study') || (!seriesUid && series !== 'unknown-series');
          if (unnamed && deeper.length === 0 && places.some((p) => basename(p) === name)) {
            throw cutBefore(ds, path, 'the Study and Series Instance UIDs its folders are named for');
          }
          continue;
        }
        // an SR, a mesh or a presentation state cut at an element's end loses the Type 1 attributes it ends with
        const tail = missingTail(ds, sopClassUid);
        if (tail) throw cutBefore(ds, path, `the ${tail} its SOP class requires`);
        if (!this.newerThanIndexed(sopInstanceUid, path, stats.mtimeMs)) continue;
        let previous: { path: string } | undefined;
        try {
          previous = this.index.put({
            sopInstanceUid, sopClassUid, studyUid: studyUid || 'unknown-study', seriesUid: seriesUid || 'unknown-series',
            transferSyntaxUid: file.transferSyntaxUid, path: relative(this.dir, path).split(sep).join('/'), size: stats.size,
            sourceAe: file.meta.getString('SourceApplicationEntityTitle'), receivedAt: new Date().toISOString(),
          }, ds);
        } catch (e) {
          // the index's fault (its disk full), not the file's: a clean close must not end the re-indexing of this file
          this.index.markIncomplete();
          throw new Error(`the index cannot be written (${(e as Error).message}): the file is indexed at the next open`, { cause: e });
        }
        if (previous && previous.path !== relative(this.dir, path).split(sep).join('/')) this.removeReplaced(join(this.dir, previous.path));
        n++;
      } catch (e) {
        this.unreadable.push({ file: path, reason: (e as Error).message });
      }
    }
    return n;
  }

  /**
   * Whether an unindexed file (modified at `mtimeMs`) should replace the copy the index names for its instance. Two copies of one instance
   * remain when a process died between moving a re-sent object to another study and removing the replaced file; the
   * newer one (received later, so written later) is the one the archive had answered for last, and the older one is
   * removed, or every unclean restart would point the index at the other copy again. Copies of one modification time
   * (written within one tick of the file system's clock, or copied with their times kept) cannot be told apart: the
   * indexed one stays (the walk goes in path order, so into a new index the first by path), and this one is left in
   * place and named (thrown), for the operator to compare.
   */
  private newerThanIndexed(sopInstanceUid: string, path: string, mtimeMs: number): boolean {
    const indexed = this.index.get(sopInstanceUid);
    if (!indexed) return true;
    const indexedPath = join(this.dir, indexed.path);
    let indexedTime: number;
    try {
      indexedTime = statSync(indexedPath).mtimeMs;
    } catch {
      return true; // the indexed file is gone: this copy is all there is
    }
    if (mtimeMs > indexedTime) return true;
    if (mtimeMs === indexedTime) {
      throw new Error(`another copy of SOP Instance UID ${sopInstanceUid}, ${indexedPath}, has the same modification time, so which was received `
        + 'last cannot be told: that one stays indexed, this one is left in place');
    }
    this.removeReplaced(path);
    return false;
  }

  /**
   * Removes a replaced object's file, and its series and study folders when that leaves them empty (a re-sent object
   * that moved to another study or series would otherwise leave empty folders behind). A commit into a folder removed
   * here finds it gone at its rename and makes it again.
   */
  private removeReplaced(path: string): void {
    try {
      unlinkSync(path);
    } catch {
      return; // already gone
    }
    for (const folder of [dirname(path), dirname(dirname(path))]) { // series, then study (relativePath's two levels)
      try {
        rmdirSync(folder);
      } catch {
        return; // not empty (ENOTEMPTY), or not ours to remove
      }
      this.knownDirs.delete(folder);
      this.folderSyncs.forget(folder);
    }
  }

  /** Opens (creating if needed) the archive in `dir`. */
  static open(dir: string, options: ArchiveOptions = {}): Archive {
    try {
      makeFolder(dir);
      refuseReadOnly(dir);
      return new Archive(dir, options);
    } catch (e) {
      if (e instanceof DicomError) throw e;
      // SQLite's own words ("file is not a database") do not say which file: its index.
      const index = String((e as { code?: unknown }).code).startsWith('SQLITE_') ? `its index ${join(dir, INDEX_FILE)}: ` : '';
      throw new DicomError('IO', `cannot open the archive in ${dir}: ${index}${(e as Error).message}`, { file: dir, cause: e });
    }
  }

  /** Starts receiving an object. */
  begin(info: IncomingInfo): IncomingObject {
    return new IncomingObject(this, info);
  }

  /** Where an object is stored, relative to the archive folder. */
  relativePath(studyUid: string, seriesUid: string, sopInstanceUid: string): string {
    return join(safeName(studyUid, 'unknown-study'), safeName(seriesUid, 'unknown-series'), `${safeName(sopInstanceUid, 'unknown')}.dcm`);
  }

  /** Where an object may lie: the path the archive gives it, or the one an earlier release gave it (legacyName). */
  private archivePaths(studyUid: string, seriesUid: string, sopInstanceUid: string): string[] {
    const legacy = join(legacyName(studyUid, 'unknown-study'), legacyName(seriesUid, 'unknown-series'), `${legacyName(sopInstanceUid, 'unknown')}.dcm`);
    return [this.relativePath(studyUid, seriesUid, sopInstanceUid), legacy];
  }

  /**
   * @internal Called by IncomingObject.commit. The header is parsed while the temporary file's fdatasync runs, and the
   * index written while the folder's fsync runs; the answer waits for both, so an object reported stored is durable.
   */
  async commit(obj: IncomingObject): Promise<StoredObject> {
    const { info, tempPath } = obj;
    let ds: Dataset;
    try {
      const bytes = obj.bytes;
      // Up to Pixel Data's header, not its value: the parser checks that it is encapsulated exactly when the
      // negotiated syntax says so (a large value stays on disk).
      ds = (bytes ? readDicom(bytes, { stopAtTag: AFTER_PIXEL_DATA }) : readDicomFile(tempPath, { stopAtTag: AFTER_PIXEL_DATA })).dataset;
    } catch (e) {
      throw new StoreRefused(0xc000, `cannot parse the data set: ${(e as Error).message}`);
    }
    // Without its UIDs (an empty data set, say) nothing says what the object is, and storing it under the request's
    // UID would replace the object stored under that UID: refused as dcmtk's storescp does.
    const sopInstanceUid = ds.getString('SOPInstanceUID');
    const sopClassUid = ds.getString('SOPClassUID');
    if (!sopInstanceUid || !sopClassUid) {
      const missing = [sopClassUid ? '' : 'SOP Class UID', sopInstanceUid ? '' : 'SOP Instance UID'].filter(Boolean);
      throw new StoreRefused(0xc000, `the data set has no ${missing.join(' and no ')}`);
    }
    if (sopInstanceUid !== info.sopInstanceUid) {
      throw new StoreRefused(0xa900, `SOP Instance UID ${sopInstanceUid} differs from the request's ${info.sopInstanceUid}`);
    }
    if (sopClassUid !== info.sopClassUid) {
      throw new StoreRefused(0xa900, `SOP Class UID ${sopClassUid} differs from the request's ${info.sopClassUid}`);
    }
    // An image without its pixels, or a document without its document (a file cut short before them, sent as it was),
    // is not an object of its class
    // or, of other classes, without the Type 1 attributes their data sets end with
    const missing = missingBulkValue(ds, sopClassUid) ?? missingTail(ds, sopClassUid);
    if (missing) throw new StoreRefused(0xa900, `no ${missing}, which its SOP class requires`);
    const studyUid = ds.getString('StudyInstanceUID') ?? '';
    const seriesUid = ds.getString('SeriesInstanceUID') ?? '';
    const rel = this.relativePath(studyUid, seriesUid, info.sopInstanceUid);
    const dest = join(this.dir, rel);
    const indexedPath = rel.split(sep).join('/');
    const size = obj.size;
    const folder = dirname(dest);
    let folderSynced: Promise<void> | undefined;
    try {
      this.ensureDir(folder);
      await obj.written;
      await this.moveLegacyHolder(dest, indexedPath, info.sopInstanceUid);
      try {
        this.renameInto(tempPath, dest);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
        // The rename and the row that follows stay in one turn, as on the archive's own file system.
        await this.copyInto(tempPath, dest);
      }
      if (this.fsync) {
        folderSynced = this.folderSyncs.sync(folder).catch((e: NodeJS.ErrnoException) => {
          throw new StoreRefused(0xa700, `cannot make the file durable: ${e.code ?? e.message}`);
        });
      }
    } catch (e) {
      throw new StoreRefused(0xa700, `cannot store the file: ${this.missingLinked(folder) ?? `${storeFailure(e)} in ${relative(this.dir, folder)}`}`);
    }
    let previous: { path: string } | undefined;
    try {
      previous = this.index.put({
        sopInstanceUid: info.sopInstanceUid, sopClassUid: info.sopClassUid, studyUid: studyUid || 'unknown-study', seriesUid: seriesUid || 'unknown-series',
        transferSyntaxUid: info.transferSyntaxUid, path: indexedPath, size, sourceAe: info.sourceAeTitle, sourceUser: info.sourceUser, receivedAt: new Date().toISOString(),
      }, ds);
    } catch (e) {
      // The file is in place but not indexed (the transaction rolled back): take it away again unless it replaced an
      // indexed one there.
      let indexedThere = false;
      try {
        indexedThere = this.index.get(info.sopInstanceUid)?.path === indexedPath;
      } catch {
        /* the index cannot even be read */
      }
      if (!indexedThere) {
        try {
          unlinkSync(dest);
        } catch {
          /* ignore */
        }
      }
      throw new StoreRefused(0xa700, `cannot index the object: ${(e as Error).message}`);
    } finally {
      await folderSynced;
    }
    let replacedPath: string | undefined;
    // While the folder synced, another association may have stored the same instance back at the old path (a
    // re-send into the old study): the file there is then the indexed one, and stays.
    if (previous && previous.path !== indexedPath && this.index.get(info.sopInstanceUid)?.path !== previous.path) {
      replacedPath = join(this.dir, previous.path);
      this.removeReplaced(replacedPath);
    }
    return { sopInstanceUid: info.sopInstanceUid, sopClassUid: info.sopClassUid, studyUid, seriesUid, path: dest, size, replaced: previous !== undefined, replacedPath };
  }

  /**
   * Says so when the study or series folder of a store that failed is a link to a folder that is not there (a second
   * disk not mounted), which the system calls only ENOENT or EEXIST.
   */
  private missingLinked(folder: string): string | undefined {
    for (const [what, p] of [['study', dirname(folder)], ['series', folder]] as const) {
      if (lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() && !existsSync(p)) {
        return `its ${what} folder links to a folder that is not there (a disk not mounted?): ${relative(this.dir, p)} -> ${readlinkSync(p)}`;
      }
    }
    return undefined;
  }

  /**
   * Moves `file` to `dest` on another file system (a folder linked in from a second disk), where its rename failed with
   * EXDEV: a flushed copy made beside `dest` is renamed instead, so nothing partial is visible there, then `file` goes.
   */
  private async copyInto(file: string, dest: string): Promise<void> {
    const copy = this.tempFiles.beside(dirname(dest));
    await copyForRename(file, copy, this.fsync);
    try {
      this.renameInto(copy, dest);
    } catch (e) {
      rmSync(copy, { force: true });
      throw e;
    }
    rmSync(file, { force: true });
  }

  /** Renames a file to `dest`, making its folder again if it went away behind our back. */
  private renameInto(file: string, dest: string): void {
    try {
      renameSync(file, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const folder = dirname(dest);
      this.knownDirs.delete(folder);
      this.folderSyncs.forget(folder);
      this.ensureDir(folder);
      renameSync(file, dest);
    }
  }

  /** The indexed instance with this UID, with its absolute path. */
  instance(sopInstanceUid: string): (IndexedInstance & { absolutePath: string }) | undefined {
    const r = this.index.get(sopInstanceUid);
    return r ? { ...r, absolutePath: join(this.dir, r.path) } : undefined;
  }

  counts(): ArchiveCounts {
    return this.index.counts();
  }

  /** Files under the archive folder that the index does not know (e.g. after a crash between rename and index), in path order. */
  unindexedFiles(): string[] {
    return this.walk().unindexed;
  }

  /**
   * The folder walk: the files the index does not know, and the copies' temporary files a killed run left in object
   * folders (TempFiles.beside), which no start's cleaning of the incoming folder reaches.
   */
  private walk(): { unindexed: string[]; leftBehind: string[] } {
    const known = new Set(this.index.paths());
    const out: string[] = [];
    const left: string[] = [];
    // in path order, whatever order the file system lists folders in: of two copies of one instance that cannot be
    // told apart (newerThanIndexed), the one indexed does not depend on it
    // Folders linked in (a study kept on another disk) are walked as the folders they are, each once: a link to a
    // folder already walked (the archive's own, say) would walk it again, for ever
    const walked = new Set([realpathSync(this.dir)]);
    const linkedFolder = (p: string): boolean => {
      let real: string;
      try {
        real = realpathSync(p);
      } catch {
        return false; // a dangling link: nothing to walk
      }
      if (walked.has(real) || !statSync(real).isDirectory()) return false;
      walked.add(real);
      return true;
    };
    const visit = (d: string): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(d, { withFileTypes: true });
      } catch (e) {
        // removed since its parent was listed (another archive on the folder removed a series its re-sent instance left)
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && d !== this.dir) return;
        throw e;
      }
      for (const entry of entries.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
        if (passedOver(entry.name)) continue;
        const p = join(d, entry.name);
        if (entry.isDirectory() || (entry.isSymbolicLink() && linkedFolder(p))) visit(p);
        else if (entry.name.endsWith('.dcm') && !known.has(relative(this.dir, p).split(sep).join('/'))) out.push(p);
        else if (leftBehind(entry.name)) left.push(p);
      }
    };
    visit(this.dir);
    return { unindexed: out, leftBehind: left };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.tempFiles.close();
    this.folderSyncs.close();
    this.index.close();
  }
}
