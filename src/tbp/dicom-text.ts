/**
 * Text a capture gives for DICOM attributes of string VRs: what each VR holds (PS3.5 Table 6.2-1), and what is wrong
 * with a value. Plain functions, so that commands checking one value (derive crop's lesion ID) need not load the
 * manifest schema.
 */

/** Characters a string VR holds at most; a value past it is invalid DICOM (dciodvfy says so). */
export const MAX_CHARS = { SH: 16, LO: 64, LT: 10240 } as const;

/** What the lesion label becomes: the TBP Lesion ID and the Tracking ID, both LO. */
export const LESION_ID = 'a lesion ID (TBP Lesion ID, Tracking ID)';

export const tooLong = (attribute: string, vr: keyof typeof MAX_CHARS): string =>
  `too long for ${attribute}, which holds at most ${MAX_CHARS[vr]} characters (${vr})`;

export const noBackslash = (attribute: string): string => `a backslash separates values in DICOM, and ${attribute} takes one`;

/** What is wrong with `value` as the one value of an SH or LO attribute, if anything. */
export function textProblem(value: string, vr: 'SH' | 'LO', attribute: string): string | undefined {
  if (value.trim() === '') return `${attribute} cannot be empty`;
  if (value.length > MAX_CHARS[vr]) return tooLong(attribute, vr);
  if (value.includes('\\')) return noBackslash(attribute);
  return undefined;
}
