// Builds the CLI's V8 start-up snapshot (docs/cli.md) after tsc: bundles dist/src/cli/snapshot-entry.js into one
// CommonJS script (a snapshot holds one script, no module graph), runs it once under --build-snapshot, and records
// which Node binary and which checkout the blob belongs to, for bin/tbp-dicom to check before using it.
//   node scripts/build-snapshot.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = join(root, 'dist', 'snapshot');
const script = join(dir, 'tbp-dicom.cjs');
const blob = join(dir, 'tbp-dicom.blob');
const launch = join(dir, 'launch');

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
await build({
  entryPoints: [join(root, 'dist', 'src', 'cli', 'snapshot-entry.js')],
  outfile: script,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Native addons cannot be in a snapshot, and the libraries only the import and create commands use (1.2 MB of
  // source, most of it zod) would make every process deserialize a larger heap: they are loaded when first needed.
  // Nothing preloaded may import these (Node refuses a snapshot that loaded a package while it was built).
  external: ['sharp', 'better-sqlite3', 'zod', 'yaml', 'exifr'],
  // A snapshot script's own `require` knows only Node's built-in modules; this one also finds node_modules (the
  // packages above, and iconv-lite, which codecs.ts loads on first use from this file's URL).
  banner: { js: 'require = require("node:module").createRequire(__filename); const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__bundleUrl' },
  minifyWhitespace: true, minifySyntax: true,
  logLevel: 'warning',
});

function fail(what, result) {
  rmSync(dir, { recursive: true, force: true });
  console.error(`build-snapshot: ${what} (status ${result.status})\n${result.stderr}`);
  process.exit(1);
}

// V8 flags given through NODE_OPTIONS would be baked in, and the blob then refused by every run without them.
const env = { ...process.env };
delete env.NODE_OPTIONS;
const built = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', script], { encoding: 'utf8', env });
// Node warns that snapshots of node:module are not fully verified; only require() and createRequire() are used.
const problems = built.stderr.split('\n').filter((line) => line && !/not yet fully verified|may still work|issue tracker|--trace-warnings/.test(line));
if (built.status !== 0 || problems.length > 0) fail('node --build-snapshot failed', built);
// Some mistakes (a package loaded while building) only show when the snapshot starts.
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const tried = spawnSync(process.execPath, ['--snapshot-blob', blob, '--', '--version'], { encoding: 'utf8', env });
if (tried.status !== 0 || tried.stdout.trim() !== version) fail('the snapshot does not start', tried);
// Written last: bin/tbp-dicom uses the blob only when this file names the Node binary it runs and this checkout.
writeFileSync(launch, `${process.execPath}\n${root}\n`);
