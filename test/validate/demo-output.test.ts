import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { importCapture } from '../../src/tbp/capture-import.js';
import { formatFinding, validateFiles } from '../../src/validate/index.js';
import { tempDir } from '../tbp/tools.js';

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));

test('every object of the demo import (images, crops, mesh in both encodings, texture) validates clean as a set', async () => {
  const result = await importCapture(SAMPLE, { out: tempDir('demo-validate'), meshEncoding: 'both' });
  const report = validateFiles([result.studyDir]);
  const written = result.objects.length + result.meshObjects.length;
  assert.equal(report.reports.length, written);
  assert.equal(written, 25 + 4);
  const problems = [...report.reports.flatMap((r) => r.findings), ...report.setFindings].filter((f) => f.severity !== 'info');
  assert.deepEqual(problems.map((f) => formatFinding(f)), [], 'no errors or warnings, references resolve within the study');
});
