// derive crop and derive lesion-add given bad input: nothing a user had is lost, and no link goes one way only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { referenceItem } from '../../src/iod/builders/modules/references.js';
import { PURPOSE_UNCOMPRESSED_PREDECESSOR } from '../../src/iod/codes/purposes.js';
import type { LesionReport } from '../../src/tbp/lesion-report.js';
import { listLesions } from '../../src/edit/lesions/lesion-references.js';
import { readLesions } from '../../src/tbp/lesion-report.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { cli } from '../helpers/run-cli.js';
import { setOverlay } from '../helpers/overlay-plane.js';
import { HAVE_DCIODVFY, dciodvfyErrors, rawImage, tempDir, writeThreeImageManifest } from '../tbp/tools.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { Element } from '../../src/core/element.js';
import { tagOf } from '../../src/core/dictionary.js';
import { breakGroupLength } from '../helpers/wrong-group-length.js';

test('derive crop refuses an output that is its source image (the image would be replaced by the crop)', () => {
  const dir = tempDir('derive-crop-same');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const before = readFileSync(source);
  for (const out of [source, join(dir, '.', 'regional.dcm')]) {
    const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '-o', out);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `error [INVALID_ARGUMENT]: ${out}: the output is the source image, which the crop would replace: give another output file\n`);
  }
  assert.deepEqual(readFileSync(source), before);
});

test('derive crop with a region of zero width or height says it is empty, not that it lies outside the image', () => {
  const dir = tempDir('derive-crop-empty');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  for (const [region, side] of [['0,0,0,5', 'width'], ['3,2,4,0', 'height']] as const) {
    const out = join(dir, 'crop.dcm');
    const r = cli('derive', 'crop', source, '--region', region, '-o', out);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`region ${region} is empty: its ${side} is 0, so it holds no pixels`));
    assert.doesNotMatch(r.stderr, /not inside/);
    assert.equal(existsSync(out), false);
  }
});

test('derive crop refuses a region number past 2^53, quoting what was typed: read, it was rounded, and the message named another region', () => {
  const dir = tempDir('derive-crop-huge');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const out = join(dir, 'crop.dcm');
  for (const region of ['0,0,9007199254740993,1', '0,0,1,99999999999999999999']) {
    const r = cli('derive', 'crop', source, '--region', region, '-o', out);
    assert.equal(r.status, 2, r.stderr);
    const digits = region.split(',').at(region.endsWith(',1') ? 2 : 3)!;
    assert.equal(r.stderr, `error [INVALID_ARGUMENT]: "${region}": ${digits} is more than 9007199254740991, the largest whole number of pixels taken\n`);
    assert.equal(existsSync(out), false);
  }
});

test('derive lesion-add stopped by a lesion image it cannot read: the images linked before it are listed by the regional image, so every link goes both ways', () => {
  const dir = tempDir('derive-lesion-add-bad');
  const corpus = tbpCorpus();
  const regional = join(dir, 'regional.dcm');
  writeObject(regional, corpus.regional);
  const [first, missing, last] = [join(dir, 'crop.dcm'), join(dir, 'missing.dcm'), join(dir, 'followup.dcm')];
  writeObject(first, corpus.crop);
  writeObject(last, corpus.followUp);
  const untouched = statSync(last).ino;
  const r = cli('derive', 'lesion-add', regional, first, missing, last);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `error [IO]: ${missing}: no such file or directory\n`);
  const linked = listLesions(readDicomFile(regional).dataset).flatMap((lesion) => lesion.images.map((image) => image.sopInstanceUid));
  assert.deepEqual(linked, [corpus.crop.getString('SOPInstanceUID')]);
  const back = readDicomFile(first).dataset.items('ReferencedImageSequence').map((item) => item.getString('ReferencedSOPInstanceUID'));
  assert.ok(back.includes(corpus.regional.getString('SOPInstanceUID')), 'the crop references the regional image');
  assert.equal(statSync(last).ino, untouched, 'the image after the bad one is not rewritten');
});

test('derive lesion-add refuses a regional image that is not one (a dermoscopic image, a mesh): nothing is rewritten', () => {
  const dir = tempDir('derive-lesion-add-class');
  const corpus = tbpCorpus();
  const notRegional = join(dir, 'dermoscopic.dcm');
  const lesion = join(dir, 'crop.dcm');
  writeObject(notRegional, corpus.crop);
  writeObject(lesion, corpus.followUp);
  const before = [readFileSync(notRegional), readFileSync(lesion)];
  const r = cli('derive', 'lesion-add', notRegional, lesion);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^error \\[INVALID_ARGUMENT\\]: ${notRegional.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the regional image must be a VL Photographic image, not `));
  assert.deepEqual([readFileSync(notRegional), readFileSync(lesion)], before);
});

test('derive crop checks --link, --lesion-id and --encoding before writing: a link needs the lesion and a regional source, a lesion ID one LO value, re-encoding a JPEG source', () => {
  const dir = tempDir('derive-crop-lesion');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const out = join(dir, 'crop.dcm');
  const unlinked = cli('derive', 'crop', source, '--region', '0,0,8,8', '--link', '-o', out);
  assert.equal(unlinked.status, 2, unlinked.stderr);
  assert.match(unlinked.stderr, /--link .* needs --lesion-id/);
  for (const [id, why] of [['a\\b', /a backslash separates values in DICOM/], ['L'.repeat(65), /at most 64 bytes \(LO\); this is 65 bytes$/m], ['\u00e9'.repeat(33), /at most 64 bytes \(LO\); this is 66 bytes in UTF-8 \(33 characters/]] as const) {
    const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '--lesion-id', id, '-o', out);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, why);
  }
  const dermoscopic = join(dir, 'dermoscopic.dcm');
  writeObject(dermoscopic, tbpCorpus().crop);
  const notRegional = cli('derive', 'crop', dermoscopic, '--region', '0,0,8,8', '--lesion-id', 'L1', '--link', '-o', out);
  assert.equal(notRegional.status, 2, notRegional.stderr);
  assert.match(notRegional.stderr, /the regional image must be a VL Photographic image/);
  const reencoded = cli('derive', 'crop', source, '--region', '0,0,8,8', '--encoding', 'jpeg', '-o', out);
  assert.equal(reencoded.status, 2, reencoded.stderr);
  assert.match(reencoded.stderr, /--encoding jpeg re-encodes the crop of a JPEG image; this source is not compressed/);
  assert.throws(() => statSync(out), 'no crop written');
});

test('a crop cut from a regional image is reported by lesions as a crop, not as a regional image', () => {
  const dir = tempDir('derive-crop-role');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const out = join(dir, 'crop.dcm');
  const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '--lesion-id', 'L1', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readLesions(out).role, 'crop');
  assert.equal(readLesions(source).role, 'regional');
});

test('derive lesion-remove and lesion-clear refuse an object that is not a regional image, and rewrite nothing', () => {
  const dir = tempDir('derive-lesion-remove-class');
  const corpus = tbpCorpus();
  const lesionImage = join(dir, 'crop.dcm');
  writeObject(lesionImage, corpus.crop);
  const before = readFileSync(lesionImage);
  for (const args of [['lesion-remove', lesionImage, corpus.regional.getString('SOPInstanceUID')!], ['lesion-clear', lesionImage]]) {
    const r = cli('derive', ...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /the regional image must be a VL Photographic image, not /);
  }
  assert.deepEqual(readFileSync(lesionImage), before, 'the lesion image keeps its link to its regional image');
});

test('derive lesion-remove of an image the regional image does not reference as a lesion image, and lesion-clear of one that lists none, leave the file as it was, not rewritten', () => {
  const dir = tempDir('derive-lesion-remove-absent');
  const regional = join(dir, 'regional.dcm');
  // It references 2.25.2 for another purpose (its uncompressed predecessor): no lesion link, which stays.
  const { regional: dataset } = tbpCorpus();
  dataset.set('ReferencedImageSequence', [referenceItem({ sopClassUid: VL_PHOTOGRAPHIC_IMAGE_STORAGE, sopInstanceUid: '2.25.2', purpose: PURPOSE_UNCOMPRESSED_PREDECESSOR })]);
  writeObject(regional, dataset);
  const before = statSync(regional);
  for (const uid of ['2.25.1', '2.25.2']) {
    const r = cli('derive', 'lesion-remove', regional, uid);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `${regional} does not reference ${uid} as a lesion image\n`);
    // A rewrite renames a new file into place (and writes the meta information as this toolkit's).
    assert.equal(statSync(regional).ino, before.ino);
  }
  assert.equal(readDicomFile(regional).dataset.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), '2.25.2');
  // lesion-clear of a regional image that lists no lesion: nothing to clear, nothing rewritten
  assert.equal(cli('derive', 'lesion-clear', regional).status, 0);
  const cleared = statSync(regional);
  const again = cli('derive', 'lesion-clear', regional);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, '0 lesion(s) cleared\n');
  assert.equal(statSync(regional).ino, cleared.ino);
});

test('derive lesion-add of a lesion image already linked leaves both files as they were, not rewritten, and says so (--json: added false)', () => {
  const dir = tempDir('derive-lesion-add-twice');
  const corpus = tbpCorpus();
  const [regional, crop] = [join(dir, 'regional.dcm'), join(dir, 'crop.dcm')];
  writeObject(regional, corpus.regional);
  writeObject(crop, corpus.crop);
  const first = cli('derive', 'lesion-add', '--json', regional, crop);
  assert.equal(first.status, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout), { regional, images: [{ file: crop, added: true }] });
  const before = [regional, crop].map((path) => ({ ino: statSync(path).ino, bytes: readFileSync(path) }));
  const again = cli('derive', 'lesion-add', regional, crop);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, `${crop}: already linked to ${regional}, nothing added\n`);
  // --json says it too, as it says a link added.
  const json = cli('derive', 'lesion-add', '--json', regional, crop);
  assert.equal(json.status, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), { regional, images: [{ file: crop, added: false }] });
  // A rewrite renames a new file into place (and writes the meta information as this toolkit's).
  assert.deepEqual([regional, crop].map((path) => ({ ino: statSync(path).ino, bytes: readFileSync(path) })), before);
});

test('derive lesion-remove of a value that is not a UID is refused naming the argument and what is wrong (exit 2), the file untouched', () => {
  const dir = tempDir('derive-lesion-remove-not-uid');
  const regional = join(dir, 'regional.dcm');
  writeObject(regional, tbpCorpus().regional);
  const before = statSync(regional).ino;
  const r = cli('derive', 'lesion-remove', regional, 'notauid');
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, 'error: command-argument value \'notauid\' is invalid for argument \'sop-instance-uid\'. a UID (digits separated by "."): component "notauid" is not digits\n');
  assert.equal(statSync(regional).ino, before);
});

test('derive lesion-add refuses an image of another study, cut from another regional image or the regional image itself, naming it: exit 2, nothing rewritten', () => {
  const dir = tempDir('derive-lesion-add-other');
  const corpus = tbpCorpus();
  const regional = join(dir, 'regional.dcm');
  // One that names a lesion, which would otherwise be listed as an image of it.
  corpus.regional.set('TrackingID', 'L3');
  writeObject(regional, corpus.regional);
  const followUp = join(dir, 'followup.dcm');
  writeObject(followUp, corpus.followUp);
  const elsewhere = corpus.crop.clone();
  elsewhere.set('SourceImageSequence[0].ReferencedSOPInstanceUID', '1.2.3.99');
  const crop = join(dir, 'crop.dcm');
  writeObject(crop, elsewhere);
  const before = [regional, followUp, crop].map((f) => readFileSync(f));
  for (const [image, why] of [[followUp, 'the lesion image is of study 1.2.826.0.1.3680043.8.498.3, the regional image of study 1.2.826.0.1.3680043.8.498.1: link images of one visit'],
    [crop, 'the lesion image was cut from regional image 1.2.3.99 (Source Image Sequence), not from this one (1.2.826.0.1.3680043.8.498.10.1)'],
    [regional, 'the lesion image is the regional image itself (1.2.826.0.1.3680043.8.498.10.1): give the images of its lesions']]) {
    const r = cli('derive', 'lesion-add', regional, image!);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `error [INVALID_ARGUMENT]: ${image}: ${why}\n`);
  }
  assert.deepEqual([regional, followUp, crop].map((f) => readFileSync(f)), before);
});

test('derive crop --lesion-id: a new lesion gets its own Tracking UID, not the source\'s; the source\'s lesion keeps it', () => {
  const dir = tempDir('derive-crop-tracking');
  const corpus = tbpCorpus();
  const source = join(dir, 'dermoscopic.dcm');
  writeObject(source, corpus.crop);
  const tracking = (id: string): (string | undefined)[] => {
    const out = join(dir, `${id}.dcm`);
    const r = cli('derive', 'crop', source, '--region', '0,0,4,4', '--lesion-id', id, '-o', out);
    assert.equal(r.status, 0, r.stderr);
    const ds = readDicomFile(out).dataset;
    return [ds.getString('TrackingID'), ds.getString('TrackingUID')];
  };
  const [, uid] = tracking('L-NEW');
  assert.notEqual(uid, corpus.crop.getString('TrackingUID'));
  assert.deepEqual(tracking('L-NEW'), ['L-NEW', uid], 'one lesion, one Tracking UID');
  assert.deepEqual(tracking('LESION-SECRET-7'), ['LESION-SECRET-7', corpus.crop.getString('TrackingUID')]);
});

test('derive crop: a --tracking-uid or --series-uid that is no UID, or a --tracking-uid without --lesion-id, is refused naming the option and what is wrong (exit 2), nothing written', () => {
  const dir = tempDir('derive-crop-uids');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const out = join(dir, 'crop.dcm');
  for (const [args, message] of [
    [['--lesion-id', 'L1', '--tracking-uid', 'bad.uid'], `error: option '--tracking-uid <uid>' argument 'bad.uid' is invalid. a UID (digits separated by "."): component "bad" is not digits\n`],
    [['--lesion-id', 'L1', '--tracking-uid', ''], `error: option '--tracking-uid <uid>' argument '' is invalid. a UID (digits separated by "."): empty\n`],
    [['--series-uid', '1.02'], `error: option '--series-uid <uid>' argument '1.02' is invalid. a UID (digits separated by "."): component "02" has a leading zero\n`],
    [['--tracking-uid', '1.2.3'], 'error [INVALID_ARGUMENT]: --tracking-uid is the Tracking UID of the lesion the crop shows, so it needs --lesion-id (the lesion)\n'],
  ] as const) {
    const r = cli('derive', 'crop', source, '--region', '0,0,8,8', ...args, '-o', out);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, message, args.join(' '));
  }
  assert.throws(() => statSync(out), 'no crop written');
  const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '--lesion-id', 'L1', '--tracking-uid', '1.2.3', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readDicomFile(out).dataset.getString('TrackingUID'), '1.2.3');
});

test('derive lesion-add: a lesion listed without a Tracking UID takes the one a later image of it brings; one in conflict is refused (exit 2)', () => {
  const dir = tempDir('derive-lesion-add-tracking');
  const corpus = tbpCorpus();
  const regional = join(dir, 'regional.dcm');
  writeObject(regional, corpus.regional);
  const image = (name: string, sopInstanceUid: string, trackingUid?: string): string => {
    const ds = corpus.crop.clone();
    ds.set('SOPInstanceUID', sopInstanceUid);
    if (trackingUid) ds.set('TrackingUID', trackingUid);
    else ds.delete('TrackingUID');
    writeObject(join(dir, name), ds);
    return join(dir, name);
  };
  const uid = corpus.crop.getString('TrackingUID')!;
  const trackingUids = (): (string | undefined)[] => listLesions(readDicomFile(regional).dataset).map((lesion) => lesion.trackingUid);
  assert.equal(cli('derive', 'lesion-add', regional, image('first.dcm', '1.2.3.1')).status, 0);
  assert.deepEqual(trackingUids(), [undefined]);
  const r = cli('derive', 'lesion-add', regional, image('second.dcm', '1.2.3.2', uid));
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(trackingUids(), [uid]);
  const conflicting = image('third.dcm', '1.2.3.3', '1.2.3.99');
  const refused = cli('derive', 'lesion-add', regional, conflicting);
  assert.equal(refused.status, 2, refused.stderr);
  assert.equal(refused.stderr, `error [INVALID_ARGUMENT]: ${conflicting}: lesion LESION-SECRET-7 has Tracking UID ${uid} in the regional image's lesion list, not 1.2.3.99\n`);
  assert.deepEqual(trackingUids(), [uid]);
});

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));

test('derive crop --lesion-id of the demo\'s regional image writes a Dermoscopic Photography crop (DMS) that validates, and lesion-add links it', () => {
  const dir = tempDir('derive-crop-dms');
  assert.equal(cli('import', SAMPLE, '-o', join(dir, 'study')).status, 0);
  const regional = (JSON.parse(cli('lesions', '--json', join(dir, 'study')).stdout) as LesionReport[]).find((r) => r.role === 'regional')!.file;
  const out = join(dir, 'crop.dcm');
  const r = cli('derive', 'crop', regional, '--region', '100,120,64,48', '--lesion-id', 'L-NEW', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const crop = readDicomFile(out);
  assert.deepEqual([crop.meta.getString('MediaStorageSOPClassUID'), crop.dataset.getString('SOPClassUID'), crop.dataset.getString('Modality')],
    [DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, 'DMS']);
  const validated = cli('validate', out);
  assert.equal(validated.status, 0, validated.stdout + validated.stderr);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(out), []);
  const added = cli('derive', 'lesion-add', regional, out);
  assert.equal(added.status, 0, added.stderr);
  const report = JSON.parse(cli('lesions', '--json', out).stdout) as LesionReport;
  assert.equal(report.role, 'crop');
  assert.equal(report.lesion?.lesionId, 'L-NEW');
  const listed = listLesions(readDicomFile(regional).dataset).find((lesion) => lesion.lesionId === 'L-NEW');
  assert.deepEqual(listed?.images.map((image) => image.sopInstanceUid), [crop.dataset.getString('SOPInstanceUID')]);
});

test('derive crop --lesion-id of a regional image lacking Enhanced General Equipment values is refused naming them and the file (exit 2), nothing written', () => {
  const dir = tempDir('derive-crop-equipment');
  const regional = tbpCorpus().regional;
  regional.delete('DeviceSerialNumber');
  const source = join(dir, 'regional.dcm');
  writeObject(source, regional);
  const out = join(dir, 'crop.dcm');
  const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '--lesion-id', 'L1', '-o', out);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `error [INVALID_ARGUMENT]: ${source}: a lesion crop of a VL Photographic image is a Dermoscopic Photography Image, whose Enhanced General Equipment needs values the source lacks: DeviceSerialNumber (0018,1000) (set them with modify, or crop without --lesion-id)\n`);
  assert.throws(() => statSync(out), 'no crop written');
});

test('derive crop --lesion-id of an image whose IOD has no Tracking ID/UID (Secondary Capture) is refused naming the IOD (exit 2), nothing written; without it the crop is cut', () => {
  const dir = tempDir('derive-crop-sc-lesion');
  const image = tbpCorpus().regional;
  image.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  const source = join(dir, 'sc.dcm');
  writeObject(source, image);
  const out = join(dir, 'crop.dcm');
  const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '--lesion-id', 'L1', '-o', out);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `error [INVALID_ARGUMENT]: ${source}: a lesion crop keeps its source's SOP Class, and a Secondary Capture Image has no Tracking ID or Tracking UID (Dermoscopic Photography and Confocal Microscopy images have them, and a VL Photographic image's lesion crop becomes a Dermoscopic Photography image): crop without --lesion-id\n`);
  assert.throws(() => statSync(out), 'no crop written');
  assert.equal(cli('derive', 'crop', source, '--region', '0,0,8,8', '-o', out).status, 0);
  assert.equal(readDicomFile(out).dataset.has('TrackingUID'), false);
});

test('derive crop of an image with an overlay plane: dcmdump reads the overlay cut to the crop, dciodvfy finds no error in it; a tiled image is refused (exit 2)', { skip: spawnSync('dcmdump', ['--version']).status !== 0 }, () => {
  const dir = tempDir('derive-crop-overlay');
  const regional = tbpCorpus().regional;
  // a 16×16 overlay at row 5, column 9 of the 32×24 image, every bit set
  setOverlay(regional, '6000', 16, 16, [5, 9]);
  const source = join(dir, 'regional.dcm');
  writeObject(source, regional);
  const out = join(dir, 'crop.dcm');
  const r = cli('derive', 'crop', source, '--region', '4,2,10,6', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const dump = spawnSync('dcmdump', ['+P', '6000,0010', '+P', '6000,0011', '+P', '6000,0050', '+P', '6000,3000', out], { encoding: 'utf8' }).stdout;
  // rows 4-7 and columns 8-13 of the source: 4 rows and 6 columns from the crop's row 3, column 5
  assert.match(dump, /\(6000,0010\) US 4 /);
  assert.match(dump, /\(6000,0011\) US 6 /);
  assert.match(dump, /\(6000,0050\) SS 3\\5 /);
  assert.match(dump, /\(6000,3000\) OW ffff\\00ff /);
  if (HAVE_DCIODVFY) assert.deepEqual([...dciodvfyErrors(source), ...dciodvfyErrors(out)], []);
  regional.set('TotalPixelMatrixColumns', 64, 'UL');
  regional.set('TotalPixelMatrixRows', 48, 'UL');
  writeObject(source, regional);
  const tiled = cli('derive', 'crop', source, '--region', '4,2,10,6', '-o', join(dir, 'tiled.dcm'));
  assert.equal(tiled.status, 2, tiled.stderr);
  assert.match(tiled.stderr, /the source is a tiled image \(Total Pixel Matrix 64×48 in 1 frame\(s\) of 32×24\)/);
});

test('derive crop: --quality without --encoding jpeg is refused (exit 2), nothing written, rather than ignored without a word', () => {
  const dir = tempDir('derive-crop-quality');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const out = join(dir, 'crop.dcm');
  for (const encoding of [[], ['--encoding', 'native']]) {
    const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '-o', out, '--quality', '50', ...encoding);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, 'error [INVALID_ARGUMENT]: --quality is the JPEG quality of a crop re-encoded with --encoding jpeg, so it needs --encoding jpeg\n');
    assert.equal(existsSync(out), false);
  }
});

test('derive crop of an image holding a sequence as UN whose bytes are no items leaves it out, in items too, saying so (exit 1): the crop validates', () => {
  const dir = tempDir('derive-crop-un');
  assert.equal(cli('import', SAMPLE, '-o', join(dir, 'study')).status, 0);
  const regional = (JSON.parse(cli('lesions', '--json', join(dir, 'study')).stdout) as LesionReport[]).find((r) => r.role === 'regional')!.file;
  const source = readDicomFile(regional).dataset;
  const garbage = Buffer.from('no items');
  source.addElement(new Element(tagOf('ReferencedPerformedProcedureStepSequence')!, 'UN', garbage));
  source.items('AnatomicRegionSequence')[0]!.addElement(new Element(tagOf('AnatomicRegionModifierSequence')!, 'UN', garbage));
  const damaged = join(dir, 'damaged.dcm');
  writeObject(damaged, source);
  const out = join(dir, 'crop.dcm');
  const r = cli('derive', 'crop', damaged, '--region', '100,120,64,48', '-o', out);
  assert.equal(r.status, 1, r.stderr);
  const left = 'a sequence held as UN whose bytes are not sequence items; left out of the derived image';
  assert.equal(r.stderr, [
    `warning: ${damaged}: ReferencedPerformedProcedureStepSequence: ${left}`,
    `warning: ${damaged}: AnatomicRegionSequence[0].AnatomicRegionModifierSequence: ${left}`,
  ].map((line) => `${line}\n`).join(''));
  const crop = readDicomFile(out).dataset;
  assert.ok(!crop.has('ReferencedPerformedProcedureStepSequence') && !crop.has('AnatomicRegionSequence[0].AnatomicRegionModifierSequence'));
  const validated = cli('validate', out);
  assert.equal(validated.status, 0, validated.stdout + validated.stderr);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(out), []);
});

test('derive lesion-clear --json prints the regional image and the number of lesions cleared, as the other derive commands print JSON', () => {
  const dir = tempDir('derive-clear-json');
  assert.equal(cli('import', SAMPLE, '-o', join(dir, 'study')).status, 0);
  const regional = (JSON.parse(cli('lesions', '--json', join(dir, 'study')).stdout) as LesionReport[]).find((r) => r.role === 'regional')!.file;
  const listed = listLesions(readDicomFile(regional).dataset).length;
  assert.ok(listed > 0);
  const r = cli('derive', 'lesion-clear', '--json', regional);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { regional, cleared: listed });
  assert.deepEqual(listLesions(readDicomFile(regional).dataset), []);
});

test('derive rewrites, and crop without --link, say what the read of the file corrected (a File Meta Information Group Length of 4 GiB) as convert says it, exit 1; a file not rewritten, nothing', () => {
  const dir = tempDir('derive-rewrite-warnings');
  const corpus = tbpCorpus();
  const [regional, lesionImage] = [join(dir, 'regional.dcm'), join(dir, 'crop.dcm')];
  writeObject(regional, corpus.regional);
  // A lesion image that does not yet reference the regional image, so that lesion-add rewrites it too.
  const unlinked = corpus.crop.clone();
  unlinked.delete('ReferencedImageSequence');
  writeObject(lesionImage, unlinked);
  const warningOf = (path: string): string => `warning: ${path}: ${breakGroupLength(path)}\n`;
  const said = (r: ReturnType<typeof cli>, stderr: string): void => {
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, stderr);
  };
  // The crop is written first, then the source rewritten to list it: said of the source.
  const sourceWarning = warningOf(regional);
  const out = join(dir, 'crop1.dcm');
  const crop = cli('derive', 'crop', regional, '--region', '0,0,8,8', '--lesion-id', 'L1', '--link', '-o', out);
  said(crop, sourceWarning);
  assert.equal(crop.stdout, `${out}  ${readDicomFile(out).dataset.getString('SOPInstanceUID')}\n`);
  // Without --link the source is only read: its read's warning is said all the same, once with --link too.
  const readWarning = warningOf(regional);
  const alone = cli('derive', 'crop', regional, '--region', '0,0,8,8', '-o', join(dir, 'crop2.dcm'));
  said(alone, readWarning);
  said(cli('derive', 'crop', regional, '--region', '0,0,8,8', '--lesion-id', 'L1', '--link', '-o', join(dir, 'crop3.dcm')), readWarning);
  // The lesion image and the regional image: each rewritten, each said.
  const regionalWarning = warningOf(regional);
  const lesionWarning = warningOf(lesionImage);
  said(cli('derive', 'lesion-add', regional, lesionImage), lesionWarning + regionalWarning);
  for (const path of [regional, lesionImage]) assert.deepEqual(readDicomFile(path).warnings, [], `${path} rewritten with the group length its group takes`);
  const uid = corpus.crop.getString('SOPInstanceUID')!;
  const removedWarning = warningOf(regional);
  said(cli('derive', 'lesion-remove', regional, uid), removedWarning);
  // No longer referenced: the regional image is not rewritten, so it keeps what it had, and nothing of it is said.
  const stillWrong = warningOf(regional);
  const notReferenced = cli('derive', 'lesion-remove', regional, uid);
  assert.equal(notReferenced.status, 1, notReferenced.stderr);
  assert.equal(notReferenced.stderr, `${regional} does not reference ${uid} as a lesion image\n`);
  said(cli('derive', 'lesion-clear', regional), stillWrong);
  warningOf(regional);
  const nothingToClear = cli('derive', 'lesion-clear', regional);
  assert.equal(nothingToClear.status, 0, nothingToClear.stderr);
  assert.equal(nothingToClear.stderr, '');
});

test('derive lesion-add of a second crop of an imported lesion at another place keeps both places, as the import writes them; lesion-remove gives back the imported regional image', async () => {
  const dir = tempDir('derive-lesion-add-places');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  // L1 has a crop at 10, 12 in R1.
  const imported = cli('import', writeThreeImageManifest(dir), '-o', join(dir, 'study'), '--json');
  assert.equal(imported.status, 0, imported.stderr);
  const objects = (JSON.parse(imported.stdout) as { objects: { role: string; path: string; sopInstanceUid: string }[] }).objects;
  const regional = objects.find((o) => o.role === 'regional')!.path;
  const first = objects.find((o) => o.role === 'crop')!.sopInstanceUid;
  const asImported = readDicomFile(regional);
  const out = join(dir, 'crop2.dcm');
  // A crop of L1 centred at 40, 30.
  assert.equal(cli('derive', 'crop', regional, '--region', '38,28,5,5', '--lesion-id', 'L1', '-o', out).status, 0);
  const second = readDicomFile(out).dataset.getString('SOPInstanceUID')!;
  const added = cli('derive', 'lesion-add', regional, out);
  assert.equal(added.status, 0, added.stderr);

  const [shown] = readLesions(regional).lesionsShown;
  assert.equal(shown!.position2d, undefined, 'the crops disagree: the lesion has no one position');
  assert.deepEqual(shown!.imagePositions2d, { [first]: [10, 12], [second]: [40, 30] });
  assert.match(cli('derive', 'lesion-list', regional).stdout, new RegExp(`^L1  \\S+\\n  \\S+\\n  ${first} at 10,12\\n  ${second} at 40,30\\n$`));
  const listed = JSON.parse(cli('derive', 'lesion-list', '--json', regional).stdout) as { position2d?: number[]; imagePositions2d?: object }[];
  assert.deepEqual(listed.map((l) => [l.position2d, l.imagePositions2d]), [[undefined, { [first]: [10, 12], [second]: [40, 30] }]]);
  const validated = cli('validate', regional, out);
  assert.equal(validated.status, 0, validated.stdout + validated.stderr);
  if (HAVE_DCIODVFY) assert.deepEqual([...dciodvfyErrors(regional), ...dciodvfyErrors(out)], []);

  // Without the second crop the regional image is the one imported, the lesion at its one crop's place.
  assert.equal(cli('derive', 'lesion-remove', regional, second).status, 0);
  const back = readDicomFile(regional);
  assert.deepEqual(encodeDataset(back.dataset, back.transferSyntaxUid), encodeDataset(asImported.dataset, asImported.transferSyntaxUid));
  assert.deepEqual(readLesions(regional).lesionsShown[0]!.position2d, [10, 12]);
});
