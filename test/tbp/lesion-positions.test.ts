import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { readLesions } from '../../src/tbp/lesion-report.js';
import { tbpKey } from '../../src/tbp/private-dictionary.js';
import { readTbpNumbers } from '../../src/tbp/tbp-attributes.js';
import { validateFiles } from '../../src/validate/index.js';
import { cli } from '../helpers/run-cli.js';
import { HAVE_DCIODVFY, dciodvfyErrors, tempDir, writeTwoCropCapture } from './tools.js';

/** The three-image capture with a second crop of L1 from R1, at `second` (the first crop is at 10, 12). */
async function twoCrops(dir: string, second: [number, number]) {
  const imported = await importCapture(await writeTwoCropCapture(dir, second), { out: join(dir, 'out') });
  const regional = imported.objects.find((o) => o.role === 'regional')!;
  const crops = imported.objects.filter((o) => o.role === 'crop');
  return { imported, regional, crops };
}

test("a lesion at two positions in one regional image: its item there gives each image's position in that image's reference", async () => {
  const dir = tempDir('two-positions');
  const { imported, regional, crops } = await twoCrops(dir, [40, 30]);
  const ds = readDicomFile(regional.path).dataset;
  const [item, more] = ds.items(tbpKey('TBPLesionSequence'));
  assert.equal(more, undefined, 'one item per lesion');
  // The images disagree: the lesion has no one position in the regional image.
  assert.equal(readTbpNumbers(item!, 'TBP2DCoordinateData'), undefined);
  const at = Object.fromEntries(item!.items('ReferencedImageSequence').map((r) => [r.getString('ReferencedSOPInstanceUID'), readTbpNumbers(r, 'TBP2DCoordinateData')]));
  const dermoscopic = imported.objects.find((o) => o.role === 'dermoscopic')!;
  assert.deepEqual(at, { [dermoscopic.sopInstanceUid]: undefined, [crops[0]!.sopInstanceUid]: [10, 12], [crops[1]!.sopInstanceUid]: [40, 30] });
  const [shown] = readLesions(regional.path).lesionsShown;
  assert.equal(shown!.position2d, undefined);
  assert.deepEqual(shown!.imagePositions2d, { [crops[0]!.sopInstanceUid]: [10, 12], [crops[1]!.sopInstanceUid]: [40, 30] });
  const printed = cli('lesions', regional.path).stdout;
  assert.match(printed, new RegExp(`shows lesion L1: 3 image\\(s\\)\\n    ${crops[0]!.sopInstanceUid} at 10, 12\\n    ${crops[1]!.sopInstanceUid} at 40, 30\\n`));
  if (HAVE_DCIODVFY) for (const o of imported.objects) assert.deepEqual(dciodvfyErrors(o.path), [], o.role);
  assert.deepEqual(validateFiles([imported.studyDir]).reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error'), []);
});

test('a lesion whose images agree on its position keeps it in its item, and each image in its reference', async () => {
  const dir = tempDir('one-position');
  const { regional, crops } = await twoCrops(dir, [10, 12]);
  const [shown] = readLesions(regional.path).lesionsShown;
  assert.deepEqual(shown!.position2d, [10, 12]);
  assert.deepEqual(shown!.imagePositions2d, { [crops[0]!.sopInstanceUid]: [10, 12], [crops[1]!.sopInstanceUid]: [10, 12] });
  assert.match(cli('lesions', regional.path).stdout, /shows lesion L1 at 10, 12: 3 image\(s\)\n  (?! )/);
});
