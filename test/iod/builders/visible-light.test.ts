import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateUid } from '../../../src/core/uid-generate.js';
import { Encapsulated } from '../../../src/core/element.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { writeDicomFile } from '../../../src/io/part10-writer.js';
import { buildDermoscopicPhotographyImage, type DermoscopicImageSpec } from '../../../src/iod/builders/dermoscopic-photography-image.js';
import { buildVlPhotographicImage } from '../../../src/iod/builders/vl-photographic-image.js';
import { resolveSite } from '../../../src/iod/codes/anatomic-sites.js';
import { loadPixels, probeImage } from '../../../src/pixel/image-source.js';
import { readCameraExif } from '../../../src/pixel/exif.js';
import { DicomError } from '../../../src/core/errors.js';
import { HAVE_DCIODVFY, HAVE_DCMJ2PNM, dciodvfyErrors, decodeWithDcmtk, rawImage, tempDir, testPixels } from '../../tbp/tools.js';

const dir = tempDir('builders');

async function spec(file: string, overrides: Partial<DermoscopicImageSpec> = {}): Promise<DermoscopicImageSpec> {
  const pixels = await loadPixels(await probeImage(file));
  return {
    patient: { name: 'Doe^Jane', id: 'P001', birthDate: '1980-04-02', sex: 'F', age: '044Y' },
    study: { instanceUid: generateUid(), date: '2024-09-01', time: '12:00', id: 'S1', accessionNumber: 'A1' },
    series: { instanceUid: generateUid(), number: 2 },
    equipment: { manufacturer: 'ACME', model: 'Derm 1', serialNumber: 'SN1', softwareVersions: '2.0' },
    sopInstanceUid: generateUid(),
    instanceNumber: 1,
    frameOfReferenceUid: generateUid(),
    pixels,
    exif: await readCameraExif(file),
    site: resolveSite('left forearm'),
    dermoscopy: { polarization: 'POLARIZED', contact: 'CONTACT', immersion: ['ALCOHOL'], magnification: 10 },
    ...overrides,
  };
}

test('a camera JPEG becomes a Dermoscopic Photography Image with the stream embedded as is', async () => {
  const file = join(dir, 'derm.jpg');
  await rawImage(120, 90).jpeg({ quality: 85 }).withExif({ IFD0: { Make: 'Canon', Model: 'EOS R5' }, IFD2: { FNumber: '8', ExposureTime: '1/125' } }).toFile(file);
  const built = buildDermoscopicPhotographyImage(await spec(file));
  assert.equal(built.transferSyntaxUid, '1.2.840.10008.1.2.4.50');
  const ds = built.dataset;
  assert.equal(ds.getString('Modality'), 'DMS');
  assert.deepEqual(ds.getStrings('ImageType'), ['ORIGINAL', 'PRIMARY']);
  assert.equal(ds.getString('PhotometricInterpretation'), 'YBR_FULL_422');
  assert.equal(ds.getString('LossyImageCompression'), '01');
  assert.equal(ds.getString('LossyImageCompressionMethod'), 'ISO_10918_1');
  assert.ok(ds.getNumber('LossyImageCompressionRatio')! > 1);
  assert.equal(ds.getString('ImageLaterality'), 'L');
  assert.equal(ds.getString('AnatomicRegionSequence[0].CodeValue'), '14975008');
  assert.equal(ds.getString('AnatomicRegionSequence[0].AnatomicRegionModifierSequence[0].CodeMeaning'), 'Left');
  assert.equal(ds.getNumber('FNumber'), 8);
  assert.equal(ds.getString('ContributingEquipmentSequence[0].Manufacturer'), 'Canon');
  const out = join(dir, 'derm.dcm');
  writeDicomFile(out, built, { transferSyntaxUid: built.transferSyntaxUid });
  const back = readDicomFile(out);
  const pixelData = back.dataset.get('PixelData') as Encapsulated;
  assert.equal(pixelData.fragments.length, 1);
  const fragment = pixelData.fragments[0] as Buffer;
  const input = readFileSync(file);
  assert.ok(fragment.subarray(0, input.length).equals(input), 'the fragment is the input file');
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(out), []);
  if (HAVE_DCMJ2PNM) {
    const decoded = decodeWithDcmtk(out, dir);
    assert.deepEqual([decoded.width, decoded.height, decoded.channels], [120, 90, 3]);
  }
});

test('a PNG regional image is stored natively and decodes to the same pixels', async () => {
  const file = join(dir, 'regional.png');
  await rawImage(64, 40, 7).png().toFile(file);
  const built = buildVlPhotographicImage({ ...(await spec(file)), site: resolveSite('back') });
  assert.equal(built.transferSyntaxUid, '1.2.840.10008.1.2.1');
  assert.equal(built.dataset.getString('Modality'), 'XC');
  assert.equal(built.dataset.getString('LossyImageCompression'), '00');
  assert.equal(built.dataset.getString('ImageLaterality'), 'U');
  const out = join(dir, 'regional.dcm');
  writeDicomFile(out, built, { transferSyntaxUid: built.transferSyntaxUid });
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(out), []);
  if (HAVE_DCMJ2PNM) assert.ok(decodeWithDcmtk(out, dir).data.equals(testPixels(64, 40, 7)));
});

test('builders refuse what would make an invalid object', async () => {
  const file = join(dir, 'check.jpg');
  await rawImage(16, 16).jpeg().toFile(file);
  const base = await spec(file);
  const refuses = (s: DermoscopicImageSpec, pattern: RegExp) =>
    assert.throws(() => buildDermoscopicPhotographyImage(s), (e: DicomError) => e.code === 'INVALID_ARGUMENT' && pattern.test(e.message));
  refuses({ ...base, equipment: { ...base.equipment, serialNumber: '' } }, /serial number is required/);
  refuses({ ...base, site: resolveSite('scalp'), sopInstanceUid: '1.2.03' }, /SOP instance UID/);
  refuses({ ...base, site: { code: resolveSite('hand').code, paired: true } }, /both sides/);
  refuses({ ...base, frameOfReferenceUid: undefined }, /frame of reference/);
  refuses({ ...base, dermoscopy: { contact: 'NON_CONTACT', immersion: ['WATER'] } }, /immersion/);
  refuses({ ...base, derivation: { description: 'Manual Selection', codes: [], sources: [] } }, /source image/);
});
