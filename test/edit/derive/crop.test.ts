import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { Encapsulated } from '../../../src/core/element.js';
import { DicomError } from '../../../src/core/errors.js';
import { EXPLICIT_VR_LE, JPEG_BASELINE } from '../../../src/io/transfer-syntax.js';
import { cropImage } from '../../../src/edit/derive/crop-image.js';
import { cropNative } from '../../../src/edit/derive/native-crop.js';
import { parseJpeg } from '../../../src/pixel/jpeg-header.js';
import { addLesionImage } from '../../../src/edit/lesions/lesion-references.js';
import { lesionTrackingUid } from '../../../src/tbp/tracking-uid.js';
import type { Dataset } from '../../../src/core/dataset.js';
import { readLesionFacts, readTbpNumbers, setCalibration, setLesionFacts } from '../../../src/tbp/tbp-attributes.js';
import { TBP_GROUP, tbpKey } from '../../../src/tbp/private-dictionary.js';
import { tbpCorpus } from '../fixtures/corpus.js';
import { setOverlay } from '../../helpers/overlay-plane.js';
import { privateBlockAsUnknown } from '../../helpers/unknown-vr.js';
import { writeDicomFile } from '../../../src/io/part10-writer.js';
import { HAVE_DCIODVFY, HAVE_DCMJ2PNM, dciodvfyErrors, dciodvfyFindings, decodeWithDcmtk, tempDir, testPixels } from '../../tbp/tools.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../../src/iod/builders/sop-classes.js';
import { importCapture } from '../../../src/tbp/capture-import.js';
import { validateFiles } from '../../../src/validate/files.js';
import { formatFinding } from '../../../src/validate/index.js';

test('a native crop copies the region, and the header says how the image was derived', async () => {
  const regional = tbpCorpus().regional;
  const source = regional.bytes('PixelData')!;
  const { dataset: crop, transferSyntaxUid } = await cropImage(regional, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 }, lesion: { id: 'L7' } });
  assert.equal(transferSyntaxUid, EXPLICIT_VR_LE);
  assert.equal(crop.getNumber('Rows'), 6);
  assert.equal(crop.getNumber('Columns'), 10);
  const pixels = crop.bytes('PixelData')!;
  assert.equal(pixels.length, 6 * 10 * 3);
  for (let r = 0; r < 6; r++) {
    assert.deepEqual(pixels.subarray(r * 30, r * 30 + 30), source.subarray(((2 + r) * 32 + 4) * 3, ((2 + r) * 32 + 14) * 3));
  }
  assert.deepEqual(crop.getStrings('ImageType').slice(0, 1), ['DERIVED']);
  assert.notEqual(crop.getString('SOPInstanceUID'), regional.getString('SOPInstanceUID'));
  assert.notEqual(crop.getString('SeriesInstanceUID'), regional.getString('SeriesInstanceUID'));
  for (const kept of ['StudyInstanceUID', 'PatientID', 'AcquisitionDateTime', 'FrameOfReferenceUID']) {
    assert.equal(crop.getString(kept), regional.getString(kept), kept);
  }
  // A lesion crop of a regional image is stored as the import stores lesion crops.
  assert.deepEqual([crop.getString('SOPClassUID'), crop.getString('Modality')], [DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, 'DMS']);
  assert.equal(crop.getString('DerivationDescription'), 'Manual Selection');
  assert.equal(crop.getString('DerivationCodeSequence[0].CodeMeaning'), 'Manual Selection');
  assert.equal(crop.getString('SourceImageSequence[0].ReferencedSOPInstanceUID'), regional.getString('SOPInstanceUID'));
  assert.equal(crop.getString('SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodeValue'), '121322');
  // The crop's pixel (column, row) is the source's (x + column, y + row), and nothing standard says so.
  assert.equal(crop.getString('SourceImageSequence[0].SpatialLocationsPreserved'), 'NO');
  assert.equal(crop.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), regional.getString('SOPInstanceUID'));
  const equipment = crop.items('ContributingEquipmentSequence').at(-1)!;
  assert.equal(equipment.getString('Manufacturer'), 'tbp-dicom');
  assert.equal(equipment.getString('PurposeOfReferenceCodeSequence[0].CodeValue'), '109102');
  assert.equal(crop.getString('CodingSchemeIdentificationSequence[0].CodingSchemeDesignator'), '99TBP');
  assert.deepEqual(readLesionFacts(crop).position2d, [8.5, 4.5]);
  assert.equal(crop.getString('TrackingID'), 'L7');
});

test('colour-by-plane data is cropped plane by plane', () => {
  const layout = { rows: 2, columns: 3, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0, planarConfiguration: 1, frames: 1, photometric: 'RGB' };
  const planes = Buffer.from([1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26]);
  assert.deepEqual([...cropNative(planes, layout, { x: 1, y: 1, width: 2, height: 1 })], [5, 6, 15, 16, 25, 26]);
  assert.throws(() => cropNative(planes, layout, { x: 2, y: 0, width: 2, height: 1 }), /not inside/);
});

test('a JPEG image is decoded with sharp and the crop stored natively, or re-encoded on request', async () => {
  const regional = tbpCorpus().regional;
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < raw.length; i += 3) raw[i] = (i / 3) % 64 < 32 ? 250 : 10;
  const jpeg = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality: 98, chromaSubsampling: '4:4:4' }).toBuffer();
  regional.set('Rows', 48);
  regional.set('Columns', 64);
  regional.set('PhotometricInterpretation', 'YBR_FULL');
  regional.set('PixelData', new Encapsulated(Buffer.alloc(0), [jpeg.length % 2 ? Buffer.concat([jpeg, Buffer.alloc(1)]) : jpeg]), 'OB');
  const native = await cropImage(regional, JPEG_BASELINE, { region: { x: 28, y: 10, width: 8, height: 4 } });
  assert.equal(native.transferSyntaxUid, EXPLICIT_VR_LE);
  assert.equal(native.dataset.getString('PhotometricInterpretation'), 'RGB');
  const px = native.dataset.bytes('PixelData')!;
  assert.equal(px.length, 8 * 4 * 3);
  assert.ok(px[0]! > 200 && px[7 * 3]! < 60, 'left half bright, right half dark');
  const lossy = await cropImage(regional, JPEG_BASELINE, { region: { x: 0, y: 0, width: 16, height: 16 }, encoding: 'jpeg' });
  assert.equal(lossy.transferSyntaxUid, JPEG_BASELINE);
  assert.equal(lossy.dataset.getString('LossyImageCompression'), '01');
  assert.ok(lossy.dataset.items('DerivationCodeSequence').some((i) => i.getString('CodeValue') === '113040'));
  // 4:2:0 chroma, as YBR_FULL_422: the VL image IODs do not allow YBR_FULL for lossy JPEG
  assert.equal(lossy.dataset.getString('PhotometricInterpretation'), 'YBR_FULL_422');
  if (HAVE_DCIODVFY) {
    const file = join(tempDir('crop'), 'lossy.dcm');
    writeDicomFile(file, { dataset: lossy.dataset }, { transferSyntaxUid: lossy.transferSyntaxUid });
    assert.deepEqual(dciodvfyFindings(file).filter((line) => /Photometric/.test(line)), []);
  }
});

test('a JPEG crop keeps the coded samples (no ICC conversion), drops the source\'s offset tables, and refuses a damaged stream', async () => {
  const regional = tbpCorpus().regional;
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < raw.length; i += 3) [raw[i], raw[i + 1], raw[i + 2]] = [250, (i >> 3) & 255, 10];
  const jpeg = await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).withIccProfile('p3').jpeg({ quality: 98, chromaSubsampling: '4:4:4' }).toBuffer();
  const even = (b: Buffer): Buffer => (b.length % 2 ? Buffer.concat([b, Buffer.alloc(1)]) : b);
  regional.set('Rows', 48);
  regional.set('Columns', 64);
  regional.set('PhotometricInterpretation', 'YBR_FULL');
  regional.set('PixelData', new Encapsulated(Buffer.alloc(0), [even(jpeg)]), 'OB');
  regional.set('ExtendedOffsetTable', Buffer.alloc(8), 'OV');
  regional.set('ExtendedOffsetTableLengths', Buffer.from([even(jpeg).length & 0xff, even(jpeg).length >> 8, 0, 0, 0, 0, 0, 0]), 'OV');
  const region = { x: 10, y: 10, width: 8, height: 8 };
  const plain = await sharp(jpeg).extract({ left: 10, top: 10, width: 8, height: 8 }).raw().toBuffer({ resolveWithObject: true });
  const crop = await cropImage(regional, JPEG_BASELINE, { region });
  assert.ok(!crop.dataset.has('ExtendedOffsetTable') && !crop.dataset.has('ExtendedOffsetTableLengths'));
  // sharp's default output would be converted from Display P3 to sRGB; the crop holds the samples as coded.
  const coded = await sharp(jpeg, { ignoreIcc: true }).extract({ left: 10, top: 10, width: 8, height: 8 }).raw().toBuffer();
  assert.deepEqual(crop.dataset.bytes('PixelData'), coded);
  assert.notDeepEqual(plain.data, coded, 'the profile changes the samples, so the test tells the two apart');
  const sos = jpeg.indexOf(Buffer.from([0xff, 0xda]));
  regional.set('PixelData', new Encapsulated(Buffer.alloc(0), [even(Buffer.concat([jpeg.subarray(0, sos + 40), Buffer.from([0xff, 0xd9])]))]), 'OB');
  await assert.rejects(cropImage(regional, JPEG_BASELINE, { region: { x: 0, y: 40, width: 8, height: 8 } }),
    (e: unknown) => e instanceof DicomError && /the JPEG frame cannot be decoded/.test(e.message));
});

test('a MONOCHROME1 JPEG crop stays MONOCHROME1; JPEG that sharp cannot decode is refused before decoding', async () => {
  const regional = tbpCorpus().regional;
  const gray = await sharp(Buffer.alloc(32 * 24, 200), { raw: { width: 32, height: 24, channels: 1 } }).toColourspace('b-w').jpeg().toBuffer();
  regional.set('SamplesPerPixel', 1);
  regional.delete('PlanarConfiguration');
  regional.set('PhotometricInterpretation', 'MONOCHROME1');
  regional.set('PixelData', new Encapsulated(Buffer.alloc(0), [gray.length % 2 ? Buffer.concat([gray, Buffer.alloc(1)]) : gray]), 'OB');
  const crop = await cropImage(regional, JPEG_BASELINE, { region: { x: 0, y: 0, width: 8, height: 8 } });
  assert.equal(crop.dataset.getString('PhotometricInterpretation'), 'MONOCHROME1');
  assert.ok(Math.abs(crop.dataset.bytes('PixelData')![0]! - 200) < 8, 'stored values as they were, not inverted');
  const lossy = await cropImage(regional, JPEG_BASELINE, { region: { x: 0, y: 0, width: 8, height: 8 }, encoding: 'jpeg' });
  assert.equal(lossy.dataset.getString('PhotometricInterpretation'), 'MONOCHROME1');
  assert.equal((await sharp((lossy.dataset.get('PixelData') as Encapsulated).fragments[0] as Buffer).metadata()).channels, 1);
  await assert.rejects(cropImage(regional, '1.2.840.10008.1.2.4.57', { region: { x: 0, y: 0, width: 8, height: 8 } }), /not supported/);
});

test('a source without an image (a mesh, a report) is refused as such, not as a region outside a 0×0 image', async () => {
  const source = tbpCorpus().regional;
  for (const keyword of ['PixelData', 'Rows', 'Columns']) source.delete(keyword);
  await assert.rejects(cropImage(source, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 1, height: 1 } }), (e: unknown) =>
    e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message === 'the source has no Pixel Data to crop');
});

test('a crop is placed where its pixels are: Image Position (Patient) moves to its first pixel', async () => {
  const source = tbpCorpus().regional.clone();
  source.set('ImagePositionPatient', [-100, -100, 0]);
  source.set('ImageOrientationPatient', [0, 1, 0, 0, 0, -1]);
  source.set('PixelSpacing', [0.5, 2]);
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 } });
  // 4 columns of 2 mm along +y, 2 rows of 0.5 mm along −z
  assert.deepEqual(crop.getNumbers('ImagePositionPatient'), [-100, -92, -1]);
  assert.deepEqual(crop.getNumbers('ImageOrientationPatient'), [0, 1, 0, 0, 0, -1]);
});

test('a multi-frame crop moves each frame\'s Plane Position, with that frame\'s orientation and spacing or the shared ones', async () => {
  const source = tbpCorpus().regional.clone();
  source.set('SharedFunctionalGroupsSequence[0].PlaneOrientationSequence[0].ImageOrientationPatient', [0, 1, 0, 0, 0, -1]);
  source.set('SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing', [0.5, 2]);
  source.set('PerFrameFunctionalGroupsSequence[0].PlanePositionSequence[0].ImagePositionPatient', [-100, -100, 0]);
  source.set('PerFrameFunctionalGroupsSequence[1].PlanePositionSequence[0].ImagePositionPatient', [0, 0, 5]);
  source.set('PerFrameFunctionalGroupsSequence[1].PlaneOrientationSequence[0].ImageOrientationPatient', [1, 0, 0, 0, 1, 0]);
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 } });
  assert.deepEqual(crop.getNumbers('PerFrameFunctionalGroupsSequence[0].PlanePositionSequence[0].ImagePositionPatient'), [-100, -92, -1]);
  // its own orientation: 4 columns of 2 mm along +x, 2 rows of 0.5 mm along +y
  assert.deepEqual(crop.getNumbers('PerFrameFunctionalGroupsSequence[1].PlanePositionSequence[0].ImagePositionPatient'), [8, 1, 5]);
});

test('a crop of a slide image leaves its Image Center Point Coordinates Sequence empty: the source\'s centre is not the crop\'s', async () => {
  const source = tbpCorpus().regional;
  source.set('ImageCenterPointCoordinatesSequence[0].XOffsetInSlideCoordinateSystem', 10.5);
  source.set('ImageCenterPointCoordinatesSequence[0].YOffsetInSlideCoordinateSystem', 20.5);
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 } });
  assert.ok(crop.has('ImageCenterPointCoordinatesSequence'), 'Type 2: present');
  assert.deepEqual(crop.items('ImageCenterPointCoordinatesSequence'), []);
});

test('a seriesInstanceUid or lesion.trackingUid that is no UID is refused naming the option, before any work', async () => {
  const { regional } = tbpCorpus();
  const region = { x: 0, y: 0, width: 4, height: 4 };
  // a region outside the image: had the options not been checked first, that would be the error
  const outside = { x: 1000, y: 0, width: 4, height: 4 };
  for (const [options, message] of [
    [{ region: outside, seriesInstanceUid: '1.2.abc' }, 'seriesInstanceUid: "1.2.abc" is not a UID (digits separated by "."): component "abc" is not digits'],
    [{ region: outside, lesion: { id: 'L1', trackingUid: '1.02.3' } }, 'lesion.trackingUid: "1.02.3" is not a UID (digits separated by "."): component "02" has a leading zero'],
    [{ region, lesion: { id: 'L1', trackingUid: '' } }, 'lesion.trackingUid: "" is not a UID (digits separated by "."): empty'],
  ] as const) {
    await assert.rejects(cropImage(regional, EXPLICIT_VR_LE, options), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message === message, message);
  }
});

test('a crop named as a new lesion gets that lesion\'s Tracking UID, never the source\'s; the same lesion keeps it', async () => {
  const { crop: dermoscopic } = tbpCorpus();
  const region = { x: 0, y: 0, width: 4, height: 4 };
  const tracking = async (source: Dataset, lesion: { id: string; trackingUid?: string }) => {
    const { dataset } = await cropImage(source, EXPLICIT_VR_LE, { region, lesion });
    return [dataset.getString('TrackingID'), dataset.getString('TrackingUID')];
  };
  const sourceUid = dermoscopic.getString('TrackingUID')!;
  // The import's Tracking UID of that patient's lesion: one lesion ID, one Tracking UID.
  assert.deepEqual(await tracking(dermoscopic, { id: 'NEW' }), ['NEW', lesionTrackingUid(dermoscopic.getString('PatientID')!, 'NEW')]);
  assert.notEqual(lesionTrackingUid(dermoscopic.getString('PatientID')!, 'NEW'), sourceUid);
  assert.deepEqual(await tracking(dermoscopic, { id: 'LESION-SECRET-7' }), ['LESION-SECRET-7', sourceUid]);
  assert.deepEqual(await tracking(dermoscopic, { id: 'NEW', trackingUid: '1.2.3.4' }), ['NEW', '1.2.3.4']);
  // A regional image's lesion list gives its lesions' Tracking UIDs, and refuses another one for them.
  const { regional } = tbpCorpus();
  addLesionImage(regional, dermoscopic);
  assert.deepEqual(await tracking(regional, { id: 'LESION-SECRET-7' }), ['LESION-SECRET-7', sourceUid]);
  await assert.rejects(tracking(regional, { id: 'LESION-SECRET-7', trackingUid: '1.2.3.4' }),
    new RegExp(`^DicomError: lesion LESION-SECRET-7 has Tracking UID ${sourceUid.replaceAll('.', '\\.')} in the regional image's lesion list, not 1\\.2\\.3\\.4$`));
});

test('a source built in memory whose TBP block is UN is cropped as if read from a file: the block kept in its VRs, the principal point moved', async () => {
  const source = tbpCorpus().regional;
  setCalibration(source, { focalLengthPx: 2400, principalPoint: [16, 12] });
  privateBlockAsUnknown(source, TBP_GROUP);
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 }, keepTbpPrivate: true });
  assert.deepEqual((['TBPFocalLengthPixels', 'TBPPrincipalPoint'] as const).map((k) => crop.element(tbpKey(k))?.vr), ['FD', 'FD']);
  assert.deepEqual(readTbpNumbers(crop, 'TBPPrincipalPoint'), [12, 10]);
});

const SAMPLE = fileURLToPath(new URL('../../../../samples/capture/manifest.yaml', import.meta.url));

/** The demo capture's first regional image, imported. */
async function demoRegional(): Promise<{ dataset: Dataset; transferSyntaxUid: string }> {
  const imported = await importCapture(SAMPLE, { out: tempDir('crop-demo') });
  return readDicomFile(imported.objects.find((o) => o.role === 'regional')!.path);
}

/** dciodvfy's and validate's errors for a crop written to a file. */
function errorsOf(crop: { dataset: Dataset; transferSyntaxUid: string }): string[] {
  const file = join(tempDir('crop-check'), 'crop.dcm');
  writeDicomFile(file, { dataset: crop.dataset }, { transferSyntaxUid: crop.transferSyntaxUid });
  const findings = validateFiles([file]).reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error').map((f) => formatFinding(f));
  return [...findings, ...(HAVE_DCIODVFY ? dciodvfyErrors(file) : [])];
}

test('a lesion crop of the demo\'s regional image is a Dermoscopic Photography image (DMS) without the modules that IOD lacks, and validates clean', async () => {
  const regional = await demoRegional();
  assert.equal(regional.dataset.getString('SOPClassUID'), VL_PHOTOGRAPHIC_IMAGE_STORAGE);
  // What a VL Photographic image may have and a Dermoscopic Photography image may not: Device, Geolocation, overlays.
  regional.dataset.set('DeviceSequence[0].Manufacturer', 'Lens Maker');
  regional.dataset.set('GPSLatitudeRef', 'N');
  for (const group of ['6000', '6002']) setOverlay(regional.dataset, group, 4, 4, [121, 101], () => false); // over the crop
  const region = { x: 100, y: 120, width: 64, height: 48 };
  const crop = await cropImage(regional.dataset, regional.transferSyntaxUid, { region, lesion: { id: 'L-NEW' } });
  const ds = crop.dataset;
  assert.deepEqual([ds.getString('SOPClassUID'), ds.getString('Modality')], [DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, 'DMS']);
  assert.notEqual(ds.getString('SeriesInstanceUID'), regional.dataset.getString('SeriesInstanceUID'));
  assert.equal(ds.getString('FrameOfReferenceUID'), regional.dataset.getString('FrameOfReferenceUID'));
  // The Dermoscopic Image module as the import gives a crop: settings unknown (Type 2 empty), no recognizable features.
  assert.equal(ds.getString('RecognizableVisualFeatures'), 'NO');
  for (const keyword of ['LightSourcePolarization', 'EmitterColorTemperature', 'ContactMethod', 'OpticalMagnificationFactor']) {
    assert.ok(ds.has(keyword) && ds.getString(keyword) === undefined, `${keyword} present, empty`);
  }
  for (const gone of ['DeviceSequence', 'GPSLatitudeRef', '(6000,0010)', '(6000,3000)', '(6002,0010)', '(6002,3000)']) assert.ok(!ds.has(gone), gone);
  assert.equal(ds.getString('ReferencedImageSequence[0].ReferencedSOPClassUID'), VL_PHOTOGRAPHIC_IMAGE_STORAGE, 'the source is named with its own class');
  assert.deepEqual(errorsOf(crop), []);

  const plain = await cropImage(regional.dataset, regional.transferSyntaxUid, { region });
  assert.deepEqual([plain.dataset.getString('SOPClassUID'), plain.dataset.getString('Modality')], [VL_PHOTOGRAPHIC_IMAGE_STORAGE, 'XC'], 'a crop without a lesion keeps its class');
  assert.ok(plain.dataset.has('DeviceSequence') && plain.dataset.has('(6002,0010)'));
});

test('a lesion crop of a regional image without a Frame of Reference gets a new one; a dermoscopic image\'s crop stays DMS', async () => {
  const regional = await demoRegional();
  regional.dataset.delete('FrameOfReferenceUID');
  regional.dataset.delete('PositionReferenceIndicator');
  const crop = await cropImage(regional.dataset, regional.transferSyntaxUid, { region: { x: 0, y: 0, width: 8, height: 8 }, lesion: { id: 'L1' } });
  assert.match(crop.dataset.getString('FrameOfReferenceUID') ?? '', /^2\.25\.\d+$/);
  assert.ok(crop.dataset.has('PositionReferenceIndicator') && crop.dataset.getString('PositionReferenceIndicator') === undefined);
  assert.deepEqual(errorsOf(crop), []);
  const again = await cropImage(tbpCorpus().crop, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 }, lesion: { id: 'L1' } });
  assert.deepEqual([again.dataset.getString('SOPClassUID'), again.dataset.getString('Modality')], [DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, 'DMS']);
});

test('a lesion crop of a regional image lacking Enhanced General Equipment values is refused naming them; without a lesion it is cut', async () => {
  const { regional } = tbpCorpus();
  regional.delete('ManufacturerModelName');
  regional.set('SoftwareVersions', '');
  const region = { x: 0, y: 0, width: 8, height: 8 };
  await assert.rejects(cropImage(regional, EXPLICIT_VR_LE, { region, lesion: { id: 'L1' } }), (e: unknown) =>
    e instanceof DicomError && e.code === 'INVALID_ARGUMENT'
    && e.message === 'a lesion crop of a VL Photographic image is a Dermoscopic Photography Image, whose Enhanced General Equipment needs values the source lacks: ManufacturerModelName (0008,1090), SoftwareVersions (0018,1020) (set them with modify, or crop without --lesion-id)');
  const plain = await cropImage(regional, EXPLICIT_VR_LE, { region });
  assert.equal(plain.dataset.getString('SOPClassUID'), VL_PHOTOGRAPHIC_IMAGE_STORAGE);
});

/** The set bits of an overlay plane, as "row,column" in the image (from 0). */
function overlayPixels(ds: Dataset, group: string): string[] {
  const [rows, columns] = [ds.getNumber(`(${group},0010)`)!, ds.getNumber(`(${group},0011)`)!];
  const [top, left] = ds.getNumbers(`(${group},0050)`) as [number, number];
  const bits = ds.bytes(`(${group},3000)`)!;
  const set: string[] = [];
  for (let i = 0; i < rows * columns; i++) if ((bits[i >> 3]! >> (i & 7)) & 1) set.push(`${top - 1 + Math.floor(i / columns)},${left - 1 + (i % columns)}`);
  return set;
}

test('a crop cuts the overlays with the image: each keeps the part over the crop and marks the same pixels; one outside it goes, as does the icon', async () => {
  const regional = await demoRegional();
  const source = regional.dataset;
  const pattern = (r: number, c: number) => (r * 7 + c) % 3 === 0;
  setOverlay(source, '6000', 80, 100, [101, 91], pattern); // rows 100-179, columns 90-189: partly over the crop
  setOverlay(source, '6002', 4, 6, [131, 111], () => true); // wholly inside the crop
  setOverlay(source, '6004', 10, 10, [1, 1], () => true); // wholly outside it
  for (const [group, area] of [['6000', 80 * 100], ['6002', 4 * 6], ['6004', 10 * 10]] as const) source.set(`(${group},1301)`, area, 'IS'); // ROI Area
  // an icon of the whole source, as a camera writes one
  source.set('IconImageSequence[0].Rows', 4, 'US');
  source.set('IconImageSequence[0].Columns', 4, 'US');
  source.set('IconImageSequence[0].SamplesPerPixel', 1, 'US');
  source.set('IconImageSequence[0].PhotometricInterpretation', 'MONOCHROME2');
  source.set('IconImageSequence[0].BitsAllocated', 8, 'US');
  source.set('IconImageSequence[0].BitsStored', 8, 'US');
  source.set('IconImageSequence[0].HighBit', 7, 'US');
  source.set('IconImageSequence[0].PixelRepresentation', 0, 'US');
  source.set('IconImageSequence[0].PixelData', Buffer.alloc(16, 128), 'OB');
  const region = { x: 100, y: 120, width: 64, height: 48 };
  const crop = await cropImage(source, regional.transferSyntaxUid, { region });
  const ds = crop.dataset;
  // The part of 6000 over the crop: source rows 120-167, columns 100-163 (the crop's whole width and height).
  assert.deepEqual([ds.getNumber('(6000,0010)'), ds.getNumber('(6000,0011)'), ds.getNumbers('(6000,0050)')], [48, 64, [1, 1]]);
  const expected: string[] = [];
  for (let r = 120; r < 168; r++) for (let c = 100; c < 164; c++) if (pattern(r - 100, c - 90)) expected.push(`${r - region.y},${c - region.x}`);
  assert.deepEqual(overlayPixels(ds, '6000'), expected);
  assert.equal(ds.bytes('(6000,3000)')!.length, (48 * 64) / 8);
  assert.ok(!ds.has('(6000,1301)'), 'ROI Area of the whole overlay no longer holds');
  // 6002 is whole: moved, not cut, and its ROI Area stands.
  assert.deepEqual([ds.getNumber('(6002,0010)'), ds.getNumber('(6002,0011)'), ds.getNumbers('(6002,0050)'), ds.getNumber('(6002,1301)')], [4, 6, [11, 11], 24]);
  assert.equal(overlayPixels(ds, '6002').length, 24);
  assert.deepEqual(ds.group(0x6004), []);
  assert.ok(!ds.has('IconImageSequence'), 'a thumbnail of the whole source');
  assert.deepEqual(errorsOf(crop), []);
});

test('a crop of a JPEG image that does not say it is lossy says so, with the JPEG\'s ratio ahead of a re-encoding\'s', async () => {
  const regional = tbpCorpus().regional;
  const jpeg = await sharp(testPixels(64, 48), { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer();
  const even = jpeg.length % 2 ? Buffer.concat([jpeg, Buffer.alloc(1)]) : jpeg;
  regional.set('Rows', 48);
  regional.set('Columns', 64);
  regional.set('PhotometricInterpretation', 'YBR_FULL');
  regional.set('PixelData', new Encapsulated(Buffer.alloc(0), [even]), 'OB');
  regional.set('LossyImageCompression', '00');
  const ratio = ((64 * 48 * 3) / even.length).toFixed(2);
  const region = { x: 8, y: 8, width: 16, height: 16 };
  const native = (await cropImage(regional, JPEG_BASELINE, { region })).dataset;
  assert.deepEqual([native.getString('LossyImageCompression'), native.getStrings('LossyImageCompressionRatio'), native.getStrings('LossyImageCompressionMethod')],
    ['01', [ratio], ['ISO_10918_1']]);
  const lossy = (await cropImage(regional, JPEG_BASELINE, { region, encoding: 'jpeg' })).dataset;
  assert.deepEqual(lossy.getStrings('LossyImageCompressionMethod'), ['ISO_10918_1', 'ISO_10918_1']);
  assert.equal(lossy.getStrings('LossyImageCompressionRatio')[0], ratio);
  // A source that says so keeps its own values.
  regional.set('LossyImageCompression', '01');
  regional.set('LossyImageCompressionRatio', '12.5');
  regional.set('LossyImageCompressionMethod', 'ISO_10918_1');
  assert.deepEqual((await cropImage(regional, JPEG_BASELINE, { region })).dataset.getStrings('LossyImageCompressionRatio'), ['12.5']);
});

test('a tiled image (Total Pixel Matrix in tiles) is refused: a region cut out of every tile is no crop of it', async () => {
  const source = tbpCorpus().regional;
  source.set('TotalPixelMatrixColumns', 64, 'UL');
  source.set('TotalPixelMatrixRows', 64, 'UL');
  await assert.rejects(cropImage(source, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 } }), (e: unknown) =>
    e instanceof DicomError && e.code === 'INVALID_ARGUMENT'
    && e.message === 'the source is a tiled image (Total Pixel Matrix 64×64 in 1 frame(s) of 32×24): crop cuts single images, not tiled ones');
});

test('a crop moves the shutters, collimator and exposure control regions given in pixels by the region, at any depth', async () => {
  const source = tbpCorpus().regional;
  source.set('ShutterShape', ['RECTANGULAR', 'CIRCULAR', 'POLYGONAL']);
  source.set('ShutterLeftVerticalEdge', 3);
  source.set('ShutterRightVerticalEdge', 20);
  source.set('ShutterUpperHorizontalEdge', 2);
  source.set('ShutterLowerHorizontalEdge', 15);
  source.set('CenterOfCircularShutter', [10, 12]);
  source.set('RadiusOfCircularShutter', 5);
  source.set('VerticesOfThePolygonalShutter', [2, 3, 10, 20, 15, 3]);
  source.set('CollimatorLowerHorizontalEdge', 22);
  source.set('SharedFunctionalGroupsSequence[0].FrameDisplayShutterSequence[0].ShutterLeftVerticalEdge', 5);
  source.set('ExposureControlSensingRegionsSequence[0].CenterOfCircularExposureControlSensingRegion', [12, 16]);
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 } });
  const numbers = (path: string) => crop.getNumbers(path);
  // columns move back 4, rows 2; the left edge now lies left of the crop, as an edge may lie outside an image
  assert.deepEqual(['ShutterLeftVerticalEdge', 'ShutterRightVerticalEdge', 'ShutterUpperHorizontalEdge', 'ShutterLowerHorizontalEdge'].map((k) => crop.getNumber(k)), [-1, 16, 0, 13]);
  assert.deepEqual(numbers('CenterOfCircularShutter'), [8, 8]);
  assert.equal(crop.getNumber('RadiusOfCircularShutter'), 5);
  assert.deepEqual(numbers('VerticesOfThePolygonalShutter'), [0, -1, 8, 16, 13, -1]);
  assert.equal(crop.getNumber('CollimatorLowerHorizontalEdge'), 20);
  assert.equal(crop.getNumber('SharedFunctionalGroupsSequence[0].FrameDisplayShutterSequence[0].ShutterLeftVerticalEdge'), 1);
  assert.deepEqual(numbers('ExposureControlSensingRegionsSequence[0].CenterOfCircularExposureControlSensingRegion'), [10, 12]);
});

test('a crop cuts the ultrasound regions to it, keeping each reference pixel where it was; a region outside the crop goes', async () => {
  const source = tbpCorpus().regional;
  const corners = ['RegionLocationMinX0', 'RegionLocationMinY0', 'RegionLocationMaxX1', 'RegionLocationMaxY1'];
  const regions = [[0, 0, 31, 23, 10, 5], [20, 0, 31, 23, 0, 0], [6, 3, 8, 4, -2, 0]];
  regions.forEach((values, i) => {
    corners.forEach((k, j) => source.set(`SequenceOfUltrasoundRegions[${i}].${k}`, values[j]!));
    source.set(`SequenceOfUltrasoundRegions[${i}].ReferencePixelX0`, values[4]!);
    source.set(`SequenceOfUltrasoundRegions[${i}].ReferencePixelY0`, values[5]!);
  });
  const region = { x: 4, y: 2, width: 10, height: 6 };
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region });
  const kept = crop.items('SequenceOfUltrasoundRegions').map((item) => [...corners, 'ReferencePixelX0', 'ReferencePixelY0'].map((k) => item.getNumber(k)));
  // the whole image becomes the whole crop, its reference pixel (10, 5) now at (6, 3); the second lies right of the crop
  assert.deepEqual(kept, [[0, 0, 9, 5, 6, 3], [2, 1, 4, 2, -2, 0]]);
  source.set('SequenceOfUltrasoundRegions', [source.items('SequenceOfUltrasoundRegions')[1]!]);
  assert.ok(!(await cropImage(source, EXPLICIT_VR_LE, { region })).dataset.has('SequenceOfUltrasoundRegions'));
});

test('a crop that keeps the TBP block moves the camera calibration\'s principal point by the region; focal length and distortion stand', async () => {
  const source = tbpCorpus().regional;
  setCalibration(source, { focalLengthPx: 2400, principalPoint: [16, 12], radialDistortion: [-0.05, 0.01] });
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 }, keepTbpPrivate: true });
  assert.deepEqual(readTbpNumbers(crop, 'TBPPrincipalPoint'), [12, 10]);
  assert.deepEqual(readTbpNumbers(crop, 'TBPFocalLengthPixels'), [2400]);
  assert.deepEqual(readTbpNumbers(crop, 'TBPRadialDistortion'), [-0.05, 0.01]);
});

test('a crop\'s DX field of view is the region: the origin moves on the detector, a rectangle\'s dimensions become the crop\'s', async () => {
  const source = tbpCorpus().regional;
  source.set('ImagerPixelSpacing', [0.2, 0.1]);
  source.set('DetectorElementSpacing', [0.1, 0.1]);
  source.set('FieldOfViewShape', 'RECTANGLE');
  source.set('FieldOfViewDimensions', [5, 3]);
  source.set('FieldOfViewDimensionsInFloat', [4.8, 3.2]);
  source.set('FieldOfViewOrigin', [100, 200]);
  source.set('FieldOfViewRotation', 0);
  source.set('FieldOfViewHorizontalFlip', 'NO');
  const region = { x: 4, y: 2, width: 10, height: 6 };
  const field = async (): Promise<Dataset> => (await cropImage(source, EXPLICIT_VR_LE, { region })).dataset;
  let crop = await field();
  // 2 rows of 2 detector elements, 4 columns of 1; 6 rows of 0.2 mm by 10 columns of 0.1 mm
  assert.deepEqual(crop.getNumbers('FieldOfViewOrigin'), [104, 204]);
  assert.deepEqual(crop.getNumbers('FieldOfViewDimensions'), [1, 1]);
  assert.deepEqual(crop.getNumbers('FieldOfViewDimensionsInFloat').map((v) => Math.round(v * 1e6) / 1e6), [1.2, 1]);
  assert.deepEqual([crop.getNumber('FieldOfViewRotation'), crop.getString('FieldOfViewHorizontalFlip')], [0, 'NO']);
  // a quarter turn clockwise, then flipped, is the field transposed: the crop's columns 4-13 are detector rows 4-13,
  // its rows 2-7 detector columns 2-7 (0.2 mm rows are 2 elements)
  source.set('FieldOfViewRotation', 90);
  source.set('FieldOfViewHorizontalFlip', 'YES');
  crop = await field();
  assert.deepEqual(crop.getNumbers('FieldOfViewOrigin'), [100 + 4, 200 + 2 * 2]);
  // the dimensions are the stored image's (PS3.3: "the image pixels stored in Pixel Data"), rows first, turned or not
  assert.deepEqual(crop.getNumbers('FieldOfViewDimensionsInFloat').map((v) => Math.round(v * 1e6) / 1e6), [1.2, 1]);
  // a rotation that is no right angle loses the placement, not the extent, which is the stored image's
  source.set('FieldOfViewRotation', 45);
  crop = await field();
  assert.deepEqual(['FieldOfViewOrigin', 'FieldOfViewRotation', 'FieldOfViewHorizontalFlip'].filter((k) => crop.has(k)), []);
  assert.deepEqual(crop.getNumbers('FieldOfViewDimensionsInFloat').map((v) => Math.round(v * 1e6) / 1e6), [1.2, 1]);
  source.set('FieldOfViewRotation', 90);
  // without Detector Element Spacing the origin cannot be given in detector elements: the placement goes, together
  source.delete('DetectorElementSpacing');
  crop = await field();
  assert.deepEqual(['FieldOfViewOrigin', 'FieldOfViewRotation', 'FieldOfViewHorizontalFlip'].filter((k) => crop.has(k)), []);
  // a round field's crop is no round field
  source.set('FieldOfViewShape', 'ROUND');
  crop = await field();
  assert.deepEqual(['FieldOfViewShape', 'FieldOfViewDimensions', 'FieldOfViewDimensionsInFloat'].filter((k) => crop.has(k)), []);
});

test('a crop without a lesion keeps the TBP 2D coordinate (a place in the regional image) only when it cuts that image and shows the place', async () => {
  const { regional, crop: lesionImage } = tbpCorpus();
  const point = async (source: Dataset, region = { x: 4, y: 2, width: 10, height: 6 }): Promise<number[] | undefined> =>
    readLesionFacts((await cropImage(source, EXPLICIT_VR_LE, { region, keepTbpPrivate: true })).dataset).position2d;
  setLesionFacts(regional, { lesionId: 'L1', position2d: [13.5, 7.5] });
  // the regional image is the crop's Localizer: the place is where it was in it, not moved to the crop's pixels
  assert.deepEqual(await point(regional), [13.5, 7.5]);
  setLesionFacts(regional, { lesionId: 'L1', position2d: [14, 7.5] });
  assert.equal(await point(regional), undefined);
  // a lesion image's place is in a regional image the crop does not name, and the crop's place there is not known
  setLesionFacts(lesionImage, { lesionId: 'L1', position2d: [5, 5] });
  assert.equal(await point(lesionImage, { x: 2, y: 2, width: 4, height: 4 }), undefined);
  // the draft tag, which no private-block rule drops, goes as well
  lesionImage.delete(tbpKey('TBP2DCoordinateData'));
  lesionImage.set(0x00101303, [5, 5], 'FD');
  const { dataset } = await cropImage(lesionImage, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 } });
  assert.ok(!dataset.has(0x00101303));
});

test('a lesion crop\'s TBP 2D coordinate is its place in the regional image: its centre there, the source\'s own place for an image of that lesion, else none', async () => {
  const { regional, crop: lesionImage } = tbpCorpus();
  const region = { x: 4, y: 2, width: 10, height: 6 };
  const point = async (source: Dataset, id: string): Promise<number[] | undefined> =>
    readLesionFacts((await cropImage(source, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 }, lesion: { id }, keepTbpPrivate: true })).dataset).position2d;
  assert.deepEqual(readLesionFacts((await cropImage(regional, EXPLICIT_VR_LE, { region, lesion: { id: 'L1' } })).dataset).position2d, [8.5, 4.5]);
  // a crop of a lesion image shows the same lesion, at the place the lesion image gives it in the regional image
  setLesionFacts(lesionImage, { lesionId: 'L1', position2d: [5, 5] });
  assert.deepEqual(await point(lesionImage, 'L1'), [5, 5]);
  // named as another lesion, where it lies in the regional image is not known: the carried place goes
  assert.equal(await point(lesionImage, 'L2'), undefined);
});

test('a lesion crop that takes its source\'s place in the regional image names that regional image, as its source does; one without that place names its source alone', async () => {
  const { regional, crop: lesionImage } = tbpCorpus();
  setLesionFacts(lesionImage, { lesionId: 'L1', position2d: [5, 5] });
  const referenced = async (id: string): Promise<(string | undefined)[]> =>
    (await cropImage(lesionImage, EXPLICIT_VR_LE, { region: { x: 0, y: 0, width: 4, height: 4 }, lesion: { id } })).dataset
      .items('ReferencedImageSequence').map((item) => item.getString('ReferencedSOPInstanceUID'));
  assert.deepEqual(await referenced('L1'), [lesionImage.getString('SOPInstanceUID'), regional.getString('SOPInstanceUID')]);
  assert.deepEqual(await referenced('L2'), [lesionImage.getString('SOPInstanceUID')]);
});

/** A two-frame 8-bit fractional Segmentation (an enhanced IOD dciodvfy knows) of the regional image's geometry. */
function segmentation(): Dataset {
  const ds = tbpCorpus().regional;
  const regionalUid = ds.getString('SOPInstanceUID')!;
  for (const keyword of ['PhotometricInterpretation', 'PlanarConfiguration']) ds.delete(keyword);
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.66.4');
  ds.set('Modality', 'SEG');
  ds.set('ImageType', ['DERIVED', 'PRIMARY']);
  ds.set('SamplesPerPixel', 1);
  ds.set('PhotometricInterpretation', 'MONOCHROME2');
  ds.set('NumberOfFrames', 2);
  ds.set('PixelData', Buffer.alloc(32 * 24 * 2, 7), 'OB');
  ds.set('SegmentationType', 'FRACTIONAL');
  ds.set('SegmentationFractionalType', 'PROBABILITY');
  ds.set('MaximumFractionalValue', 255);
  ds.set('ContentLabel', 'LESION');
  ds.set('ContentDescription', '');
  ds.set('ContentCreatorName', 'Test^Author');
  ds.set('PatientOrientation', '');
  ds.set('SegmentSequence[0].SegmentNumber', 1);
  ds.set('SegmentSequence[0].SegmentLabel', 'Lesion');
  ds.set('SegmentSequence[0].SegmentAlgorithmType', 'MANUAL');
  for (const [sequence, value, meaning] of [['SegmentedPropertyCategoryCodeSequence', '49755003', 'Morphologically Altered Structure'], ['SegmentedPropertyTypeCodeSequence', '108369006', 'Neoplasm']] as const) {
    ds.set(`SegmentSequence[0].${sequence}[0].CodeValue`, value);
    ds.set(`SegmentSequence[0].${sequence}[0].CodingSchemeDesignator`, 'SCT');
    ds.set(`SegmentSequence[0].${sequence}[0].CodeMeaning`, meaning);
  }
  ds.set('DimensionOrganizationSequence[0].DimensionOrganizationUID', '1.2.3.4.5');
  ds.set('DimensionIndexSequence[0].DimensionOrganizationUID', '1.2.3.4.5');
  ds.set('DimensionIndexSequence[0].DimensionIndexPointer', 0x0062000b, 'AT');
  ds.set('DimensionIndexSequence[0].FunctionalGroupPointer', 0x0062000a, 'AT');
  ds.set('SharedFunctionalGroupsSequence[0].SegmentIdentificationSequence[0].ReferencedSegmentNumber', 1);
  for (const frame of [0, 1]) {
    const groups = `PerFrameFunctionalGroupsSequence[${frame}]`;
    ds.set(`${groups}.FrameContentSequence[0].DimensionIndexValues`, [1]);
    // the segmented image, as a segmentation names it: the source's own derivation
    ds.set(`${groups}.DerivationImageSequence[0].DerivationCodeSequence[0].CodeValue`, '113076');
    ds.set(`${groups}.DerivationImageSequence[0].DerivationCodeSequence[0].CodingSchemeDesignator`, 'DCM');
    ds.set(`${groups}.DerivationImageSequence[0].DerivationCodeSequence[0].CodeMeaning`, 'Segmentation');
    ds.set(`${groups}.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPClassUID`, VL_PHOTOGRAPHIC_IMAGE_STORAGE);
    ds.set(`${groups}.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID`, regionalUid);
    ds.set(`${groups}.DerivationImageSequence[0].SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodeValue`, '121322');
    ds.set(`${groups}.DerivationImageSequence[0].SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodingSchemeDesignator`, 'DCM');
    ds.set(`${groups}.DerivationImageSequence[0].SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodeMeaning`, 'Source image for image processing operation');
    ds.set(`${groups}.ReferencedImageSequence[0].ReferencedSOPClassUID`, VL_PHOTOGRAPHIC_IMAGE_STORAGE);
    ds.set(`${groups}.ReferencedImageSequence[0].ReferencedSOPInstanceUID`, regionalUid);
  }
  // the regional image's series, which this copy of it still names as its own
  ds.set('ReferencedSeriesSequence[0].SeriesInstanceUID', ds.getString('SeriesInstanceUID')!);
  ds.set('ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPClassUID', VL_PHOTOGRAPHIC_IMAGE_STORAGE);
  ds.set('ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID', regionalUid);
  return ds;
}

test('an enhanced image\'s crop says in each frame\'s functional groups that it was cut from that frame of the source, not how the source was made', async () => {
  const source = segmentation();
  const { dataset: crop } = await cropImage(source, EXPLICIT_VR_LE, { region: { x: 4, y: 2, width: 10, height: 6 } });
  const frames = crop.items('PerFrameFunctionalGroupsSequence');
  assert.deepEqual(frames.map((groups) => [
    groups.getString('DerivationImageSequence[0].DerivationCodeSequence[0].CodeMeaning'),
    groups.getString('DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID'),
    groups.getNumber('DerivationImageSequence[0].SourceImageSequence[0].ReferencedFrameNumber'),
    groups.getString('DerivationImageSequence[0].SourceImageSequence[0].SpatialLocationsPreserved'),
    groups.items('DerivationImageSequence').length, groups.has('ReferencedImageSequence'),
  ]), [1, 2].map((frame) => ['Manual Selection', source.getString('SOPInstanceUID'), frame, 'NO', 1, false]));
  // what the crop references, listed as the Common Instance Reference module lists it: the source, in its series
  assert.deepEqual(['ReferencedSeriesSequence[0].SeriesInstanceUID', 'ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID'].map((k) => crop.getString(k)),
    [source.getString('SeriesInstanceUID'), source.getString('SOPInstanceUID')]);
  if (HAVE_DCIODVFY) {
    const dir = tempDir('crop-enhanced');
    const [sourceFile, cropFile] = [join(dir, 'seg.dcm'), join(dir, 'crop.dcm')];
    writeDicomFile(sourceFile, { dataset: source, transferSyntaxUid: EXPLICIT_VR_LE });
    writeDicomFile(cropFile, { dataset: crop, transferSyntaxUid: EXPLICIT_VR_LE });
    const before = new Set(dciodvfyErrors(sourceFile));
    assert.deepEqual(dciodvfyErrors(cropFile).filter((line) => !before.has(line)), []);
  }
});

test('a JPEG labelled RGB whose components have ids 1, 2, 3 and no JFIF or Adobe segment is cropped as coded, as dcmj2pnm decodes it; YBR is converted', { skip: !HAVE_DCMJ2PNM }, async () => {
  const dir = tempDir('crop-rgb-jpeg');
  const coded = await sharp(testPixels(32, 24), { raw: { width: 32, height: 24, channels: 3 } }).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
  // as GDCM and slide scanners write RGB: nothing in the stream says whether the colour was transformed
  const info = parseJpeg(coded);
  assert.deepEqual([info.jfif, info.adobeTransform, info.components.map((c) => c.id)], [false, undefined, [1, 2, 3]]);
    const region = { x: 3, y: 5, width: 9, height: 7 };
  for (const photometric of ['RGB', 'YBR_FULL']) {
    const source = tbpCorpus().regional;
    source.set('Rows', 24);
    source.set('Columns', 32);
    source.set('PhotometricInterpretation', photometric);
    source.set('PixelData', new Encapsulated(Buffer.alloc(0), [coded.length % 2 ? Buffer.concat([coded, Buffer.alloc(1)]) : coded]), 'OB');
    const sourceFile = join(dir, `${photometric}.dcm`);
    writeDicomFile(sourceFile, { dataset: source }, { transferSyntaxUid: JPEG_BASELINE });
    const whole = decodeWithDcmtk(sourceFile, dir);
    const crop = await cropImage(source, JPEG_BASELINE, { region });
    const px = crop.dataset.bytes('PixelData')!;
    for (let r = 0; r < region.height; r++) {
      const from = ((region.y + r) * 32 + region.x) * 3;
      assert.deepEqual(px.subarray(r * region.width * 3, (r + 1) * region.width * 3), whole.data.subarray(from, from + region.width * 3), `${photometric} row ${r}`);
    }
  }
});

test('a multi-frame JPEG whose frames are split over several fragments is cropped frame by frame, told apart by its Basic Offset Table', async () => {
  const frames = await Promise.all([1, 2].map((seed) => sharp(testPixels(32, 24, seed), { raw: { width: 32, height: 24, channels: 3 } }).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer()));
  // dcmcjpeg +fs and archives write frames so: fragments of a fixed size, the offset table saying where each frame begins
  const even = (b: Buffer): Buffer => (b.length % 2 ? Buffer.concat([b, Buffer.alloc(1)]) : b);
  const fragments = frames.flatMap((f) => [f.subarray(0, 100), even(f.subarray(100))]);
  const table = Buffer.alloc(8);
  table.writeUInt32LE(8 + fragments[0]!.length + 8 + fragments[1]!.length, 4);
  const source = tbpCorpus().regional;
  source.set('Rows', 24);
  source.set('Columns', 32);
  source.set('NumberOfFrames', 2);
  source.set('PhotometricInterpretation', 'YBR_FULL');
  source.set('PixelData', new Encapsulated(table, fragments), 'OB');
  const region = { x: 4, y: 3, width: 10, height: 6 };
  const crop = await cropImage(source, JPEG_BASELINE, { region });
  const expected = await Promise.all(frames.map((f) => sharp(f).extract({ left: 4, top: 3, width: 10, height: 6 }).raw().toBuffer()));
  assert.deepEqual(crop.dataset.bytes('PixelData'), Buffer.concat(expected));
});
