// A PACS reads a lesion crop that derive makes of a regional image as it reads the import's lesion crops: Orthanc
// lists its series as a DMS series of dermoscopic images and lesion crops, not as the regional series it was cut from.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cropImage } from '../../../src/edit/derive/crop-image.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { writeDicomFile } from '../../../src/io/part10-writer.js';
import { importCapture } from '../../../src/tbp/capture-import.js';
import { hasOrthanc, startOrthanc, type Orthanc } from '../../net/orthanc.js';
import { tempDir } from '../../tbp/tools.js';

const SAMPLE = fileURLToPath(new URL('../../../../samples/capture/manifest.yaml', import.meta.url));
const skip = (!hasOrthanc && 'Orthanc is not installed') || (spawnSync('storescu', ['--version']).status !== 0 && 'dcmtk is not installed');
const dir = tempDir('crop-orthanc');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Orthanc's series-level tags of the series holding an instance, by SOP Instance UID. */
async function seriesTags(orthanc: Orthanc, sopInstanceUid: string): Promise<Record<string, string>> {
  const found = (await orthanc.rest('/tools/lookup', sopInstanceUid)) as { ID: string; Type: string }[];
  const instance = found.find((f) => f.Type === 'Instance');
  assert.ok(instance, `Orthanc has ${sopInstanceUid}`);
  const series = (await orthanc.rest(`/instances/${instance.ID}/series`)) as { MainDicomTags: Record<string, string> };
  const { Modality, SeriesNumber, SeriesDescription } = series.MainDicomTags;
  return { Modality, SeriesNumber, SeriesDescription } as Record<string, string>;
}

test('Orthanc lists a lesion crop of a regional image in a series numbered and described as the import\'s lesion series', { skip, timeout: 60_000 }, async () => {
  const imported = await importCapture(SAMPLE, { out: join(dir, 'study') });
  const regional = imported.objects.find((o) => o.role === 'regional')!;
  const importedCrop = imported.objects.find((o) => o.role === 'crop')!;
  const source = readDicomFile(regional.path);
  const crop = await cropImage(source.dataset, source.transferSyntaxUid, { region: { x: 100, y: 120, width: 64, height: 48 }, lesion: { id: 'L-NEW' } });
  const cropFile = join(dir, 'crop.dcm');
  writeDicomFile(cropFile, { dataset: crop.dataset }, { transferSyntaxUid: crop.transferSyntaxUid });

  const orthanc = await startOrthanc(join(dir, 'orthanc'));
  try {
    const stored = spawnSync('storescu', ['-R', '-xy', '-aec', orthanc.aeTitle, '127.0.0.1', String(orthanc.dicomPort), regional.path, importedCrop.path, cropFile], {
      encoding: 'utf8', env: { ...process.env, TCP_NODELAY: '1' },
    });
    assert.equal(stored.status, 0, stored.stderr);
    const lesionSeries = await seriesTags(orthanc, importedCrop.sopInstanceUid);
    assert.deepEqual(lesionSeries, { Modality: 'DMS', SeriesNumber: '2', SeriesDescription: 'TBP dermoscopic images and lesion crops' });
    assert.deepEqual(await seriesTags(orthanc, regional.sopInstanceUid), { Modality: 'XC', SeriesNumber: '1', SeriesDescription: 'TBP regional images' });
    assert.deepEqual(await seriesTags(orthanc, crop.dataset.getString('SOPInstanceUID')!), lesionSeries);
  } finally {
    await orthanc.stop();
  }
});
