import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { validate } from '../../src/validate/validate.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { createObject } from '../../src/tbp/create-object.js';
import { lookupKeyword } from '../../src/core/dictionary.js';
import type { Dataset } from '../../src/core/dataset.js';
import { HAVE_DCIODVFY, dciodvfyErrors, rawImage, tempDir } from '../tbp/tools.js';

const remove = (ds: Dataset, ...keywords: string[]): void => {
  for (const k of keywords) ds.removeTag(lookupKeyword(k)!.tag);
};

// PS3.3 2024e Table A.32.11-1 lists no Frame of Reference module; dciodvfy (2022) holds it mandatory. The attributes
// are a Standard Extended SOP Class's when present: checked as the module then, nothing said when absent.
test('Dermoscopic Photography: the Frame of Reference is checked when present, not required when absent', async () => {
  const dir = tempDir('derm-for');
  try {
    await rawImage(32, 24).jpeg().toFile(join(dir, 'in.jpg'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({
      patient: { name: 'A^B', id: 'P1' }, study: { date: '2024-09-01' }, site: 'back', lesion: { id: 'L1' },
      equipment: { manufacturer: 'M', model: 'X', serialNumber: '1', softwareVersions: '1' },
    }));
    const made = join(dir, 'derm.dcm');
    await createObject('dermoscopic', { image: join(dir, 'in.jpg'), meta: join(dir, 'meta.json'), out: made });
    const variant = (name: string, change: (ds: Dataset) => void): { ours: string[]; theirs: string[] } => {
      const file = readDicomFile(made);
      change(file.dataset);
      const path = join(dir, `${name}.dcm`);
      writeDicomFile(path, file);
      const ours = validate(path).findings.filter((f) => f.severity === 'error').map((f) => `${f.module} ${f.keyword} ${f.code}`);
      return { ours, theirs: HAVE_DCIODVFY ? dciodvfyErrors(path) : [] };
    };
    assert.deepEqual(variant('whole', () => {}), { ours: [], theirs: [] });
    const none = variant('none', (ds) => remove(ds, 'FrameOfReferenceUID', 'PositionReferenceIndicator'));
    assert.deepEqual(none.ours, []);
    if (HAVE_DCIODVFY) assert.equal(none.theirs.filter((l) => l.includes('Module=<FrameOfReference>')).length, 2, none.theirs.join('\n'));
    const noIndicator = variant('no-indicator', (ds) => remove(ds, 'PositionReferenceIndicator'));
    assert.deepEqual(noIndicator.ours, ['Frame of Reference PositionReferenceIndicator MISSING']);
    if (HAVE_DCIODVFY) assert.match(noIndicator.theirs.join('\n'), /Type 2 Required Element=<PositionReferenceIndicator>/);
    const empty = variant('empty', (ds) => ds.set('FrameOfReferenceUID', ''));
    assert.deepEqual(empty.ours, ['Frame of Reference FrameOfReferenceUID EMPTY']);
    if (HAVE_DCIODVFY) assert.match(empty.theirs.join('\n'), /Empty attribute .*Element=<FrameOfReferenceUID>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
