import type { Finding } from './types.js';

/** One line per finding: "error   General Study  StudyDate (0008,0020): value "2024-01-01" is not a date …". */
export function formatFinding(f: Finding): string {
  const where = f.path ? `${f.path}${f.tag ? ` ${f.tag}` : ''}: ` : '';
  return `${f.severity.padEnd(7)} ${f.module ? `[${f.module}] ` : ''}${where}${f.message}`;
}
