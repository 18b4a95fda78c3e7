import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readDicomFile } from '../../io/part10-reader.js';

const SOP_INSTANCE_UID_NEXT = 0x00080019;
const MAX_FILES = 20000;

function walk(dir: string, out: string[]): void {
  if (out.length >= MAX_FILES) return;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const s = statSync(path, { throwIfNoEntry: false });
    if (s?.isDirectory()) walk(path, out);
    else if (s?.isFile()) out.push(path);
  }
}

/**
 * Finds the file of a SOP instance near another one: first `<UID>.dcm` (our study layout, DIR/<Study>/<Series>/),
 * then by reading the headers of the files in the object's study folder and its own folder.
 */
export function findInstanceFile(uid: string, near: string): string | undefined {
  const folder = dirname(near);
  const roots = [...new Set([dirname(folder), folder])];
  const files: string[] = [];
  for (const root of roots) walk(root, files);
  const named = files.find((f) => f.endsWith(`${uid}.dcm`) && existsSync(f));
  if (named) return named;
  for (const f of files) {
    try {
      const header = readDicomFile(f, { stopAtTag: SOP_INSTANCE_UID_NEXT, lenient: true });
      if (header.dataset.getString('SOPInstanceUID')?.replace(/\0+$/, '') === uid) return f;
    } catch {
      /* not DICOM */
    }
  }
  return undefined;
}
