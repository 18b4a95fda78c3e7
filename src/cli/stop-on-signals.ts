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
