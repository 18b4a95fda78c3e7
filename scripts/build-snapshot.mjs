// Builds the CLI's V8 start-up snapshots (docs/cli.md) after tsc: bundles each entry under dist/src/cli into one
// CommonJS script (a snapshot holds one script, no module graph), runs it once under --build-snapshot, and records
// which Node binary and which checkout the blobs belong to, for bin/tbp-dicom to check before using them.
//   node scripts/build-snapshot.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = join(root, 'dist', 'snapshot');
const launch = join(dir, 'launch');

/**
 * The snapshots: the main one, and the capture one that `import` and `create` start from. Native addons cannot be in a
 * snapshot (sharp, better-sqlite3: required at run time). The libraries only `import` and `create` use (zod and
 * yaml: ~1 MB of source, ~100 ms to evaluate) are in the capture snapshot alone, so that the other commands do not
 * deserialize them. Nothing preloaded may load a package that stays outside (Node refuses a snapshot that loaded a
 * package while it was built).
 */
const SNAPSHOTS = [
  { name: 'tbp-dicom', entry: 'snapshot-entry.js', external: ['sharp', 'better-sqlite3', 'zod', 'yaml'] },
  { name: 'tbp-dicom-capture', entry: 'snapshot-capture-entry.js', external: ['sharp', 'better-sqlite3'] },
];

function fail(what, result) {
  rmSync(dir, { recursive: true, force: true });
  console.error(`build-snapshot: ${what} (status ${result.status})\n${result.stderr}`);
  process.exit(1);
}

// V8 flags given through NODE_OPTIONS would be baked in, and the blob then refused by every run without them.
const env = { ...process.env };
delete env.NODE_OPTIONS;
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (const { name, entry, external } of SNAPSHOTS) {
  const script = join(dir, `${name}.cjs`);
  const blob = join(dir, `${name}.blob`);
  await build({
    entryPoints: [join(root, 'dist', 'src', 'cli', entry)],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    // A snapshot script's own `require` knows only Node's built-in modules; this one also finds node_modules (the
    // external packages, and iconv-lite, which codecs.ts loads on first use from this file's URL).
    banner: { js: 'require = require("node:module").createRequire(__filename); const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { 'import.meta.url': '__bundleUrl' },
    minifyWhitespace: true, minifySyntax: true,
    logLevel: 'warning',
  });
  const built = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', script], { encoding: 'utf8', env });
  // Node warns that snapshots of node:module are not fully verified; only require() and createRequire() are used.
  const problems = built.stderr.split('\n').filter((line) => line && !/not yet fully verified|may still work|issue tracker|--trace-warnings/.test(line));
  if (built.status !== 0 || problems.length > 0) fail(`node --build-snapshot of ${name} failed`, built);
  // Some mistakes (a package loaded while building) only show when the snapshot starts.
  const tried = spawnSync(process.execPath, ['--snapshot-blob', blob, '--', '--version'], { encoding: 'utf8', env });
  if (tried.status !== 0 || tried.stdout.trim() !== version) fail(`the ${name} snapshot does not start`, tried);
}
// Written last: bin/tbp-dicom uses the blobs only when this file names the Node binary it runs and this checkout.
writeFileSync(launch, `${process.execPath}\n${root}\n`);
