// Three small Secondary Capture files, the middle one's value unreadable when used, for commands that must keep their
// output whole when a disk fails under them (fail-reopen.ts, preloaded into the command line).
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { tempDir } from '../tbp/tools.js';

/** A Secondary Capture with a SOP Instance UID of its own, and `comments` as Image Comments when given. */
export function secondaryCapture(path: string, comments?: string): string {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', `2.25.${Math.floor(Math.random() * 1e15)}`);
  if (comments) ds.set('ImageComments', comments);
  writeDicomFile(path, { dataset: ds }, { durable: false });
  return path;
}

const FAIL_REOPEN = new URL('./fail-reopen.js', import.meta.url).href;

/**
 * a.dcm, failing.dcm and z.dcm in a new folder, and the environment under which a command fails to read failing.dcm's
 * 5 MB Image Comments: a value left on disk, read from the file opened again when used, as a disk failing meanwhile.
 */
export function filesWithUnreadableValue(prefix: string): { first: string; failing: string; last: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir(prefix);
  return {
    first: secondaryCapture(join(dir, 'a.dcm')),
    failing: secondaryCapture(join(dir, 'failing.dcm'), 'x'.repeat(5_000_000)),
    last: secondaryCapture(join(dir, 'z.dcm')),
    env: { ...process.env, NODE_OPTIONS: `--import=${FAIL_REOPEN}`, TBP_DICOM_FAIL_REOPEN: 'failing.dcm' },
  };
}
