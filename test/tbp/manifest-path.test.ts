import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCapture } from '../../src/tbp/capture-check.js';
import { ManifestError } from '../../src/tbp/manifest-error.js';
import { loadManifest } from '../../src/tbp/manifest-load.js';
import { caseHint, manifestFilePath } from '../../src/tbp/manifest-path.js';
import { rawImage, tempDir } from './tools.js';

const dir = tempDir('manifest-path');
const NFD = 'Cafe\u0301'; // "Café" as macOS writes names: e + combining acute accent
const NFC = 'Caf\u00e9';

test('a name not there as spelt is the file a device meant: backslashes as separators, letters compared in Unicode NFC', () => {
  mkdirSync(join(dir, NFD));
  writeFileSync(join(dir, NFD, 'L01.jpg'), 'x');
  assert.equal(manifestFilePath(dir, `${NFC}/L01.jpg`), join(dir, NFD, 'L01.jpg'));
  assert.equal(manifestFilePath(dir, `${NFC}\\L01.jpg`), join(dir, NFD, 'L01.jpg'));
  assert.equal(manifestFilePath(dir, `${NFD}/L01.jpg`), join(dir, NFD, 'L01.jpg'));
  // a name that differs in more than its encoding is not taken: the open reports it missing
  assert.equal(manifestFilePath(dir, `${NFC}/l01.jpg`), join(dir, NFC, 'l01.jpg'));
  assert.equal(caseHint(dir, `${NFC}/l01.JPG`, 'no such file or directory'), ` (${join(NFD, 'L01.jpg')} is there: the names differ in case)`);
  assert.equal(caseHint(dir, `${NFC}/l02.jpg`, 'no such file or directory'), '');
  assert.equal(caseHint(dir, `${NFC}/l01.jpg`, 'is not a file'), '');
});

test('an import finds images named in another Unicode form or with backslashes, and a missing one names the file that differs only in case', async () => {
  mkdirSync(join(dir, 'capture', 'Dermoscopy'), { recursive: true });
  await rawImage(32, 32).jpeg().toFile(join(dir, 'capture', 'Dermoscopy', `${NFD}.jpg`));
  await rawImage(32, 32, 2).jpeg().toFile(join(dir, 'capture', 'Dermoscopy', 'L02.jpg'));
  const manifest = join(dir, 'capture', 'manifest.json');
  const images = (files: string[]) => files.map((file, i) => ({ id: `L${i}`, site: 'chest', images: [{ file, kind: 'dermoscopic' }] }));
  const write = (files: string[]) => writeFileSync(manifest, JSON.stringify({
    patient: { name: 'A^B', id: '1' }, study: { date: '2024-09-01' },
    equipment: { manufacturer: 'M', model: 'X', serialNumber: 'S', softwareVersions: '1' }, lesions: images(files),
  }));
  write([`Dermoscopy/${NFC}.jpg`, 'Dermoscopy\\L02.jpg']);
  const checked = await checkCapture(loadManifest(manifest));
  assert.deepEqual(checked.lesions.map((l) => l.images[0]!.probe.path), [join(dir, 'capture', 'Dermoscopy', `${NFD}.jpg`), join(dir, 'capture', 'Dermoscopy', 'L02.jpg')]);
  write(['dermoscopy/l02.jpg']);
  await assert.rejects(checkCapture(loadManifest(manifest)), (e: ManifestError) =>
    e.problems.join('|') === `lesions[0].images[0].file: dermoscopy/l02.jpg: no such file or directory (${join('Dermoscopy', 'L02.jpg')} is there: the names differ in case)`);
});
