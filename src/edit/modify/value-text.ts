import { Dataset, type SettableValue } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';
import { requireTag } from '../../core/tag.js';
import { formatDA, formatDT, formatTM } from '../../core/values/date-time.js';
import { isValidDS, isValidIS } from '../../core/values/number-strings.js';
import { assertValidUid } from '../../core/values/uid-syntax.js';
import { checkStringValue, shownValue } from '../../core/values/vr-rules.js';
import { isBulkVR, isMultiValuedText, isNumericBinaryVR, isStringVR, type VR } from '../../core/vr.js';
import { code, codeItem } from '../../iod/codes/code.js';

/** Text VRs whose one value may contain a backslash. */
const isSingleValued = (vr: VR): boolean => isStringVR(vr) && !isMultiValuedText(vr);

/** How many values a text gives an attribute of this VR (its VM): bytes, and a sequence's codes, are one value. */
export function valueCount(text: string, vr: VR): number {
  if (text === '') return 0;
  return vr === 'SQ' || isBulkVR(vr) || isSingleValued(vr) ? 1 : text.split('\\').length;
}

/** A code written on the command line: (value,scheme,"meaning"). */
const CODE = /^\(\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*"([^"]*)"\s*\)$/;

/** A text its VR cannot hold, with what is wrong kept apart for a message about several VRs ("US or SS"). */
export class InvalidValueText extends DicomError {
  constructor(readonly vr: VR, text: string, readonly reason: string) {
    super('BAD_VALUE', `"${shownValue(text)}" is not a valid ${vr} value: ${reason}`);
  }
}

function invalid(vr: VR, text: string, why: string): never {
  throw new InvalidValueText(vr, text, why);
}

/**
 * One value of a text VR, normalized (dates accept ISO 8601 forms) and checked against its VR's value form (PS3.5
 * Table 6.2-1: length, characters, components), as `validate` checks it.
 */
function parseOne(text: string, vr: VR): string {
  if (text === '') return text;
  const value = normalized(text, vr);
  const problem = checkStringValue(vr, value);
  return problem ? invalid(vr, text, `it ${problem}`) : value;
}

function normalized(text: string, vr: VR): string {
  try {
    switch (vr) {
      case 'DA': return formatDA(text);
      case 'TM': return formatTM(text);
      case 'DT': return formatDT(text);
      case 'UI': assertValidUid(text); return text;
      case 'DS': return isValidDS(text) ? text.trim() : invalid(vr, text, 'not a decimal number of at most 16 characters');
      case 'IS': return isValidIS(text) ? text.trim() : invalid(vr, text, 'not an integer in the IS range');
      default: return text;
    }
  } catch (e) {
    if (e instanceof DicomError) throw new DicomError('BAD_VALUE', e.message);
    throw e;
  }
}

/**
 * Parses a value written as text for an attribute of the given VR: `\` separates values of multi-valued VRs,
 * numbers for binary VRs, tags for AT, hex bytes ("0a\ff") for OB/OW/UN, and codes `(value,scheme,"meaning")`
 * separated by `;` for code sequences. An empty text is a zero-length value (an empty sequence for SQ).
 */
export function parseValueText(text: string, vr: VR): SettableValue {
  if (vr === 'SQ') return text.trim() === '' ? [] : text.split(';').map((code) => parseCode(code.trim()));
  if (text === '') return null;
  const values = isSingleValued(vr) ? [text] : text.split('\\');
  if (vr === 'AT') return values.map((v) => requireTag(v));
  if (isNumericBinaryVR(vr) || ['OF', 'OD', 'OL', 'OV'].includes(vr)) return values.map((v) => parseNumber(v, vr));
  if (vr === 'OB' || vr === 'OW' || vr === 'UN') {
    if (!values.every((v) => /^[0-9a-f]{1,2}$/i.test(v))) invalid(vr, text, 'give bytes as hex separated by \\ (e.g. 0a\\ff), or the VR after the key (KEY:LO=value)');
    return Buffer.from(values.map((v) => parseInt(v, 16)));
  }
  return values.map((v) => parseOne(v, vr));
}

/** The integers each integer VR holds: a value outside is refused here, once, not by the encoder in every file. */
const INTEGER_RANGE: Partial<Record<VR, readonly [bigint, bigint]>> = {
  US: [0n, 0xffffn], OW: [0n, 0xffffn], SS: [-0x8000n, 0x7fffn],
  UL: [0n, 0xffffffffn], OL: [0n, 0xffffffffn], SL: [-0x80000000n, 0x7fffffffn],
  UV: [0n, 2n ** 64n - 1n], OV: [0n, 2n ** 64n - 1n], SV: [-(2n ** 63n), 2n ** 63n - 1n],
};

function parseNumber(text: string, vr: VR): number {
  const n = Number(text);
  if (!Number.isFinite(n) || text.trim() === '') invalid(vr, text, 'not a number');
  const range = INTEGER_RANGE[vr];
  if (!range) return n;
  if (!Number.isInteger(n)) invalid(vr, text, 'not an integer');
  const [min, max] = range;
  return BigInt(n) < min || BigInt(n) > max ? invalid(vr, text, `not in the range ${min} to ${max}`) : n;
}

function parseCode(text: string): Dataset {
  const m = CODE.exec(text);
  if (!m) throw new DicomError('BAD_VALUE', `"${text}" is not a code; write (value,scheme,"meaning"), e.g. (113100,DCM,"Basic Application Confidentiality Profile")`);
  return codeItem(code(m[1]!, m[2]!, m[3]!));
}
