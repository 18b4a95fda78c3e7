import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Whether two paths name one file: the same path, or two names (links) of one file. A path where nothing is, or that
 * cannot be looked at, names no file but itself.
 */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const first = statSync(a, { throwIfNoEntry: false });
    const second = first && statSync(b, { throwIfNoEntry: false });
    return !!second && first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}
