import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPLICIT_VR_LE } from '../../../src/io/transfer-syntax.js';
import { cropImage } from '../../../src/edit/derive/crop-image.js';
import { addLesionImage, clearLesions, listLesions, removeLesionImage } from '../../../src/edit/lesions/lesion-references.js';
import { tbpCorpus } from '../fixtures/corpus.js';

test('lesion references: add, list, remove one, clear — both sides stay consistent', async () => {
  const { regional } = tbpCorpus();
  regional.delete('ReferencedImageSequence');
  const a = (await cropImage(regional, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 }, lesion: { id: 'L1', trackingUid: '1.2.3.1' } })).dataset;
  const b = (await cropImage(regional, EXPLICIT_VR_LE, { region: { x: 8, y: 8, width: 4, height: 4 }, lesion: { id: 'L1' } })).dataset;
  const c = (await cropImage(regional, EXPLICIT_VR_LE, { region: { x: 16, y: 4, width: 6, height: 6 }, lesion: { id: 'L2' } })).dataset;
  for (const crop of [a, b, c]) addLesionImage(regional, crop);
  addLesionImage(regional, a); // twice: no duplicate

  const lesions = listLesions(regional);
  assert.deepEqual(lesions.map((l) => [l.lesionId, l.images.length]), [['L1', 2], ['L2', 1]]);
  assert.equal(lesions[0]?.trackingUid, '1.2.3.1');
  assert.deepEqual(lesions[0]?.position2d, [1.5, 1.5]);
  assert.equal(regional.items('ReferencedImageSequence').length, 3);
  assert.equal(c.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), regional.getString('SOPInstanceUID'));

  assert.equal(removeLesionImage(regional, c.getString('SOPInstanceUID')!), true);
  assert.deepEqual(listLesions(regional).map((l) => l.lesionId), ['L1']);
  assert.equal(regional.items('ReferencedImageSequence').length, 2);
  assert.equal(removeLesionImage(regional, '9.9.9'), false);

  assert.equal(clearLesions(regional), 1);
  assert.deepEqual(listLesions(regional), []);
  assert.equal(regional.has('ReferencedImageSequence'), false);
});
