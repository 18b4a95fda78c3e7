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
