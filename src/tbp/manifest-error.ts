import { DicomError } from '../core/errors.js';

/** A manifest that cannot be imported: every problem found, one line each, reported before anything is written. */
export class ManifestError extends DicomError {
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    const message = problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`;
    super('INVALID_ARGUMENT', message, { file });
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

/** "lesions[0].images[1].file" for a path into the manifest. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : `${out ? '.' : ''}${String(step)}`;
  return out || '(top level)';
}

/** One problem line per schema issue, named by its path in the file. */
export function schemaProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
}
