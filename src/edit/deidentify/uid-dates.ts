import type { Dataset } from '../../core/dataset.js';
import { keywordOf } from '../../core/dictionary.js';
import { Sequence } from '../../core/element.js';
import { checkNesting } from '../../core/limits-in-force.js';
import { formatTag } from '../../core/tag.js';
import { uidInfo } from '../../core/uid-registry.js';
import { readStrings } from '../element-text.js';

/** A date as writers spell it inside a UID component: eight digits, years 1900-2099, a month and a day. */
const DATE = /(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/;

/** The object's own dates (DA values, and the date of DT values), at any depth, each with the attribute it is in. */
export function objectDates(ds: Dataset, found = new Map<string, string>(), depth = 0): Map<string, string> {
  checkNesting(depth);
  for (const el of ds) {
    if (el.value instanceof Sequence) for (const item of el.value.items) objectDates(item, found, depth + 1);
    else if ((el.vr === 'DA' || el.vr === 'DT') && Buffer.isBuffer(el.value)) {
      for (const value of readStrings(ds, el)) {
        const date = DATE.exec(value.slice(0, 8))?.[0];
        if (date && !found.has(date)) found.set(date, keywordOf(el.tag) ?? formatTag(el.tag));
      }
    }
  }
  return found;
}

/**
 * Which UIDs a de-identification kept (Retain UIDs) spell out one of the object's dates (`dates`, taken before its
 * dates were removed or shifted): writers build UIDs from the time they were made (…5.2.32.35162.2024010516064232617),
 * so the retained UID tells the real date, and so the shift, that the other attributes hide. Registered UIDs are none.
 */
export function uidsTellingDates(ds: Dataset, dates: ReadonlyMap<string, string>, depth = 0): string[] {
  checkNesting(depth);
  if (dates.size === 0) return [];
  const told: string[] = [];
  for (const el of ds) {
    if (el.value instanceof Sequence) {
      for (const item of el.value.items) told.push(...uidsTellingDates(item, dates, depth + 1));
      continue;
    }
    if (el.vr !== 'UI' || !Buffer.isBuffer(el.value)) continue;
    for (const uid of readStrings(ds, el)) {
      if (uidInfo(uid)) continue;
      const date = [...dates.keys()].find((d) => uid.includes(d));
      if (date) told.push(`${keywordOf(el.tag) ?? formatTag(el.tag)}: kept under retain-uids, ${uid} spells ${date}, the original ${dates.get(date)}, which the output's dates no longer tell`);
    }
  }
  return told;
}
