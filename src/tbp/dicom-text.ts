import { MAX_CHARS, hasLineControl } from '../core/values/vr-rules.js';

/**
 * Text a capture gives for DICOM attributes of string VRs: what is wrong with a value, said by the attribute it is
 * for (the lengths are core's, PS3.5 Table 6.2-1). Plain functions, so that commands checking one value (derive
 * crop's lesion ID) need not load the manifest schema.
 */

/** What the lesion label becomes: the TBP Lesion ID and the Tracking ID, both LO. */
export const LESION_ID = 'a lesion ID (TBP Lesion ID, Tracking ID)';

export const tooLong = (attribute: string, vr: 'SH' | 'LO' | 'LT'): string =>
  `too long for ${attribute}, which holds at most ${MAX_CHARS[vr]} characters (${vr})`;

export const noBackslash = (attribute: string): string => `a backslash separates values in DICOM, and ${attribute} takes one`;

export const noControl = (attribute: string): string =>
  `${attribute} is one line of text: control characters (line breaks, tabs) are not allowed in it`;

/** Whether text has no control character the one-line VRs refuse (PS3.5 6.2: all but ESC). */
export const oneLine = (value: string): boolean => !hasLineControl(value);

/** What is wrong with `value` as the one value of an SH or LO attribute, if anything. */
export function textProblem(value: string, vr: 'SH' | 'LO', attribute: string): string | undefined {
  if (value.trim() === '') return `${attribute} cannot be empty`;
  if (value.length > MAX_CHARS[vr]) return tooLong(attribute, vr);
  if (value.includes('\\')) return noBackslash(attribute);
  if (!oneLine(value)) return noControl(attribute);
  return undefined;
}
