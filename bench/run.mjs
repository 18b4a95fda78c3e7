// Runs every benchmark script in bench/ (except helpers) one after another.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const HELPERS = ['run.mjs', 'lib.mjs', 'import-common.mjs'];
for (const name of readdirSync(here).filter((f) => f.endsWith('.mjs') && !HELPERS.includes(f)).sort()) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n=== ${name}`);
  spawnSync(process.execPath, [join(here, name)], { stdio: 'inherit' });
}
