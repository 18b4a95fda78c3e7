// Shared by the archive tests: an object arriving as a storage SCP receives it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Archive, type ArchiveOptions, type StoredObject } from '../../src/archive/archive.js';
import { releaseTag } from '../../src/archive/owners.js';
import { datasetBytes, tempDir } from '../net/helpers.js';

export const SC = '1.2.840.10008.5.1.4.1.1.7';
export const EXPLICIT = '1.2.840.10008.1.2.1';

/** Receives `file`'s data set into the archive in PDV-sized pieces, as the SCP does, and commits it. */
export function receive(a: Archive, file: string, uid: string): Promise<StoredObject> {
  const obj = a.begin({ sopClassUid: SC, sopInstanceUid: uid, transferSyntaxUid: EXPLICIT, sourceAeTitle: 'TEST' });
  const bytes = datasetBytes(file);
  for (let i = 0; i < bytes.length; i += 7000) obj.write(bytes.subarray(i, i + 7000));
  return obj.commit();
}

/** Puts `bytes` where the archive files the object of these UIDs, as a file left there by an earlier run; its path. */
export function placeInArchive(a: Archive, dir: string, ids: { studyUid: string; seriesUid: string; sopInstanceUid: string }, bytes: Buffer): string {
  const path = join(dir, a.relativePath(ids.studyUid, ids.seriesUid, ids.sopInstanceUid));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/**
 * Leaves the archive as a killed process would: the index closed with its open mark in place, and the mark's holder
 * no longer live (a later open in this process takes it for a dead run's).
 */
export function dieUnclean(a: Archive): void {
  const marks = a.index.db.prepare('SELECT key FROM meta WHERE key LIKE ?').all(`open:${process.pid}-%`) as { key: string }[];
  for (const { key } of marks) releaseTag(key.slice(key.indexOf('-') + 1));
  a.index.db.close();
}

/**
 * Runs `body` on an archive opened (with `options`) in `dir`, under a new temporary folder `t.dir` that holds the
 * test's other files too; then closes it, unless the body has (or has left it as a killed process would, dieUnclean),
 * and removes the temporary folder, however the body ends.
 */
export async function withArchive(name: string, options: ArchiveOptions, body: (a: Archive, dir: string, t: { dir: string }) => unknown): Promise<void> {
  const t = tempDir(name);
  try {
    const dir = join(t.dir, 'a');
    const a = Archive.open(dir, options);
    await body(a, dir, t);
    if (a.index.db.open) a.close();
  } finally {
    t.cleanup();
  }
}
