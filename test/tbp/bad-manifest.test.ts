import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCapture } from '../../src/tbp/capture-import.js';
import { ManifestError } from '../../src/tbp/manifest-error.js';
import { loadManifest } from '../../src/tbp/manifest-load.js';
import { rawImage, tempDir } from './tools.js';

const dir = tempDir('bad');

const GOOD = {
  patient: { name: 'Doe^Jane', id: 'P001', birthDate: '1980-04-02', sex: 'F' },
  study: { date: '2024-09-01', time: '12:00:00' },
  equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
  regionalImages: [{ id: 'R1', file: 'front.jpg', site: 'chest' }],
  lesions: [{ id: 'L1', site: 'left forearm', images: [
    { file: 'l1.jpg', kind: 'dermoscopic', regionalImage: 'R1' },
    { file: 'l1-crop.png', kind: 'crop', regionalImage: 'R1', position2d: [10, 12], selection: 'manual' },
  ] }],
};

type Edit = (m: any) => void;

async function setup(): Promise<void> {
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  writeFileSync(join(dir, 'notes.txt'), 'not an image');
  const jpg = readFileSync(join(dir, 'l1.jpg'));
  writeFileSync(join(dir, 'cut.jpg'), jpg.subarray(0, jpg.length >> 1));
  await rawImage(32, 32).jpeg({ progressive: true }).toFile(join(dir, 'progressive.jpg'));
}

/** Imports an edited copy of GOOD; returns the error, and whether anything was written. */
async function failWith(name: string, edit: Edit): Promise<{ error: ManifestError; wrote: boolean }> {
  const manifest = structuredClone(GOOD) as any;
  edit(manifest);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(manifest));
  const out = join(dir, `out-${name}`);
  let error: unknown;
  try {
    await importCapture(file, { out });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ManifestError, `${name}: expected a ManifestError, got ${String(error)}`);
  return { error, wrote: existsSync(out) };
}

const CASES: [string, Edit, RegExp][] = [
  ['missing-file', (m) => (m.lesions[0].images[0].file = 'nowhere.jpg'), /lesions\[0\]\.images\[0\]\.file: nowhere\.jpg does not exist/],
  ['unknown-regional', (m) => (m.lesions[0].images[1].regionalImage = 'R9'), /no regional image has id "R9"/],
  ['malformed-date', (m) => (m.study.date = '2024-13-45'), /study\.date: .*month 13/],
  ['malformed-birth-date', (m) => (m.patient.birthDate = 'yesterday'), /patient\.birthDate/],
  ['non-image', (m) => (m.regionalImages[0].file = 'notes.txt'), /regionalImages\[0\]\.file \(notes\.txt\): not a JPEG, PNG or TIFF/],
  ['corrupt-jpeg', (m) => (m.lesions[0].images[0].file = 'cut.jpg'), /cut\.jpg\): not a valid JPEG: .*truncated/],
  ['progressive-jpeg', (m) => (m.lesions[0].images[0].file = 'progressive.jpg'), /progressive JPEG.*baseline/],
  ['unknown-site', (m) => (m.lesions[0].site = 'left elbowpit'), /unknown anatomic site "left elbowpit"/],
  ['paired-site', (m) => (m.lesions[0].site = 'forearm'), /both sides of the body/],
  ['missing-patient-id', (m) => delete m.patient.id, /patient\.id: /],
  ['crop-without-source', (m) => delete m.lesions[0].images[1].regionalImage, /a crop needs regionalImage/],
  ['duplicate-lesion', (m) => m.lesions.push(structuredClone(m.lesions[0])), /"L1" is used twice/],
  ['missing-serial', (m) => delete m.equipment.serialNumber, /equipment\.serialNumber/],
];

test('each bad manifest fails with one clear message and writes nothing', async () => {
  await setup();
  for (const [name, edit, pattern] of CASES) {
    const { error, wrote } = await failWith(name, edit);
    assert.equal(error.problems.length, 1, `${name}: ${error.problems.join(' | ')}`);
    assert.match(error.problems[0]!, pattern, name);
    assert.equal(wrote, false, `${name} wrote output`);
  }
});

test('all problems of one manifest are reported together', async () => {
  const { error } = await failWith('many', (m) => {
    m.study.date = 'never';
    m.lesions[0].images[0].file = 'gone.jpg';
  });
  assert.equal(error.problems.length, 2);
  assert.match(error.message, /2 problems/);
});

test('unknown fields are warnings naming them; YAML works like JSON', () => {
  const yaml = join(dir, 'extra.yaml');
  writeFileSync(yaml, `patient: { name: "A^B", id: "1", nickname: "Jo" }\nstudy: { date: "2024-09-01" }\nequipment: { manufacturer: M, model: X, serialNumber: S, softwareVersions: "1" }\ncolour: blue\n`);
  const loaded = loadManifest(yaml);
  assert.deepEqual(loaded.warnings.sort(), ['colour: unknown field, ignored', 'patient.nickname: unknown field, ignored']);
  assert.deepEqual(loaded.manifest.regionalImages, []);
  writeFileSync(join(dir, 'broken.yaml'), 'patient: [unclosed');
  assert.throws(() => loadManifest(join(dir, 'broken.yaml')), /not valid YAML/);
});

test('a good manifest next to the bad ones imports', async () => {
  mkdirSync(join(dir, 'good'), { recursive: true });
  for (const f of ['front.jpg', 'l1.jpg', 'l1-crop.png']) copyFileSync(join(dir, f), join(dir, 'good', f));
  writeFileSync(join(dir, 'good', 'manifest.json'), JSON.stringify(GOOD));
  const result = await importCapture(join(dir, 'good', 'manifest.json'), { out: join(dir, 'good-out') });
  assert.equal(result.objects.length, 3);
  assert.equal(result.mesh, undefined);
});
