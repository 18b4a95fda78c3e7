// Bundles the library's entry points (package.json "exports") into dist/lib after tsc: one module per entry plus the
// chunks they share, instead of the dozens of dist/src modules that Node's ESM loader would resolve, read and link one
// by one (about 25 ms of every process that imports the codec). Shared chunks keep one copy of each class, so a
// Dataset from `tbp-dicom` is the Dataset `tbp-dicom/net` expects. Packages stay in node_modules.
//   node scripts/build-library.mjs
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist', 'lib');

// Each export names its bundle ("default": ./dist/lib/<name>.js) and its declarations, which sit next to the
// compiled barrel the bundle starts from (./dist/src/…/index.d.ts → index.js).
const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entryPoints = Object.fromEntries(
  Object.values(exports)
    .filter((target) => typeof target === 'object')
    .map((target) => [basename(target.default, '.js'), join(root, target.types.replace(/\.d\.ts$/, '.js'))]),
);

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // The maps lead through dist/src's own maps back to the TypeScript (node --enable-source-maps).
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
