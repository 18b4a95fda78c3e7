import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The command line as a user runs it (from the start-up snapshot when the build made one). */
export const CLI = fileURLToPath(new URL('../../../bin/tbp-dicom', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tbp-dicom ARGS…` to its end; output up to 64 MiB is kept (a dump of a large file). */
export function cli(...args: string[]): CliRun {
  return cliWithInput(undefined, ...args);
}

/** The same, with `input` on its standard input (none given: the test's own). */
export function cliWithInput(input: Buffer | undefined, ...args: string[]): CliRun {
  return spawnSync(CLI, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
