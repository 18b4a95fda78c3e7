import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DicomError } from '../../../src/core/errors.js';
import { encodeDataset } from '../../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE } from '../../../src/io/transfer-syntax.js';
import { cropImage } from '../../../src/edit/derive/crop-image.js';
import { addLesionImage, clearLesions, listLesions, removeLesionImage, type LesionLink } from '../../../src/edit/lesions/lesion-references.js';
import { tbpCorpus } from '../fixtures/corpus.js';
import { Dataset } from '../../../src/core/dataset.js';
import { readDataset } from '../../../src/io/part10-reader.js';
import { TBP_GROUP, tbpKey } from '../../../src/tbp/private-dictionary.js';
import { privateBlockAsUnknown } from '../../helpers/unknown-vr.js';
import { join } from 'node:path';
import { importCapture } from '../../../src/tbp/capture-import.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { readTbpNumbers } from '../../../src/tbp/tbp-attributes.js';
import { tempDir, writeTwoCropCapture } from '../../tbp/tools.js';

const pick = ({ regionalChanged, lesionImageChanged }: LesionLink) => ({ regionalChanged, lesionImageChanged });

test('lesion references: add, list, remove one, clear — both sides stay consistent', async () => {
  const { regional } = tbpCorpus();
  regional.delete('ReferencedImageSequence');
  const a = (await cropImage(regional, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 }, lesion: { id: 'L1', trackingUid: '1.2.3.1' } })).dataset;
  addLesionImage(regional, a);
  // A second crop of L1 takes the Tracking UID the lesion list now gives it.
  const b = (await cropImage(regional, EXPLICIT_VR_LE, { region: { x: 8, y: 8, width: 4, height: 4 }, lesion: { id: 'L1' } })).dataset;
  assert.equal(b.getString('TrackingUID'), '1.2.3.1');
  const c = (await cropImage(regional, EXPLICIT_VR_LE, { region: { x: 16, y: 4, width: 6, height: 6 }, lesion: { id: 'L2' } })).dataset;
  // A crop references its regional image already: only the regional image changes.
  for (const crop of [b, c]) assert.deepEqual(pick(addLesionImage(regional, crop)), { regionalChanged: true, lesionImageChanged: false });
  // Twice: no duplicate, and nothing said changed (a caller rewrites neither file).
  assert.deepEqual(pick(addLesionImage(regional, a)), { regionalChanged: false, lesionImageChanged: false });
  // An image that lost its link back to the regional image the regional image still lists: only the image changes.
  a.delete('ReferencedImageSequence');
  assert.deepEqual(pick(addLesionImage(regional, a)), { regionalChanged: false, lesionImageChanged: true });

  const lesions = listLesions(regional);
  assert.deepEqual(lesions.map((l) => [l.lesionId, l.images.length]), [['L1', 2], ['L2', 1]]);
  assert.equal(lesions[0]?.trackingUid, '1.2.3.1');
  // The two crops of L1 are at their own places: the lesion has no one position, each image keeps its own.
  assert.equal(lesions[0]?.position2d, undefined);
  assert.deepEqual(lesions[0]?.imagePositions2d, { [a.getString('SOPInstanceUID')!]: [1.5, 1.5], [b.getString('SOPInstanceUID')!]: [9.5, 9.5] });
  assert.deepEqual(lesions[1]?.position2d, [18.5, 6.5]);
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

test('lesion-add refuses an image of another patient or study, a crop of another regional image, the regional image itself and a Tracking UID in conflict, changing nothing', async () => {
  const { regional, followUp } = tbpCorpus();
  regional.delete('ReferencedImageSequence');
  const crop = async (from: Dataset, id: string, trackingUid?: string): Promise<Dataset> =>
    (await cropImage(from, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 }, lesion: { id, trackingUid } })).dataset;
  addLesionImage(regional, await crop(regional, 'L1', '1.2.3.1'));
  const other = regional.clone();
  other.set('SOPInstanceUID', '1.2.3.99');
  // The regional image itself, naming a lesion: it would list itself as an image of it.
  const itself = regional.clone();
  itself.set('TrackingID', 'L3');
  // An image of another patient that gives the same study (mislabelled): one patient's lesion listed as another's.
  const otherPatient = await crop(tbpCorpus().regional, 'L2');
  otherPatient.set('PatientID', 'P-OTHER');
  const refused: [Dataset, RegExp][] = [
    [otherPatient, /^the lesion image is of patient "P-OTHER" \(Patient ID\), the regional image of patient "PIDSECRET4711": link images of one patient$/],
    [itself, /^the lesion image is the regional image itself \(1\.2\.826\.0\.1\.3680043\.8\.498\.10\.1\): give the images of its lesions$/],
    [followUp, /^the lesion image is of study 1\.2\.826\.0\.1\.3680043\.8\.498\.3, the regional image of study 1\.2\.826\.0\.1\.3680043\.8\.498\.1: link images of one visit$/],
    [await crop(other, 'L2'), /^the lesion image was cut from regional image 1\.2\.3\.99 \(Source Image Sequence\), not from this one \(1\.2\.826\.0\.1\.3680043\.8\.498\.10\.1\)$/],
    // Crops of this regional image as it was before it listed L1.
    [await crop(tbpCorpus().regional, 'L1', '1.2.3.7'), /^lesion L1 has Tracking UID 1\.2\.3\.1 in the regional image's lesion list, not 1\.2\.3\.7$/],
    [await crop(tbpCorpus().regional, 'L2', '1.2.3.1'), /^Tracking UID 1\.2\.3\.1 is lesion L1's in the regional image's lesion list, not lesion L2's$/],
  ];
  const bytes = (ds: Dataset): Buffer => encodeDataset(ds, EXPLICIT_VR_LE);
  const before = bytes(regional);
  for (const [image, message] of refused) {
    const imageBefore = bytes(image);
    assert.throws(() => addLesionImage(regional, image), (e: Error) => e instanceof DicomError && message.test(e.message));
    assert.deepEqual(bytes(image), imageBefore);
  }
  assert.deepEqual(bytes(regional), before);
});

test('lesion-add fills in the Tracking UID of a listed lesion that has none from a later image, refuses one in conflict, and its undo takes both back', async () => {
  const { regional } = tbpCorpus();
  regional.delete('ReferencedImageSequence');
  // A lesion image of L1 with the Tracking UID given, or else none (one from elsewhere, naming its lesion alone); cut
  // from the regional image as it was before it listed L1, so that no UID comes from its list.
  const lesionImage = async (x: number, trackingUid?: string): Promise<Dataset> => {
    const ds = (await cropImage(tbpCorpus().regional, EXPLICIT_VR_LE, { region: { x, y: 0, width: 4, height: 4 }, lesion: { id: 'L1', trackingUid } })).dataset;
    if (!trackingUid) ds.delete('TrackingUID');
    return ds;
  };
  addLesionImage(regional, await lesionImage(0));
  assert.equal(listLesions(regional)[0]?.trackingUid, undefined);
  const bytes = (ds: Dataset): Buffer => encodeDataset(ds, EXPLICIT_VR_LE);
  const before = bytes(regional);
  const { undo } = addLesionImage(regional, await lesionImage(4, '1.2.3.1'));
  assert.equal(listLesions(regional)[0]?.trackingUid, '1.2.3.1');
  undo();
  assert.deepEqual(bytes(regional), before, 'undone: no Tracking UID from an image the regional image does not list');

  addLesionImage(regional, await lesionImage(4, '1.2.3.1'));
  addLesionImage(regional, await lesionImage(8)); // an image without one leaves it
  assert.deepEqual(listLesions(regional).map((l) => [l.lesionId, l.trackingUid, l.images.length]), [['L1', '1.2.3.1', 3]]);
  const conflicting = await lesionImage(12, '1.2.3.7');
  assert.throws(() => addLesionImage(regional, conflicting), { message: /^lesion L1 has Tracking UID 1\.2\.3\.1 in the regional image's lesion list, not 1\.2\.3\.7$/ });
});

test('a regional image whose TBP block arrived as UN keeps its lesions when one is added, and is written with them as a sequence', async () => {
  const { regional } = tbpCorpus();
  regional.delete('ReferencedImageSequence');
  const crop = async (id: string, x: number): Promise<Dataset> =>
    (await cropImage(regional, EXPLICIT_VR_LE, { region: { x, y: 0, width: 4, height: 4 }, lesion: { id } })).dataset;
  addLesionImage(regional, await crop('L1', 0));
  const second = await crop('L2', 8);
  privateBlockAsUnknown(regional, TBP_GROUP);
  assert.deepEqual(listLesions(regional).map((l) => l.lesionId), ['L1']);
  addLesionImage(regional, second);
  const back = readDataset(encodeDataset(regional, EXPLICIT_VR_LE), EXPLICIT_VR_LE);
  assert.equal(back.element(tbpKey('TBPLesionSequence'))?.vr, 'SQ');
  assert.deepEqual(listLesions(back).map((l) => [l.lesionId, l.images.length]), [['L1', 1], ['L2', 1]]);
});

/** An imported capture: R1, and L1 with a dermoscopic image and a crop at 10, 12, and a second crop at `second` if given. */
async function imported(second?: [number, number]) {
  const dir = tempDir('lesion-references');
  const { objects } = await importCapture(await writeTwoCropCapture(dir, second), { out: join(dir, 'out') });
  const read = (role: string) => objects.filter((o) => o.role === role).map((o) => readDicomFile(o.path));
  const [regional] = read('regional');
  return {
    regional: regional!.dataset, transferSyntaxUid: regional!.transferSyntaxUid,
    dermoscopic: read('dermoscopic')[0]!.dataset, crops: read('crop').map((f) => f.dataset),
  };
}

const uid = (ds: Dataset): string => ds.getString('SOPInstanceUID')!;
/** Each image of the lesion item, by SOP Instance UID, with its own position (undefined when it gives none). */
const placesOf = (item: Dataset): Record<string, number[] | undefined> =>
  Object.fromEntries(item.items('ReferencedImageSequence').map((r) => [r.getString('ReferencedSOPInstanceUID'), readTbpNumbers(r, 'TBP2DCoordinateData')]));

test('a regional image imported with two crops of a lesion at different places, then given the second back by remove and add, is the one imported', async () => {
  const { regional, transferSyntaxUid, dermoscopic, crops: [first, second] } = await imported([40, 30]);
  const bytes = (ds: Dataset): Buffer => encodeDataset(ds, transferSyntaxUid);
  const asImported = bytes(regional);

  assert.equal(removeLesionImage(regional, uid(second!)), true);
  // One crop left: the lesion is at its place again, as the import writes a lesion with that crop alone.
  const [item] = regional.items(tbpKey('TBPLesionSequence'));
  assert.deepEqual(readTbpNumbers(item!, 'TBP2DCoordinateData'), [10, 12]);
  assert.deepEqual(placesOf(item!), { [uid(dermoscopic)]: undefined, [uid(first!)]: [10, 12] });

  assert.deepEqual(pick(addLesionImage(regional, second!)), { regionalChanged: true, lesionImageChanged: false });
  const [lesion] = listLesions(regional);
  assert.equal(lesion!.position2d, undefined);
  assert.deepEqual(lesion!.imagePositions2d, { [uid(first!)]: [10, 12], [uid(second!)]: [40, 30] });
  assert.deepEqual(bytes(regional), asImported);
});

test('lesion-add of a second crop of a lesion at the place of the first keeps the lesion there, each crop at its place', async () => {
  const { regional, transferSyntaxUid, crops: [first] } = await imported();
  const crop = (await cropImage(regional, transferSyntaxUid, { region: { x: 8, y: 10, width: 5, height: 5 }, lesion: { id: 'L1' } })).dataset;
  addLesionImage(regional, crop);
  const [lesion] = listLesions(regional);
  assert.deepEqual(lesion!.position2d, [10, 12]);
  assert.deepEqual(lesion!.imagePositions2d, { [uid(first!)]: [10, 12], [uid(crop)]: [10, 12] });
});

test("a lesion item with the lesion's position alone (written before images carried theirs) gives it to its images when they change, losing no place", async () => {
  const { regional, transferSyntaxUid, dermoscopic, crops: [first] } = await imported();
  const [item] = regional.items(tbpKey('TBPLesionSequence'));
  for (const ref of item!.items('ReferencedImageSequence')) ref.delete(tbpKey('TBP2DCoordinateData'));
  const crop = (await cropImage(regional, transferSyntaxUid, { region: { x: 38, y: 28, width: 5, height: 5 }, lesion: { id: 'L1' } })).dataset;
  addLesionImage(regional, crop);
  const [lesion] = listLesions(regional);
  assert.equal(lesion!.position2d, undefined);
  assert.deepEqual(lesion!.imagePositions2d, { [uid(dermoscopic)]: [10, 12], [uid(first!)]: [10, 12], [uid(crop)]: [40, 30] });
  removeLesionImage(regional, uid(crop));
  assert.deepEqual(listLesions(regional)[0]!.position2d, [10, 12]);
});

test("lesion-add's undo gives a lesion item with the lesion's position alone back as it was, its images without places of their own", async () => {
  const { regional, transferSyntaxUid } = await imported();
  const [item] = regional.items(tbpKey('TBPLesionSequence'));
  for (const ref of item!.items('ReferencedImageSequence')) ref.delete(tbpKey('TBP2DCoordinateData'));
  const bytes = (ds: Dataset): Buffer => encodeDataset(ds, transferSyntaxUid);
  const before = bytes(regional);
  const placesBefore = placesOf(item!);
  const crop = (await cropImage(regional, transferSyntaxUid, { region: { x: 38, y: 28, width: 5, height: 5 }, lesion: { id: 'L1' } })).dataset;
  const { undo } = addLesionImage(regional, crop);
  undo();
  assert.deepEqual(placesOf(regional.items(tbpKey('TBPLesionSequence'))[0]!), placesBefore);
  assert.deepEqual(listLesions(regional)[0]!.position2d, [10, 12]);
  assert.deepEqual(bytes(regional), before);

  // A lesion ID the regional image's character set cannot hold turned it to UTF-8: undone too.
  assert.equal(regional.has('SpecificCharacterSet'), false);
  const named = (await cropImage(regional, transferSyntaxUid, { region: { x: 0, y: 0, width: 5, height: 5 }, lesion: { id: 'Läsion 2' } })).dataset;
  addLesionImage(regional, named).undo();
  assert.deepEqual(bytes(regional), before);
});
