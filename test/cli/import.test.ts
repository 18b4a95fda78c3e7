import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { spawnSync } from 'node:child_process';
import { CLI, cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

const CAPTURE = fileURLToPath(new URL('../../../samples/capture/', import.meta.url));

test('import reports a manifest\'s shape problems with its values\' and files\' in one run (exit 2), writing nothing', () => {
  const dir = tempDir('cli-import-shape');
  cpSync(CAPTURE, join(dir, 'capture'), { recursive: true });
  const manifest = join(dir, 'capture', 'manifest.yaml');
  const m = parse(readFileSync(manifest, 'utf8')) as Record<string, any>;
  m.lesions[3].images[0].magnification = 'ten';
  m.study.date = '2024-02-30';
  m.lesions[1].images[0].file = 'dermoscopy/gone.jpg';
  writeFileSync(manifest, stringify(m));
  const out = join(dir, 'out');
  const run = cli('import', manifest, '--out', out);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, new RegExp([
    `${manifest.replace(/[.\\]/g, '\\$&')}: 3 problems:`,
    '  - lesions\\[3\\]\\.images\\[0\\]\\.magnification: Invalid input: expected number, received string',
    '  - study\\.date: [^\\n]*2024-02-30[^\\n]*',
    '  - lesions\\[1\\]\\.images\\[0\\]\\.file: dermoscopy/gone\\.jpg: no such file or directory\\n',
  ].join('\\n')));
  assert.ok(!existsSync(out));
});

test('import lists the first 20 of 2,030 problems and counts the rest by field; --json prints every one', () => {
  const dir = tempDir('cli-import-many');
  const manifest = join(dir, 'capture.json');
  const lesions = Array.from({ length: 2000 }, (_, i) => ({ id: `L${i}`, site: 'chest', images: [{ file: `gone${i}.jpg`, kind: 'dermoscopic' }] }));
  for (const lesion of lesions.slice(0, 30)) lesion.site = 'elsewhere';
  writeFileSync(manifest, JSON.stringify({
    patient: { name: 'Doe^Jane', id: 'P1' }, study: { date: '2024-09-01' },
    equipment: { manufacturer: 'M', model: 'X', serialNumber: 'S', softwareVersions: '1' }, regionalImages: [], lesions,
  }));
  const run = cli('import', manifest, '--out', join(dir, 'out'));
  assert.equal(run.status, 2);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 22, run.stderr.slice(0, 2000));
  assert.equal(lines[0], `error [INVALID_ARGUMENT]: ${manifest}: 2030 problems:`);
  assert.equal(lines[20], '  - lesions[19].site: unknown anatomic site "elsewhere" (see docs/tbp-import.md for the built-in names, or give {code, scheme, meaning})');
  assert.equal(lines[21], '  and 2010 more (2000 at lesions[].images[].file, 10 at lesions[].site; --json lists them all)');
  const json = cli('import', manifest, '--out', join(dir, 'out'), '--json');
  assert.equal(json.status, 2);
  const { error } = JSON.parse(json.stdout) as { error: { code: string; file: string; problems: string[] } };
  assert.equal(error.code, 'INVALID_ARGUMENT');
  assert.equal(error.file, manifest);
  assert.equal(error.problems.length, 2030);
  assert.equal(error.problems.at(-1), 'lesions[1999].images[0].file: gone1999.jpg: no such file or directory');
  assert.ok(!existsSync(join(dir, 'out')));
});

test('import prints the first 20 warnings and counts the rest by field; --json has every one', () => {
  const dir = tempDir('cli-import-warnings');
  cpSync(CAPTURE, join(dir, 'capture'), { recursive: true });
  const manifest = join(dir, 'capture', 'manifest.yaml');
  const m = parse(readFileSync(manifest, 'utf8')) as Record<string, any>;
  for (const lesion of m.lesions) {
    lesion.note = 'seen';
    for (const image of lesion.images) image.note = 'seen';
  }
  writeFileSync(manifest, stringify(m));
  const run = cli('import', manifest, '--out', join(dir, 'out'));
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 21, run.stderr);
  assert.equal(lines[0], 'warning: lesions[0].images[0].note: unknown field, ignored');
  assert.equal(lines[20], 'warning: and 14 more (8 at lesions[].images[].note, 6 at lesions[].note; --json lists them all)');
  const json = cli('import', manifest, '--out', join(dir, 'out'), '--json');
  assert.equal((JSON.parse(json.stdout) as { warnings: string[] }).warnings.length, 34);
});

test('import names the folders and files it wrote as --out gives it (relative stays relative), in text and --json, as every command does', () => {
  const dir = tempDir('cli-import-names');
  cpSync(CAPTURE, join(dir, 'capture'), { recursive: true });
  const run = (...args: string[]) => spawnSync(CLI, args, { cwd: dir, encoding: 'utf8' });
  const text = run('import', 'capture/manifest.yaml', '--out', 'out');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^study ([\d.]+)\n {2}out\/\1\n/);
  const json = run('import', 'capture/manifest.yaml', '--out', './out', '--json');
  assert.equal(json.status, 0, json.stderr);
  const result = JSON.parse(json.stdout) as { outDir: string; studyDir: string; studyInstanceUid: string; objects: { path: string }[]; meshObjects: { path: string }[] };
  assert.equal(result.outDir, './out');
  assert.equal(result.studyDir, `out/${result.studyInstanceUid}`);
  for (const o of [...result.objects, ...result.meshObjects]) {
    assert.ok(o.path.startsWith(`${result.studyDir}/`), o.path);
    assert.ok(existsSync(join(dir, o.path)), o.path);
  }
});

test('import given /dev/zero for its manifest, or create for its metadata, refuses it past 64 MiB (exit 2) rather than read it for ever', () => {
  const out = join(tempDir('import-dev-zero'), 'out');
  for (const [args, what] of [[['import', '/dev/zero', '-o', out], 'manifest'], [['create', 'dermoscopic', '--image', '/dev/null', '--meta', '/dev/zero', '-o', join(out, 'x.dcm')], 'metadata']] as const) {
    // Bounded: read to its end, /dev/zero never ends.
    const r = spawnSync(CLI, args, { encoding: 'utf8', timeout: 15_000 });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.signal} ${r.stderr}`);
    assert.equal(r.stderr, `error [LIMIT_EXCEEDED]: /dev/zero: a stream of more than 67108864 bytes, more than any ${what} file holds: is it the ${what}?\n`);
  }
  assert.equal(existsSync(out), false);
});
