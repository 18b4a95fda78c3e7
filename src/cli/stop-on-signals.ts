import { statSync } from 'node:fs';
import { throwIfAbortedMeanwhile } from '../core/abort-checkpoint.js';
import { DicomError } from '../core/errors.js';
import { STANDARD_INPUT } from '../io/part10-reader.js';
import { isOtherThanFile } from '../io/regular-file.js';
import { readStreamInputs, type StreamInputs } from '../io/stream-inputs.js';
import { printErrorJson } from './json-output.js';
import { EXIT_INTERRUPTED } from './run-command.js';

/**
 * Runs `work` with a signal that Ctrl-C (SIGINT) or SIGTERM aborts, with the INTERRUPTED error `stopped` makes (saying
 * what stopped and what is kept); the work stops at its next checkpoint. A second Ctrl-C ends the run at once
 * (exitAtOnce, code 130). The handlers stay after the work: what it printed may still be on its way to a slower
 * reader, and a Ctrl-C meanwhile, killing the process, would cut it short (the first then does nothing).
 */
export async function stopOnSignals<T>(stopped: (signal: NodeJS.Signals) => DicomError, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) exitAtOnce(stop.signal.reason);
    else stop.abort(stopped(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(stop.signal);
  } finally {
    // Settled, the work has ended its output (an error that stopped it is printed by runCommand): nothing for
    // exitAtOnce to end.
    ending = undefined;
  }
}

/** How the output the command prints as it goes is ended when a signal stops it (endOutputOnStop). */
let ending: { end: (reason: unknown) => void; json?: boolean } | undefined;
let exiting = false;

/**
 * Says how to end the output a command prints as it goes (dump's array of data sets, validate's document), for a run
 * stopped before its end: `end` runs once, for whichever comes first, the command's own stop at its next checkpoint
 * (it calls the function returned) or a second Ctrl-C, which does not wait for that. It runs in a signal's handler,
 * which runs only where the command lets the event loop in, between inputs: so at the end of a value. `json`: the
 * command's --json, whose error is the document printed when none was begun, as runCommand prints it.
 */
export function endOutputOnStop(end: (reason: unknown) => void, json?: boolean): (reason: unknown) => void {
  let ended = false;
  const once = (reason: unknown): void => {
    if (ended) return;
    ended = true;
    end(reason);
  };
  ending = { end: once, json };
  return once;
}

/**
 * A second Ctrl-C: ends the run now, as a kill would (without the report, and without what a stop would do after the
 * work under way), but with the output whole: the output the command prints as it goes is ended first
 * (endOutputOnStop), and the process exits once standard output has taken what was printed, which a pipe to a slower
 * reader may still hold and process.exit would drop. A third Ctrl-C exits without waiting for the reader.
 */
function exitAtOnce(reason: unknown): void {
  if (exiting) process.exit(EXIT_INTERRUPTED);
  exiting = true;
  if (ending) {
    ending.end(reason);
    if (ending.json) printErrorJson(reason);
  }
  process.stdout.write('', () => process.exit(EXIT_INTERRUPTED));
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
 * signal in between them (abortCheckpoint). Standard input and pipes among its paths are read first, asynchronously
 * (readStreamInputs), and given to `work`: read synchronously, a pipe waiting for its writer would block the event loop,
 * and no handler would run until the writer came.
 */
export function stopBetweenInputs<T>(paths: readonly string[], stopped: (signal: NodeJS.Signals) => DicomError, work: (signal: AbortSignal, streams: StreamInputs) => Promise<T>): Promise<T> {
  return stopOnSignals(stopped, async (signal) => work(signal, await readStreamInputs(paths, isStream, signal)));
}
