import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Dataset } from '../../src/core/dataset.js';
import { DicomError } from '../../src/core/errors.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { ENCAPSULATED_MTL_STORAGE, ENCAPSULATED_OBJ_STORAGE, SURFACE_SCAN_MESH_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { createObject } from '../../src/tbp/create-object.js';
import { buildMeshObjects } from '../../src/tbp/mesh/build-mesh-objects.js';
import { ManifestError } from '../../src/tbp/manifest-error.js';
import { readLesions } from '../../src/tbp/lesion-report.js';
import { readMeta } from '../../src/tbp/meta-file.js';
import { ObjectMetaSchema } from '../../src/tbp/object-meta.js';
import { HAVE_DCIODVFY, dciodvfyErrors, flashAttributes, rawImage, tempDir } from './tools.js';

const dir = tempDir('create');
const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
const META = {
  patient: { name: 'Doe^Jane', id: 'P001' },
  study: { instanceUid: '1.2.3.4.5', date: '2024-09-01' },
  equipment: { manufacturer: 'ACME', model: 'Derm 1', serialNumber: 'SN1', softwareVersions: '2.0' },
  site: 'right forearm',
};

test('create regional then a crop of it: one image at a time, same study', async () => {
  await rawImage(80, 60).png().toFile(join(dir, 'regional.png'));
  await rawImage(20, 20).jpeg().toFile(join(dir, 'crop.jpg'));
  writeFileSync(join(dir, 'regional.json'), JSON.stringify({ ...META, site: 'back', calibration: { focalLengthPx: 2000 } }));
  const regional = await createObject('regional', { image: join(dir, 'regional.png'), meta: join(dir, 'regional.json'), out: join(dir, 'r.dcm') });
  assert.equal(regional.studyInstanceUid, '1.2.3.4.5');
  assert.deepEqual(regional.generated, ['seriesInstanceUid']);
  const cropMeta = { ...META, lesion: { id: 'L1', position2d: [40, 30] }, crop: { sourceSopInstanceUid: regional.sopInstanceUid, selection: 'algorithmic' } };
  writeFileSync(join(dir, 'crop.json'), JSON.stringify(cropMeta));
  const crop = await createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'crop.json'), out: join(dir, 'c.dcm') });
  const ds = readDicomFile(crop.path).dataset;
  assert.equal(ds.getString('DerivationDescription'), 'Algorithmic Selection');
  assert.equal(ds.getString('SourceImageSequence[0].ReferencedSOPInstanceUID'), regional.sopInstanceUid);
  assert.equal(ds.getString('SourceImageSequence[0].SpatialLocationsPreserved'), 'NO');
  assert.equal(readLesions(crop.path).lesion?.lesionId, 'L1');
  if (HAVE_DCIODVFY) for (const f of [regional.path, crop.path]) assert.deepEqual(dciodvfyErrors(f), [], f);
});

test('a lossless crop of a lossy regional image made with create is lossy too: the source\'s ratio and method first', async () => {
  await rawImage(20, 20).png().toFile(join(dir, 'crop.png'));
  const crop = (sourceLossyCompression?: object): object => ({
    ...META, lesion: { id: 'L2' }, crop: { sourceSopInstanceUid: '1.2.3.9', ...(sourceLossyCompression ? { sourceLossyCompression } : {}) },
  });
  writeFileSync(join(dir, 'lossy-crop.json'), JSON.stringify(crop({ ratio: 12.5, method: 'ISO_10918_1' })));
  const made = await createObject('dermoscopic', { image: join(dir, 'crop.png'), meta: join(dir, 'lossy-crop.json'), out: join(dir, 'lossy-crop.dcm') });
  const ds = readDicomFile(made.path).dataset;
  assert.equal(ds.getString('LossyImageCompression'), '01');
  assert.deepEqual(ds.getNumbers('LossyImageCompressionRatio'), [12.5]);
  assert.deepEqual(ds.getStrings('LossyImageCompressionMethod'), ['ISO_10918_1']);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(made.path), []);
  writeFileSync(join(dir, 'lossless-crop.json'), JSON.stringify(crop()));
  const lossless = await createObject('dermoscopic', { image: join(dir, 'crop.png'), meta: join(dir, 'lossless-crop.json'), out: join(dir, 'lossless-crop.dcm') });
  assert.equal(readDicomFile(lossless.path).dataset.getString('LossyImageCompression'), '00');
  writeFileSync(join(dir, 'bad-method.json'), JSON.stringify(crop({ ratio: 10, method: 'jpeg baseline' })));
  await assert.rejects(
    createObject('dermoscopic', { image: join(dir, 'crop.png'), meta: join(dir, 'bad-method.json'), out: join(dir, 'bad-method.dcm') }),
    (e: Error) => e instanceof ManifestError && /crop\.sourceLossyCompression\.method/.test(e.message),
  );
});

test('bad metadata is refused before writing', async () => {
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...META, site: 'forearm' }));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'bad.json'), out: join(dir, 'x.dcm') }), ManifestError);
  writeFileSync(join(dir, 'bad2.json'), JSON.stringify({ ...META, patient: { name: 'A' } }));
  await assert.rejects(createObject('regional', { image: join(dir, 'crop.jpg'), meta: join(dir, 'bad2.json'), out: join(dir, 'y.dcm') }), /patient\.id/);
  // a file that is not JSON: one line, placed by line and column (not the parser's quote of the text)
  writeFileSync(join(dir, 'bad4.json'), 'hello\nworld\n');
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'bad4.json'), out: join(dir, 'w.dcm') }),
    (e: ManifestError) => e.problems.length === 1 && e.problems[0] === "not valid JSON: Unexpected token 'h' (line 1, column 1)" && !e.message.includes('\n'));
  // values too long for their attributes, which dciodvfy would find in the object
  writeFileSync(join(dir, 'bad3.json'), JSON.stringify({ ...META, study: { ...META.study, description: 'x'.repeat(65) }, lesion: { id: 'L'.repeat(65) } }));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'bad3.json'), out: join(dir, 'z.dcm') }),
    (e: ManifestError) => e.problems.length === 2 && /^study\.description: too long for Study Description/.test(e.problems[0]!) && /^lesion\.id: too long/.test(e.problems[1]!));
  // within 64 characters but not 64 bytes of UTF-8, which dciodvfy counts: refused too, naming the bytes
  writeFileSync(join(dir, 'bad5.json'), JSON.stringify({ ...META, equipment: { ...META.equipment, institution: '\u00e9'.repeat(40) }, lesion: { id: '\u5c71'.repeat(22) } }));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'bad5.json'), out: join(dir, 'v.dcm') }),
    (e: ManifestError) => assert.deepEqual(e.problems, [
      'equipment.institution: too long for Institution Name, which holds at most 64 bytes (LO); this is 80 bytes in UTF-8 (40 characters: é takes 2 bytes, most CJK characters 3)',
      'lesion.id: too long for a lesion ID (TBP Lesion ID, Tracking ID), which holds at most 64 bytes (LO); this is 66 bytes in UTF-8 (22 characters: é takes 2 bytes, most CJK characters 3)',
    ]) === undefined);
  assert.equal(existsSync(join(dir, 'v.dcm')), false);
});

test('create follows the import\'s rules: unknown fields are warnings, dermoscope settings do not go on a crop', async () => {
  writeFileSync(join(dir, 'extra.json'), JSON.stringify({ ...META, patient: { ...META.patient, nickname: 'Jo' }, colour: 'blue' }));
  const made = await createObject('regional', { image: join(dir, 'regional.png'), meta: join(dir, 'extra.json'), out: join(dir, 'extra.dcm') });
  assert.deepEqual(made.warnings.filter((w) => /unknown field/.test(w)).sort(), ['colour: unknown field, ignored', 'patient.nickname: unknown field, ignored']);
  const cropWithDermoscope = { ...META, lesion: { id: 'L1' }, crop: { sourceSopInstanceUid: '1.2.3' }, dermoscopy: { magnification: 10 } };
  writeFileSync(join(dir, 'crop-dermoscope.json'), JSON.stringify(cropWithDermoscope));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'crop-dermoscope.json'), out: join(dir, 'z.dcm') }),
    /dermoscopy: describes a dermoscope, not a crop/);
});

test('EXIF Flash becomes the five flash attributes, each holding its part of the bit field', async () => {
  writeFileSync(join(dir, 'flash-regional.json'), JSON.stringify(META));
  writeFileSync(join(dir, 'flash-dermoscopic.json'), JSON.stringify({ ...META, lesion: { id: 'L1' } }));
  const cases: [flash: number | undefined, expected: (number | undefined)[]][] = [
    [0x59, [1, 0, 3, 0, 1]], // fired, no return detection function, auto mode, flash present, red-eye reduction
    [0x4f, [1, 3, 1, 0, 1]], // fired, return light detected, compulsory firing, red-eye reduction
    [0x05, [1, 2, 0, 0, 0]], // fired, return light not detected, mode unknown
    [0x10, [0, 0, 2, 0, 0]], // did not fire, compulsory suppression
    [0x20, [0, 0, 0, 1, 0]], // no flash function
    [0x03, [1, undefined, 0, 0, 0]], // return bits 01 are reserved: no Flash Return Status
    [undefined, [undefined, undefined, undefined, undefined, undefined]], // EXIF without Flash
  ];
  for (const [flash, expected] of cases) {
    const image = join(dir, `flash-${flash}.jpg`);
    await rawImage(16, 16).jpeg().withExif({ IFD0: { Make: 'Canon' }, IFD2: flash === undefined ? {} : { Flash: String(flash) } }).toFile(image);
    for (const kind of ['dermoscopic', 'regional'] as const) {
      const made = await createObject(kind, { image, meta: join(dir, `flash-${kind}.json`), out: join(dir, `flash-${flash}-${kind}.dcm`) });
      assert.deepEqual(flashAttributes(readDicomFile(made.path).dataset), expected, `${kind}, Flash ${flash}`);
    }
  }
});

test('an output that is the image or the metadata file is refused before anything is read or written', async () => {
  const sub = tempDir('create-same');
  const image = join(sub, 'regional.png');
  await rawImage(40, 30).png().toFile(image);
  writeFileSync(join(sub, 'meta.json'), JSON.stringify(META));
  const before = readFileSync(image);
  for (const [out, what] of [[join(sub, '.', 'regional.png'), 'image'], [join(sub, 'meta.json'), 'metadata file']] as const) {
    await assert.rejects(createObject('regional', { image, meta: join(sub, 'meta.json'), out }), (e: unknown) =>
      e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.file === out && e.message === `the output is the ${what}, which it would replace: give another output file`);
  }
  assert.deepEqual(readFileSync(image), before);
});

test('a lesion image references its mesh with the class the mesh object has: Encapsulated OBJ when written so', async () => {
  const sub = tempDir('create-mesh-ref');
  const mesh = await buildMeshObjects({ obj: join(SAMPLES, 'capture/mesh/body.obj'), meta: join(SAMPLES, 'create/mesh.json'), out: sub, encoding: 'obj' });
  const obj = mesh.objects.find((o) => o.role === 'obj')!;
  assert.equal(obj.sopClassUid, ENCAPSULATED_OBJ_STORAGE);
  await rawImage(20, 20).jpeg().toFile(join(sub, 'l.jpg'));
  const referenced = async (extra: object): Promise<(string | undefined)[]> => {
    writeFileSync(join(sub, 'l.json'), JSON.stringify({ ...META, lesion: { id: 'L1' }, ...extra }));
    const made = await createObject('dermoscopic', { image: join(sub, 'l.jpg'), meta: join(sub, 'l.json'), out: join(sub, 'l.dcm') });
    if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(made.path), []);
    const ds = readDicomFile(made.path).dataset;
    return ['ReferencedSOPClassUID', 'ReferencedSOPInstanceUID'].map((k) => ds.getString(`ReferencedInstanceSequence[0].${k}`));
  };
  assert.deepEqual(await referenced({ meshInstanceUid: obj.sopInstanceUid, meshSopClassUid: obj.sopClassUid }), [ENCAPSULATED_OBJ_STORAGE, obj.sopInstanceUid]);
  assert.deepEqual(await referenced({ meshInstanceUid: '1.2.3.4' }), [SURFACE_SCAN_MESH_STORAGE, '1.2.3.4'], 'the default, as the import writes it');
  for (const [extra, problem] of [
    [{ meshInstanceUid: '1.2.3.4', meshSopClassUid: ENCAPSULATED_MTL_STORAGE }, /^meshSopClassUid: the mesh object's SOP Class UID: .* \(Surface Scan Mesh\) or .* \(Encapsulated OBJ\)$/],
    [{ meshSopClassUid: ENCAPSULATED_OBJ_STORAGE }, /^meshSopClassUid: names the class of the mesh meshInstanceUid gives, which is missing$/],
  ] as const) {
    writeFileSync(join(sub, 'bad.json'), JSON.stringify({ ...META, lesion: { id: 'L1' }, ...extra }));
    await assert.rejects(createObject('dermoscopic', { image: join(sub, 'l.jpg'), meta: join(sub, 'bad.json'), out: join(sub, 'bad.dcm') }),
      (e: ManifestError) => e.file === join(sub, 'bad.json') && e.problems.length === 1 && problem.test(e.problems[0]!));
  }
});

test('a lesion image whose 2D position is in no regional image it references is refused, as in a manifest', async () => {
  const lesion = { id: 'L1', position2d: [4, 5] };
  writeFileSync(join(dir, 'nowhere.json'), JSON.stringify({ ...META, lesion }));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'nowhere.json'), out: join(dir, 'nowhere.dcm') }),
    (e: ManifestError) => e.file === join(dir, 'nowhere.json') && assert.deepEqual(e.problems, [
      'lesion.position2d: needs regionalImageUid (or crop.sourceSopInstanceUid), the regional image the position is in',
    ]) === undefined);
  assert.ok(!existsSync(join(dir, 'nowhere.dcm')));
  for (const [name, link] of [['in-regional', { regionalImageUid: '1.2.3.1' }], ['in-source', { crop: { sourceSopInstanceUid: '1.2.3.1' } }]] as const) {
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ ...META, lesion, ...link }));
    const made = await createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, `${name}.json`), out: join(dir, `${name}.dcm`) });
    assert.deepEqual(readLesions(made.path).lesion?.position2d, [4, 5], name);
  }
});

test('a crop whose regionalImageUid is not the image it was cut from is refused, naming both', async () => {
  const crop = { ...META, lesion: { id: 'L1' }, crop: { sourceSopInstanceUid: '1.2.3.1' } };
  writeFileSync(join(dir, 'two-sources.json'), JSON.stringify({ ...crop, regionalImageUid: '1.2.3.2' }));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'two-sources.json'), out: join(dir, 'two-sources.dcm') }),
    (e: ManifestError) => e.file === join(dir, 'two-sources.json') && e.problems.length === 1
      && /^regionalImageUid: 1\.2\.3\.2 is not crop\.sourceSopInstanceUid 1\.2\.3\.1, the regional image the crop was cut from/.test(e.problems[0]!));
  assert.ok(!existsSync(join(dir, 'two-sources.dcm')));
  // The same UID in both is the same link.
  writeFileSync(join(dir, 'same-source.json'), JSON.stringify({ ...crop, regionalImageUid: '1.2.3.1' }));
  const made = await createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'same-source.json'), out: join(dir, 'same-source.dcm') });
  const ds = readDicomFile(made.path).dataset;
  assert.deepEqual(ds.items('ReferencedImageSequence').map((i) => i.getString('ReferencedSOPInstanceUID')), ['1.2.3.1']);
});

test('a --meta file with a key given twice is refused, naming the file, the key and its lines', async () => {
  const text = JSON.stringify({ ...META, lesion: { id: 'L1' } }, null, 2).replace('"id": "L1"', '"id": "L1",\n    "id": "L2"');
  writeFileSync(join(dir, 'twice.json'), text);
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'twice.json'), out: join(dir, 'twice.dcm') }),
    (e: ManifestError) => e.file === join(dir, 'twice.json') && /^lesion\.id: given twice \(lines \d+ and \d+\); give it once$/.test(e.message));
});

test('every problem of the metadata is reported at once, each naming its field, before the image is read', async () => {
  const bad = {
    patient: { name: 'Doe^Jane', id: 'P001', birthDate: '1980-14-02', age: '44' },
    study: { instanceUid: '1.2.abc', date: '2024-09-41', time: '25:00' },
    equipment: META.equipment,
    site: 'forearm',
    acquisitionDateTime: '2024-13-01T00:00',
    seriesInstanceUid: 'x',
    lesion: { id: 'L1', trackingUid: '1..2' },
    crop: { sourceSopInstanceUid: '1.2.3' },
    dermoscopy: { magnification: 10 },
    meshInstanceUid: '01.2',
    calibration: { parfocal: true },
  };
  writeFileSync(join(dir, 'many.json'), JSON.stringify(bad));
  // Not an image: the metadata's problems come first.
  writeFileSync(join(dir, 'not-an-image.txt'), 'text');
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'not-an-image.txt'), meta: join(dir, 'many.json'), out: join(dir, 'many.dcm') }), (e: ManifestError) => {
    assert.equal(e.file, join(dir, 'many.json'));
    assert.deepEqual(e.problems.map((p) => p.slice(0, p.indexOf(':'))), [
      'calibration', 'dermoscopy', 'patient.birthDate', 'patient.age', 'study.date', 'study.time', 'study.instanceUid',
      'acquisitionDateTime', 'seriesInstanceUid', 'lesion.trackingUid', 'meshInstanceUid', 'site',
    ]);
    assert.equal(e.problems[0], 'calibration: describes regional images; use "create regional"');
    return true;
  });
  assert.ok(!existsSync(join(dir, 'many.dcm')));
  // For a regional image, the lesion image's fields are named, each.
  writeFileSync(join(dir, 'regional-lesion.json'), JSON.stringify({ ...META, lesion: { id: 'L1' }, regionalImageUid: '1.2.3' }));
  await assert.rejects(createObject('regional', { image: join(dir, 'crop.jpg'), meta: join(dir, 'regional-lesion.json'), out: join(dir, 'rl.dcm') }),
    (e: ManifestError) => e.problems.join('\n') === 'lesion: describes dermoscopic images; use "create dermoscopic"\nregionalImageUid: describes dermoscopic images; use "create dermoscopic"');
});

test('create mesh reports every problem of its metadata at once, naming the file and each field', async () => {
  const sub = tempDir('create-mesh-meta');
  const meta = JSON.parse(readFileSync(join(SAMPLES, 'create/mesh.json'), 'utf8')) as Record<string, any>;
  writeFileSync(join(sub, 'mesh.json'), JSON.stringify({ ...meta, patient: { ...meta.patient, birthDate: '19801402' }, study: { ...meta.study, date: 'soon' },
    mesh: { missingBodyParts: ['left wing'], acquisitionDateTime: '2024-09-01T24:30' } }));
  await assert.rejects(buildMeshObjects({ obj: join(SAMPLES, 'capture/mesh/body.obj'), meta: join(sub, 'mesh.json'), out: sub }), (e: ManifestError) =>
    e.file === join(sub, 'mesh.json') && e.problems.map((p) => p.slice(0, p.indexOf(':'))).join() === 'patient.birthDate,study.date,mesh.acquisitionDateTime,mesh.missingBodyParts[0]');
});

test('a --meta file with shape and value problems reports both in one run; a field with a wrong shape is not checked again', async () => {
  const bad = {
    ...META,
    patient: { name: 'Doe^Jane', id: 'P001', sex: 'X', birthDate: '1980-14-02' },
    study: { ...META.study, date: 7 },
    seriesInstanceUid: 'x',
    lesion: { id: 'L1', vertexId: -1, trackingUid: '1..2' },
    pixelSpacingMm: 'fine',
  };
  writeFileSync(join(dir, 'shape-and-values.json'), JSON.stringify(bad));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'shape-and-values.json'), out: join(dir, 'sv.dcm') }),
    (e: ManifestError) => {
      assert.equal(e.file, join(dir, 'shape-and-values.json'));
      assert.deepEqual(e.problems.map((p) => p.slice(0, p.indexOf(':'))), [
        'patient.sex', 'study.date', 'lesion.vertexId', 'pixelSpacingMm', 'patient.birthDate', 'seriesInstanceUid', 'lesion.trackingUid',
      ]);
      return true;
    });
  assert.ok(!existsSync(join(dir, 'sv.dcm')));
  // A lesion that is no object has its shape problem only, not "needs its lesion" too.
  writeFileSync(join(dir, 'lesion-text.json'), JSON.stringify({ ...META, lesion: 'L1', sopInstanceUid: '1.2.x' }));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'lesion-text.json'), out: join(dir, 'lt.dcm') }),
    (e: ManifestError) => e.problems.map((p) => p.slice(0, p.indexOf(':'))).join() === 'lesion,sopInstanceUid');
  // create mesh too: a wrong shape in the mesh facts, a bad date beside it.
  const sub = tempDir('create-mesh-shape');
  const meta = JSON.parse(readFileSync(join(SAMPLES, 'create/mesh.json'), 'utf8')) as Record<string, any>;
  writeFileSync(join(sub, 'mesh.json'), JSON.stringify({ ...meta, study: { ...meta.study, date: 'soon' }, mesh: { bodyCoverage: 'most', acquisitionDateTime: '2024-09-01T24:30' } }));
  await assert.rejects(buildMeshObjects({ obj: join(SAMPLES, 'capture/mesh/body.obj'), meta: join(sub, 'mesh.json'), out: sub }), (e: ManifestError) =>
    e.problems.map((p) => p.slice(0, p.indexOf(':'))).join() === 'mesh.bodyCoverage,study.date,mesh.acquisitionDateTime');
});

test('a --meta shape problem at any depth skips only that field: the rest of its object is kept for the value checks', async () => {
  const crop = { sourceSopInstanceUid: '1..2', sourceLossyCompression: { ratio: 'high', method: 'ISO_10918_1' } };
  const loaded = readMeta(ObjectMetaSchema, { ...META, lesion: { id: 'L1' }, crop }, 'deep.json');
  assert.deepEqual([...loaded.dropped], ['crop.sourceLossyCompression.ratio']);
  assert.deepEqual(loaded.passed.crop, { sourceSopInstanceUid: '1..2', selection: 'manual', sourceLossyCompression: { method: 'ISO_10918_1' } });
  writeFileSync(join(dir, 'deep.json'), JSON.stringify({ ...META, lesion: { id: 'L1' }, crop }));
  await assert.rejects(createObject('dermoscopic', { image: join(dir, 'crop.jpg'), meta: join(dir, 'deep.json'), out: join(dir, 'deep.dcm') }),
    (e: ManifestError) => e.problems.map((p) => p.slice(0, p.indexOf(':'))).join() === 'crop.sourceLossyCompression.ratio,crop.sourceSopInstanceUid');
  assert.ok(!existsSync(join(dir, 'deep.dcm')));
});

test('a site coded in a local scheme is declared in Coding Scheme Identification Sequence, with a warning', async () => {
  await rawImage(20, 20).jpeg().toFile(join(dir, 'local-site.jpg'));
  const made = async (site: object, extra: object = {}): Promise<{ schemes: (string | undefined)[]; warnings: string[]; path: string }> => {
    writeFileSync(join(dir, 'local-site.json'), JSON.stringify({ ...META, site, lesion: { id: 'L1' }, ...extra }));
    const result = await createObject('dermoscopic', { image: join(dir, 'local-site.jpg'), meta: join(dir, 'local-site.json'), out: join(dir, 'local-site.dcm') });
    const ds = readDicomFile(result.path).dataset;
    const schemes: (string | undefined)[] = [];
    for (let scheme; (scheme = ds.getString(`CodingSchemeIdentificationSequence[${schemes.length}].CodingSchemeDesignator`)) !== undefined;) schemes.push(scheme);
    return { schemes, warnings: result.warnings, path: result.path };
  };
  const local = await made({ code: 'A12', scheme: 'LOCAL', meaning: 'Skin of left flank' });
  assert.deepEqual(local.schemes, ['LOCAL']);
  assert.deepEqual(local.warnings, ['site.scheme: "LOCAL" is not a coding scheme DICOM lists (PS3.16 Table 8-1): written and declared in Coding Scheme Identification Sequence by its designator only; a private scheme\'s designator starts with "99" (PS3.16 8.2)']);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(local.path), []);
  // Beside our own scheme (a crop's derivation code), each declared once, however many codes use it.
  const crop = await made({ code: 'A12', scheme: '99XYZ', meaning: 'Skin of left flank', laterality: 'left' }, { crop: { sourceSopInstanceUid: '1.2.3.9' } });
  assert.deepEqual(crop.schemes.sort(), ['99TBP', '99XYZ']);
  assert.match(crop.warnings.join('\n'), /"99XYZ" is not a coding scheme DICOM lists \(PS3\.16 Table 8-1\): written and declared in Coding Scheme Identification Sequence by its designator only$/m);
  const snomed = await made({ code: '7311008', scheme: 'SNOMED', meaning: 'Skin of forearm', laterality: 'left' });
  assert.match(snomed.warnings.join('\n'), /"SNOMED" is not .*; SNOMED CT's designator is "SCT"$/m);
  // Standard schemes need no declaration.
  const sct = await made({ code: '7311008', scheme: 'SCT', meaning: 'Skin of forearm', laterality: 'left' });
  assert.deepEqual(sct.schemes, []);
  assert.deepEqual(sct.warnings, []);
});

test('create: an acquisition date-time at a UTC offset gives Timezone Offset From UTC, and content and creation times at it', async () => {
  await rawImage(20, 20).jpeg().toFile(join(dir, 'zoned.jpg'));
  const make = async (acquisitionDateTime: string): Promise<Dataset> => {
    writeFileSync(join(dir, 'zoned.json'), JSON.stringify({ ...META, acquisitionDateTime, site: 'back' }));
    const made = await createObject('regional', { image: join(dir, 'zoned.jpg'), meta: join(dir, 'zoned.json'), out: join(dir, 'zoned.dcm') });
    if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(made.path), []);
    return readDicomFile(made.path).dataset;
  };
  const before = new Date();
  const zoned = await make('2024-09-01T08:30:00-05:00');
  assert.equal(zoned.getString('TimezoneOffsetFromUTC'), '-0500');
  assert.deepEqual([zoned.getString('ContentDate'), zoned.getString('ContentTime')], ['20240901', '083000']);
  const hour = Number(zoned.getString('InstanceCreationTime')!.slice(0, 2));
  assert.ok([before, new Date()].some((d) => hour === (d.getUTCHours() + 24 - 5) % 24), `created at ${hour} h, -05:00`);
  const unzoned = await make('2024-09-01T08:30:00');
  assert.equal(unzoned.getString('TimezoneOffsetFromUTC'), undefined);
});
