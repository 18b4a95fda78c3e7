// Validates 1,000 files with tbp-dicom (one process, library call) and with dciodvfy (one process per file, as it is
// run in practice) and prints the time ratio. Usage: node bench/validate.mjs [count]   (needs a build, dcmtk, dicom3tools)
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const count = Number(process.argv[2] ?? 1000);
const { makeGood } = await import(new URL('../scripts/make-broken-corpus.mjs', import.meta.url));
const { validateFiles } = await import('tbp-dicom/validate');

const dir = mkdtempSync(join(tmpdir(), 'tbp-bench-'));
try {
  makeGood(join(dir, 'seed'));
  const seeds = readdirSync(join(dir, 'seed')).filter((f) => f.endsWith('.dcm')).map((f) => join(dir, 'seed', f));
  const files = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `f${String(i).padStart(5, '0')}.dcm`);
    copyFileSync(seeds[i % seeds.length], path);
    files.push(path);
  }

  let t = performance.now();
  const ours = validateFiles(files);
  const oursMs = performance.now() - t;

  t = performance.now();
  let theirErrors = 0;
  for (const f of files) {
    const r = spawnSync('dciodvfy', [f], { encoding: 'utf8' });
    theirErrors += (r.stderr.match(/^Error/gm) ?? []).length;
  }
  const theirsMs = performance.now() - t;

  console.log(`files:        ${count}`);
  // The files are copies of a few seeds, so the set checks rightly report their shared SOP Instance UIDs.
  const fileErrors = ours.reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
  const setErrors = ours.setFindings.filter((f) => f.severity === 'error').length;
  console.log(`tbp-dicom:    ${(oursMs / 1000).toFixed(2)} s (${(oursMs / count).toFixed(2)} ms/file, ${fileErrors} errors in files; set checks: ${setErrors} errors, the copies share UIDs)`);
  console.log(`dciodvfy:     ${(theirsMs / 1000).toFixed(2)} s (${(theirsMs / count).toFixed(2)} ms/file, ${theirErrors} errors)`);
  console.log(`ratio:        tbp-dicom is ${(theirsMs / oursMs).toFixed(1)}x faster`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
