import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateFiles } from '../../src/validate/files.js';
import { cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

test('the create examples of the docs run on the bundled samples and make valid objects', () => {
  const dir = tempDir('cli-create');
  const lesion = cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'),
    '--meta', join(SAMPLES, 'create/L01.json'), '--out', join(dir, 'L01.dcm'));
  assert.equal(lesion.status, 0, lesion.stderr);
  assert.equal(lesion.stderr, '', 'no unknown fields in the sample metadata');
  assert.match(lesion.stdout, /generated: study\.instanceUid, seriesInstanceUid, frameOfReferenceUid, lesion\.trackingUid/);
  const mesh = cli('create', 'mesh', '--obj', join(SAMPLES, 'capture/mesh/body.obj'),
    '--meta', join(SAMPLES, 'create/mesh.json'), '--out', join(dir, 'mesh'));
  assert.equal(mesh.status, 0, mesh.stderr);
  assert.equal(mesh.stderr, '');
  const report = validateFiles([dir]);
  assert.equal(report.reports.length, 3, 'the lesion image, the surface mesh and its texture');
  assert.equal(report.errors, 0, JSON.stringify(report.reports.flatMap((r) => r.findings)));
});

test('create reports a --meta file\'s shape problems and value problems in one run (exit 2)', () => {
  const dir = tempDir('cli-create-meta');
  const meta = JSON.parse(readFileSync(join(SAMPLES, 'create/L01.json'), 'utf8')) as Record<string, any>;
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...meta, study: { ...meta.study, date: '2024-02-30' }, lesion: { ...meta.lesion, vertexId: 'five' } }));
  const run = cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', join(dir, 'bad.json'), '--out', join(dir, 'L01.dcm'));
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /2 problems:\n {2}- lesion\.vertexId: .*\n {2}- study\.date: /);
  assert.ok(!existsSync(join(dir, 'L01.dcm')));
});

test('create: a --meta file too large to read is an IO error naming it, not a bug', () => {
  const dir = tempDir('cli-create-large-meta');
  const meta = join(dir, 'big.json');
  // sparse: 3 GiB that takes no disk, refused by its size before anything is read
  writeFileSync(meta, '');
  truncateSync(meta, 3 * 1024 ** 3);
  const run = cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', meta, '--out', join(dir, 'L01.dcm'));
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stderr, `error [IO]: ${meta}: File size (3221225472) is greater than 2 GiB\n`);
});
