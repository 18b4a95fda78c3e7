import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { Dataset } from '../../src/core/dataset.js';
import type { Encapsulated } from '../../src/core/element.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { SURFACE_SCAN_MESH_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { importCapture, type ImportResult } from '../../src/tbp/capture-import.js';
import { readLesions } from '../../src/tbp/lesion-report.js';
import { formatFinding, validate, validateFiles } from '../../src/validate/index.js';
import { HAVE_DCIODVFY, HAVE_DCMJ2PNM, dciodvfyErrors, dciodvfyFindings, decodeWithDcmtk, flashAttributes, listAll, listDicom, rawImage, tempDir, writeThreeImageManifest } from './tools.js';

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));
const out = tempDir('import');
let result: ImportResult;
const datasets = new Map<string, Dataset>();

test('the bundled capture imports as one study of linked objects', async () => {
  const progress: number[] = [];
  result = await importCapture(SAMPLE, { out, onProgress: (p) => progress.push(p.done) });
  assert.equal(result.objects.length, 3 + 12 + 10);
  assert.deepEqual(result.meshObjects.map((o) => o.role), ['texture', 'surface-mesh']);
  assert.equal(progress.length, result.objects.length + result.meshObjects.length);
  assert.deepEqual(result.warnings, []);
  const files = listDicom(out);
  assert.equal(files.length, result.objects.length + result.meshObjects.length);
  for (const o of result.objects) {
    assert.equal(o.path, join(out, result.studyInstanceUid, o.seriesInstanceUid, `${o.sopInstanceUid}.dcm`));
    datasets.set(o.sopInstanceUid, readDicomFile(o.path).dataset);
  }
  assert.deepEqual(new Set(result.objects.map((o) => o.role)), new Set(['regional', 'dermoscopic', 'crop']));
  assert.equal(result.mesh?.sopClassUid, SURFACE_SCAN_MESH_STORAGE);
  const surface = result.meshObjects.find((o) => o.role === 'surface-mesh')!;
  assert.equal(surface.sopInstanceUid, result.mesh?.sopInstanceUid, 'the mesh the images reference is written');
  assert.equal(readDicomFile(surface.path).dataset.getString('FrameOfReferenceUID'), result.frameOfReferenceUid);
});

test('dciodvfy reports no errors on any object', { skip: !HAVE_DCIODVFY }, () => {
  for (const o of result.objects) assert.deepEqual(dciodvfyErrors(o.path), [], o.input);
});

test('dcmj2pnm decodes every image; JPEGs are embedded byte for byte, PNGs match exactly', { skip: !HAVE_DCMJ2PNM }, async () => {
  const dir = tempDir('decoded');
  for (const o of result.objects) {
    const input = join(result.manifest, '..', o.input);
    const decoded = decodeWithDcmtk(o.path, dir);
    const ds = datasets.get(o.sopInstanceUid)!;
    assert.deepEqual([decoded.width, decoded.height], [ds.getNumber('Columns'), ds.getNumber('Rows')]);
    if (o.input.endsWith('.jpg')) {
      const fragment = (ds.get('PixelData') as Encapsulated).fragments[0] as Buffer;
      const bytes = readFileSync(input);
      assert.ok(fragment.subarray(0, bytes.length).equals(bytes) && fragment.length - bytes.length <= 1, o.input);
    } else {
      const { data } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
      assert.ok(decoded.data.equals(data), o.input);
    }
  }
});

test('every reference resolves to an object of the study with the right SOP Class', () => {
  const bySop = new Map<string, { sopClassUid: string }>([...result.objects, ...result.meshObjects].map((o) => [o.sopInstanceUid, o]));
  let checked = 0;
  for (const o of result.objects) {
    const ds = datasets.get(o.sopInstanceUid)!;
    assert.equal(ds.getString('StudyInstanceUID'), result.studyInstanceUid);
    for (const keyword of ['ReferencedImageSequence', 'SourceImageSequence', 'ReferencedInstanceSequence']) {
      for (const item of ds.items(keyword)) {
        const uid = item.getString('ReferencedSOPInstanceUID')!;
        const sopClass = item.getString('ReferencedSOPClassUID');
        assert.ok(bySop.has(uid), `${o.input}: ${keyword} → ${uid}`);
        assert.equal(sopClass, bySop.get(uid)!.sopClassUid);
        assert.ok(item.items('PurposeOfReferenceCodeSequence').length, `${keyword} item has a purpose`);
        checked++;
      }
    }
  }
  assert.ok(checked > 40);
});

test('the mesh objects list their links as the images do: the Surface Scan Mesh names its texture', () => {
  const texture = result.meshObjects.find((o) => o.role === 'texture')!;
  const surface = result.meshObjects.find((o) => o.role === 'surface-mesh')!;
  assert.deepEqual(surface.links, [{ relation: 'texture', sopClassUid: texture.sopClassUid, sopInstanceUid: texture.sopInstanceUid }]);
  assert.equal(readDicomFile(surface.path).dataset.getString('UVMappingSequence[0].ReferencedTextureSequence[0].ReferencedSOPInstanceUID'), texture.sopInstanceUid);
  assert.deepEqual(texture.links, []);
});

test('crops are DERIVED with source, derivation and their 2D position', () => {
  let lossyCrops = 0;
  for (const o of result.objects.filter((x) => x.role === 'crop')) {
    const ds = datasets.get(o.sopInstanceUid)!;
    assert.deepEqual(ds.getStrings('ImageType'), ['DERIVED', 'PRIMARY']);
    assert.match(ds.getString('DerivationDescription')!, /^(Manual|Algorithmic) Selection$/);
    assert.equal(ds.getString('DerivationCodeSequence[0].CodeMeaning'), ds.getString('DerivationDescription'));
    assert.equal(ds.getString('SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodeValue'), '121322');
    assert.equal(ds.getString('SourceImageSequence[0].SpatialLocationsPreserved'), 'NO');
    const source = ds.getString('SourceImageSequence[0].ReferencedSOPInstanceUID');
    assert.equal(ds.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), source);
    // the acquisition is the regional image's (the crops have no EXIF and no date of their own)
    assert.equal(ds.getString('AcquisitionDateTime'), datasets.get(source!)!.getString('AcquisitionDateTime'));
    assert.ok(ds.getString('AcquisitionDateTime'));
    // cut from a camera JPEG, a lossless PNG crop is still "lossy at some point": it carries the JPEG's step
    const regional = datasets.get(source!)!;
    assert.equal(ds.getString('LossyImageCompression'), regional.getString('LossyImageCompression'));
    if (regional.getString('LossyImageCompression') === '01') lossyCrops++;
    assert.deepEqual(ds.getStrings('LossyImageCompressionMethod'), regional.getStrings('LossyImageCompressionMethod'));
    assert.deepEqual(ds.getStrings('LossyImageCompressionRatio'), regional.getStrings('LossyImageCompressionRatio'));
    const report = readLesions(o.path);
    assert.equal(report.role, 'crop');
    assert.equal(report.lesion?.position2d?.length, 2);
    assert.equal(report.lesion?.source, 'private');
  }
  assert.ok(lossyCrops > 0, 'some crops come from the JPEG regional images');
});

test('lesions are tracked, and regional images list the lesions they show', () => {
  for (const lesion of result.lesions) {
    for (const uid of lesion.sopInstanceUids) {
      const ds = datasets.get(uid)!;
      assert.equal(ds.getString('TrackingID'), lesion.id);
      assert.equal(ds.getString('TrackingUID'), lesion.trackingUid);
      assert.ok(ds.items('AnatomicRegionSequence').length);
    }
  }
  const front = result.objects.find((o) => o.key === 'regional:R1')!;
  const report = readLesions(front.path);
  assert.deepEqual(report.lesionsShown.map((l) => l.id), ['L01', 'L02', 'L03', 'L04', 'L05']);
  assert.deepEqual(report.lesionsShown[0]!.position2d, [300, 320]);
  assert.equal(report.calibration?.TBPParfocal, 'YES');
});

test('re-running the import rewrites the same files and leaves nothing half-written', async () => {
  const before = listAll(out).sort();
  const again = await importCapture(SAMPLE, { out });
  assert.deepEqual(again.objects.map((o) => o.path), result.objects.map((o) => o.path));
  assert.deepEqual(again.meshObjects.map((o) => o.path), result.meshObjects.map((o) => o.path));
  assert.deepEqual(listAll(out).sort(), before);
  assert.ok(!before.some((p) => p.endsWith('.tmp')));
});

test('EXIF Flash of each image (JPEG, PNG eXIf) becomes its flash attributes; dciodvfy and our validator accept them', async () => {
  const dir = tempDir('flash');
  const withFlash = (flash: number) => ({ IFD2: { Flash: String(flash) } });
  await rawImage(64, 48).jpeg().withExif(withFlash(0x59)).toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().withExif(withFlash(0x0f)).toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().withExif(withFlash(0x10)).toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });
  const flash = (role: string) => flashAttributes(readDicomFile(imported.objects.find((o) => o.role === role)!.path).dataset);
  assert.deepEqual(flash('regional'), [1, 0, 3, 0, 1]); // fired, no return detection function, auto mode, red-eye reduction
  assert.deepEqual(flash('dermoscopic'), [1, 3, 1, 0, 0]); // fired, return light detected, compulsory firing
  assert.deepEqual(flash('crop'), [0, 0, 2, 0, 0]); // did not fire, compulsory suppression
  const report = validateFiles([imported.studyDir]);
  const problems = [...report.reports.flatMap((r) => r.findings), ...report.setFindings].filter((f) => f.severity !== 'info');
  assert.deepEqual(problems.map((f) => formatFinding(f)), []);
  if (HAVE_DCIODVFY) {
    for (const o of imported.objects) {
      assert.deepEqual(dciodvfyErrors(o.path), [], o.input);
      assert.deepEqual(dciodvfyFindings(o.path).filter((l) => /flash/i.test(l)), [], o.input);
    }
  }
});

test("a crop takes its regional image's acquisition time, also when that comes from the camera's EXIF", async () => {
  const dir = tempDir('crop-time');
  await rawImage(64, 48).jpeg().withExif({ IFD2: { DateTimeOriginal: '2024:09:01 12:05:00' } }).toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });
  const acquired = (role: string) => readDicomFile(imported.objects.find((o) => o.role === role)!.path).dataset.getString('AcquisitionDateTime');
  assert.equal(acquired('regional'), '20240901120500');
  assert.equal(acquired('crop'), '20240901120500');
  assert.equal(acquired('dermoscopic'), undefined);
});

test('camera texts from EXIF are made to fit their attributes, and the import says so', async () => {
  const dir = tempDir('camera-text');
  const model = `Model ${'x'.repeat(80)}`;
  await rawImage(64, 48).jpeg().withExif({ IFD0: { Make: 'Maker\\Brand', Model: model } }).toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });
  const regional = imported.objects.find((o) => o.role === 'regional')!;
  const camera = readDicomFile(regional.path).dataset.items('ContributingEquipmentSequence')[0]!;
  assert.equal(camera.getString('Manufacturer'), 'Maker/Brand');
  assert.equal(camera.getString('ManufacturerModelName'), model.slice(0, 64));
  assert.ok(imported.warnings.some((w) => /EXIF Model ".*" is recorded as ".*": its attribute holds one value of at most 64 bytes/.test(w)), imported.warnings.join('\n'));
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(regional.path), []);
});

test('a camera text from EXIF in UTF-8 is cut to 64 bytes, not 64 characters, so the object passes dciodvfy', async () => {
  const dir = tempDir('camera-text-utf8');
  // sharp writes EXIF text as ASCII: 80 placeholder bytes, then the same 80 bytes as 40 "é" in UTF-8
  const jpeg = await rawImage(64, 48).jpeg().withExif({ IFD0: { Make: 'Q'.repeat(80) } }).toBuffer();
  const at = jpeg.indexOf('Q'.repeat(80));
  Buffer.from('é'.repeat(40)).copy(jpeg, at);
  writeFileSync(join(dir, 'front.jpg'), jpeg);
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });
  const regional = imported.objects.find((o) => o.role === 'regional')!;
  const camera = readDicomFile(regional.path).dataset.items('ContributingEquipmentSequence')[0]!;
  assert.equal(camera.getString('Manufacturer'), 'é'.repeat(32));
  assert.ok(imported.warnings.some((w) => /EXIF Make "é{40}" is recorded as "é{32}": its attribute holds one value of at most 64 bytes/.test(w)), imported.warnings.join('\n'));
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(regional.path), []);
});

test('an EXIF code that EXIF does not define is left out; the defined ones are kept, and validate checks them', async () => {
  const dir = tempDir('exif-codes');
  await rawImage(64, 48).jpeg().withExif({ IFD2: { MeteringMode: '7', WhiteBalance: '1', LightSource: '255' } }).toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });
  const path = imported.objects.find((o) => o.role === 'regional')!.path;
  const ds = readDicomFile(path).dataset;
  assert.equal(ds.get('MeteringMode'), undefined);
  assert.equal(ds.get('WhiteBalance'), 1);
  assert.equal(ds.get('LightSource'), 255);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(path), []);
  ds.set('WhiteBalance', 7);
  const found = validateFiles([imported.studyDir]).reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error');
  assert.deepEqual(found, []);
  assert.match(validate(ds, { transferSyntaxUid: '1.2.840.10008.1.2.4.50' }).findings.find((f) => f.keyword === 'WhiteBalance')?.message ?? '', /"7" is not an enumerated value \(0, 1\)/);
});

test('date-times that all give one UTC offset make it every object\'s Timezone Offset From UTC; differing ones, none', async () => {
  const dir = tempDir('timezone');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const manifest = writeThreeImageManifest(dir);
  const m = JSON.parse(readFileSync(manifest, 'utf8'));
  m.regionalImages[0].acquisitionDateTime = '2024-09-01T23:01:00+02:00';
  m.lesions[0].images[0].acquisitionDateTime = '2024-09-01T23:03:00';
  writeFileSync(manifest, JSON.stringify(m));
  const before = Date.now();
  const shared = await importCapture(manifest, { out: join(dir, 'out') });
  for (const o of shared.objects) {
    const ds = readDicomFile(o.path).dataset;
    assert.equal(ds.getString('TimezoneOffsetFromUTC'), '+0200', o.role);
    // The instance was created now, written at +02:00 as the offset says.
    const created = Date.parse(`${ds.getString('InstanceCreationDate')}T${ds.getString('InstanceCreationTime')}`.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)/, '$1-$2-$3T$4:$5:$6') + '+02:00');
    assert.ok(created >= Math.floor(before / 1000) * 1000 && created <= Date.now(), `${o.role}: ${ds.getString('InstanceCreationTime')}`);
    if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(o.path), [], o.role);
  }
  const regional = readDicomFile(shared.objects.find((o) => o.role === 'regional')!.path).dataset;
  assert.equal(regional.getString('AcquisitionDateTime'), '20240901230100+0200');
  assert.deepEqual([regional.getString('ContentDate'), regional.getString('ContentTime')], ['20240901', '230100']);
  m.lesions[0].images[0].acquisitionDateTime = '2024-09-01T23:03:00+01:00';
  writeFileSync(manifest, JSON.stringify(m));
  const differing = await importCapture(manifest, { out: join(dir, 'out2') });
  for (const o of differing.objects) assert.equal(readDicomFile(o.path).dataset.getString('TimezoneOffsetFromUTC'), undefined, o.role);
});

test('text at its VR\'s limit in UTF-8 bytes (é, kanji) is imported as given, and dciodvfy, which counts bytes, reports no errors', async () => {
  const dir = tempDir('utf8-limits');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const e = (n: number): string => '\u00e9'.repeat(n);
  const path = writeThreeImageManifest(dir, {
    // 64 bytes each: 8 + 3 × 18 + 2 (PN), 32 é (LO), 8 é (SH); 10,240 (LT), with a line break and a form feed
    patient: { name: `Yamad^T=${'\u5c71'.repeat(18)}^X`, id: e(32), history: `${e(5118)}\r\n\fx` },
    study: { date: '2024-09-01', id: e(8), accessionNumber: e(8), description: e(32), referringPhysician: `${e(31)}^A` },
    equipment: { manufacturer: e(32), model: e(32), serialNumber: e(32), softwareVersions: [e(32), '1.0'], institution: e(32), department: e(32), stationName: e(8) },
  });
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  // A local code of 17 é is a Long Code Value (UC): longer than the 16 characters of a Code Value (SH).
  manifest.lesions[0].site = { code: e(17), scheme: '99LOCAL', meaning: e(32), laterality: 'left' };
  writeFileSync(path, JSON.stringify(manifest));
  const imported = await importCapture(path, { out: join(dir, 'out') });
  const dermoscopic = readDicomFile(imported.objects.find((o) => o.role === 'dermoscopic')!.path).dataset;
  assert.equal(dermoscopic.getString('InstitutionName'), e(32));
  assert.equal(dermoscopic.getString('PatientName'), `Yamad^T=${'\u5c71'.repeat(18)}^X`);
  assert.equal(dermoscopic.getString('AnatomicRegionSequence[0].LongCodeValue'), e(17));
  assert.deepEqual(validateFiles([imported.studyDir]).reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error'), []);
  if (HAVE_DCIODVFY) for (const o of imported.objects) assert.deepEqual(dciodvfyErrors(o.path), [], o.input);
});

test('a lesion on one side shown in a regional image of the other side is imported with a warning naming both sites', async () => {
  const dir = tempDir('other-side');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const manifest = writeThreeImageManifest(dir);
  const m = JSON.parse(readFileSync(manifest, 'utf8'));
  m.regionalImages[0].site = 'right upper extremity';
  writeFileSync(manifest, JSON.stringify(m));
  const crossed = await importCapture(manifest, { out: join(dir, 'out') });
  const said = (i: number): string => `lesions[0].images[${i}].regionalImage: lesion "L1" is on the left (Forearm) but regional image "R1" shows the right (Skin of upper extremity); one of the two sites has the wrong side`;
  assert.deepEqual(crossed.warnings, [said(0), said(1)]);
  // A regional image of a midline region, or of both sides, shows lesions of either side.
  for (const site of ['chest', 'bilateral upper extremity', 'left upper extremity']) {
    m.regionalImages[0].site = site;
    writeFileSync(manifest, JSON.stringify(m));
    assert.deepEqual((await importCapture(manifest, { out: join(dir, 'out') })).warnings, [], site);
  }
});

test("the result words a lesion's site as `lesions` words it from the object: the laterality's meaning, not its letter", async () => {
  const dir = tempDir('site-words');
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  const imported = await importCapture(writeThreeImageManifest(dir), { out: join(dir, 'out') });
  const dermoscopic = imported.objects.find((o) => o.role === 'dermoscopic')!;
  assert.equal(imported.lesions[0]!.site, 'Left Forearm');
  assert.equal(readLesions(dermoscopic.path).site, 'Left Forearm');
});
