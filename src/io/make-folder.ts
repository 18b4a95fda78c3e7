import { mkdirSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { DicomError, systemErrorText } from '../core/errors.js';
import { refuseEmptyPath } from './empty-path.js';

/** A path's status, or undefined where nothing is (ENOENT, or ENOTDIR: a file stands where a folder would be). */
function statOf(path: string, folder: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new DicomError('IO', `cannot make the folder: ${systemErrorText(e, folder)}`, { file: folder, cause: e });
  }
}

/**
 * Makes a folder and its missing parents, as mkdirSync(path, { recursive: true }) does, and returns the folders it
 * made, topmost first (none when `path` was already a folder). Node 20's recursive mkdir never returns where mkdir
 * fails with ENOENT although the parent exists: procfs does so for any new name (/proc/x, /proc/1/x/y), and so does a
 * working folder that has been deleted. So each level is made here, one mkdir each, and every failure is a
 * DicomError naming the folder.
 */
export function makeFolder(path: string): string[] {
  const missing = missingFolders(path);
  missing.reverse();
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statOf(folder, path)?.isDirectory()) continue; // made meanwhile by someone else
      const why = code === 'ENOENT' ? `no folder can be made in ${dirname(folder)}` : systemErrorText(e, folder);
      throw new DicomError('IO', `cannot make the folder: ${why}`, { file: path, cause: e });
    }
  }
  return missing;
}

/**
 * The folders makeFolder would make for `path`, deepest first; fails as it would where a file stands in the way or a
 * folder cannot be looked at. For a command that checks its output folder before it makes it.
 */
export function missingFolders(path: string): string[] {
  refuseEmptyPath(path, 'folder');
  const missing: string[] = [];
  let dir = path;
  let stat = statOf(dir, path);
  while (!stat && dirname(dir) !== dir) {
    missing.push(dir);
    dir = dirname(dir);
    stat = statOf(dir, path);
  }
  if (stat && !stat.isDirectory()) throw new DicomError('IO', `cannot make the folder: ${dir} is a file`, { file: path });
  return missing;
}

/**
 * Removes the folders a run made (makeFolder's results) that it left empty, deepest first, so that a run whose writes
 * failed leaves no empty tree behind. A folder something was written into, by the run or meanwhile by another, stays.
 */
export function removeEmptyFolders(made: readonly string[]): void {
  for (const folder of [...made].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(folder);
    } catch {
      /* not empty, or gone */
    }
  }
}
