import { DicomError } from '../core/errors.js';

/**
 * Refuses an empty path, which (an unset variable in a script) would otherwise stand for the current folder, or fail
 * obscurely; `what` names what the path was for ("file to write", "output folder").
 */
export function refuseEmptyPath(path: string, what: string): void {
  if (path === '') throw new DicomError('INVALID_ARGUMENT', `the path of the ${what} is empty`);
}

/**
 * Refuses an empty path (refuseEmptyPath) or "-" as the path of an output. For an input "-" is the standard input, as
 * in dcmtk's tools, so a user giving it for an output means the standard output; but an output is written beside its
 * path and renamed into place, never seen half-written, which the standard output cannot be: a file or folder named
 * "-" would be made instead.
 */
export function refuseOutputPath(path: string, what: string): void {
  refuseEmptyPath(path, what);
  if (path === '-') {
    throw new DicomError('INVALID_ARGUMENT', `"-" stands for the standard output, which cannot be the ${what}: an output is written beside its path and renamed into place; give a path (./- for one named "-")`, { file: path });
  }
}

/**
 * Refuses a path of a file to write that ends with "/", which names a folder: the write would fail obscurely
 * (ENOTDIR from its rename) or, once the path is resolved (which drops the slash), make a file of that name where
 * the user meant a folder.
 */
export function refuseFolderPath(path: string): void {
  if (path.endsWith('/')) throw new DicomError('INVALID_ARGUMENT', 'ends with "/", so it names a folder: give the path of the file to write', { file: path });
}
