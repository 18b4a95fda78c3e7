import { inputFiles } from '../io/list-files.js';
import { readDicomInput, type StreamInputs } from '../io/stream-inputs.js';
import { unreadable, unvalidated, validate } from './validate.js';
import { SetChecks, summarize } from './set-check.js';
import type { Finding, ValidateOptions, ValidationReport } from './types.js';

export interface SetReport {
  reports: ValidationReport[];
  /**
   * Findings about the set as a whole (duplicate UIDs, unresolved references, disagreeing study/series values), capped
   * by kind as a file's are (maxFindings): 50,000 files of one SOP Instance UID list 100 and "… and 49,899 more like it".
   */
  setFindings: Finding[];
  errors: number;
  warnings: number;
}

/** What validateEach returns: a set's report without its files' reports, which it handed on one by one. */
export type SetTotals = Omit<SetReport, 'reports'> & { files: number };

/**
 * Validates files and folders one by one, then the set they form; `onFile` reports progress. A path where nothing is
 * (DicomError IO) or a folder with no files (INVALID_ARGUMENT) fails the whole run, naming it, as a bad argument,
 * rather than becoming a finding of a file or passing with nothing checked.
 */
export function validateFiles(paths: readonly string[], options: ValidateOptions = {}, onFile?: (done: number, total: number) => void): SetReport {
  const reports: ValidationReport[] = [];
  const { setFindings, errors, warnings } = validateEach(paths, options, (r) => reports.push(r), onFile);
  return { reports, setFindings, errors, warnings };
}

/**
 * validateFiles handing each file's report to `onReport` as it is made, and keeping of it only its counts and what
 * the set checks need (SetChecks): a folder of 50,000 files is printed as it is validated, in memory for one report
 * at a time.
 */
export function validateEach(
  paths: readonly string[],
  options: ValidateOptions,
  onReport: (report: ValidationReport) => void,
  onFile?: (done: number, total: number) => void,
): SetTotals {
  const steps = validationSteps(paths, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onReport(step.value.report);
    onFile?.(step.value.done, step.value.total);
  }
}

/** A file's report, and how many files of how many are done with it. */
export interface ValidationStep {
  report: ValidationReport;
  done: number;
  total: number;
}

/**
 * validateEach a file at a time: each step validates the next file, and the last returns the set's totals. A caller
 * can let the event loop in between files, so that Ctrl-C stops the run there (validate on the command line). A file
 * that fails partway through its validation (a value left on disk that can no longer be read) is an error finding of
 * its report, as one that cannot be read is, and the run goes on. `streams`: standard input and pipes among the paths,
 * read beforehand (the command line reads them asynchronously, so that Ctrl-C is heard while one waits for its writer).
 */
export function* validationSteps(paths: readonly string[], options: ValidateOptions, streams?: StreamInputs): Generator<ValidationStep, SetTotals, void> {
  const files = inputFiles(paths, { mustExist: true, streams: true }).files.map((f) => f.path);
  const set = new SetChecks(options.maxFindings);
  let errors = 0;
  let warnings = 0;
  for (const [i, path] of files.entries()) {
    let report;
    try {
      const file = readDicomInput(path, { lenient: true }, streams);
      try {
        report = validate(file, options);
        set.add(summarize(file.dataset, path));
      } catch (e) {
        report = unvalidated(path, e);
      }
    } catch (e) {
      // not read again: standard input or a pipe gives its bytes once
      report = unreadable(path, e);
    }
    // A report's counts, not its findings: those past its cap are counted, not listed.
    errors += report.errors;
    warnings += report.warnings;
    yield { report, done: i + 1, total: files.length };
  }
  const checked = set.findings();
  return { files: files.length, setFindings: checked.findings, errors: errors + checked.errors, warnings: warnings + checked.warnings };
}
