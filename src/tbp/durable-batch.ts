import { dirname } from 'node:path';
import { fsyncPath } from '../io/durable-write.js';
import { FileSystemFlusher } from '../io/file-system-flusher.js';
import { makeFolder, removeEmptyFolders } from '../io/make-folder.js';
import { errorOfWrite, writeNewDicomFile, type Writable } from '../io/part10-writer.js';
import { temporaryPathFor } from '../io/temporary-files.js';
import { replacedFile } from '../io/replaced-file.js';
import { StagedFiles } from '../io/staged-files.js';
import { WRITE_BACK_STEP } from '../io/write-back.js';

/**
 * Written bytes after which a background flush starts: the disk writes what the import has written so far while the
 * import goes on, and the flush at commit finds less to do. Best effort: the commit's own flush is what makes the
 * files durable.
 */
const BACKGROUND_FLUSH_BYTES = 64 * 1024 * 1024;
/**
 * Files up to which the commit flushes each (fsync) rather than the file system (syncfs): starting the helper that
 * runs `sync` costs 15-20 ms, an fsync of a file already written back about 1 ms.
 */
const FSYNC_EACH_AT_MOST = 8;

/** How a commit made the files durable: one syncfs, or an fsync of each file and of the folders made for them. */
export type CommitFlush = 'file system' | 'each file';

/**
 * Atomic, durable writes for a whole import. Each file goes to a hidden temporary file beside its destination; on
 * commit the temporaries are flushed to disk together (one syncfs; an fsync per file for a few files, or where syncfs
 * is not available), and only then renamed into place. So nothing half-written is ever visible, an existing file is
 * replaced whole or not at all (keeping its owner and permissions), and a thousand files cost one flush instead of
 * a thousand (writeDicomFile's per-file fsync made a 1,000-image import ~5x slower than copying the images). An import
 * killed outright leaves its temporaries; the next one removes them from each folder it writes into, at its first file
 * there (StagedFiles), and leaves those of an import still running.
 */
export class DurableBatch {
  private readonly staged = new StagedFiles();
  /** Folders known to exist, and those this batch made (taken back by abort when left empty). */
  private readonly knownDirs = new Set<string>();
  private readonly madeDirs: string[] = [];
  /** Bytes of small files written since the last background flush started (a large file flushes itself: WriteBack). */
  private unflushed = 0;
  /** Runs the file-system flushes, started with the first one. */
  private flusher: FileSystemFlusher | undefined;
  /** Background flushes started so far. */
  backgroundFlushes = 0;

  /** `backgroundFlushBytes`: written bytes after which a background flush starts (64 MiB). */
  constructor(private readonly backgroundFlushBytes = BACKGROUND_FLUSH_BYTES) {}

  /** Writes a DICOM object to a temporary file beside `path` (streamed, not yet flushed), making its folder if needed. */
  writeDicom(path: string, file: Writable, transferSyntaxUid: string): void {
    const dir = dirname(path);
    this.ensureDir(dir);
    // In a folder this batch made there is no file to replace, whose owner and mode to keep: one stat less per object.
    const { destination, existing: replacing } = this.madeDirs.includes(dir) ? { destination: path, existing: undefined } : replacedFile(path);
    const temp = temporaryPathFor(destination);
    try {
      // flushed at commit; a large one is set writing to the disk as it is written
      const size = writeNewDicomFile(temp, file, { transferSyntaxUid, durable: false, writeBack: true }, replacing);
      if (size <= WRITE_BACK_STEP) this.unflushed += size;
    } catch (e) {
      throw errorOfWrite(e, temp, path);
    }
    this.staged.adopt(temp, destination);
    if (this.unflushed >= this.backgroundFlushBytes) {
      this.unflushed = 0;
      this.backgroundFlushes++;
      void this.flusherFor(dirname(path)).flush();
    }
  }

  /**
   * Flushes all temporaries, then renames each over its destination and flushes their folders (an fsync of each of a
   * few folders costs less than starting another `sync` process).
   */
  async commit(): Promise<CommitFlush | undefined> {
    const temporaries = this.staged.temporaries;
    if (!temporaries.length) return undefined;
    const eachFile = temporaries.length <= FSYNC_EACH_AT_MOST || !(await this.flusherFor(dirname(temporaries[0]!)).flush());
    this.flusher?.close();
    if (eachFile) {
      for (const temp of temporaries) fsyncPath(temp);
      // The folders the files go to are flushed after the renames (StagedFiles.commit); a folder made here must also
      // be in its parent for good, which syncfs would have seen to.
      for (const parent of new Set(this.madeDirs.map((d) => dirname(d)))) fsyncPath(parent);
    }
    this.staged.commit();
    return eachFile ? 'each file' : 'file system';
  }

  /** Removes the temporaries of a failed import, and the folders it made for them, so nothing is left behind. */
  abort(): void {
    this.flusher?.close();
    this.staged.abort();
    removeEmptyFolders(this.madeDirs.splice(0));
  }

  private flusherFor(dir: string): FileSystemFlusher {
    return (this.flusher ??= new FileSystemFlusher(dir));
  }

  private ensureDir(dir: string): void {
    if (this.knownDirs.has(dir)) return;
    this.madeDirs.push(...makeFolder(dir));
    this.knownDirs.add(dir);
  }
}
