/**
 * Index rows of stored objects, written after the C-STORE answer instead of before it: at the end of the event-loop
 * turn, in one transaction for whatever was stored in that turn (one row while one association stores, many while
 * several do). The answer then waits only for the file, and the index costs one commit per turn rather than one per
 * object.
 *
 * The files are the record. An answered object is durable under its final name; its row follows within the turn; any
 * read of the index writes the pending rows first; and rows lost to a crash are recovered at the next open, which
 * re-indexes every file the index does not know (ArchiveIndex.wasDirty).
 */
import type { ArchiveIndex, IndexEntry } from './index-db.js';

export class IndexQueue {
  private pending: IndexEntry[] = [];
  /** The newest pending path per SOP Instance UID (an object stored again before its row was written). */
  private readonly pendingPaths = new Map<string, string>();
  private scheduled = false;
  private closed = false;
  /** Why the last write failed, until one succeeds. */
  failure: Error | undefined;

  constructor(
    private readonly index: ArchiveIndex,
    /** Told when a write at the end of a turn fails (the rows stay pending; the next store retries first). */
    private readonly onError: (e: Error) => void,
  ) {}

  /** Queues an object's rows; they are written at the end of this event-loop turn. */
  add(entry: IndexEntry): void {
    this.pending.push(entry);
    this.pendingPaths.set(entry.row.sopInstanceUid, entry.row.path);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.closed) return;
      try {
        this.flush();
      } catch (e) {
        this.onError(e as Error);
      }
    });
  }

  /** Where the instance with this UID is stored (relative path), counting rows not yet written. */
  pathOf(sopInstanceUid: string): string | undefined {
    return this.pendingPaths.get(sopInstanceUid) ?? this.index.pathOf(sopInstanceUid);
  }

  /** Writes the pending rows now, in one transaction; throws (keeping them pending) if it fails. */
  flush(): void {
    if (this.pending.length === 0) return;
    try {
      this.index.putEntries(this.pending);
    } catch (e) {
      this.failure = e as Error;
      throw e;
    }
    this.pending = [];
    this.pendingPaths.clear();
    this.failure = undefined;
  }

  /** Stops writing at the end of turns (the caller flushes what is pending before closing the index). */
  close(): void {
    this.closed = true;
  }
}
