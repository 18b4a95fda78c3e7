import { DicomError } from '../core/errors.js';

/**
 * Exit codes: 0 success, 1 the work found problems (failed sends, validation errors), 2 bad input or usage, 130 stopped
 * by a signal (the shell's code for Ctrl-C).
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_ERROR = 2;
export const EXIT_INTERRUPTED = 130;

export interface GlobalFlags {
  verbose?: boolean;
}

/** Prints an error as one actionable line (with the stack under --verbose) and returns the exit code for it. */
export function reportError(error: unknown, flags: GlobalFlags = {}): number {
  const line = error instanceof DicomError ? `error [${error.code}]: ${error.describe()}` : `error: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(line + '\n');
  if (flags.verbose && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  return error instanceof DicomError && error.code === 'INTERRUPTED' ? EXIT_INTERRUPTED : EXIT_ERROR;
}

/** Runs a command body, turning thrown errors into an exit code. */
export async function runCommand(flags: GlobalFlags, body: () => Promise<number> | number): Promise<void> {
  try {
    const code = await body();
    if (code !== EXIT_OK) process.exitCode = code;
  } catch (e) {
    process.exitCode = reportError(e, flags);
  }
}
