import type { VR } from '../vr.js';

// Value form per VR (PS3.5 Table 6.2-1). Each rule returns what is wrong with one value, or undefined.

/** Characters a value of each text VR holds at most. */
export const MAX_CHARS = { AE: 16, AS: 4, CS: 16, DA: 8, DS: 16, IS: 12, LO: 64, LT: 10240, SH: 16, ST: 1024, TM: 14, UI: 64, DT: 26 } as const;
const maxChars = (vr: VR): number | undefined => (MAX_CHARS as Partial<Record<VR, number>>)[vr];

const DS_FORM = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const IS_FORM = /^[+-]?\d+$/;
const UI_FORM = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;
const CS_FORM = /^[A-Z0-9 _]*$/;
const AS_FORM = /^\d{3}[DWMY]$/;
// Each component only after the one before it; the fraction only after the seconds.
const TM_FORM = /^(\d{2})(?:(\d{2})(?:(\d{2})(\.\d{1,6})?)?)?$/;
const DT_FORM = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?$/;
// The one-line text VRs (AE, LO, PN, SH, UC) take no control character but ESC (PS3.5 6.2): TAB, LF, FF and CR belong to
// ST, LT and UT, which take no other. DEL (7FH) is a control character too, in no repertoire (PS3.5 6.1.2.1).
const CONTROL = /[\u0000-\u001a\u001c-\u001f\u007f]/;
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/;
// A UR holds the characters of RFC 3986 section 2 (unreserved, reserved, "%" and two hex digits), all else
// percent-encoded (PS3.5 Table 6.2-1): a space, a backslash, <, ", |, ^, {, non-ASCII …
const URI_CHARACTER = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/** Whether one-line text (AE, LO, PN, SH, UC) holds a control character it may not. */
export const hasLineControl = (value: string): boolean => CONTROL.test(value);

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

function checkDate(v: string): string | undefined {
  if (!/^\d{8}$/.test(v)) return 'is not a date of the form YYYYMMDD';
  return validDate(+v.slice(0, 4), +v.slice(4, 6), +v.slice(6, 8)) ? undefined : 'is not a valid calendar date';
}

function checkTime(v: string): string | undefined {
  const m = TM_FORM.exec(v);
  if (!m) return 'is not a time of the form HHMMSS.FFFFFF';
  if (+m[1]! > 23 || (m[2] !== undefined && +m[2] > 59) || (m[3] !== undefined && +m[3] > 60)) return 'is not a valid time of day';
  return undefined;
}

function checkDateTime(v: string): string | undefined {
  const m = DT_FORM.exec(v);
  if (!m) return 'is not a date-time of the form YYYYMMDDHHMMSS.FFFFFF&ZZXX';
  const [, y, mo, d, h, mi, s] = m;
  if (mo !== undefined && (+mo < 1 || +mo > 12)) return 'has an invalid month';
  if (d !== undefined && !validDate(+y!, +mo!, +d)) return 'has an invalid day';
  if ((h !== undefined && +h > 23) || (mi !== undefined && +mi > 59) || (s !== undefined && +s > 60)) return 'has an invalid time of day';
  return m[8] === undefined ? undefined : offsetProblem(m[8]);
}

/** PS3.5 Table 6.2-1, DT notes 1 and 2: the offset is -1200 to +1400, and -0000 (RFC 2822's "local time") is not allowed. */
function offsetProblem(offset: string): string | undefined {
  const minutes = +offset.slice(1, 3) * 60 + +offset.slice(3);
  if (+offset.slice(3) > 59 || minutes > (offset[0] === '-' ? 12 * 60 : 14 * 60)) return `has the UTC offset ${offset}, outside -1200 to +1400`;
  return offset === '-0000' ? 'has the UTC offset -0000, which PS3.5 does not allow (UTC is +0000)' : undefined;
}

function checkPersonName(v: string): string | undefined {
  if (CONTROL.test(v)) return 'contains control characters';
  const groups = v.split('=');
  if (groups.length > 3) return 'has more than three component groups (alphabetic, ideographic, phonetic)';
  for (const g of groups) {
    if (g.split('^').length > 5) return 'has more than five components (family^given^middle^prefix^suffix)';
    if ([...g].length > 64) return 'has a component group longer than 64 characters';
  }
  return undefined;
}

function uriProblem(v: string): string | undefined {
  const bad = URI_CHARACTER.exec(v);
  if (bad) return `holds ${bad[0] === ' ' ? 'a space' : `"${shownValue(bad[0])}"`}, which a URI holds only percent-encoded (RFC 3986 section 2)`;
  return BAD_PERCENT.test(v) ? 'has a "%" not followed by two hexadecimal digits (RFC 3986 section 2.1)' : undefined;
}

const ESCAPED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A value as messages quote it: the first 70 characters of a longer one, then "…", control characters escaped (\n,
 * \u001b), so that a line break or a terminal escape in a file's value neither ends the message's line nor acts.
 */
export const shownValue = (value: string): string =>
  (value.length > 70 ? `${value.slice(0, 70)}…` : value).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => ESCAPED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** What is wrong with one value of a text VR (already decoded, padding removed), or undefined. */
export function checkStringValue(vr: VR, value: string): string | undefined {
  const max = maxChars(vr);
  if (max !== undefined && [...value].length > max) return `is ${[...value].length} characters long; ${vr} allows at most ${max}`;
  switch (vr) {
    case 'AE':
      return CONTROL.test(value) || value.includes('\\') ? 'contains characters an AE title cannot hold' : undefined;
    case 'AS':
      return AS_FORM.test(value) ? undefined : 'is not an age of the form nnnD, nnnW, nnnM or nnnY';
    case 'CS':
      return CS_FORM.test(value) ? undefined : 'contains characters other than upper-case letters, digits, space and underscore';
    case 'DA':
      return checkDate(value);
    case 'DS':
      return DS_FORM.test(value.trim()) ? undefined : 'is not a decimal number';
    case 'IS': {
      if (!IS_FORM.test(value.trim())) return 'is not an integer';
      const n = Number(value);
      return n < -(2 ** 31) || n > 2 ** 31 - 1 ? 'is out of the range of a 32-bit integer' : undefined;
    }
    case 'TM':
      return checkTime(value);
    case 'DT':
      return checkDateTime(value);
    case 'UI':
      return UI_FORM.test(value) ? undefined : 'is not a UID (digits and dots, no leading zeros in a component)';
    case 'PN':
      return checkPersonName(value);
    case 'LO':
    case 'SH':
    case 'UC':
      return CONTROL.test(value) ? 'contains control characters' : undefined;
    case 'ST':
    case 'LT':
    case 'UT':
      return TEXT_CONTROL.test(value) ? 'contains control characters other than TAB, LF, FF, CR and ESC' : undefined;
    case 'UR':
      return uriProblem(value);
    default:
      return undefined;
  }
}

/** Parses a VM text ("1", "1-3", "2-2n", "1-n") into a check on a value count. */
export function vmAllows(vm: string, count: number): boolean {
  const m = /^(\d+)(?:-(\d+|n|(\d+)n))?$/.exec(vm.trim());
  if (!m) return true;
  const min = +m[1]!;
  if (m[2] === undefined) return count === min;
  if (count < min) return false;
  if (m[2] === 'n') return true;
  if (m[3] !== undefined) return count % +m[3] === 0;
  return count <= +m[2];
}
