import { valueBytes, type Dataset } from '../core/dataset.js';
import type { Element } from '../core/element.js';
import { keywordOf, lookupKeyword } from '../core/dictionary.js';
import { formatTag, tagHex, type Tag } from '../core/tag.js';
import { decodeNumbers, decodeStrings, decodeTags } from '../core/value-codec.js';
import { personNameToJson, type PersonNameJson } from '../core/values/person-name.js';

export type JsonScalar = string | number | PersonNameJson | null;

/** How an attribute is named in paths: its keyword when that names this very tag (not (6002,3000) → OverlayData), else (gggg,eeee). */
export function pathName(t: Tag): string {
  const keyword = keywordOf(t);
  return keyword && lookupKeyword(keyword)?.tag === t ? keyword : formatTag(t);
}

/**
 * DS and IS as JSON numbers (PS3.18 F.2.3) when the number reads back as the same text; otherwise ("1.50", "007",
 * "1e-3") the string is kept, which PS3.18 permits, so that no digit written by the source is lost.
 */
function numberString(text: string): string | number | null {
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text ? n : text;
}

/** The shortest decimal that reads back as the same 32-bit float (0.1, not 0.10000000149011612). */
function float32(value: number): number | string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return shorter;
  }
  return Number(value.toPrecision(9));
}

/** JSON has no NaN or infinities; they travel as the strings "NaN", "Infinity", "-Infinity". */
const float64 = (value: number): number | string => (Number.isFinite(value) ? value : String(value));

/** 64-bit integers are JSON numbers while exact in a double, decimal strings beyond. */
const int64 = (value: bigint): number | string => (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString());

function personName(text: string): PersonNameJson | null {
  if (text === '') return null;
  try {
    return personNameToJson(text);
  } catch {
    // More than three component groups: keep the whole text rather than fail the export.
    return { Alphabetic: text };
  }
}

/**
 * The "Value" array of a non-sequence, non-binary element; empty values within it are null (PS3.18 F.2.5). `bytes`:
 * its value, when loaded before (a value left on disk).
 */
export function jsonValues(ds: Dataset, el: Element, bytes = valueBytes(el)): JsonScalar[] {
  switch (el.vr) {
    case 'AT':
      return decodeTags(bytes).map(tagHex);
    case 'FL':
      return decodeNumbers(bytes, 'FL').map((v) => float32(v as number));
    case 'FD':
      return decodeNumbers(bytes, 'FD').map((v) => float64(v as number));
    case 'SV':
    case 'UV':
      return decodeNumbers(bytes, el.vr).map((v) => int64(v as bigint));
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
      return decodeNumbers(bytes, el.vr) as number[];
  }
  const strings = decodeStrings(bytes, el.vr, ds.characterSets());
  if (el.vr === 'PN') return strings.map(personName);
  if (el.vr === 'DS' || el.vr === 'IS') return strings.map(numberString);
  return strings.map((s) => (s === '' ? null : s));
}
