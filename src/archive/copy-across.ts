/**
 * Objects stored into a folder on another file system than the archive's (a study folder linked in from a second
 * disk), where the rename from the incoming folder fails with EXDEV, or moved from one to their own names: the file is
 * copied into a temporary file beside its destination and flushed there, for a rename in that folder to put it in
 * place whole.
 */
import { constants } from 'node:fs';
import { copyFile, open, rm } from 'node:fs/promises';

/** Copies `source` to the new file `temp`, flushed when `flush`; nothing of `temp` is left when it fails. */
export async function copyForRename(source: string, temp: string, flush: boolean): Promise<void> {
  try {
    // in the thread pool (copy_file_range where it can): a large object does not hold up the other associations
    await copyFile(source, temp, constants.COPYFILE_EXCL);
    if (flush) {
      const handle = await open(temp, 'r');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
