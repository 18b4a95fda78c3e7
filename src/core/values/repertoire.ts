import type { Dataset } from '../dataset.js';
import { decodeStrings } from '../value-codec.js';
import { isStringVR, usesCharacterSet, type VR } from '../vr.js';
import { shownValue } from './vr-rules.js';

/** The words every beyondDefaultRepertoire message holds: a reader's warning built on one is told by them. */
export const BEYOND_REPERTOIRE = 'beyond the default repertoire, the only one PS3.5 allows in';

/**
 * What is wrong with the bytes of a text value whose VR is held to the default repertoire (every text VR but LO, LT,
 * PN, SH, ST, UC and UT, PS3.5 6.1.2.2): an 8-bit byte, which some writers put in a CS or AE all the same. The value
 * is shown as read (in the character sets of `ds`, which holds it, as decodeStrings reads such bytes; looked up only
 * then, since the reader asks this of every value). Undefined when there is none, or the VR follows Specific Character
 * Set.
 */
export function beyondDefaultRepertoire(vr: VR, bytes: Uint8Array, ds: Dataset): string | undefined {
  if (!isStringVR(vr) || usesCharacterSet(vr)) return undefined;
  // A loop, not findIndex: the reader asks this of every such value it reads.
  let at = 0;
  while (at < bytes.length && bytes[at]! < 0x80) at++;
  if (at === bytes.length) return undefined;
  const byte = bytes[at]!.toString(16).toUpperCase();
  return `value "${shownValue(decodeStrings(bytes, vr, ds.characterSets()).join('\\'))}" holds byte 0x${byte}, ${BEYOND_REPERTOIRE} ${vr}`;
}
