import { basename, dirname } from 'node:path';
import { filesBelow } from '../../io/list-files.js';
import { readDicomFile } from '../../io/part10-reader.js';

const SOP_INSTANCE_UID_NEXT = 0x00080019;
const MAX_FILES = 20000;

/** The files below `root` (none when it cannot be read), up to the search's limit. */
function listed(root: string): string[] {
  try {
    return filesBelow(root, MAX_FILES);
  } catch {
    return [];
  }
}

/**
 * Finds the file of a SOP instance near another one: first `<UID>.dcm` (our study layout, DIR/<Study>/<Series>/),
 * then by reading the headers of the files in the object's study folder and its own folder.
 */
export function findInstanceFile(uid: string, near: string): string | undefined {
  const folder = dirname(near);
  const roots = [...new Set([dirname(folder), folder])];
  const files = [...new Set(roots.flatMap(listed))].slice(0, MAX_FILES);
  // A file named for the UID is taken when it is that instance (a copy named "0<UID>.dcm", or one renamed, is not).
  const named = files.filter((f) => basename(f) === `${uid}.dcm`);
  return [...named, ...files.filter((f) => !named.includes(f))].find((f) => isInstance(f, uid));
}

function isInstance(file: string, uid: string): boolean {
  try {
    const header = readDicomFile(file, { stopAtTag: SOP_INSTANCE_UID_NEXT, lenient: true });
    return header.dataset.getString('SOPInstanceUID')?.replace(/\0+$/, '') === uid;
  } catch {
    return false; // not DICOM, or gone
  }
}
