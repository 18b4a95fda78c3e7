import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importCapture } from '../../src/tbp/capture-import.js';
import type { LesionReport } from '../../src/tbp/lesion-report.js';
import { cli } from '../helpers/run-cli.js';
import { rawImage, tempDir, writeThreeImageManifest } from '../tbp/tools.js';

test('lesions takes a study folder: every object below it, listed; with --json an array, one file an object', async () => {
  const dir = tempDir('lesions-cli');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });

  const text = cli('lesions', imported.studyDir);
  assert.equal(text.status, 0, text.stderr);
  for (const o of imported.objects) assert.ok(text.stdout.includes(`${o.path}\n  ${o.role}`), `${o.role} listed`);
  assert.match(text.stdout, /shows lesion L1 at 10, 12: 2 image\(s\)/);

  const json = cli('lesions', '--json', imported.studyDir);
  assert.equal(json.status, 0, json.stderr);
  const reports = JSON.parse(json.stdout) as LesionReport[];
  assert.deepEqual(reports.map((r) => r.file).sort(), imported.objects.map((o) => o.path).sort());
  const crop = imported.objects.find((o) => o.role === 'crop')!;
  const one = JSON.parse(cli('lesions', '--json', crop.path).stdout) as LesionReport;
  assert.equal(one.file, crop.path);
  assert.equal(one.lesion?.lesionId, 'L1');
});
