import { DicomError } from '../errors.js';

/** Throws the BAD_VALUE error every value parser uses: the VR, the offending text and what is wrong with it. */
export function badValue(vr: string, text: string, why: string): never {
  throw new DicomError('BAD_VALUE', `invalid ${vr} value "${text}": ${why}`);
}

/** Whether a parser accepts its input; parsers throw only DicomError, so validity is "does not throw". */
export function succeeds(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch (error) {
    if (error instanceof DicomError) return false;
    throw error;
  }
}

/** Strips the padding a value may carry on the wire (trailing spaces, or NULs for UI). */
export const unpad = (text: string): string => text.replace(/[ \0]+$/, '');
