/**
 * The embedded archive: DICOM files under one folder, by study / series / instance, and an SQLite index beside them.
 * Objects arrive through `IncomingObject`s (written to a temporary file as the bytes arrive, then fsynced, renamed and
 * indexed): nothing partial is ever visible under its final name, and an object is reported stored only once it is
 * durable and indexed.
 */
import {
  closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writevSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Dataset } from '../core/dataset.js';
import { DicomError } from '../core/errors.js';
import { PIXEL_DATA } from '../core/tag.js';
import { readDicomFile } from '../io/part10-reader.js';
import { buildFileMeta } from '../io/file-meta.js';
import { DatasetWriter } from '../io/dataset-writer.js';
import { MemorySink } from '../io/byte-sink.js';
import { EXPLICIT_VR_LE, transferSyntax } from '../io/transfer-syntax.js';
import { ArchiveIndex, type ArchiveCounts, type IndexedInstance } from './index-db.js';

export const INDEX_FILE = 'index.sqlite';
export const INCOMING_DIR = '.incoming';

export interface ArchiveOptions {
  /** fsync files and folders before reporting an object stored (default true). */
  fsync?: boolean;
}

export interface IncomingInfo {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** The AE that sent it (Source Application Entity Title in the meta header). */
  sourceAeTitle?: string;
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

/** File and folder names from UIDs: digits and dots; anything else is replaced. */
const safeName = (uid: string | undefined, fallback: string): string => {
  const s = (uid ?? '').replace(/[^0-9A-Za-z._-]/g, '_').slice(0, 128);
  return s === '' || s === '.' || s === '..' ? fallback : s;
};

function fsyncDir(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    /* some file systems do not allow fsync on folders */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** File Meta Information for an object received over the network, encoded (preamble, DICM, group 0002). */
export function encodeMetaHeader(info: IncomingInfo): Buffer {
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

const BLOCK = 1024 * 1024;
let incomingSerial = 0;

/**
 * One object being received: the meta header and then the data set bytes go to a temporary file as they arrive
 * (buffered in 1 MiB blocks), so memory stays flat whatever the object's size.
 */
export class IncomingObject {
  private fd: number | undefined;
  /** Chunks not yet written: the PDV views are kept as they are (socket buffers are never reused) and written together. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private size = 0;
  private ended = false;
  readonly tempPath: string;

  constructor(
    private readonly archive: Archive,
    readonly info: IncomingInfo,
  ) {
    this.tempPath = join(archive.incomingDir, `${process.pid}-${++incomingSerial}-${randomBytes(4).toString('hex')}.part`);
    this.fd = openSync(this.tempPath, 'wx');
    this.write(encodeMetaHeader(info));
  }

  write(chunk: Buffer): void {
    if (this.fd === undefined) return;
    this.size += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= BLOCK || this.pending.length >= 512) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    let chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    while (chunks.length > 0) {
      let n = writevSync(this.fd!, chunks);
      // a short write: skip what was written and go on with the rest
      let i = 0;
      while (i < chunks.length && n >= chunks[i]!.length) n -= chunks[i++]!.length;
      chunks = chunks.slice(i);
      if (n > 0 && chunks.length > 0) chunks[0] = chunks[0]!.subarray(n);
    }
  }

  /** All bytes have arrived: flush and (optionally) fsync the temporary file. */
  end(): this {
    if (this.ended || this.fd === undefined) return this;
    this.ended = true;
    this.flush();
    if (this.archive.fsync) fdatasyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    return this;
  }

  /** Drops the object: nothing of it remains. */
  discard(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = undefined;
    }
    this.pending = [];
    try {
      unlinkSync(this.tempPath);
    } catch {
      /* not created or already moved */
    }
  }

  /** Moves the object to its place and indexes it; throws StoreRefused with the status to answer otherwise. */
  commit(): StoredObject {
    this.end();
    try {
      return this.archive.commit(this);
    } catch (e) {
      this.discard();
      throw e;
    }
  }
}

export class Archive {
  readonly dir: string;
  readonly incomingDir: string;
  readonly index: ArchiveIndex;
  readonly fsync: boolean;

  private constructor(dir: string, options: ArchiveOptions) {
    this.dir = dir;
    this.fsync = options.fsync ?? true;
    this.incomingDir = join(dir, INCOMING_DIR);
    mkdirSync(this.incomingDir, { recursive: true });
    // Left-overs of an interrupted run: never acknowledged, never visible under a final name.
    for (const name of readdirSync(this.incomingDir)) {
      try {
        unlinkSync(join(this.incomingDir, name));
      } catch {
        /* ignore */
      }
    }
    this.index = new ArchiveIndex(join(dir, INDEX_FILE));
    if (this.index.wasDirty) this.recovered = this.reindexUnindexed();
  }

  /** Files re-indexed at open after an unclean stop. */
  recovered = 0;

  /** Indexes complete files the index does not know (after a crash between rename and commit); returns how many. */
  reindexUnindexed(): number {
    let n = 0;
    for (const path of this.unindexedFiles()) {
      try {
        const file = readDicomFile(path, { stopAtTag: PIXEL_DATA });
        const ds = file.dataset;
        const sopInstanceUid = ds.getString('SOPInstanceUID') ?? file.meta.getString('MediaStorageSOPInstanceUID');
        const sopClassUid = ds.getString('SOPClassUID') ?? file.meta.getString('MediaStorageSOPClassUID');
        if (!sopInstanceUid || !sopClassUid) continue;
        this.index.put({
          sopInstanceUid, sopClassUid, studyUid: ds.getString('StudyInstanceUID') || 'unknown-study', seriesUid: ds.getString('SeriesInstanceUID') || 'unknown-series',
          transferSyntaxUid: file.transferSyntaxUid, path: relative(this.dir, path).split(sep).join('/'), size: statSync(path).size,
          sourceAe: file.meta.getString('SourceApplicationEntityTitle'), receivedAt: new Date().toISOString(),
        }, ds);
        n++;
      } catch {
        /* not a readable DICOM file: leave it alone */
      }
    }
    return n;
  }

  /** Opens (creating if needed) the archive in `dir`. */
  static open(dir: string, options: ArchiveOptions = {}): Archive {
    try {
      mkdirSync(dir, { recursive: true });
      return new Archive(dir, options);
    } catch (e) {
      if (e instanceof DicomError) throw e;
      throw new DicomError('IO', `cannot open the archive in ${dir}: ${(e as Error).message}`, { file: dir, cause: e });
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

  /** @internal Called by IncomingObject.commit. */
  commit(obj: IncomingObject): StoredObject {
    const { info, tempPath } = obj;
    let ds: Dataset;
    try {
      ds = readDicomFile(tempPath, { stopAtTag: PIXEL_DATA }).dataset;
    } catch (e) {
      throw new StoreRefused(0xc000, `cannot parse the data set: ${(e as Error).message}`);
    }
    const sopInstanceUid = ds.getString('SOPInstanceUID');
    if (sopInstanceUid && sopInstanceUid !== info.sopInstanceUid) {
      throw new StoreRefused(0xa900, `SOP Instance UID ${sopInstanceUid} differs from the request's ${info.sopInstanceUid}`);
    }
    const sopClassUid = ds.getString('SOPClassUID');
    if (sopClassUid && sopClassUid !== info.sopClassUid) {
      throw new StoreRefused(0xa900, `SOP Class UID ${sopClassUid} differs from the request's ${info.sopClassUid}`);
    }
    const studyUid = ds.getString('StudyInstanceUID') ?? '';
    const seriesUid = ds.getString('SeriesInstanceUID') ?? '';
    const rel = this.relativePath(studyUid, seriesUid, info.sopInstanceUid);
    const dest = join(this.dir, rel);
    const previous = this.index.get(info.sopInstanceUid);
    let size: number;
    try {
      size = statSync(tempPath).size;
      mkdirSync(dirname(dest), { recursive: true });
      renameSync(tempPath, dest);
      if (this.fsync) fsyncDir(dirname(dest));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new StoreRefused(code === 'ENOSPC' || code === 'EDQUOT' ? 0xa700 : 0xa700, `cannot store the file: ${code ?? (e as Error).message}`);
    }
    try {
      this.index.put({
        sopInstanceUid: info.sopInstanceUid, sopClassUid: info.sopClassUid, studyUid: studyUid || 'unknown-study', seriesUid: seriesUid || 'unknown-series',
        transferSyntaxUid: info.transferSyntaxUid, path: rel.split(sep).join('/'), size, sourceAe: info.sourceAeTitle, receivedAt: new Date().toISOString(),
      }, ds);
    } catch (e) {
      // The file is in place but not indexed: take it away again unless it replaced an indexed one there.
      if (!previous || previous.path !== rel.split(sep).join('/')) {
        try {
          unlinkSync(dest);
        } catch {
          /* ignore */
        }
      }
      throw new StoreRefused(0xa700, `cannot index the object: ${(e as Error).message}`);
    }
    let replacedPath: string | undefined;
    if (previous && previous.path !== rel.split(sep).join('/')) {
      replacedPath = join(this.dir, previous.path);
      try {
        unlinkSync(replacedPath);
      } catch {
        /* already gone */
      }
    }
    return { sopInstanceUid: info.sopInstanceUid, sopClassUid: info.sopClassUid, studyUid, seriesUid, path: dest, size, replaced: previous !== undefined, replacedPath };
  }

  /** The indexed instance with this UID, with its absolute path. */
  instance(sopInstanceUid: string): (IndexedInstance & { absolutePath: string }) | undefined {
    const r = this.index.get(sopInstanceUid);
    return r ? { ...r, absolutePath: join(this.dir, r.path) } : undefined;
  }

  counts(): ArchiveCounts {
    return this.index.counts();
  }

  /** Files under the archive folder that the index does not know (e.g. after a crash between rename and index). */
  unindexedFiles(): string[] {
    const known = new Set(this.index.paths());
    const out: string[] = [];
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        if (entry.name.startsWith('.') || entry.name.startsWith(INDEX_FILE)) continue;
        const p = join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.name.endsWith('.dcm') && !known.has(relative(this.dir, p).split(sep).join('/'))) out.push(p);
      }
    };
    walk(this.dir);
    return out;
  }

  close(): void {
    this.index.close();
  }
}
