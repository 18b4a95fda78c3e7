import { statSync } from 'node:fs';
import { throwIfAbortedMeanwhile } from '../core/abort-checkpoint.js';
import { DicomError } from '../core/errors.js';
import { STANDARD_INPUT } from '../io/part10-reader.js';
import { isOtherThanFile } from '../io/regular-file.js';
import { EXIT_INTERRUPTED } from './run-command.js';

/**
 * Runs `work` with a signal that Ctrl-C (SIGINT) or SIGTERM aborts, with the INTERRUPTED error `stopped` makes (saying
 * what stopped and what is kept); the work stops at its next checkpoint. A second Ctrl-C exits at once (code 130).
 */
export async function stopOnSignals<T>(stopped: (signal: NodeJS.Signals) => DicomError, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) process.exit(EXIT_INTERRUPTED);
    stop.abort(stopped(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Runs work that writes its output and is not to stop partway, with Ctrl-C and SIGTERM held off until it is done: one
 * that came meanwhile then ends the run with an INTERRUPTED error naming `command` and its `output` (a file, or a
 * folder of objects), exit code 130, rather than killing the process in a synchronous write (which no signal handler
 * interrupts) and leaving its temporary file. Work that prints what it wrote does so inside, so that the user sees it
 * before the error. A second Ctrl-C still exits at once (after the write under way).
 */
export function finishBeforeSignals<T>(command: string, output: string, work: () => T | Promise<T>): Promise<T> {
  const stopped = (signal: NodeJS.Signals): DicomError =>
    new DicomError('INTERRUPTED', `${signal}: ${command} stopped after writing its output whole`, { file: output });
  return stopOnSignals(stopped, async (signal) => {
    const result = await work();
    await throwIfAbortedMeanwhile(signal);
    return result;
  });
}

/** Whether a path is standard input or a pipe (a FIFO, a shell's `<(…)`), which a command reads as it comes to it. */
const isStream = (path: string): boolean => path === STANDARD_INPUT || (isOtherThanFile(path) && !statSync(path, { throwIfNoEntry: false })?.isDirectory());

/**
 * stopOnSignals for a command that reads its inputs one by one and prints each (dump, validate), `work` letting a
 * signal in between them (abortCheckpoint). Given standard input or a pipe among its paths, which it reads only when it
 * comes to it, it installs no handler and Ctrl-C stops it at once: a pipe waiting for its writer blocks the read, and
 * with a handler installed nothing would stop it until the writer came.
 */
export function stopBetweenInputs<T>(paths: readonly string[], stopped: (signal: NodeJS.Signals) => DicomError, work: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  return paths.some(isStream) ? work() : stopOnSignals(stopped, work);
}
