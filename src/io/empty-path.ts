import { DicomError } from '../core/errors.js';

/**
 * Refuses an empty path, which (an unset variable in a script) would otherwise stand for the current folder, or fail
 * obscurely; `what` names what the path was for ("file to write", "output folder").
 */
export function refuseEmptyPath(path: string, what: string): void {
  if (path === '') throw new DicomError('INVALID_ARGUMENT', `the path of the ${what} is empty`);
}
