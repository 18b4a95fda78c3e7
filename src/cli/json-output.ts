import { asDicomError } from '../core/errors.js';
import { formatTag } from '../core/tag.js';
import { ManifestError } from '../tbp/manifest-error.js';

/** Whether this run has printed its JSON result: an error after it (a signal) adds no second document. */
let resultPrinted = false;

/** Prints a command's result as --json prints it: one JSON document on stdout, laid out with two-space indents. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  resultPrinted = true;
}

/**
 * Says that the result's document has begun on stdout, written as it is made (validate --json): an error after it
 * closes that document (JsonMemberArrayOutput.end) rather than print a second one after it.
 */
export function resultBegun(): void {
  resultPrinted = true;
}

/**
 * What --json prints for an error that stops a command: { error: { code, message, file, tag, offset, problems } },
 * those not known left out (a manifest's problems, every one, where the message lists the first few).
 */
export function errorJson(e: unknown): { error: Record<string, unknown> } {
  const error = asDicomError(e);
  return {
    error: {
      code: error.code,
      message: error.message,
      file: error.file,
      tag: error.tag === undefined ? undefined : formatTag(error.tag),
      offset: error.offset,
      problems: error instanceof ManifestError ? error.problems : undefined,
    },
  };
}

/**
 * Prints an error that stops a command as its JSON result (errorJson), so that a script reading stdout gets a document
 * to parse, not an empty string; unless the result was printed before it. `lines`: as one line, for a log of JSON lines.
 */
export function printErrorJson(e: unknown, lines = false): void {
  if (resultPrinted) return;
  if (lines) process.stdout.write(JSON.stringify(errorJson(e)) + '\n');
  else printJson(errorJson(e));
}
