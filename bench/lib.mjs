// Shared helpers for benchmarks: run a command under GNU time, report wall seconds and peak memory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = join(ROOT, 'bench', 'data');
mkdirSync(DATA, { recursive: true });

/**
 * NODE_EXTRA_CA_CERTS makes every Node process parse a certificate bundle before running any code (about 70 ms on
 * the development machine); no benchmark here uses TLS, so child processes run without it, dcmjs and ours alike.
 */
export const ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

/**
 * Runs a command once; returns wall time (s, timed here to the millisecond: GNU time rounds to 10 ms) and peak
 * resident memory (MiB, from GNU time). Throws when it fails.
 */
export function measure(cmd, args, options = {}) {
  const start = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: ENV, ...options });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const lines = res.stderr.trim().split('\n');
  const kb = Number(lines[lines.length - 1]);
  if (res.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed (${res.status}): ${res.stderr.slice(0, 500)}`);
  return { wall, peakMiB: kb / 1024 };
}

/**
 * Best of n rounds for each of several commands, which take turns within a round so that a change of load on the
 * shared machine touches all of them alike (the minimum is the least disturbed figure).
 */
export function bestEach(n, fns) {
  const results = fns.map(() => undefined);
  for (let i = 0; i < n; i++) {
    fns.forEach((fn, k) => {
      const r = fn();
      if (!results[k] || r.wall < results[k].wall) results[k] = r;
    });
  }
  return results;
}

export const best = (n, fn) => bestEach(n, [fn])[0];

export function row(label, r, base) {
  const ratio = base ? `  ${(r.wall / base.wall).toFixed(2)}x` : '';
  console.log(`${label.padEnd(54)} ${r.wall.toFixed(3).padStart(8)} s ${r.peakMiB.toFixed(0).padStart(6)} MiB${ratio}`);
}

/** Runs a command and returns its standard output (for scripts that time themselves). */
export function measureOutput(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: ENV });
  if (res.status !== 0) throw new Error(`${cmd} failed (${res.status}): ${res.stderr.slice(0, 500)}`);
  return res.stdout;
}

/**
 * ext4 without a journal (the development machine's disk) skips the inodes freed in the last minute when it allocates
 * new ones, checking each in turn: creating a file right after thousands were deleted costs 10-20x more, a tax on
 * whichever tool happens to create files next. So benchmarks delete their outputs after timing (cleanUp), and before
 * timing wait for that minute to pass (settle).
 */
const LAST_CLEANUP = join(DATA, '.last-cleanup');
const FREED_INODES_SKIPPED_MS = 61_000;

export function cleanUp(...paths) {
  for (const path of paths) rmSync(path, { recursive: true, force: true });
  writeFileSync(LAST_CLEANUP, String(Date.now()));
}

export async function settle() {
  const last = existsSync(LAST_CLEANUP) ? Number(readFileSync(LAST_CLEANUP, 'utf8')) : 0;
  const wait = last + FREED_INODES_SKIPPED_MS - Date.now();
  if (wait <= 0) return;
  console.log(`(waiting ${Math.ceil(wait / 1000)} s for the file system to reuse the inodes freed by the last clean-up)`);
  await new Promise((resolve) => setTimeout(resolve, wait));
}
