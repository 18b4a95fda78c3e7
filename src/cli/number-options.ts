import { InvalidArgumentError, Option } from 'commander';
import { HARD_PDU_CAP } from '../net/framer.js';

/**
 * Parsers for numeric options. A value that is not what the option takes stops the command before it starts, with
 * commander's "option … argument … is invalid" message and exit code 2, instead of becoming NaN (which timers and
 * limits would read as "none") or being quietly rounded.
 */

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
    return n;
  };
}

/** Seconds, returned as milliseconds; 0 means no time limit. */
export function seconds(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86_400) throw new InvalidArgumentError('a number of seconds from 0 (no limit) to 86400');
  return Math.round(n * 1000);
}

/**
 * An option taking seconds (`seconds` turns them into milliseconds), whose default, kept in milliseconds, the help
 * shows in seconds: "(default: 15)", not the 15000 the command receives.
 */
export function secondsOption(flags: string, description: string, defaultMs: number): Option {
  return new Option(flags, description).argParser(seconds).default(defaultMs, String(defaultMs / 1000));
}

/**
 * Largest PDU we receive: 0 (no limit of ours: the most the framer takes, 64 MiB, is announced) or a length from 4096
 * bytes, as dcmtk takes, to that most. A smaller one would make the peer split every data set into thousands of PDUs.
 */
export function pduLength(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || (n !== 0 && (n < 4096 || n > HARD_PDU_CAP))) {
    throw new InvalidArgumentError(`0 (the most we take) or a whole number of bytes from 4096 to ${HARD_PDU_CAP}`);
  }
  return n;
}

/**
 * A number of outstanding operations (send --async, serve --max-operations): the range of the asynchronous operations
 * window's 16-bit fields.
 */
export const operationsCount = wholeNumber(1, 65535);
