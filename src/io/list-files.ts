import { readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { DicomError, noSuchFile, systemErrorText } from '../core/errors.js';
import { refuseEmptyPath } from './empty-path.js';
import { STANDARD_INPUT } from './part10-reader.js';

/**
 * A folder entry's kind, a symbolic link taken as what it points to. A dangling one is taken as a file: a link put
 * among the inputs whose file has gone (a moved drive, a deleted original) is one the command reports as it reports a
 * file it cannot read, naming it, rather than leaves out without a word. One that points to itself or into a loop is
 * neither.
 */
function kindOf(entry: Dirent, path: string): 'folder' | 'file' | undefined {
  if (entry.isSymbolicLink()) {
    let target;
    try {
      target = statSync(path, { throwIfNoEntry: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
      throw new DicomError('IO', `cannot follow the link: ${systemErrorText(e, path)}`, { file: path, cause: e });
    }
    return !target || target.isFile() ? 'file' : target.isDirectory() ? 'folder' : undefined;
  }
  return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : undefined;
}

/** What makes a folder the same folder whatever path leads to it: its device and inode. */
function folderId(folder: string): string {
  try {
    const { dev, ino } = statSync(folder, { bigint: true });
    return `${dev}:${ino}`;
  } catch (e) {
    throw new DicomError('IO', `cannot list the folder: ${systemErrorText(e, folder)}`, { file: folder, cause: e });
  }
}

/**
 * An output folder's id, or undefined where there is none yet: nothing there is an output, and a path that cannot
 * be a folder is for the command to report when it makes it.
 */
function outputFolderId(folder: string): string | undefined {
  try {
    return folderId(folder);
  } catch {
    return undefined;
  }
}

/** A folder's entries; one that cannot be listed (no permission, say) is an error naming it. */
function entriesOf(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    throw new DicomError('IO', `cannot list the folder: ${systemErrorText(e, folder)}`, { file: folder, cause: e });
  }
}

/**
 * The files below a folder, at any depth, in name order, symbolic links followed (a dangling one listed, see kindOf); hidden entries (".name", such as
 * our temporary files) are skipped. At most `limit` files are listed. A folder below it that cannot be listed fails
 * the whole list, naming that folder: its files would otherwise be left out without a word. `outDir`, a command's
 * output folder, is not walked when found below: its files are that command's outputs (of an earlier run), not
 * inputs, which a run with `--out` inside its input folder would otherwise take again, nesting copies ever deeper.
 */
export function filesBelow(dir: string, limit = Infinity, outDir?: string): string[] {
  const files: string[] = [];
  // Each folder is walked once, however many links lead to it: a link to a folder above it would loop until the
  // paths grew too long, listing the same files again and again.
  const walked = new Set<string>();
  const leftOut = outDir === undefined ? undefined : outputFolderId(outDir);
  const walk = (folder: string): void => {
    const id = folderId(folder);
    if (walked.has(id) || (id === leftOut && folder !== dir)) return;
    walked.add(id);
    for (const entry of entriesOf(folder).sort((a, b) => a.name.localeCompare(b.name))) {
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

/**
 * A filter that passes the first path naming each file (the same after resolving: `a.dcm`, `./a.dcm`, `/cwd/a.dcm`).
 * Paths naming one file share their base name, so a path is resolved only once another with its base name has come:
 * resolving each of a thousand paths cost more than reading each one's header.
 */
function firstOfEachFile(): (path: string) => boolean {
  const byName = new Map<string, { first: string; resolved?: Set<string> }>();
  return (path) => {
    const name = basename(path);
    const seen = byName.get(name);
    if (!seen) {
      byName.set(name, { first: path });
      return true;
    }
    seen.resolved ??= new Set([resolve(seen.first)]);
    const key = resolve(path);
    if (seen.resolved.has(key)) return false;
    seen.resolved.add(key);
    return true;
  };
}

/** A file that command-line paths name. */
export interface InputFile {
  path: string;
  /** Its path below the folder named, or its base name when named itself. */
  relative: string;
  /** The folder named, as given, that it was found below; none when it was named itself. */
  folder?: string;
  /**
   * Named, but it stands for no file: nothing is there, or a folder with no files below it. Why, for the command to
   * report as it reports a file it cannot read.
   */
  absent?: DicomError;
}

/**
 * The files that command-line paths name, in the order given: a folder stands for the files below it (filesBelow), a
 * file for itself. A path that stands for no file (nothing is there; a folder with no files, which is more likely a
 * mistyped path or an unmounted drive than a choice) fails the whole list with `mustExist`, else it is kept, marked
 * absent. `several`: whether the paths name more than one file or any folder, i.e. whether results are a list even
 * when one file was found. A file named twice, or named and also below a folder named, is listed once (where it
 * comes first): the edit commands would otherwise write its output twice, and validate would find its UIDs
 * duplicated. With `streams` (commands that read each input once, whole), `-` stands for standard input and a pipe
 * (a FIFO, a shell's `<(…)`) is taken; without, a pipe, socket or device is refused, named: those commands read their
 * files at offsets, or write beside them. `outDir`: the command's output folder, left out below a folder named
 * (filesBelow).
 */
export function inputFiles(paths: readonly string[], { mustExist = false, streams = false, outDir }: { mustExist?: boolean; streams?: boolean; outDir?: string } = {}): { files: InputFile[]; several: boolean } {
  let folder = false;
  const once = firstOfEachFile();
  const absent = (path: string, error: DicomError): InputFile[] => {
    if (mustExist) throw error;
    return [{ path, relative: basename(path), absent: error }];
  };
  const files = paths.flatMap((path): InputFile[] => {
    refuseEmptyPath(path, 'file or folder');
    if (streams && path === STANDARD_INPUT) return [{ path, relative: path }];
    let stat;
    try {
      stat = statSync(path, { throwIfNoEntry: false });
    } catch (e) {
      throw new DicomError('IO', `cannot read: ${systemErrorText(e, path)}`, { file: path, cause: e });
    }
    // "-" is standard input to the commands that take streams; to the others, where no file is named so, it is not
    // "no such file" (which sends the user looking for one) but input they cannot take.
    if (!stat && path === STANDARD_INPUT) return absent(path, new DicomError('INVALID_ARGUMENT', 'standard input is not taken here: this command reads its inputs at offsets or writes beside them; save the data to a file first', { file: path }));
    if (!stat) return absent(path, noSuchFile(path));
    if (!stat.isDirectory()) {
      if (!streams && !stat.isFile()) return absent(path, new DicomError('INVALID_ARGUMENT', 'not a regular file (a pipe, socket or device): this command reads its inputs at offsets or writes beside them; save the data to a file first', { file: path }));
      return [{ path, relative: basename(path) }];
    }
    folder = true;
    const below = filesBelow(path, Infinity, outDir);
    if (below.length === 0) return absent(path, new DicomError('INVALID_ARGUMENT', 'a folder with no files in it, at any depth (hidden ".name" entries are left out)', { file: path }));
    return below.map((file) => ({ path: file, relative: relative(path, file), folder: path }));
  }).filter((file) => once(file.path));
  return { files, several: folder || files.length > 1 };
}
