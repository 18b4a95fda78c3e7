import { closeSync, constants, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { DicomError, missingText, withFile } from '../core/errors.js';

/** whyNotAFile's answer for a folder, pipe, socket or device. */
const NOT_A_FILE = 'is not a file';

/**
 * Whether something other than a regular file is at `path`: a folder, pipe, socket or device (a symbolic link taken as
 * what it points to). Asked before opening: the open of a FIFO waits for a writer, and while it waits the event loop,
 * and with it every Ctrl-C handler, is stopped. Nothing there, or a path that cannot be looked at, answers no: the
 * open then reports it.
 */
export function isOtherThanFile(path: string): boolean {
  return whyNotAFile(path) === NOT_A_FILE;
}

/** Refuses, naming it, a path where something other than a regular file is; `why` says what needs a file. */
export function refuseUnlessFile(path: string, why: string): void {
  if (isOtherThanFile(path)) throw notAFile(path, why);
}

/** The error refuseUnlessFile throws, for a caller that has the path's status already. */
export function notAFile(path: string, why: string): DicomError {
  return new DicomError('INVALID_ARGUMENT', `not a regular file (a folder, pipe, socket or device): ${why}`, { file: path });
}

/** Why `path` cannot be reached, in whyNotAFile's words, from the error of its stat or open. */
function whyUnreachable(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  // ENXIO: the open of a socket
  return code === 'ENOENT' ? missingText(path) : code === 'ENXIO' ? NOT_A_FILE : `cannot be looked at: ${code ?? (e as Error).message}`;
}

/**
 * Why `path` is not a file to read, or undefined when it is one: NO_SUCH_FILE (missingText), "is not a file" (a folder, pipe,
 * socket or device), or "cannot be looked at: CODE" (a link that loops, a folder on the way that may not be entered).
 * For checks that report each input's problem in their own words rather than fail at its open, after the path and a
 * colon, as every command says it ("photo.jpg: no such file or directory").
 */
export function whyNotAFile(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    return whyUnreachable(path, e);
  }
  if (!stat) return missingText(path);
  return stat.isFile() ? undefined : NOT_A_FILE;
}

/** A path where there is no regular file to read, and why in whyNotAFile's words: thrown by openRegularFile. */
export class NotAFileError extends DicomError {
  constructor(path: string, readonly why: string, cause?: unknown) {
    super('IO', why, { file: path, cause });
    this.name = 'NotAFileError';
  }
}

/**
 * Opens a regular file to read, and gives its status: an open and an fstat, where whyNotAFile's stat and then an
 * open cost a call more (for each of a thousand images). Opened without blocking (O_NONBLOCK, which does nothing to a
 * regular file), a FIFO does not wait for a writer: it is then refused like a folder or a device. Throws a
 * NotAFileError when no regular file is there.
 */
export function openRegularFile(path: string): { fd: number; stat: Stats } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new NotAFileError(path, whyUnreachable(path, e), e);
  }
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw withFile(e, path);
  }
  if (!stat.isFile()) {
    closeSync(fd);
    throw new NotAFileError(path, NOT_A_FILE);
  }
  return { fd, stat };
}
