import { DicomError } from '../core/errors.js';
import type { FileOutcome } from '../edit/file-outcome.js';
import type { Progress } from './progress.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS } from './run-command.js';
import { stopOnSignals } from './stop-on-signals.js';
import { printFileWarnings } from './file-warnings.js';
import { printJson } from './json-output.js';

/**
 * Prints batch outcomes (failures and skips to stderr, and a written file's read warnings as convert prints them) and
 * returns the exit code: 2 if any failed, 1 if any was skipped or written with warnings.
 */
export function reportOutcomes(files: readonly FileOutcome[], json: boolean | undefined, extra: Record<string, unknown> = {}): number {
  if (json) printJson({ ...extra, files });
  for (const f of files) {
    if (f.status === 'written' && !json) process.stdout.write(`${f.input} -> ${f.output}${f.messages ? ` (${f.messages.join('; ')})` : ''}\n`);
    if (f.status !== 'written') process.stderr.write(`${f.status}: ${f.input}: ${(f.messages ?? []).map((m) => withoutName(m, f.input)).join('; ')}\n`);
    if (!json) printFileWarnings(f.input, f.warnings ?? []);
  }
  if (files.some((f) => f.status === 'failed')) return EXIT_ERROR;
  return files.some((f) => f.status === 'skipped' || f.warnings) ? EXIT_PROBLEMS : EXIT_OK;
}

/** A message without the file name it starts with (an error's "FILE: …" or "FILE, tag …"), which the line gives first. */
function withoutName(message: string, file: string): string {
  if (message.startsWith(`${file}: `)) return message.slice(file.length + 2);
  return message.startsWith(`${file}, `) ? message.slice(file.length + 2) : message;
}

/** The error for a batch stopped by a signal (see stopOnSignals). */
export const batchStopped = (verb: string) => (signal: NodeJS.Signals): DicomError =>
  new DicomError('INTERRUPTED', `${signal}: ${verb} stopped before its next file; the files it wrote are whole, the others untouched`);

/**
 * Runs a batch that Ctrl-C (or SIGTERM) stops before its next file (stopOnSignals, with batchStopped's error). `work`
 * gives each file's outcome to `onOutcome` as it is known: a batch stopped lists those done by then as a whole run
 * lists them (reportOutcomes), so that a user knows which outputs exist, then rejects. The progress bar is stopped first.
 */
export function stopBatchOnSignals<T>(
  verb: string,
  json: boolean | undefined,
  progress: Progress,
  work: (signal: AbortSignal, onOutcome: (outcome: FileOutcome) => void) => Promise<T>,
): Promise<T> {
  const done: FileOutcome[] = [];
  return stopOnSignals(batchStopped(verb), (signal) => work(signal, (outcome) => done.push(outcome)))
    .finally(() => progress.stop())
    .catch((e: unknown) => {
      if (e instanceof DicomError && e.code === 'INTERRUPTED') reportOutcomes(done, json);
      throw e;
    });
}
