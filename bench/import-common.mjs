// Shared pieces of the import benchmarks (bench/import-*.mjs): timing, and a tiny manifest writer. Prints nothing
// when bench/run.mjs runs it on its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA } from './lib.mjs';

export { DATA };

/**
 * Times one phase. Dirty pages left by earlier phases are flushed first (outside the timing), so a phase that flushes
 * to disk (the import's durable commit) does not pay for another's writes, and a phase that does not is not spared.
 */
export async function time(fn) {
  spawnSync('sync');
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

// Loaded before anything is timed: module loading is start-up cost, not import throughput.
export const { importCapture } = await import('tbp-dicom/tbp');

export function writeManifest(dir, body) {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    patient: { name: 'Bench^Mark', id: 'B1' },
    study: { date: '2024-09-01' },
    equipment: { manufacturer: 'Bench', model: 'B', serialNumber: 'S', softwareVersions: '1' },
    ...body,
  };
  const path = join(dir, 'manifest.json');
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

export const fmt = (n, digits = 2) => n.toFixed(digits);
