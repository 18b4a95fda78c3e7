import { badValue, succeeds } from './checks.js';

export type AgeUnit = 'D' | 'W' | 'M' | 'Y';

/** An AS value: a count of days, weeks, months or years ("044Y"). */
export interface Age {
  value: number;
  unit: AgeUnit;
}

const AS_SYNTAX = /^(\d{3})([DWMY])$/;

/** Parses one AS value exactly as PS3.5 writes it ("nnnD", "nnnW", "nnnM" or "nnnY"). Throws BAD_VALUE. */
export function parseAS(text: string): Age {
  const m = AS_SYNTAX.exec(text) ?? badValue('AS', text, 'expected nnnD, nnnW, nnnM or nnnY');
  return { value: Number(m[1]), unit: m[2] as AgeUnit };
}

export const isValidAS = (text: string): boolean => succeeds(() => parseAS(text));

/** Formats an age as AS. Throws BAD_VALUE unless the count is an integer 0-999 and the unit one of D, W, M, Y. */
export function formatAS(age: Age): string {
  if (!Number.isInteger(age.value) || age.value < 0 || age.value > 999) badValue('AS', String(age.value), 'the count is an integer 0-999');
  if (!/^[DWMY]$/.test(age.unit)) badValue('AS', String(age.unit), 'the unit is D, W, M or Y');
  return `${String(age.value).padStart(3, '0')}${age.unit}`;
}
