import { constants } from 'node:buffer';
import { DEFAULT_LIMITS, DicomError, type Limits } from './errors.js';

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

// Undefined until set: errors.ts, which defines the defaults, reads these limits too (checkNesting).
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
