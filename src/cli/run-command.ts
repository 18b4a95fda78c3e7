import { asDicomError } from '../core/errors.js';
import { printErrorJson } from './json-output.js';

/**
 * Exit codes: 0 success, 1 the work found problems (failed sends, validation errors), 2 bad input or usage, 130 stopped
 * by a signal (the shell's code for Ctrl-C), 141 output closed by its reader (the shell's code for a process ended by
 * SIGPIPE, as dcmdump and cat are).
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_ERROR = 2;
export const EXIT_INTERRUPTED = 130;
export const EXIT_OUTPUT_CLOSED = 141;

/** The exit codes as the program's help gives them. */
export const EXIT_CODES =
  'Exit codes: 0 success; 1 the work found problems (validation errors, a damaged file printed as far as it could be\n' +
  'read, a file written without something its read set aside, a failed echo or send); 2 bad input or usage; 130\n' +
  'stopped by Ctrl-C or SIGTERM; 141 the output closed by its reader (`| head`) before the work was done.';

export interface GlobalFlags {
  verbose?: boolean;
}

/**
 * Prints an error as one actionable line and returns the exit code for it. An error that is not a DicomError is a
 * system error (IO) or a bug, which the line says (INTERNAL). --verbose adds the stack: for a bug, the stack of the
 * error it was, which is what a report needs.
 */
export function reportError(e: unknown, flags: GlobalFlags = {}): number {
  const error = asDicomError(e);
  const bug = error.code === 'INTERNAL';
  process.stderr.write(`error [${error.code}]: ${error.describe()}${bug && !flags.verbose ? ' (--verbose prints its stack, for a report)' : ''}\n`);
  const stack = bug && error.cause instanceof Error ? error.cause.stack : error.stack;
  if (flags.verbose && stack) process.stderr.write(stack + '\n');
  return error.code === 'INTERRUPTED' ? EXIT_INTERRUPTED : EXIT_ERROR;
}

/**
 * Runs a command body, turning thrown errors into an exit code. With `json` (the command's --json; 'lines' for a log
 * of JSON lines), an error that stops the command is also its JSON result on stdout (printErrorJson).
 */
export async function runCommand(flags: GlobalFlags, body: () => Promise<number> | number, json?: boolean | 'lines'): Promise<void> {
  try {
    const code = await body();
    if (code !== EXIT_OK) process.exitCode = code;
  } catch (e) {
    if (json) printErrorJson(e, json === 'lines');
    process.exitCode = reportError(e, flags);
  }
}
