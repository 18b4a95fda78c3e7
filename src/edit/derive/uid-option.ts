import { DicomError } from '../../core/errors.js';
import { uidProblem } from '../../core/values/uid-syntax.js';

/**
 * A UID the caller gives in an option, checked before any work and named by its field: written into the new object,
 * a bad one would fail only later, naming the attribute it went to.
 */
export function checkUidOption(field: string, uid: string | undefined): void {
  const problem = uid === undefined ? undefined : uidProblem(uid);
  if (problem) throw new DicomError('INVALID_ARGUMENT', `${field}: "${uid}" is not a UID (digits separated by "."): ${problem}`);
}
