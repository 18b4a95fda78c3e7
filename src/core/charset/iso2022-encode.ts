import type { VR } from '../vr.js';
import { resetsState } from './delimiters.js';
import { encodeChar, type GraphicSet } from './graphic-sets.js';
import type { CharsetPlan } from './terms.js';

/** The coded bytes, or the first character none of the allowed sets can represent. */
export type EncodeResult = { bytes: Buffer } | { unrepresentable: string };

function codeIn(sets: readonly (GraphicSet | undefined)[], char: string): { set: GraphicSet; bytes: readonly number[] } | undefined {
  for (const set of sets) {
    const bytes = set && encodeChar(set, char);
    if (bytes) return { set, bytes };
  }
  return undefined;
}

/**
 * Encodes text with ISO 2022 code extensions (PS3.5 6.1.2.5.3): each character uses the first allowed set that holds
 * it, preferring those already designated; an escape sequence designates a set when it is not; value 1's sets are
 * designated again before each delimiter and at the end of the value.
 */
export function encodeIso2022(text: string, plan: CharsetPlan, vr: VR): EncodeResult {
  const { initial } = plan;
  const out: number[] = [];
  let g0 = initial.g0;
  let g1 = initial.g1;
  const restoreInitial = (): void => {
    if (g0 !== initial.g0) out.push(...initial.g0.escape);
    if (initial.g1 && g1 !== initial.g1) out.push(...initial.g1.escape);
    g0 = initial.g0;
    g1 = initial.g1;
  };
  for (const char of text) {
    if (resetsState(char.codePointAt(0)!, vr)) restoreInitial();
    const coded = codeIn([g0, g1, ...plan.sets], char);
    if (!coded) return { unrepresentable: char };
    const { set, bytes } = coded;
    if (set !== (set.slot === 0 ? g0 : g1)) out.push(...set.escape);
    if (set.slot === 0) g0 = set;
    else g1 = set;
    out.push(...bytes);
  }
  restoreInitial();
  return { bytes: Buffer.from(out) };
}
