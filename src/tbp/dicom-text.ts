import { MAX_CHARS, hasLineControl } from '../core/values/vr-rules.js';

/**
 * Text a capture gives for DICOM attributes of string VRs: what is wrong with a value, said by the attribute it is
 * for (the lengths are core's, PS3.5 Table 6.2-1). Plain functions, so that commands checking one value (derive
 * crop's lesion ID) need not load the manifest schema.
 */

/** What the lesion label becomes: the TBP Lesion ID and the Tracking ID, both LO. */
export const LESION_ID = 'a lesion ID (TBP Lesion ID, Tracking ID)';

/** The text VRs a capture's fields become, and the most each holds (a PN all its component groups together). */
export type TextVR = 'SH' | 'LO' | 'LT' | 'PN';
const MAX: Record<TextVR, number> = { SH: MAX_CHARS.SH, LO: MAX_CHARS.LO, LT: MAX_CHARS.LT, PN: 64 };

/**
 * What is wrong with the length of `value` as an attribute of VR `vr`, if anything. PS3.5 Table 6.2-1 counts
 * characters (a PN's per component group), but dciodvfy and archives that check lengths count the value's bytes, a
 * PN's whole: the objects are written in UTF-8 (ISO_IR 192) once any text needs more than ASCII, where "é" takes two
 * bytes and most CJK characters three, so a value within the limit in bytes is within it for every reader.
 */
export function lengthProblem(value: string, vr: TextVR, attribute: string): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes <= MAX[vr]) return undefined;
  const whole = vr === 'PN' ? ', all its component groups together' : '';
  const chars = [...value].length;
  const why = chars === bytes ? '' : ` in UTF-8 (${chars} characters: é takes 2 bytes, most CJK characters 3)`;
  return `too long for ${attribute}, which holds at most ${MAX[vr]} bytes (${vr}${whole}); this is ${bytes} bytes${why}`;
}

export const noBackslash = (attribute: string): string => `a backslash separates values in DICOM, and ${attribute} takes one`;

export const noControl = (attribute: string): string =>
  `${attribute} is one line of text: control characters (line breaks, tabs) are not allowed in it`;

/** Whether text has no control character the one-line VRs refuse (PS3.5 6.2: all but ESC). */
export const oneLine = (value: string): boolean => !hasLineControl(value);

/**
 * Whether text is paragraphs as every reader takes them: line breaks and form feeds are the only control characters
 * in it. PS3.5 Table 6.2-1 has allowed a TAB in ST, LT and UT since 2016, but dciodvfy and readers of the older text
 * refuse it; ESC belongs to ISO 2022 code extensions, which UTF-8 text has none of.
 */
export const paragraphs = (value: string): boolean => !/[\u0000-\u0009\u000b\u000e-\u001f\u007f]/.test(value);

export const noParagraphControl = (attribute: string): string =>
  `${attribute} is paragraphs of text: line breaks and form feeds are the only control characters allowed in it (a tab, which older readers and dciodvfy refuse, can be spaces)`;

/** What is wrong with `value` as the one value of an SH or LO attribute, if anything. */
export function textProblem(value: string, vr: 'SH' | 'LO', attribute: string): string | undefined {
  if (value.trim() === '') return `${attribute} cannot be empty`;
  const length = lengthProblem(value, vr, attribute);
  if (length) return length;
  if (value.includes('\\')) return noBackslash(attribute);
  if (!oneLine(value)) return noControl(attribute);
  return undefined;
}
