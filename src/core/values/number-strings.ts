import { badValue } from './checks.js';

const DS_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const IS_SYNTAX = /^[+-]?\d+$/;
const DS_MAX_LENGTH = 16;
const IS_MAX_LENGTH = 12;
const IS_MIN = -(2 ** 31);
const IS_MAX = 2 ** 31 - 1;

/** Parses one DS value (surrounding spaces allowed). Throws BAD_VALUE when it is not a finite decimal number. */
export function parseDS(text: string): number {
  const trimmed = text.trim();
  if (!DS_SYNTAX.test(trimmed)) badValue('DS', text, 'not a decimal number');
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : badValue('DS', text, 'out of range of a double');
}

/** Parses one IS value (surrounding spaces allowed). Throws BAD_VALUE when it is not an integer in -2^31..2^31-1. */
export function parseIS(text: string): number {
  const trimmed = text.trim();
  if (!IS_SYNTAX.test(trimmed)) badValue('IS', text, 'not an integer');
  const value = Number(trimmed);
  return value >= IS_MIN && value <= IS_MAX ? value : badValue('IS', text, 'outside -2147483648..2147483647');
}

/** Whether one DS value (with its padding) is valid: decimal syntax and at most 16 characters. */
export const isValidDS = (text: string): boolean => text.length <= DS_MAX_LENGTH && DS_SYNTAX.test(text.trim()) && Number.isFinite(Number(text));

/** Whether one IS value (with its padding) is valid: integer syntax, at most 12 characters, in range. */
export function isValidIS(text: string): boolean {
  const trimmed = text.trim();
  return text.length <= IS_MAX_LENGTH && IS_SYNTAX.test(trimmed) && Number(trimmed) >= IS_MIN && Number(trimmed) <= IS_MAX;
}

/** Shortest spelling of a toPrecision/toExponential result: no trailing fraction zeros, no '+' or leading zeros in the exponent. */
const tidy = (text: string): string =>
  text.replace(/(\.\d*?)0+(?=$|e)/, '$1').replace(/\.(?=$|e)/, '').replace(/e\+?(-?)0*(\d)/, 'e$1$2');

/**
 * Formats a number as DS in at most 16 characters, keeping as many significant digits as fit and switching to
 * exponent notation when that is shorter. Throws BAD_VALUE for NaN and ±Infinity.
 */
export function formatDS(value: number): string {
  if (!Number.isFinite(value)) badValue('DS', String(value), 'DS holds finite numbers only');
  const rounded = (digits: number): string => {
    const fixed = tidy(value.toPrecision(digits));
    const exponent = tidy(value.toExponential(digits - 1));
    return fixed.length <= exponent.length ? fixed : exponent;
  };
  // String() is the shortest text that reads back as the same double; round only when it is too long.
  let text = tidy(String(value));
  // Rounding up next to the largest double can overflow, so a candidate must also read back finite. Some
  // candidate of 9 or fewer significant digits always fits and reads back, so the loop ends.
  for (let digits = 16; text.length > DS_MAX_LENGTH || !Number.isFinite(Number(text)); digits--) text = rounded(digits);
  return text;
}

/** Formats an integer as IS. Throws BAD_VALUE for non-integers and values outside -2^31..2^31-1. */
export function formatIS(value: number): string {
  if (!Number.isInteger(value) || value < IS_MIN || value > IS_MAX) badValue('IS', String(value), 'not an integer in -2147483648..2147483647');
  return String(value);
}
