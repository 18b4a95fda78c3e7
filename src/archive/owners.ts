/**
 * Who holds a mark in the archive folder (a temporary file, the index's open mark): a process id and a tag drawn per
 * holder. Another process's marks are live while it runs; this process's only while their holder is open (a previous
 * run may have had the same id, as a restarted container's first process has).
 */
import { randomBytes } from 'node:crypto';
import { isProcessAlive } from '../io/process-alive.js';

/** The tags held open in this process. */
const LIVE = new Set<string>();

/** A new tag, live until released. */
export function holdTag(): string {
  const tag = randomBytes(4).toString('hex');
  LIVE.add(tag);
  return tag;
}

export function releaseTag(tag: string): void {
  LIVE.delete(tag);
}

/** Whether the holder of a mark made by process `pid` with `tag` may still be using it. */
export function isLive(pid: number, tag: string): boolean {
  return pid === process.pid ? LIVE.has(tag) : isProcessAlive(pid);
}
