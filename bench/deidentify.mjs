// Benchmark: de-identify 1,000 files with tbp-dicom against dcmtk's dcmodify doing only the Basic Profile's removals
// (every X action of PS3.15 Table E.1-1, inside sequences too, and all private attributes) on the same files.
// One process per batch for both; prints the throughput ratio. Run after `npm run build`: node bench/deidentify.mjs [count]
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => join(root, 'dist', p);
const count = Number(process.argv[2] ?? 1000);
const work = join(root, 'bench', 'data', 'deidentify');

const { tbpCorpus, writeObject } = await import(dist('test/edit/fixtures/corpus.js'));
const { PROFILE_ROWS } = await import(dist('src/edit/generated/confidentiality-profile.js'));

/** `count` dermoscopic images of one study, 128×128 RGB, carrying identifying values at several depths. */
function makeInputs(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const template = tbpCorpus().crop;
  template.set('Rows', 128);
  template.set('Columns', 128);
  template.set('PixelData', Buffer.alloc(128 * 128 * 3, 0x5a), 'OB');
  for (let i = 0; i < count; i++) {
    template.set('SOPInstanceUID', `1.2.826.0.1.3680043.8.498.20.${i + 1}`);
    template.set('InstanceNumber', String(i + 1));
    writeObject(join(dir, `img${String(i).padStart(5, '0')}.dcm`), template);
  }
}

/**
 * Runs a command once and returns the wall-clock seconds it took. Dirty pages are flushed first, so neither run
 * pays for the other's writes (our outputs are fsynced; dcmodify's are left to the page cache).
 */
function timed(command, args) {
  spawnSync('sync');
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${command} failed (${run.status}): ${run.stderr?.toString().slice(0, 2000)}`);
  return seconds;
}

const source = join(work, 'in');
makeInputs(source);
const files = Array.from({ length: count }, (_, i) => `img${String(i).padStart(5, '0')}.dcm`);

// dcmodify edits in place, so it gets its own copy; -nb: no backup files, -ea: erase everywhere, -ep: all private.
const dcmodifyDir = join(work, 'dcmodify');
rmSync(dcmodifyDir, { recursive: true, force: true });
cpSync(source, dcmodifyDir, { recursive: true });
const removals = PROFILE_ROWS.filter(([tag, action]) => action === 'X' && /^[0-9A-F]{8}$/.test(tag) && !tag.startsWith('0000') && !tag.startsWith('0002'))
  .flatMap(([tag]) => ['-ea', `(${tag.slice(0, 4)},${tag.slice(4)})`]);
const dcmodify = timed('dcmodify', ['-q', '-nb', '-imt', ...removals, '-ep', ...files.map((f) => join(dcmodifyDir, f))]);

const ours = join(work, 'tbp-dicom');
rmSync(ours, { recursive: true, force: true });
const runner = `import { deidentifyFiles } from ${JSON.stringify(dist('src/edit/deidentify/deidentify-files.js'))};
const r = await deidentifyFiles([${JSON.stringify(source)}], { outDir: ${JSON.stringify(ours)}, allowRecognizableVisualFeatures: true });
if (r.written !== ${count}) { console.error(JSON.stringify(r.files.filter((f) => f.status !== 'written').slice(0, 3))); process.exit(1); }`;
const tbp = timed(process.execPath, ['--input-type=module', '-e', runner]);

const ratio = dcmodify / tbp;
console.log(`de-identify ${count} files: tbp-dicom ${(count / tbp).toFixed(0)} files/s (full Basic Profile: ${removals.length / 2} removals, replacements, UID remapping, atomic durable writes)`);
console.log(`dcmodify (${removals.length / 2} removals + private, one process): ${(count / dcmodify).toFixed(0)} files/s`);
console.log(`ratio tbp-dicom / dcmodify throughput: ${ratio.toFixed(2)}× (target ≥ 2×)`);
process.exitCode = ratio >= 2 ? 0 : 1;
