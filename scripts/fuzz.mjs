// Longer mutation fuzzing of the reader and writer than the test suite runs: `node scripts/fuzz.mjs [iterations] [seed]`.
// Needs a build (npm run build) and dcmtk for the corpus. Prints the seed and mutation of any failure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCorpus } from '../dist/test/helpers/dcmtk-corpus.js';
import { exercise, mutate, rng } from '../dist/test/helpers/fuzz.js';

const iterations = Number(process.argv[2] ?? 100000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const dir = mkdtempSync(join(tmpdir(), 'tbp-fuzz-'));
try {
  const files = Object.values(await makeCorpus(dir)).map((p) => readFileSync(p));
  const random = rng(seed);
  let errors = 0;
  let slowest = 0;
  for (let n = 0; n < iterations; n++) {
    const i = n % files.length;
    const { kind, bytes } = mutate(files[i], files[(i + 1) % files.length], random);
    try {
      const outcome = exercise(bytes);
      slowest = Math.max(slowest, outcome.ms);
      if (outcome.error) errors++;
      if (outcome.ms > 1000) console.log(`slow: seed ${seed}, iteration ${n}, ${kind}: ${outcome.ms.toFixed(0)} ms`);
    } catch (e) {
      console.error(`FAIL seed ${seed}, iteration ${n}, ${kind}:`, e);
      process.exitCode = 1;
    }
  }
  console.log(`${iterations} mutations (seed ${seed}): ${errors} rejected with DicomError, slowest ${slowest.toFixed(1)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
