// Imports that do not run to the end: stopped through their signal, or refused before they start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DicomError } from '../../src/core/errors.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { tempDir, writeLesionCapture } from './tools.js';

test('an import stopped through its signal writes nothing further and takes back what it wrote', async () => {
  const dir = tempDir('import-abort');
  const manifest = await writeLesionCapture(dir, 40, 32, 24, { name: 'Stop^Early', id: 'S1' });
  const out = join(dir, 'out');
  const stop = new AbortController();
  const reason = new DicomError('INTERRUPTED', 'stopped by the test');
  let written = 0;
  await assert.rejects(importCapture(manifest, {
    out, concurrency: 1, signal: stop.signal,
    onProgress: ({ done }) => {
      written = done;
      if (done === 5) stop.abort(reason);
    },
  }), (e: unknown) => e === reason);
  assert.ok(written >= 5 && written < 40, `stopped early (${written} of 40 written)`);
  assert.ok(!existsSync(out), 'nothing left: the temporary files and the folders made for them are gone');
});

test('an output "folder" that is a file is refused before anything is read', async () => {
  const dir = tempDir('import-out-file');
  const out = join(dir, 'out');
  writeFileSync(out, 'a file');
  await assert.rejects(importCapture(join(dir, 'no-manifest.json'), { out }), (e: unknown) =>
    e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.file === out && /output folder is a file/.test(e.message));
  // A file where a folder above it would be: named, as for the other commands (was a bare "ENOTDIR … stat").
  const below = join(out, 'study');
  await assert.rejects(importCapture(join(dir, 'no-manifest.json'), { out: below }), (e: unknown) =>
    e instanceof DicomError && e.code === 'IO' && e.file === below && e.message === `cannot make the folder: ${out} is a file`);
});
