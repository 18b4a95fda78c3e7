import { closeSync, openSync } from 'node:fs';
import { readFully } from '../io/byte-source.js';

/** A data set's place in its file. */
export interface FileRegion {
  path: string;
  offset: number;
  length: number;
}

/** Objects up to this size are read ahead (larger ones are streamed in blocks anyway). */
const READ_AHEAD_LIMIT = 1024 * 1024;

/**
 * Reads the next small object's data set while the peer works on the current one, so that on a request/response
 * round trip the file read costs nothing. One object ahead at most; the read happens once the current turn of the
 * event loop is over, i.e. after the current request has been written. Anything that goes wrong (a file that cannot
 * be read, or is shorter than expected) is left to the send itself, which reads the file again and reports it.
 */
export class ReadAhead {
  private next?: { region: FileRegion; immediate: NodeJS.Immediate; bytes?: Buffer };

  /** Reads `region` soon (replacing any earlier read-ahead). */
  schedule(region: FileRegion): void {
    this.cancel();
    if (region.length > READ_AHEAD_LIMIT) return;
    const next = {
      region,
      immediate: setImmediate(() => {
        try {
          next.bytes = readRegion(region);
        } catch {
          /* read again when sent */
        }
      }),
      bytes: undefined as Buffer | undefined,
    };
    this.next = next;
  }

  /** The region's bytes when they were read ahead, else the region itself (to be read when sent). */
  take(region: FileRegion): Buffer | FileRegion {
    const next = this.next;
    this.cancel();
    const same = next && next.region.path === region.path && next.region.offset === region.offset && next.region.length === region.length;
    return same && next.bytes ? next.bytes : region;
  }

  cancel(): void {
    if (this.next) clearImmediate(this.next.immediate);
    this.next = undefined;
  }
}

/** The region's bytes; undefined when the file is shorter than the region. */
function readRegion(region: FileRegion): Buffer | undefined {
  const fd = openSync(region.path, 'r');
  try {
    const bytes = Buffer.allocUnsafe(region.length);
    return readFully(fd, bytes, 0, region.length, region.offset) === region.length ? bytes : undefined;
  } finally {
    closeSync(fd);
  }
}
