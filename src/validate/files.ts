import { inputFiles } from '../io/list-files.js';
import { readDicomFile } from '../io/part10-reader.js';
import { unreadable, validate } from './validate.js';
import { checkSet, summarize, type InstanceSummary } from './set-check.js';
import type { Finding, ValidateOptions, ValidationReport } from './types.js';

export interface SetReport {
  reports: ValidationReport[];
  /** Findings about the set as a whole (duplicate UIDs, unresolved references, disagreeing study/series values). */
  setFindings: Finding[];
  errors: number;
  warnings: number;
}

/**
 * Validates files and folders one by one, then the set they form; `onFile` reports progress. A path where nothing is
 * (DicomError IO) or a folder with no files (INVALID_ARGUMENT) fails the whole run, naming it, as a bad argument,
 * rather than becoming a finding of a file or passing with nothing checked.
 */
export function validateFiles(paths: readonly string[], options: ValidateOptions = {}, onFile?: (done: number, total: number) => void): SetReport {
  const files = inputFiles(paths, { mustExist: true, streams: true }).files.map((f) => f.path);
  const reports: ValidationReport[] = [];
  const summaries: InstanceSummary[] = [];
  files.forEach((path, i) => {
    let file;
    try {
      file = readDicomFile(path, { lenient: true });
    } catch (e) {
      // not read again: standard input or a pipe gives its bytes once
      reports.push(unreadable(path, e));
      onFile?.(i + 1, files.length);
      return;
    }
    reports.push(validate(file, options));
    summaries.push(summarize(file.dataset, path));
    onFile?.(i + 1, files.length);
  });
  const setFindings = checkSet(summaries);
  // A report's counts, not its findings: those past its cap are counted, not listed.
  const count = (sev: 'error' | 'warning'): number =>
    reports.reduce((n, r) => n + (sev === 'error' ? r.errors : r.warnings), 0) + setFindings.filter((f) => f.severity === sev).length;
  return { reports, setFindings, errors: count('error'), warnings: count('warning') };
}
