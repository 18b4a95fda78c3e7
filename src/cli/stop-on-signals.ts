import type { DicomError } from '../core/errors.js';
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
 * Runs work that writes one file and cannot stop in the middle without leaving part of it behind (a synchronous
 * write, which no signal handler interrupts), with Ctrl-C and SIGTERM held off until it is done: one that came
 * meanwhile then ends the run with the INTERRUPTED error `stopped` makes (exit code 130), rather than killing the
 * process and leaving its temporary file.
 */
export function finishBeforeSignals<T>(stopped: (signal: NodeJS.Signals) => DicomError, work: () => T): Promise<T> {
  return stopOnSignals(stopped, async (signal) => {
    const result = work();
    // A signal that came during the work is delivered by the event loop: give it a turn before looking.
    await new Promise((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
    return result;
  });
}
