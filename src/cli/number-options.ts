import { InvalidArgumentError, Option } from 'commander';
import { operationsProblem, pduLengthProblem } from '../net/setting-ranges.js';
import { librarySetting } from './library-setting.js';

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

/** Seconds up to a day, returned as milliseconds; `range` says which in a refusal. */
const secondsIn = (range: string) => (text: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86_400) throw new InvalidArgumentError(`a number of seconds ${range}`);
  return Math.round(n * 1000);
};

/** Seconds, returned as milliseconds; 0 means no time limit. */
export const seconds = secondsIn('from 0 (no limit) to 86400');

/**
 * An option taking seconds (`seconds` turns them into milliseconds), whose default, kept in milliseconds, the help
 * shows in seconds: "(default: 15)", not the 15000 the command receives.
 */
export function secondsOption(flags: string, description: string, defaultMs: number): Option {
  return new Option(flags, description).argParser(seconds).default(defaultMs, String(defaultMs / 1000));
}

/**
 * An option taking seconds that the library checks itself once they are milliseconds (librarySetting), such as a
 * server's idle timeout, which cannot be 0.
 */
export function checkedSecondsOption(flags: string, description: string, defaultMs: number, problem: (ms: number) => string | undefined): Option {
  // Its own words for a value that is no number: 0 need not be "no limit" here (an idle timeout of 0 is refused).
  return secondsOption(flags, description, defaultMs).argParser(librarySetting(problem, secondsIn('up to 86400')));
}

/** A number the library checks itself (librarySetting); blank is no number. */
export const libraryNumber = (problem: (n: number) => string | undefined): ((text: string) => number) =>
  librarySetting(problem, (text) => (text.trim() === '' ? NaN : Number(text)));

/** Largest PDU we receive (send, serve --max-pdu): 0 for the most we take, or 4096 bytes, as dcmtk takes, to that most. */
export const pduLength = libraryNumber(pduLengthProblem);

/**
 * A number of outstanding operations (send --async, serve --max-operations): the range of the asynchronous operations
 * window's 16-bit fields.
 */
export const operationsCount = libraryNumber(operationsProblem);
