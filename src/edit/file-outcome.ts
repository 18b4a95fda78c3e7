/** What happened to one file of a batch. */
export interface FileOutcome {
  input: string;
  output?: string;
  status: 'written' | 'skipped' | 'failed';
  /** Why a file was skipped, or the error that failed it (one line each). */
  messages?: string[];
  /**
   * What the read of a file written set aside or corrected (the reader's warnings: the second of a tag met twice, a
   * wrong File Meta Information Group Length), or what the output had to leave out unasked (deidentify: a sequence
   * nothing can read): written without it, so said, and exit code 1, as convert and derive crop do.
   */
  warnings?: string[];
}

export type ProgressListener = (done: number, total: number, file: string) => void;
