import { DicomError } from '../core/errors.js';

/**
 * Why a text is not an AE title (PS3.5 AE: 1-16 characters of the default repertoire, ASCII, not spaces alone,
 * without backslash or control characters), or undefined. A letter outside ASCII would go on the wire in whatever encoding, which the peer
 * reads as other characters.
 */
export function aeTitleProblem(title: string): string | undefined {
  const t = title.trim();
  return t.length === 0 || t.length > 16 || /[^\x20-\x5b\x5d-\x7e]/.test(t) ? '1-16 ASCII characters, not all spaces, no backslash or control characters' : undefined;
}

/** The title without padding; a DicomError (INVALID_ARGUMENT: our own settings) naming `what` when it is not an AE title. */
export function checkAeTitle(title: string, what: string): string {
  const problem = aeTitleProblem(title);
  if (problem) throw new DicomError('INVALID_ARGUMENT', `${what} "${title}" is not a valid AE title (${problem})`);
  return title.trim();
}
