import { DicomError } from '../core/errors.js';

/**
 * A problem in a mesh input file. The file is the error's `file` (so `describe()` and the CLI print it once) and the
 * line leads the message: "body.obj: line 5: face refers to vertex 9 …".
 */
export function meshError(file: string, line: number | undefined, message: string): DicomError {
  return new DicomError('BAD_VALUE', line === undefined ? message : `line ${line}: ${message}`, { file });
}
