// Builds good DICOM objects (dcmtk img2dcm + our Dataset API) and a corpus of broken ones, one defect each, with a
// manifest of the attribute(s) each defect must be reported on. Usage: node scripts/make-broken-corpus.mjs OUT_DIR
// (needs a build in dist/ and dcmtk's img2dcm on the PATH).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = new URL('../dist/src/', import.meta.url);
const { readDicomFile } = await import(new URL('io/part10-reader.js', dist));
const { writeDicomFile, encodeDicom } = await import(new URL('io/part10-writer.js', dist));
const { Dataset } = await import(new URL('core/dataset.js', dist));
const { Element } = await import(new URL('core/element.js', dist));
const { lookupKeyword } = await import(new URL('core/dictionary.js', dist));

/** Stores a text value as given, past the checks Dataset.set makes: these files are broken on purpose. */
function raw(ds, keyword, vr, text) {
  const even = text.length % 2 ? text + (vr === 'UI' ? '\0' : ' ') : text;
  ds.addElement(new Element(lookupKeyword(keyword).tag, vr, Buffer.from(even, 'latin1')));
}

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const UID_ROOT = '1.2.826.0.1.3680043.10.1234';
let counter = 0;
const uid = (kind) => `${UID_ROOT}.${kind}.${process.pid}.${++counter}`;

/** A small colour JPEG to wrap (made with sharp, a dependency of the project). */
const sharp = (await import('sharp')).default;
const JPEG = await sharp({ create: { width: 16, height: 8, channels: 3, background: { r: 200, g: 120, b: 90 } } }).jpeg().toBuffer();
function jpeg(dir) {
  const path = join(dir, 'pixel.jpg');
  writeFileSync(path, JPEG);
  return path;
}

function common(ds, modality) {
  ds.set('PatientName', 'Test^Patient');
  ds.set('PatientID', 'TBP-001');
  ds.set('PatientBirthDate', '19700101');
  ds.set('PatientSex', 'F');
  ds.set('StudyDate', '20240105');
  ds.set('StudyTime', '101500');
  ds.set('StudyID', '1');
  ds.set('AccessionNumber', 'A1');
  ds.set('ReferringPhysicianName', '');
  ds.set('SeriesNumber', '1');
  ds.set('InstanceNumber', '1');
  ds.set('Manufacturer', 'tbp-dicom');
  ds.set('Modality', modality);
  ds.set('BodyPartExamined', 'SKIN');
  ds.set('ImageLaterality', 'U');
  ds.set('PatientOrientation', '');
}

function fromImg2dcm(dir, name, args) {
  const out = join(dir, `${name}.raw.dcm`);
  const input = jpeg(dir);
  execFileSync('img2dcm', [...args, input, out], { stdio: 'ignore' });
  const file = readDicomFile(out, { lazyThreshold: Infinity });
  rmSync(out);
  rmSync(input);
  return file;
}

/** The good objects every defect starts from. */
export function makeGood(dir) {
  mkdirSync(dir, { recursive: true });
  const good = {};

  const vlp = fromImg2dcm(dir, 'vlp', ['-vlp']);
  common(vlp.dataset, 'XC');
  good.vlp = vlp;

  const derm = fromImg2dcm(dir, 'derm', ['-vlp']);
  const d = derm.dataset;
  common(d, 'DMS');
  d.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.77.1.7');
  d.set('ManufacturerModelName', 'Scope');
  d.set('DeviceSerialNumber', '42');
  d.set('SoftwareVersions', '1.0');
  d.set('FrameOfReferenceUID', uid(9));
  d.set('PositionReferenceIndicator', '');
  d.set('RecognizableVisualFeatures', 'NO');
  d.set('LightSourcePolarization', '');
  d.set('EmitterColorTemperature', '');
  d.set('ContactMethod', '');
  d.set('OpticalMagnificationFactor', '10');
  good.derm = derm;

  const sc = fromImg2dcm(dir, 'sc', []);
  common(sc.dataset, 'OT');
  good.sc = sc;

  // A native, uncompressed ultrasound image built with the Dataset API alone.
  const us = new Dataset();
  us.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.6.1');
  us.set('SOPInstanceUID', uid(1));
  us.set('StudyInstanceUID', uid(2));
  us.set('SeriesInstanceUID', uid(3));
  common(us, 'US');
  us.set('ImageType', ['ORIGINAL', 'PRIMARY']);
  us.set('SamplesPerPixel', 1);
  us.set('PhotometricInterpretation', 'MONOCHROME2');
  us.set('Rows', 4);
  us.set('Columns', 4);
  us.set('BitsAllocated', 8);
  us.set('BitsStored', 8);
  us.set('HighBit', 7);
  us.set('PixelRepresentation', 0);
  us.set('PixelData', Buffer.alloc(16, 0x40), 'OB');
  good.us = { dataset: us, transferSyntaxUid: EXPLICIT_LE };

  for (const [name, file] of Object.entries(good)) writeDicomFile(join(dir, `${name}.dcm`), file, { transferSyntaxUid: file.transferSyntaxUid });
  return good;
}

/** Each defect: the base object, how to break it, and the attributes our errors must (and may only) name. */
export const DEFECTS = [
  { name: 'missing-type1', base: 'vlp', expect: ['StudyInstanceUID'], apply: (ds) => ds.delete('StudyInstanceUID') },
  { name: 'empty-type1', base: 'vlp', expect: ['ImageType'], apply: (ds) => ds.set('ImageType', null) },
  { name: 'missing-type2', base: 'vlp', expect: ['PatientName'], apply: (ds) => ds.delete('PatientName') },
  { name: 'bad-da', base: 'vlp', expect: ['StudyDate'], apply: (ds) => ds.set('StudyDate', '2024-01-05') },
  { name: 'bad-tm', base: 'sc', expect: ['StudyTime'], apply: (ds) => ds.set('StudyTime', '256100') },
  { name: 'da-padded', base: 'sc', expect: ['StudyDate'], apply: (ds) => raw(ds, 'StudyDate', 'DA', '20240105  ') },
  { name: 'ui-65-chars', base: 'vlp', expect: ['SeriesInstanceUID'], apply: (ds) => raw(ds, 'SeriesInstanceUID', 'UI', '1.2.' + '3'.repeat(61)) },
  { name: 'ui-leading-zero', base: 'us', expect: ['StudyInstanceUID'], apply: (ds) => raw(ds, 'StudyInstanceUID', 'UI', '1.2.03.4') },
  { name: 'wrong-enumerated', base: 'vlp', expect: ['PatientSex'], apply: (ds) => ds.set('PatientSex', 'X') },
  { name: 'bad-cs-characters', base: 'sc', expect: ['ConversionType'], apply: (ds) => ds.set('ConversionType', 'wsd') },
  { name: 'bad-ds', base: 'us', expect: ['PatientWeight'], apply: (ds) => raw(ds, 'PatientWeight', 'DS', '7O') },
  { name: 'bad-is', base: 'sc', expect: ['SeriesNumber'], apply: (ds) => raw(ds, 'SeriesNumber', 'IS', '1a') },
  { name: 'lo-too-long', base: 'sc', expect: ['Manufacturer'], apply: (ds) => ds.set('Manufacturer', 'M'.repeat(65)) },
  { name: 'sh-padded-with-nul', base: 'vlp', expect: ['StationName'], apply: (ds) => raw(ds, 'StationName', 'SH', 'ROOM1\0') },
  { name: 'lt-nul-within', base: 'sc', expect: ['ImageComments'], apply: (ds) => raw(ds, 'ImageComments', 'LT', 'before\0after ') },
  { name: 'lo-del', base: 'vlp', expect: ['InstitutionName'], apply: (ds) => raw(ds, 'InstitutionName', 'LO', 'CLINIC\x7f') },
  { name: 'lt-bell', base: 'sc', expect: ['ImageComments'], apply: (ds) => raw(ds, 'ImageComments', 'LT', 'ring\x07') },
  { name: 'image-type-value-2-empty', base: 'vlp', expect: ['ImageType'], apply: (ds) => raw(ds, 'ImageType', 'CS', 'ORIGINAL\\\\COLOR') },
  { name: 'pn-too-many-components', base: 'sc', expect: ['ReferringPhysicianName'], apply: (ds) => ds.set('ReferringPhysicianName', 'a^b^c^d^e^f') },
  { name: 'too-many-values', base: 'us', expect: ['PatientSex'], apply: (ds) => ds.set('PatientSex', ['M', 'F']) },
  { name: 'bits-stored-above-allocated', base: 'us', expect: ['BitsStored', 'HighBit'], apply: (ds) => ds.set('BitsStored', 12) },
  { name: 'high-bit-inconsistent', base: 'us', expect: ['HighBit'], apply: (ds) => ds.set('HighBit', 6) },
  { name: 'samples-vs-photometric', base: 'us', expect: ['SamplesPerPixel', 'PhotometricInterpretation', 'PlanarConfiguration', 'PixelData'], apply: (ds) => ds.set('SamplesPerPixel', 3) },
  { name: 'pixel-data-short', base: 'us', expect: ['PixelData'], apply: (ds) => ds.set('PixelData', Buffer.alloc(10), 'OB') },
  { name: 'planar-configuration-missing', base: 'vlp', expect: ['PlanarConfiguration'], apply: (ds) => ds.delete('PlanarConfiguration') },
  { name: 'lossy-flag-vs-jpeg', base: 'vlp', expect: ['LossyImageCompression'], apply: (ds) => ds.set('LossyImageCompression', '00') },
  { name: 'modality-vs-sop-class', base: 'vlp', expect: ['Modality'], apply: (ds) => ds.set('Modality', 'CT') },
  { name: 'dermoscopy-type1-missing', base: 'derm', expect: ['RecognizableVisualFeatures'], apply: (ds) => ds.delete('RecognizableVisualFeatures') },
  { name: 'code-item-missing-meaning', base: 'vlp', expect: ['CodeMeaning'], apply: (ds) => {
    const item = new Dataset();
    item.set('CodeValue', '39937001');
    item.set('CodingSchemeDesignator', 'SCT');
    ds.set('AnatomicRegionSequence', [item]);
  } },
  { name: 'reference-missing-uid', base: 'vlp', expect: ['ReferencedSOPInstanceUID'], apply: (ds) => {
    const item = new Dataset();
    item.set('ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.77.1.4');
    const purpose = new Dataset();
    purpose.set('CodeValue', '121311');
    purpose.set('CodingSchemeDesignator', 'DCM');
    purpose.set('CodeMeaning', 'Localizer');
    item.set('PurposeOfReferenceCodeSequence', [purpose]);
    ds.set('ReferencedImageSequence', [item]);
  } },
  { name: 'condition-violated-deidentification', base: 'sc', expect: ['DeidentificationMethod', 'DeidentificationMethodCodeSequence'], apply: (ds) => ds.set('PatientIdentityRemoved', 'YES') },
  { name: 'private-without-creator', base: 'sc', expect: ['(0013,1010)'], apply: (ds) => ds.set('(0013,1010)', 'LESION-1', 'LO') },
  { name: 'meta-instance-mismatch', base: 'sc', expect: ['MediaStorageSOPInstanceUID'], raw: true },
];

/** Writes good/ and broken/ under `dir` and a manifest.json; returns the manifest. */
export function makeCorpus(dir) {
  const good = makeGood(join(dir, 'good'));
  mkdirSync(join(dir, 'broken'), { recursive: true });
  const manifest = [];
  for (const defect of DEFECTS) {
    const base = good[defect.base];
    const file = { ...base, dataset: base.dataset.clone() };
    const path = join(dir, 'broken', `${defect.name}.dcm`);
    if (defect.raw) {
      const bytes = encodeDicom(file, { transferSyntaxUid: file.transferSyntaxUid });
      const sop = Buffer.from(file.dataset.getString('SOPInstanceUID'));
      const at = bytes.indexOf(sop);
      bytes[at + sop.length - 1] = bytes[at + sop.length - 1] === 0x31 ? 0x32 : 0x31;
      writeFileSync(path, bytes);
    } else {
      defect.apply(file.dataset);
      writeDicomFile(path, file, { transferSyntaxUid: file.transferSyntaxUid });
    }
    manifest.push({ file: path, defect: defect.name, base: defect.base, expect: defect.expect });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ?? 'broken-corpus';
  const manifest = makeCorpus(out);
  console.log(`wrote ${manifest.length} broken objects and ${Object.keys(DEFECTS.reduce((a, d) => ({ ...a, [d.base]: 1 }), {})).length} good ones under ${out}`);
}
