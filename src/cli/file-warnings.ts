/** A file's warnings as every command says them: one `warning: FILE: …` line each. */
export const fileWarningLines = (path: string, warnings: readonly string[]): string[] => warnings.map((warning) => `warning: ${path}: ${warning}`);

/**
 * Says a file's warnings on stderr, one `warning: FILE: …` line each (what its read set aside or corrected, what a
 * crop left out of it), as every command says them; returns whether there were any, which makes the exit code 1.
 */
export function printFileWarnings(path: string, warnings: readonly string[]): boolean {
  for (const line of fileWarningLines(path, warnings)) process.stderr.write(`${line}\n`);
  return warnings.length > 0;
}
