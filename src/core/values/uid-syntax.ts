import { badValue } from './checks.js';

/** PS3.5 9.1: at most 64 characters. */
const MAX_UID_LENGTH = 64;
const COMPONENT = /^(?:0|[1-9]\d*)$/;

/** A whole valid UID, tested first: builders check every UID they are given, thousands per import. */
const VALID = /^(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*$/;

/** What is wrong with a UID, or undefined when it is valid (PS3.5 9.1). */
export function uidProblem(uid: string): string | undefined {
  if (uid.length === 0) return 'empty';
  if (uid.length > MAX_UID_LENGTH) return `${uid.length} characters (at most ${MAX_UID_LENGTH})`;
  if (VALID.test(uid)) return undefined;
  const bad = uid.split('.').find((component) => !COMPONENT.test(component))!;
  if (bad === '') return 'empty component (".." or a leading or trailing ".")';
  return /^\d+$/.test(bad) ? `component "${bad}" has a leading zero` : `component "${bad}" is not digits`;
}

/** Whether a string (without its NUL padding) is a syntactically valid UID: digit components separated by '.', no leading zeros, ≤ 64 characters. */
export const isValidUid = (uid: string): boolean => uidProblem(uid) === undefined;

/** Throws BAD_VALUE saying what is wrong when the UID is not valid. */
export function assertValidUid(uid: string): void {
  const problem = uidProblem(uid);
  if (problem !== undefined) badValue('UI', uid, problem);
}
