import { open, rename, unlink } from 'node:fs/promises';
import { closeSync, fdatasyncSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DicomError } from '../core/errors.js';
import { errorOfWrite } from './part10-writer.js';
import { temporaryPathFor } from './temporary-files.js';
import { keepOwnerAndMode, replacedFile } from './replaced-file.js';
import { refuseOutputPath } from './empty-path.js';

/**
 * Writes bytes to `path` the way writeDicomFile does (temporary file beside it, data flushed to disk, then renamed
 * over the destination, a file replaced keeping its owner and permissions) but asynchronously, so that callers can
 * keep several fsyncs in flight. For a whole batch of files, DurableBatch (src/tbp) is faster still: one flush for all.
 */
export async function writeFileDurably(path: string, bytes: Buffer): Promise<void> {
  const { destination, existing } = replacedFile(path);
  const temp = temporaryPathFor(destination);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx');
    try {
      keepOwnerAndMode(handle.fd, existing);
      await handle.writeFile(bytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, destination);
    renamed = true;
  } catch (e) {
    throw errorOfWrite(e, temp, path);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Writes a new temporary file with `body`, flushed to disk, beside the file it will replace: `path`, or the file a link
 * there names (replacedFile). Returns it and that destination, which a rename then puts it in place of. It keeps what a
 * file already there has (owner, permissions); `mode` sets the permissions of a new one. On failure nothing is left
 * and the error names `path`.
 */
export function writeTemporarySync(path: string, body: (fd: number) => void, mode = 0o644): { temp: string; destination: string } {
  const { destination, existing } = replacedFile(path);
  const temp = temporaryPathFor(destination);
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      keepOwnerAndMode(fd, existing);
      body(fd);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    rmSync(temp, { force: true });
    throw errorOfWrite(e, temp, path);
  }
  return { temp, destination };
}

/** Renames a temporary file over its destination, removing it when that fails. */
export function renameTemporarySync(temp: string, path: string): void {
  try {
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw errorOfWrite(e, temp, path);
  }
}

/**
 * The same as writeFileDurably, synchronously, for small files written once (a UID map). `mode` sets the permissions
 * of a new file; a file replaced keeps its own.
 */
export function writeFileDurablySync(path: string, bytes: Buffer | string, mode = 0o644): void {
  replaceFileSync(path, (fd) => writeFileSync(fd, bytes), mode);
}

/** Writes a file atomically and durably: `body` writes the temporary file (writeTemporarySync), then it is renamed. */
export function replaceFileSync(path: string, body: (fd: number) => void, mode = 0o644): void {
  const { temp, destination } = writeTemporarySync(path, body, mode);
  renameTemporarySync(temp, destination);
}

/**
 * Fails, naming `path`, unless a file can be made beside it (where writeFileDurably and writeFileDurablySync make
 * their temporary file): for a file written at the end of a run, such as a UID map, checked before the run writes
 * anything else.
 */
export function checkCanWriteBeside(path: string): void {
  refuseOutputPath(path, 'file to write');
  const temp = temporaryPathFor(path);
  try {
    closeSync(openSync(temp, 'wx', 0o600));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new DicomError('IO', `cannot be written: no file can be made in ${dirname(path)} (${why})`, { file: path, cause: e });
  }
  rmSync(temp, { force: true });
}

/**
 * Whether an fsync error only says the file system cannot flush folders (some network and FUSE file systems): the
 * caller then goes on. Any other error (EIO above all) means the data may not be on disk and must not be ignored.
 */
export function fsyncUnsupported(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EINVAL' || code === 'ENOTSUP' || code === 'EOPNOTSUPP';
}

/** fsyncs a file or folder by path (a folder: to make the entries made or renamed in it durable). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
