/** What happened to one file of a batch. */
export interface FileOutcome {
  input: string;
  output?: string;
  status: 'written' | 'skipped' | 'failed';
  /** Why a file was skipped, or the error that failed it (one line each). */
  messages?: string[];
}

export type ProgressListener = (done: number, total: number, file: string) => void;
