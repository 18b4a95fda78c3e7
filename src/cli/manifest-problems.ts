import { ManifestError } from '../tbp/manifest-error.js';

/**
 * Runs a command body that reads a manifest or --meta file; with --json, its problems go to stdout as JSON, every one
 * of them (the error's message, on stderr, lists the first and counts the rest), before the error is reported as
 * usual and sets the exit code.
 */
export async function withProblemsAsJson<T>(json: boolean | undefined, body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (json && e instanceof ManifestError) {
      process.stdout.write(JSON.stringify({ error: { code: e.code, file: e.file, problems: e.problems } }, null, 2) + '\n');
    }
    throw e;
  }
}
