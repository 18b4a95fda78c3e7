import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasDcmtk, makeCorpus } from '../helpers/dcmtk-corpus.js';
import { exercise, mutate, rng } from '../helpers/fuzz.js';

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 150);
let dir: string;
let files: Buffer[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tbp-fuzz-'));
  if (hasDcmtk) files = Object.values(await makeCorpus(dir)).map((p) => readFileSync(p));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('damaged files raise only DicomErrors, quickly, in bounded memory', { skip: !hasDcmtk && 'dcmtk is not installed' }, () => {
  const random = rng(20261123);
  const rssBefore = process.memoryUsage().rss;
  let failures = 0;
  for (const [i, original] of files.entries()) {
    for (let n = 0; n < ITERATIONS; n++) {
      const { kind, bytes } = mutate(original, files[(i + 1) % files.length]!, random);
      let outcome;
      try {
        outcome = exercise(bytes);
      } catch (e) {
        assert.fail(`file ${i}, mutation ${n} (${kind}): ${(e as Error).stack}`);
      }
      assert.ok(outcome.ms < 1000, `file ${i}, mutation ${n} (${kind}) took ${outcome.ms.toFixed(0)} ms`);
      if (outcome.error) {
        failures++;
        assert.ok(outcome.error.code && outcome.error.message, 'a DicomError has a code and a message');
      }
    }
  }
  assert.ok(failures > 0, 'the mutations should break some files');
  assert.ok(process.memoryUsage().rss - rssBefore < 512 * 1024 * 1024, 'memory stays bounded');
});
