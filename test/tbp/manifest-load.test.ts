import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../../src/tbp/manifest-load.js';
import { tempDir } from './tools.js';

const dir = tempDir('manifest-load');

const HEAD = `patient: { name: "A^B", id: "1" }\nstudy: { date: "2024-09-01" }\nequipment: { manufacturer: M, model: X, serialNumber: S, softwareVersions: "1" }\n`;

test('YAML merge keys bring in the fields of the mapping they name, which the entry may override; aliases repeat a whole entry', () => {
  const file = join(dir, 'merge.yaml');
  writeFileSync(file, `${HEAD}x-dermoscope: &dermoscope { kind: dermoscopic, magnification: 10, polarization: polarized }
lesions:
  - id: L1
    site: chest
    images:
      - { <<: *dermoscope, file: a.jpg, magnification: 20 }
      - &crop { file: b.png, kind: crop, regionalImage: R1 }
  - id: L2
    site: chest
    images: [*crop]
`);
  const loaded = loadManifest(file);
  assert.deepEqual(loaded.problems, []);
  assert.deepEqual(loaded.warnings, ['x-dermoscope: unknown field, ignored']);
  assert.deepEqual(loaded.manifest.lesions?.[0]?.images?.[0], { kind: 'dermoscopic', magnification: 20, polarization: 'polarized', file: 'a.jpg' });
  assert.deepEqual(loaded.manifest.lesions?.[1]?.images?.[0], { file: 'b.png', kind: 'crop', regionalImage: 'R1' });
});

test('a field given as null (what JSON writers write for an optional value they lack) is not given; a required one is then missing', () => {
  const file = join(dir, 'nulls.json');
  writeFileSync(file, JSON.stringify({
    patient: { name: 'A^B', id: '1', birthDate: null, history: null }, study: { date: '2024-09-01', description: null },
    equipment: { manufacturer: 'M', model: 'X', serialNumber: null, softwareVersions: '1', institution: null }, mesh: null,
    lesions: [{ id: 'L1', site: 'chest', trackingUid: null, images: [{ file: 'a.jpg', kind: 'dermoscopic', regionalImage: null }] }],
  }));
  const loaded = loadManifest(file);
  assert.deepEqual(loaded.problems, ['equipment.serialNumber: missing: give text']);
  assert.deepEqual(loaded.warnings, []);
  assert.deepEqual(loaded.manifest.patient, { name: 'A^B', id: '1' });
  assert.deepEqual(loaded.manifest.lesions, [{ id: 'L1', site: 'chest', images: [{ file: 'a.jpg', kind: 'dermoscopic' }] }]);
  assert.equal('mesh' in loaded.manifest, false);
});

test('a required field not given is said to be missing, with what to give', () => {
  const file = join(dir, 'missing.yaml');
  writeFileSync(file, `patient: { name: "A^B" }\nstudy: { date: "2024-09-01" }\nequipment: { manufacturer: M, model: X, serialNumber: S }\nregionalImages: [{ file: r.jpg }]\nlesions: [{ id: L1, images: [{ file: a.jpg }] }]\n`);
  assert.deepEqual(loadManifest(file).problems, [
    'patient.id: missing: give text',
    'equipment.softwareVersions: missing: give text or a list',
    'regionalImages[0].id: missing: give text',
    'lesions[0].site: missing: give text or an object',
    'lesions[0].images[0].kind: missing: give one of "dermoscopic"|"crop"',
  ]);
});
