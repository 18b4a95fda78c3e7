import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Dataset } from '../../../src/core/dataset.js';
import { generateUid } from '../../../src/core/uid-generate.js';
import { Encapsulated } from '../../../src/core/element.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { writeDicomFile } from '../../../src/io/part10-writer.js';
import { buildDermoscopicPhotographyImage, type DermoscopicImageSpec } from '../../../src/iod/builders/dermoscopic-photography-image.js';
import { buildVlPhotographicImage } from '../../../src/iod/builders/vl-photographic-image.js';
import { resolveSite } from '../../../src/iod/codes/anatomic-sites.js';
import { loadPixels, probeImage } from '../../../src/pixel/image-source.js';
import { DicomError } from '../../../src/core/errors.js';
import { HAVE_DCIODVFY, HAVE_DCMJ2PNM, dciodvfyErrors, decodeWithDcmtk, rawImage, tempDir, testPixels } from '../../tbp/tools.js';
import { NETPBM, iccDescription, netpbmSamples } from '../../pixel/tools.js';

const dir = tempDir('builders');

async function spec(file: string, overrides: Partial<DermoscopicImageSpec> = {}): Promise<DermoscopicImageSpec> {
  const probe = await probeImage(file);
  const pixels = await loadPixels(probe);
  return {
    patient: { name: 'Doe^Jane', id: 'P001', birthDate: '1980-04-02', sex: 'F', age: '044Y' },
    study: { instanceUid: generateUid(), date: '2024-09-01', time: '12:00', id: 'S1', accessionNumber: 'A1' },
    series: { instanceUid: generateUid(), number: 2 },
    equipment: { manufacturer: 'ACME', model: 'Derm 1', serialNumber: 'SN1', softwareVersions: '2.0' },
    sopInstanceUid: generateUid(),
    instanceNumber: 1,
    frameOfReferenceUid: generateUid(),
    pixels,
    exif: probe.exif,
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

/** Builds a VL Photographic Image from an image file, writes it and checks it with dciodvfy. */
async function regional(file: string): Promise<{ ds: Dataset; out: string; transferSyntaxUid: string }> {
  const built = buildVlPhotographicImage({ ...(await spec(file)), site: resolveSite('back') });
  const out = `${file}.dcm`;
  writeDicomFile(out, built, { transferSyntaxUid: built.transferSyntaxUid });
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(out), [], file);
  return { ds: built.dataset, out, transferSyntaxUid: built.transferSyntaxUid };
}

test('a Display P3 PNG keeps its samples and its profile: dcmj2pnm shows what pngtopam reads', async () => {
  const file = join(dir, 'p3.png');
  await rawImage(48, 32, 4).withIccProfile('p3').png().toFile(file);
  const { ds, out } = await regional(file);
  const icc = ds.bytes('ICCProfile')!;
  const embedded = (await sharp(file).metadata()).icc!;
  assert.ok(icc.subarray(0, embedded.length).equals(embedded), "the file's profile");
  assert.match(iccDescription(icc), /P3/);
  if (HAVE_DCMJ2PNM && NETPBM) assert.ok(decodeWithDcmtk(out, dir).data.equals(netpbmSamples(file)));
});

test('a JPEG that says it is sRGB (EXIF ColorSpace 1) without a profile carries sRGB\'s, Color Space SRGB; dciodvfy passes', async () => {
  const file = join(dir, 'exif-srgb.jpg');
  await rawImage(48, 32, 4).withExif({ IFD2: { ColorSpace: '1' } }).jpeg().toFile(file);
  const { ds } = await regional(file);
  assert.equal(iccDescription(ds.bytes('ICCProfile')!), 'sRGB');
  assert.equal(ds.getString('ColorSpace'), 'SRGB');
});

test('a CMYK TIFF is stored as sRGB samples with an sRGB ICC profile, not its CMYK one', async () => {
  const file = join(dir, 'cmyk.tiff');
  await rawImage(32, 24, 6).withIccProfile('cmyk').tiff({ compression: 'lzw' }).toFile(file);
  const { ds, out } = await regional(file);
  assert.equal(ds.getString('PhotometricInterpretation'), 'RGB');
  const icc = ds.bytes('ICCProfile')!;
  assert.equal(icc.toString('latin1', 16, 20), 'RGB ', "the profile's data colour space");
  assert.equal(iccDescription(icc), 'sRGB');
  if (HAVE_DCMJ2PNM) assert.ok(decodeWithDcmtk(out, dir).data.equals(await sharp(file).toColourspace('srgb').raw().toBuffer()));
});

test('a JPEG-compressed TIFF is stored natively with Lossy Image Compression 01, ISO_10918_1 and its ratio', async () => {
  const file = join(dir, 'lossy.tiff');
  await rawImage(64, 40, 8).tiff({ compression: 'jpeg', quality: 60 }).toFile(file);
  const { ds, out, transferSyntaxUid } = await regional(file);
  assert.equal(transferSyntaxUid, '1.2.840.10008.1.2.1');
  assert.deepEqual(ds.getStrings('ImageType'), ['ORIGINAL', 'PRIMARY']);
  assert.equal(ds.getString('LossyImageCompression'), '01');
  assert.equal(ds.getString('LossyImageCompressionMethod'), 'ISO_10918_1');
  const { lossy } = await probeImage(file);
  assert.equal(ds.getNumber('LossyImageCompressionRatio'), Math.round(lossy!.ratio * 100) / 100);
  assert.ok(lossy!.ratio > (64 * 40 * 3) / statSync(file).size, 'over the compressed data, which is less than the file');
  if (HAVE_DCMJ2PNM) assert.ok(decodeWithDcmtk(out, dir).data.equals(await sharp(file).raw().toBuffer()));
  const webp = join(dir, 'lossy-webp.tiff');
  await rawImage(64, 40, 8).tiff({ compression: 'webp' }).toFile(webp);
  const w = (await regional(webp)).ds;
  assert.equal(w.getString('LossyImageCompression'), '01');
  assert.ok(w.getNumber('LossyImageCompressionRatio')! > 1);
  assert.equal(w.get('LossyImageCompressionMethod'), undefined, 'WebP has no defined term');
});

test('a PNG with EXIF Orientation 6 is stored upright: rows and columns swapped, the first stored column on top', async () => {
  const file = join(dir, 'turned.png');
  await rawImage(6, 4, 2).withMetadata({ orientation: 6 }).png().toFile(file);
  const { ds, out } = await regional(file);
  assert.deepEqual([ds.getNumber('Columns'), ds.getNumber('Rows')], [4, 6]);
  if (HAVE_DCMJ2PNM) {
    const decoded = decodeWithDcmtk(out, dir);
    const stored = testPixels(6, 4, 2);
    // Rotated 90° clockwise: the stored bottom-left pixel is now the top-left one, the stored top-left the top-right.
    assert.ok(decoded.data.subarray(0, 3).equals(stored.subarray(3 * 6 * 3, 3 * 6 * 3 + 3)));
    assert.ok(decoded.data.subarray(3 * 3, 4 * 3).equals(stored.subarray(0, 3)));
  }
});

test('an acquisition date-time without a time gives Content Date alone: Content Time (Type 1C) is left out, not empty', async () => {
  const file = join(dir, 'dated.png');
  await rawImage(16, 12).png().toFile(file);
  for (const [acquisitionDateTime, date] of [['2024-09-01', '20240901'], ['2024', null]] as const) {
    const built = buildVlPhotographicImage({ ...(await spec(file)), acquisitionDateTime });
    const ds = built.dataset;
    assert.equal(ds.getString('ContentDate') ?? null, date, acquisitionDateTime);
    assert.equal(ds.has('ContentTime'), false, acquisitionDateTime);
    const out = join(dir, `dated-${date}.dcm`);
    writeDicomFile(out, built, { transferSyntaxUid: built.transferSyntaxUid });
    if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(out), [], acquisitionDateTime);
  }
});
