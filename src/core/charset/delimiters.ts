import { isMultiValuedText, type VR } from '../vr.js';

const BACKSLASH = 0x5c;
const CARET = 0x5e;
const EQUALS = 0x3d;
const CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

/**
 * Whether a character (byte or code point) returns the ISO 2022 state to that of value 1 of Specific Character
 * Set (PS3.5 6.1.2.5.3): control codes (CR, LF, FF, TAB), the backslash between values, and PN's '^' and '='.
 */
export function resetsState(code: number, vr: VR): boolean {
  if (CONTROLS.has(code)) return true;
  if (code === BACKSLASH) return isMultiValuedText(vr);
  return vr === 'PN' && (code === CARET || code === EQUALS);
}
