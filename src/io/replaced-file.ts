import { fchmodSync, fchownSync, lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { DicomError } from '../core/errors.js';
import { refuseOutputPath } from './empty-path.js';

/** What is at `path`, if anything can be told (a path that cannot be looked at fails later, when written). */
export function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Where a write that replaces `path` (a temporary file renamed over it) puts its file, and what is there now. A link is
 * followed: renamed over, the link would give way to the new file while the file it names kept its old content. A
 * pipe, socket or device (/dev/null, /dev/stdout) is refused: the rename would replace it instead of writing to it;
 * so is "-", the standard output (refuseOutputPath).
 */
export function replacedFile(path: string): { destination: string; existing: Stats | undefined } {
  refuseOutputPath(path, 'file to write');
  const existing = statOf(path);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    throw new DicomError('INVALID_ARGUMENT', 'not a regular file (a pipe, socket or device), which the file written would replace: give the path of a file to write', { file: path });
  }
  return { destination: existing && lstatSync(path).isSymbolicLink() ? realpathSync(path) : path, existing };
}

/**
 * What fchown says when this process may not give a file that owner: EPERM (not root, and not the owner in one of
 * their groups), EINVAL (an owner this user namespace does not map), ENOTSUP (a file system without owners).
 */
const OWNER_NOT_SETTABLE = new Set(['EPERM', 'EINVAL', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * Gives a new file, open as `fd`, what the file it is about to replace has (`existing`, statOf the destination; a
 * path where no file is passes nothing on), so that a replacement changes the content only:
 * - its owner and group, where this process may give them: root may, so a user's file replaced by root stays that
 *   user's; a user may keep their own file's group. Otherwise the new file stays the writer's, without error;
 * - then its permissions (a file only its owner may read stays so), last because a change of owner clears the
 *   set-user-ID and set-group-ID bits.
 * Through the descriptor, not the temporary file's path, which anyone who may write to the folder could swap for a
 * link to another file while root writes.
 */
export function keepOwnerAndMode(fd: number, existing: Stats | undefined): void {
  if (!existing?.isFile()) return;
  try {
    fchownSync(fd, existing.uid, existing.gid);
  } catch (e) {
    if (!OWNER_NOT_SETTABLE.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
  }
  fchmodSync(fd, existing.mode & 0o7777);
}
