import type { Finding } from './types.js';

const counted = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** "1 error, 2 warnings": a report's, or a set's, counts, in words that count. */
export const countsOf = (r: { errors: number; warnings: number }): string => `${counted(r.errors, 'error')}, ${counted(r.warnings, 'warning')}`;

/** One line per finding: "error   General Study  StudyDate (0008,0020): value "2024-01-01" is not a date …". */
export function formatFinding(f: Finding): string {
  const where = f.path ? `${f.path}${f.tag ? ` ${f.tag}` : ''}: ` : '';
  return `${f.severity.padEnd(7)} ${f.module ? `[${f.module}] ` : ''}${where}${f.message}`;
}
