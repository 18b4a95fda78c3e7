import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/** A folder entry's kind, a symbolic link taken as what it points to (a dangling one as neither). */
function kindOf(entry: Dirent, path: string): 'folder' | 'file' | undefined {
  if (entry.isSymbolicLink()) {
    const target = statSync(path, { throwIfNoEntry: false });
    return target?.isDirectory() ? 'folder' : target?.isFile() ? 'file' : undefined;
  }
  return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : undefined;
}

/**
 * The files below a folder, at any depth, in name order, symbolic links followed; hidden entries (".name", such as
 * our temporary files) are skipped. At most `limit` files are listed.
 */
export function filesBelow(dir: string, limit = Infinity): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= limit) return;
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      const kind = kindOf(entry, path);
      if (kind === 'folder') walk(path);
      else if (kind === 'file') files.push(path);
    }
  };
  walk(dir);
  return files;
}

/** Whether a path names a folder (false when it names a file or nothing). */
export const isFolder = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * The files that paths name: a folder stands for the files below it (filesBelow), anything else for itself (so that
 * a missing file is reported by whatever reads it). `several`: whether the paths name more than one file or any
 * folder, i.e. whether results are a list even when one file was found.
 */
export function inputFiles(paths: readonly string[]): { files: string[]; several: boolean } {
  let folder = false;
  const files = paths.flatMap((p) => (isFolder(p) ? ((folder = true), filesBelow(p)) : [p]));
  return { files, several: folder || files.length > 1 };
}
