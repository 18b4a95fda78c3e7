import { DicomError } from '../errors.js';
import { ASCII, GB_2312, JIS_X_0208, JIS_X_0212, KATAKANA, KS_X_1001, ROMAJI, UPPER_HALVES, type GraphicSet } from './graphic-sets.js';

/** Character sets that do not use code extensions: the whole value is one codec (PS3.3 Table C.12-5). */
const STANDALONE: ReadonlyMap<string, string> = new Map([['ISO_IR 192', 'utf8'], ['GB18030', 'gb18030'], ['GBK', 'gbk']]);

/** Graphic sets each defined term designates (PS3.3 Tables C.12-2 to C.12-4); "ISO_IR n" and "ISO 2022 IR n" share them. */
const TERM_SETS = new Map<string, readonly GraphicSet[]>([
  ['', [ASCII]],
  ['ISO_IR 6', [ASCII]],
  ['ISO 2022 IR 6', [ASCII]],
  ['ISO_IR 13', [ROMAJI, KATAKANA]],
  ['ISO 2022 IR 13', [ROMAJI, KATAKANA]],
  ['ISO 2022 IR 87', [JIS_X_0208]],
  ['ISO 2022 IR 159', [JIS_X_0212]],
  ['ISO 2022 IR 149', [KS_X_1001]],
  ['ISO 2022 IR 58', [GB_2312]],
  ...Object.entries(UPPER_HALVES).flatMap(([n, set]) => [[`ISO_IR ${n}`, [ASCII, set]], [`ISO 2022 IR ${n}`, [ASCII, set]]] as const),
]);

export const isKnownCharset = (term: string): boolean => TERM_SETS.has(term) || STANDALONE.has(term);

/** The Specific Character Set terms known here (PS3.3 C.12.1.1.2), the default repertoire's empty value aside. */
export const CHARSET_TERMS: readonly string[] = [...TERM_SETS.keys(), ...STANDALONE.keys()].filter((term) => term !== '');

/** How to code text under one Specific Character Set value. */
export interface CharsetPlan {
  /** Codec for the whole value when value 1 is a character set without code extensions. */
  readonly standalone?: string;
  /** Designations in effect at the start of the value and after each delimiter (those of value 1). */
  readonly initial: { readonly g0: GraphicSet; readonly g1?: GraphicSet };
  /** Every set the value allows, value 1's first: the encoder's order of preference. */
  readonly sets: readonly GraphicSet[];
  readonly unknown: readonly string[];
}

/** Plans by Specific Character Set value: every text value set or read asks, and a file has one or two. */
const plans = new Map<string, CharsetPlan>();
const PLAN_CACHE_LIMIT = 256;

export function planFor(charsets: readonly string[]): CharsetPlan {
  const key = charsets.join('\\');
  let plan = plans.get(key);
  if (!plan) {
    if (plans.size >= PLAN_CACHE_LIMIT) plans.clear();
    plans.set(key, (plan = makePlan(charsets)));
  }
  return plan;
}

function makePlan(charsets: readonly string[]): CharsetPlan {
  const first = charsets[0] ?? '';
  const unknown = charsets.filter((term) => !isKnownCharset(term));
  // Stand-alone sets cannot be combined with others; after value 1 they are ignored, as other toolkits do.
  const standalone = STANDALONE.get(first);
  if (standalone) return { standalone, initial: { g0: ASCII }, sets: [ASCII], unknown };
  const firstSets = TERM_SETS.get(first) ?? [];
  const initial = { g0: firstSets.find((s) => s.slot === 0) ?? ASCII, g1: firstSets.find((s) => s.slot === 1) };
  const sets = new Set([initial.g0, ...charsets.flatMap((term) => TERM_SETS.get(term) ?? [])]);
  return { initial, sets: [...sets], unknown };
}

/** Common misspellings seen in real files, e.g. "ISO-IR 100", "ISO_IR100", "iso 2022 ir 87", "UTF-8". */
function normalizeTerm(term: string): string {
  const upper = term.toUpperCase();
  const iso2022 = /^ISO[-_ ]?2022[-_ ]?IR[-_ ]?(\d+)$/.exec(upper);
  if (iso2022) return `ISO 2022 IR ${iso2022[1]}`;
  const isoIr = /^ISO[-_ ]?IR[-_ ]?(\d+)$/.exec(upper);
  if (isoIr) return `ISO_IR ${isoIr[1]}`;
  return upper === 'UTF-8' || upper === 'UTF8' ? 'ISO_IR 192' : upper;
}

/**
 * Splits a raw Specific Character Set (0008,0005) value into trimmed terms; an empty value 1 stays '' (the default
 * repertoire). Strict mode rejects unknown terms; otherwise common misspellings are repaired and unknown terms kept
 * (decoding treats them as the default repertoire, encoding rejects them).
 */
export function parseSpecificCharacterSet(value: string, options: { strict?: boolean } = {}): string[] {
  const terms = value.split('\\').map((term) => term.replace(/^[\s\0]+|[\s\0]+$/g, ''));
  while (terms.at(-1) === '') terms.pop();
  return terms.map((term) => {
    if (isKnownCharset(term)) return term;
    if (options.strict) throw new DicomError('BAD_CHARSET', `unknown Specific Character Set term "${term}"`);
    return normalizeTerm(term);
  });
}
