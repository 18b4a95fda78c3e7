import { statSync } from 'node:fs';
import { DicomError } from '../core/errors.js';

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
  if (isOtherThanFile(path)) throw new DicomError('INVALID_ARGUMENT', `not a regular file (a folder, pipe, socket or device): ${why}`, { file: path });
}

/**
 * Why `path` is not a file to read, or undefined when it is one: "does not exist", "is not a file" (a folder, pipe,
 * socket or device), or "cannot be looked at: CODE" (a link that loops, a folder on the way that may not be entered).
 * For checks that report each input's problem in their own words rather than fail at its open.
 */
export function whyNotAFile(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    return `cannot be looked at: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  if (!stat) return 'does not exist';
  return stat.isFile() ? undefined : NOT_A_FILE;
}
