import { statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { DicomError } from '../core/errors.js';
import { filesBelow } from '../io/list-files.js';

/** An input file and the path it keeps below an output folder. */
export interface InputFile {
  path: string;
  /** Relative to the folder given on the command line, or the base name for a file given directly. */
  relative: string;
}

/** Files named on the command line, and every file below folders named there (hidden entries skipped), sorted. */
export function collectInputFiles(inputs: readonly string[]): InputFile[] {
  const out: InputFile[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = statSync(input);
    } catch (e) {
      throw new DicomError('IO', `cannot read ${input}: ${(e as Error).message}`, { file: input });
    }
    if (stat.isDirectory()) for (const path of filesBelow(input)) out.push({ path, relative: relative(input, path) });
    else out.push({ path: input, relative: basename(input) });
  }
  return out;
}

/** What happened to one file of a batch. */
export interface FileOutcome {
  input: string;
  output?: string;
  status: 'written' | 'skipped' | 'failed';
  /** Why a file was skipped, or the error that failed it (one line each). */
  messages?: string[];
}

export type ProgressListener = (done: number, total: number, file: string) => void;
