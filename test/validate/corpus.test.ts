import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '../../src/validate/validate.js';
import { validateFiles } from '../../src/validate/files.js';
import { dciodvfyErrors, hasTool } from '../helpers/dciodvfy.js';

interface Entry { file: string; defect: string; expect: string[] }

const corpusScript = new URL('../../../scripts/make-broken-corpus.mjs', import.meta.url).href;
const available = hasTool('img2dcm');

test('broken corpus: each defect is reported, and nothing else; dciodvfy errors are ours too', { skip: !available && 'img2dcm not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-corpus-'));
  try {
    const { makeCorpus } = (await import(corpusScript)) as { makeCorpus: (d: string) => Entry[] };
    const manifest = makeCorpus(dir);
    const good = validateFiles([join(dir, 'good')]);
    assert.deepEqual(good.reports.flatMap((r) => r.findings.filter((f) => f.severity === 'error')), [], 'good objects must validate clean');
    const withDciodvfy = hasTool('dciodvfy');
    for (const entry of manifest) {
      const ours = validate(entry.file).findings.filter((f) => f.severity === 'error');
      const named = new Set(ours.map((f) => f.keyword ?? f.path ?? ''));
      assert.ok(named.has(entry.expect[0]!), `${entry.defect}: not reported (${JSON.stringify(ours)})`);
      const others = ours.filter((f) => !entry.expect.includes(f.keyword ?? f.path ?? ''));
      assert.deepEqual(others, [], `${entry.defect}: unexpected findings`);
      if (!withDciodvfy) continue;
      for (const theirs of dciodvfyErrors(entry.file)) {
        assert.ok(theirs.keywords.some((k) => named.has(k)), `${entry.defect}: dciodvfy reports "${theirs.line}", we do not`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI exits 1 on errors and prints JSON', { skip: !available && 'img2dcm not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbp-cli-'));
  try {
    const { makeCorpus } = (await import(corpusScript)) as { makeCorpus: (d: string) => Entry[] };
    makeCorpus(dir);
    const entry = new URL('../../../dist/test/helpers/validate-cli.js', import.meta.url).pathname;
    const bad = spawnSync(process.execPath, [entry, 'validate', '--json', join(dir, 'broken', 'bad-da.dcm')], { encoding: 'utf8' });
    assert.equal(bad.status, 1, bad.stderr);
    const parsed = JSON.parse(bad.stdout) as { errors: number; reports: { findings: { keyword?: string }[] }[] };
    assert.ok(parsed.reports[0]!.findings.some((f) => f.keyword === 'StudyDate'));
    const ok = spawnSync(process.execPath, [entry, 'validate', join(dir, 'good')], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
