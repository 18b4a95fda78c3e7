import { open, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { withFile } from '../core/errors.js';

/**
 * Writes bytes to `path` the way writeDicomFile does (temporary file beside it, data flushed to disk, then renamed
 * over the destination) but asynchronously, so that callers can keep several fsyncs in flight. For a whole batch
 * of files, DurableBatch (src/tbp) is faster still: one flush for all.
 */
export async function writeFileDurably(path: string, bytes: Buffer): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
  } catch (e) {
    throw withFile(e, path);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}
