import type { Dataset } from '../../core/dataset.js';
import { uidInfo } from '../../core/uid-registry.js';
import type { Condition, ConditionContext } from './types.js';
import { isUncompressed } from '../../io/transfer-syntax.js';

// Small building blocks for the 1C/2C conditions of PS3.3, so that each condition reads like its sentence.

const values = (ds: Dataset, keyword: string): string[] => {
  try {
    return ds.getStrings(keyword).map((v) => v.trim());
  } catch {
    return [];
  }
};

export const present = (keyword: string): Condition => ({ ds }) => ds.has(keyword);
export const absent = (keyword: string): Condition => ({ ds }) => !ds.has(keyword);
/** Present with a non-empty value. */
export const hasValue = (keyword: string): Condition => ({ ds }) => values(ds, keyword).some((v) => v !== '');

/** Some value of the attribute (or value number `index`) is one of `expected`. */
export const valueIs = (keyword: string, expected: readonly (string | number)[], index?: number): Condition => ({ ds }) => {
  const all = values(ds, keyword);
  const picked = index === undefined ? all : all.slice(index, index + 1);
  return picked.some((v) => expected.some((e) => String(e) === v));
};

/** Some value is one of `expected` in either case: a MIME type, whose type and subtype RFC 2045 5.1 matches so. */
export const valueIsAnyCase = (keyword: string, expected: readonly string[]): Condition => ({ ds }) =>
  values(ds, keyword).some((v) => expected.some((e) => e.toLowerCase() === v.toLowerCase()));

/** The instance's SOP Class is one of these, named by their PS3.6 keywords ("CTImageStorage"). */
export const sopClassIs = (...keywords: string[]): Condition => ({ root }) =>
  values(root, 'SOPClassUID').some((uid) => keywords.includes(uidInfo(uid)?.keyword ?? ''));
export const rootPresent = (keyword: string): Condition => ({ root }) => root.has(keyword);
/** The top-level sequence holds more than `count` items. */
export const rootItemsAbove = (keyword: string, count: number): Condition => ({ root }) => root.items(keyword).length > count;

export const numberAbove = (keyword: string, limit: number): Condition => ({ ds }) => {
  const n = ds.getNumber(keyword);
  return n !== undefined && n > limit;
};

export const not = (c: Condition): Condition => (ctx) => {
  const r = c(ctx);
  return r === undefined ? undefined : !r;
};

/** True when all are true; false when one is false; otherwise undecidable. */
export const and = (...cs: Condition[]): Condition => (ctx) => {
  let unknown = false;
  for (const c of cs) {
    const r = c(ctx);
    if (r === false) return false;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : true;
};

export const or = (...cs: Condition[]): Condition => (ctx) => {
  let unknown = false;
  for (const c of cs) {
    const r = c(ctx);
    if (r === true) return true;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : false;
};

/** A condition the data set cannot decide ("if contrast was used"): the attribute is checked only when present. */
export const undecidable: Condition = () => undefined;

/** Decidable only in one direction: true when `c` holds, otherwise undecidable. */
export const atLeastWhen = (c: Condition): Condition => (ctx) => (c(ctx) ? true : undefined);

export const evaluate = (c: Condition, ctx: ConditionContext): boolean | undefined => c(ctx);

/** The pixel data is native: the file's transfer syntax is an uncompressed one (undecidable without a file). */
export const nativePixels: Condition = ({ transferSyntaxUid }) => (transferSyntaxUid === undefined ? undefined : isUncompressed(transferSyntaxUid));
