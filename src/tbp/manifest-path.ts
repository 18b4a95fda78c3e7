import { readdirSync } from 'node:fs';
import { join, parse, relative, resolve, sep } from 'node:path';
import { NO_SUCH_FILE } from '../core/errors.js';
import { whyNotAFile } from '../io/regular-file.js';

/** A manifest's file name with backslashes as folder separators, as Windows writes them, from the manifest's folder. */
const windowsName = (baseDir: string, file: string): string => resolve(baseDir, file.replace(/\\/g, '/'));

const nfc = (name: string): string => name.normalize('NFC');
const sameText = (a: string, b: string): boolean => nfc(a) === nfc(b);
const sameIgnoringCase = (a: string, b: string): boolean => nfc(a).toLowerCase() === nfc(b).toLowerCase();

function folderEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The path that is there for `path` when names are compared with `same`: each missing step replaced by the one entry of
 * its folder that `same` matches; undefined when a step has none, or several.
 */
function lookUp(path: string, same: (a: string, b: string) => boolean): string | undefined {
  const { root } = parse(path);
  let at = root;
  for (const step of path.slice(root.length).split(sep).filter(Boolean)) {
    const spelt = join(at, step);
    if (whyNotAFile(spelt) !== NO_SUCH_FILE) {
      at = spelt;
      continue;
    }
    const found = folderEntries(at).filter((entry) => same(entry, step));
    if (found.length !== 1) return undefined;
    at = join(at, found[0]!);
  }
  return at;
}

/**
 * The file a manifest names, relative to its folder. When nothing is there as spelt, the name is the one a device
 * meant if exactly one file matches it: with backslashes as folder separators (a manifest written on Windows,
 * `dermoscopy\L01.jpg`, as the mesh's own files are read), and letters compared in Unicode NFC (macOS exports write
 * "é" decomposed, NFD, where the manifest's text has it composed, or the other way round: one name to a user, two
 * byte strings to Linux). Otherwise the path as spelt, whose open reports it missing.
 */
export function manifestFilePath(baseDir: string, file: string): string {
  const spelt = resolve(baseDir, file);
  if (whyNotAFile(spelt) !== NO_SUCH_FILE) return spelt;
  return lookUp(windowsName(baseDir, file), sameText) ?? spelt;
}

/**
 * What to add to "FILE: no such file or directory" (`why`, whyNotAFile's words) when a name that differs from it only in case is
 * there (the case-insensitive file system the manifest was written on found it): that name, relative to the
 * manifest's folder. Empty otherwise.
 */
export function caseHint(baseDir: string, file: string, why: string): string {
  const found = why === NO_SUCH_FILE ? lookUp(windowsName(baseDir, file), sameIgnoringCase) : undefined;
  return found === undefined ? '' : ` (${relative(baseDir, found)} is there: the names differ in case)`;
}
