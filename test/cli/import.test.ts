import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { cli } from '../helpers/run-cli.js';
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
    '  - lesions\\[1\\]\\.images\\[0\\]\\.file: dermoscopy/gone\\.jpg does not exist\\n',
  ].join('\\n')));
  assert.ok(!existsSync(out));
});
