/**
 * Says a file's warnings on stderr, one `warning: FILE: …` line each (what its read set aside or corrected, what a
 * crop left out of it), as every command says them; returns whether there were any, which makes the exit code 1.
 */
export function printFileWarnings(path: string, warnings: readonly string[]): boolean {
  for (const warning of warnings) process.stderr.write(`warning: ${path}: ${warning}\n`);
  return warnings.length > 0;
}
