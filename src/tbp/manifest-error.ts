import { DicomError } from '../core/errors.js';

/** Problems a message lists one by one; past them it counts the rest by field, which `problems` holds every one of. */
export const LISTED_PROBLEMS = 20;

/** The field a problem line names ("lesions[].images[].file" for "lesions[7].images[0].file (a.jpg): …"). */
const fieldOf = (problem: string): string => /^[^ :]*/.exec(problem)![0].replace(/\[\d+\]/g, '[]');

/**
 * The problems (or warnings) past the listed ones, counted by field, most first: a manifest with 20,000 entries wrong
 * the same way is read from a few lines, not 20,000.
 */
export function restByField(rest: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const p of rest) counts.set(fieldOf(p), (counts.get(fieldOf(p)) ?? 0) + 1);
  const fields = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = fields.slice(0, 5).map(([field, n]) => `${n} at ${field || '(top level)'}`);
  if (fields.length > 5) shown.push(`${fields.length - 5} other fields`);
  return `and ${rest.length} more (${shown.join(', ')}; --json lists them all)`;
}

/** A manifest that cannot be imported: every problem found, one line each, reported before anything is written. */
export class ManifestError extends DicomError {
  /** Every problem, one line each; the message lists the first LISTED_PROBLEMS of them. */
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    const listed = problems.slice(0, LISTED_PROBLEMS);
    const rest = problems.length > LISTED_PROBLEMS ? `\n  ${restByField(problems.slice(LISTED_PROBLEMS))}` : '';
    const message = problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  - ${listed.join('\n  - ')}${rest}`;
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

/** A schema issue as zod reports it (with the input when parsed with `reportInput`). */
interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: string;
  values?: readonly unknown[];
  errors?: readonly (readonly SchemaIssue[])[];
  input?: unknown;
}

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** How a message names each form a field takes. */
const FORMS: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list', tuple: 'a list' };

/**
 * A required field not given, said so with what to give ("missing: give one of "dermoscopic"|"crop""), where zod says
 * "Invalid option" or "received undefined"; undefined for any other issue. The input is in the issue (`reportInput`).
 */
function missingMessage(issue: SchemaIssue): string | undefined {
  if (issue.input !== undefined || issue.path.length === 0) return undefined;
  if (issue.code === 'invalid_value' && issue.values) return `missing: give one of ${issue.values.map((v) => JSON.stringify(v)).join('|')}`;
  const expected = issue.code === 'invalid_type' ? [issue.expected] : issue.code === 'invalid_union' ? (issue.errors ?? []).map((b) => b[0]?.expected) : [];
  if (!expected.length || expected.some((e) => e === undefined)) return undefined;
  return `missing: give ${[...new Set(expected.map((e) => FORMS[e!] ?? e))].join(' or ')}`;
}

/**
 * A schema issue as one message. A value that fits none of a field's forms says which forms it could take (zod says
 * only "Invalid input"); a number or true/false where text is expected is what YAML makes of an unquoted 1.0, 12345
 * or yes, so the message says to quote it.
 */
function issueMessage(issue: SchemaIssue): string {
  const missing = missingMessage(issue);
  if (missing) return missing;
  let message = issue.message;
  let expected = issue.code === 'invalid_type' && issue.expected ? [issue.expected] : [];
  const branches = issue.code === 'invalid_union' ? issue.errors?.map((b) => b[0]) : undefined;
  if (branches?.length && branches.every((b) => b?.code === 'invalid_type' && b.path.length === 0 && b.expected)) {
    expected = branches.map((b) => b!.expected!);
    message = `Invalid input: expected ${expected.join(' or ')}, received ${kindOf(issue.input)}`;
  }
  if (expected.includes('string') && ['number', 'boolean'].includes(typeof issue.input)) message += ` (put the value in quotes to give it as text)`;
  return message;
}

/**
 * The issues of the one form of a union field that the value has (a site given as an object fails only the object
 * form's rules: a missing meaning, a laterality spelt wrong), with their paths from the top; undefined when the value
 * has none of the forms, or several.
 */
function issuesOfFittingForm(issue: SchemaIssue): SchemaIssue[] | undefined {
  if (issue.code !== 'invalid_union' || !issue.errors) return undefined;
  const wrongKind = (b: readonly SchemaIssue[]): boolean => b.length === 1 && b[0]!.code === 'invalid_type' && b[0]!.path.length === 0;
  const fitting = issue.errors.filter((b) => b.length > 0 && !wrongKind(b));
  return fitting.length === 1 ? fitting[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] })) : undefined;
}

/** One problem line per schema issue, named by its path in the file. */
export function schemaProblems(issues: readonly SchemaIssue[]): string[] {
  return issues.flatMap((i) => {
    const inner = issuesOfFittingForm(i);
    return inner ? schemaProblems(inner) : [`${formatPath(i.path)}: ${issueMessage(i)}`];
  });
}
