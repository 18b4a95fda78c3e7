import { constants } from 'node:buffer';
import { DicomError } from './errors.js';

/** Limits applied to everything read from outside; the defaults suit real studies and stop absurd inputs. */
export interface Limits {
  /** Largest single value accepted (bytes). */
  maxValueLength: number;
  /** Deepest sequence nesting accepted. */
  maxDepth: number;
  /** Most items accepted in one sequence, and most fragments in one encapsulated value. */
  maxItems: number;
  /**
   * Most elements, items and fragments, counted together, in one read (meta information included). Each costs
   * 100–300 bytes of heap whatever its size in the file, so counts, not lengths, bound what a file of 8-byte elements
   * or items takes.
   */
  maxElements: number;
  /**
   * Largest inflated size accepted from a deflated dataset (bytes); a full read whose start does not tell its length
   * takes twice this while inflating (docs/encoding.md).
   */
  maxInflatedLength: number;
  /** Largest input read from a pipe or standard input, which is read whole into memory (bytes). */
  maxStreamLength: number;
}

/**
 * Counts take at most about 600 MB of heap (2,000,000 × 290 bytes, an item holding one element being the costliest
 * per count), yet an RT structure set of 200,000 contours (2 items and 7 elements each) reads. A full read of a
 * deflated data set takes up to 2 GiB while inflating.
 */
export const DEFAULT_LIMITS: Limits = {
  maxValueLength: 4 * 1024 ** 3,
  maxDepth: 64,
  maxItems: 1_000_000,
  maxElements: 2_000_000,
  maxInflatedLength: 1024 ** 3,
  maxStreamLength: 1024 ** 3,
};

/**
 * Refuses item nesting past the read limit (limitsInForce) when writing or printing a data set: one built in code can hold an item
 * inside its own sequence, which would otherwise recurse until the stack overflows.
 */
export function checkNesting(depth: number): void {
  const { maxDepth } = limitsInForce();
  if (depth > maxDepth) {
    throw new DicomError('TOO_DEEP', `sequences are nested more than ${maxDepth} deep (is an item inside its own sequence?)`);
  }
}

/**
 * The most each limit may be raised to. A value is at most 2^32 - 1 bytes (its length field); an input read whole
 * (inflated, or from a pipe) at most one Buffer. Sequences are read, printed and written recursively: 500 levels still
 * fit Node's stack in every command, 1000 overflow it in dump --json, so the most is half of what was seen to fit.
 */
const MOST: Record<keyof Limits, number> = {
  maxValueLength: 0xffffffff,
  maxDepth: 256,
  maxItems: Number.MAX_SAFE_INTEGER,
  maxElements: Number.MAX_SAFE_INTEGER,
  maxInflatedLength: constants.MAX_LENGTH,
  maxStreamLength: constants.MAX_LENGTH,
};

/** The limits' names, as the reader's errors give them ("limits.maxDepth"). */
export const LIMIT_NAMES = Object.keys(MOST) as (keyof Limits)[];

// Undefined until set: the defaults stand.
let inForce: Limits | undefined;

/** The limits a read starts from where its options give none, and a writer checks what it writes against. */
export const limitsInForce = (): Limits => inForce ?? DEFAULT_LIMITS;

/** Why `value` cannot be the limit `name`, if it cannot. */
export function limitProblem(name: string, value: number): string | undefined {
  if (!(LIMIT_NAMES as string[]).includes(name)) return `"${name}" is no limit; the limits are ${LIMIT_NAMES.join(', ')}`;
  const most = MOST[name as keyof Limits];
  if (!Number.isSafeInteger(value) || value < 1 || value > most) return `${name} must be a whole number from 1 to ${most}`;
  return undefined;
}

/**
 * Makes `changes` the limits of every read after it in this process, the others keeping their defaults (the command
 * line's --limit: a user with a legitimately larger file raises one, a server lowers them). A name that is no limit,
 * or a value out of its range, is refused (INVALID_ARGUMENT) and nothing is changed.
 */
export function setLimitsInForce(changes: Partial<Limits>): void {
  for (const [name, value] of Object.entries(changes)) {
    const why = limitProblem(name, value);
    if (why) throw new DicomError('INVALID_ARGUMENT', `limit ${why}`);
  }
  inForce = { ...DEFAULT_LIMITS, ...changes };
}
