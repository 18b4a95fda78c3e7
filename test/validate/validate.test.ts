import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../src/core/dataset.js';
import { Element } from '../../src/core/element.js';
import { validate } from '../../src/validate/validate.js';
import { formatFinding } from '../../src/validate/format.js';
import { checkSet, summarize } from '../../src/validate/set-check.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { join } from 'node:path';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { HAVE_DCIODVFY, dciodvfyErrors, dciodvfyFindings, rawImage, tempDir } from '../tbp/tools.js';
import { createObject } from '../../src/tbp/create-object.js';
import type { DicomError } from '../../src/core/errors.js';
import { lookupKeyword } from '../../src/core/dictionary.js';
import { asUnknown } from '../helpers/unknown-vr.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { SURFACE_SEGMENTATION, dciodvfyAs } from '../mesh/dciodvfy-surrogate.js';
import { fileURLToPath } from 'node:url';
import { hasDcmtk, runDcmtk } from '../helpers/dcmtk-corpus.js';

const DEMO_MANIFEST = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));

/** A minimal but complete Secondary Capture instance, built in memory. */
function sc(): Dataset {
  const ds = new Dataset();
  const values: [string, string | number | string[]][] = [
    ['SOPClassUID', '1.2.840.10008.5.1.4.1.1.7'], ['SOPInstanceUID', '1.2.3.4.5'], ['StudyInstanceUID', '1.2.3.4'],
    ['SeriesInstanceUID', '1.2.3.4.1'], ['PatientName', 'A^B'], ['PatientID', 'P1'], ['PatientBirthDate', ''], ['PatientSex', 'O'],
    ['StudyDate', '20240101'], ['StudyTime', '120000'], ['ReferringPhysicianName', ''], ['StudyID', '1'], ['AccessionNumber', ''],
    ['Modality', 'OT'], ['SeriesNumber', '1'], ['Laterality', 'R'], ['ConversionType', 'WSD'], ['InstanceNumber', '1'], ['PatientOrientation', ''],
    ['SamplesPerPixel', 1], ['PhotometricInterpretation', 'MONOCHROME2'], ['Rows', 2], ['Columns', 2], ['BitsAllocated', 8],
    ['BitsStored', 8], ['HighBit', 7], ['PixelRepresentation', 0],
  ];
  for (const [k, v] of values) ds.set(k, v);
  ds.set('PixelData', Buffer.alloc(4), 'OB');
  return ds;
}

const errors = (ds: Dataset, options = {}) => validate(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1', ...options }).findings.filter((f) => f.severity === 'error');

test('a complete instance has no errors', () => {
  assert.deepEqual(errors(sc()), []);
});

test('findings name the module, keyword, tag and path inside sequences', () => {
  const ds = sc();
  const item = new Dataset();
  item.set('ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SourceImageSequence', [item]);
  ds.set('PatientIdentityRemoved', 'YES');
  const found = errors(ds);
  const ref = found.find((f) => f.path === 'SourceImageSequence[0].ReferencedSOPInstanceUID');
  assert.ok(ref, JSON.stringify(found));
  assert.equal(ref.tag, '(0008,1155)');
  assert.equal(ref.module, 'General Reference');
  assert.ok(found.some((f) => f.keyword === 'DeidentificationMethod' && f.code === 'MISSING'));
});

test('an empty item of Private Data Element Characteristics or Real World Value Mapping Sequence lacks its Type 1 attributes, as dciodvfy says', () => {
  const ds = sc();
  ds.set('PrivateDataElementCharacteristicsSequence', [new Dataset()]);
  ds.set('RealWorldValueMappingSequence', [new Dataset()]);
  const found = errors(ds).map((f) => `${f.path} ${f.code}`);
  const missing = {
    PrivateDataElementCharacteristicsSequence: ['PrivateGroupReference', 'PrivateCreatorReference', 'BlockIdentifyingInformationStatus'],
    RealWorldValueMappingSequence: [
      'RealWorldValueFirstValueMapped', 'RealWorldValueLastValueMapped', 'DoubleFloatRealWorldValueFirstValueMapped', 'DoubleFloatRealWorldValueLastValueMapped',
      'RealWorldValueIntercept', 'RealWorldValueSlope', 'RealWorldValueLUTData', 'LUTExplanation', 'LUTLabel', 'MeasurementUnitsCodeSequence',
    ],
  };
  const expected = Object.entries(missing).flatMap(([sequence, keywords]) => keywords.map((k) => `${sequence}[0].${k} MISSING`));
  assert.deepEqual([...found].sort(), [...expected].sort());
  if (HAVE_DCIODVFY) {
    const dir = tempDir('validate-empty-items');
    try {
      const file = join(dir, 'empty-items.dcm');
      writeDicomFile(file, { dataset: ds });
      const theirs = dciodvfyErrors(file).flatMap((l) => /Module=<(SOPCommon|RealWorldValueMappingItemMacro)>/.test(l) ? [/Element=<(\w+)>/.exec(l)![1]!] : []);
      assert.deepEqual(theirs.sort(), Object.values(missing).flat().sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // Whole items: a safe block, and a mapping by slope and intercept.
  const block = new Dataset();
  block.set('PrivateGroupReference', 0x0013);
  block.set('PrivateCreatorReference', 'TBP DICOM 1.0');
  block.set('BlockIdentifyingInformationStatus', 'SAFE');
  const units = new Dataset();
  for (const [k, v] of [['CodeValue', '1'], ['CodingSchemeDesignator', 'UCUM'], ['CodeMeaning', 'no units']]) units.set(k!, v!);
  const mapping = new Dataset();
  for (const [k, v] of [['RealWorldValueFirstValueMapped', 0], ['RealWorldValueLastValueMapped', 255], ['RealWorldValueIntercept', 0], ['RealWorldValueSlope', 1], ['LUTExplanation', 'x'], ['LUTLabel', 'y']] as const) mapping.set(k, v);
  mapping.set('MeasurementUnitsCodeSequence', [units]);
  ds.set('PrivateDataElementCharacteristicsSequence', [block]);
  ds.set('RealWorldValueMappingSequence', [mapping]);
  assert.deepEqual(errors(ds), []);
});

test('a Type 1C attribute present without a value is an error even where its condition cannot be decided, as dciodvfy says', () => {
  const ds = sc();
  ds.set('PixelAspectRatio', '');
  const found = errors(ds);
  assert.deepEqual(found.map((f) => [f.keyword, f.code]), [['PixelAspectRatio', 'EMPTY']]);
  assert.match(found[0]!.message, /Type 1C requires a value whenever it is present/);
  if (HAVE_DCIODVFY) {
    const file = join(tempDir('validate-1c'), 'empty-1c.dcm');
    writeDicomFile(file, { dataset: ds });
    assert.deepEqual(dciodvfyErrors(file).map((l) => /Type 1C/.test(l) && /PixelAspectRatio/.test(l)), [true]);
  }
  ds.set('PixelAspectRatio', ['4', '3']);
  assert.deepEqual(errors(ds), []);
});

test('an unknown SOP Class gets the common modules and a notice', () => {
  const ds = sc();
  ds.set('SOPClassUID', '1.2.3.999');
  ds.delete('PatientID');
  const r = validate(ds);
  assert.ok(r.findings.some((f) => f.code === 'IOD_UNKNOWN' && f.severity === 'info'));
  assert.ok(r.findings.some((f) => f.keyword === 'PatientID' && f.code === 'MISSING'));
  assert.equal(r.iod, undefined);
});

test('--iod overrides the SOP Class', () => {
  const r = validate(sc(), { iod: 'VL Photographic Image', transferSyntaxUid: '1.2.840.10008.1.2.1' });
  assert.equal(r.iod?.id, 'vl-photographic-image');
  assert.ok(r.findings.some((f) => f.keyword === 'Modality' && f.code === 'NOT_ENUMERATED'));
});

test('Acquisition Context items are content items: Value Type required, UIDREF among its values', () => {
  const context = (fill: (item: Dataset) => void): string[] => {
    const ds = sc();
    const item = new Dataset(ds);
    item.set('ConceptNameCodeSequence[0].CodeValue', '121232');
    item.set('ConceptNameCodeSequence[0].CodingSchemeDesignator', 'DCM');
    item.set('ConceptNameCodeSequence[0].CodeMeaning', 'Source series');
    fill(item);
    ds.set('AcquisitionContextSequence', [item]);
    return validate(ds, { iod: 'VL Photographic Image', transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings
      .filter((f) => f.path?.startsWith('AcquisitionContextSequence') && f.severity === 'error').map((f) => `${f.keyword} ${f.code}`);
  };
  assert.deepEqual(context((item) => { item.set('ValueType', 'UIDREF'); item.set('UID', '1.2.3.4'); }), []);
  // A Text Value is there only for Value Type TEXT (dciodvfy: "present when condition unsatisfied").
  assert.deepEqual(context((item) => item.set('TextValue', 'x')), ['ValueType MISSING', 'TextValue NOT_ALLOWED']);
});

test('a code is in one of Code Value, Long Code Value (over 16 characters) and URN Code Value, the others absent', () => {
  const region = (fill: (item: Dataset) => void): string[] => {
    const ds = sc();
    ds.set('AnatomicRegionSequence[0].CodingSchemeDesignator', 'SCT');
    ds.set('AnatomicRegionSequence[0].CodeMeaning', 'Skin');
    fill(ds.items('AnatomicRegionSequence')[0]!);
    return errors(ds, { iod: 'VL Photographic Image' }).filter((f) => f.path?.startsWith('AnatomicRegionSequence')).map((f) => `${f.keyword} ${f.code}`);
  };
  assert.deepEqual(region((item) => item.set('CodeValue', '39937001')), []);
  assert.deepEqual(region((item) => item.set('LongCodeValue', '12345678901234567890')), []);
  assert.deepEqual(region((item) => { item.set('CodeValue', '39937001'); item.set('LongCodeValue', '244106003'); }).sort(),
    ['CodeValue NOT_ALLOWED', 'LongCodeValue BAD_VALUE', 'LongCodeValue NOT_ALLOWED'].sort());
});

test('private elements need a creator; registered blocks are checked for VR and mirrored values', () => {
  const ds = sc();
  ds.set('(0013,1010)', 'X', 'LO');
  assert.ok(errors(ds).some((f) => f.code === 'PRIVATE' && f.path === '(0013,1010)'));
  const ok = sc();
  ok.set('TrackingID', 'LESION-1');
  ok.set('(0013,"TEST BLOCK",10)', 'LESION-2', 'LO');
  ok.set('(0013,"TEST BLOCK",11)', 'abc', 'LO');
  const rules = [{ creator: 'TEST BLOCK', group: 0x13, entries: [{ element: 0x10, keyword: 'LesionID', vr: 'LO', sameAs: 'TrackingID' }, { element: 0x11, keyword: 'VertexID', vr: 'UL' }] }];
  const found = errors(ok, { privateBlocks: rules }).filter((f) => f.code === 'PRIVATE');
  assert.equal(found.length, 2, JSON.stringify(found));
  assert.ok(found.some((f) => /must agree/.test(f.message)));
  assert.ok(found.some((f) => /VR LO/.test(f.message)));
});

test('the TBP block is checked by default: VR and VM of its elements, draft group-0010 tags', () => {
  const ds = sc();
  ds.set('(0013,"TBP DICOM 1.0",02)', 'abc', 'LO');
  ds.set('(0010,1301)', 'L1', 'LO');
  const found = validate(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings.filter((f) => f.code === 'PRIVATE');
  assert.ok(found.some((f) => f.severity === 'error' && f.keyword === 'TBPVertexID' && /VR LO/.test(f.message)), JSON.stringify(found));
  assert.ok(found.some((f) => f.severity === 'warning' && f.keyword === 'TBPLesionID'));
});

/** The SC instance as a confocal image of `frames` frames, with one empty Shared and one empty Per-Frame item. */
function confocal(frames: number): Dataset {
  const ds = sc();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.77.1.8');
  ds.set('NumberOfFrames', frames);
  ds.set('SharedFunctionalGroupsSequence', [new Dataset()]);
  ds.set('PerFrameFunctionalGroupsSequence', [new Dataset()]);
  return ds;
}

test('functional groups: per-frame count and mandatory macros', () => {
  const ds = confocal(2);
  const found = errors(ds);
  assert.ok(found.some((f) => f.keyword === 'PerFrameFunctionalGroupsSequence' && f.code === 'ITEM_COUNT'));
  assert.ok(found.some((f) => f.keyword === 'PixelMeasuresSequence' && f.code === 'MISSING'));
});

test('confocal images: every frame has its Confocal Microscopy Image Frame Type and Frame Anatomy', () => {
  const ds = confocal(1);
  const missing = (d: Dataset): string[] => errors(d).filter((f) => /FrameType|FrameAnatomy|FrameLaterality/.test(`${f.keyword} ${f.path}`)).map((f) => `${f.keyword} ${f.code}`);
  assert.deepEqual(missing(ds).sort(), ['ConfocalMicroscopyImageFrameTypeSequence MISSING', 'FrameAnatomySequence MISSING']);
  const shared = ds.items('SharedFunctionalGroupsSequence')[0]!;
  shared.set('ConfocalMicroscopyImageFrameTypeSequence[0].FrameType', ['ORIGINAL', 'PRIMARY', 'VOLUME', 'NONE']);
  shared.set('FrameAnatomySequence[0].FrameLaterality', 'L');
  shared.set('FrameAnatomySequence[0].AnatomicRegionSequence[0].CodeValue', '39937001');
  shared.set('FrameAnatomySequence[0].AnatomicRegionSequence[0].CodingSchemeDesignator', 'SCT');
  shared.set('FrameAnatomySequence[0].AnatomicRegionSequence[0].CodeMeaning', 'Skin');
  assert.deepEqual(missing(ds), []);
  shared.set('FrameAnatomySequence[0].FrameLaterality', 'X');
  assert.deepEqual(missing(ds), ['FrameLaterality NOT_ENUMERATED']);
});

test('set checks: duplicate SOP Instance UIDs and disagreeing study attributes', () => {
  const a = sc();
  const b = sc();
  b.set('PatientID', 'OTHER');
  const { findings } = checkSet([summarize(a, 'a.dcm'), summarize(b, 'b.dcm')]);
  assert.ok(findings.some((f) => f.code === 'DUPLICATE_UID'));
  assert.ok(findings.some((f) => f.code === 'INCONSISTENT' && f.keyword === 'PatientID'));
});

test('set checks: a series under two studies; a UID used as a frame of reference and as a series', () => {
  const a = sc();
  const b = sc();
  b.set('SOPInstanceUID', '1.2.3.4.6');
  b.set('StudyInstanceUID', '1.2.3.9');
  b.set('FrameOfReferenceUID', '1.2.3.4.1');
  const messages = checkSet([summarize(a, 'a.dcm'), summarize(b, 'b.dcm')]).findings.map((f) => f.message);
  assert.ok(messages.includes('series 1.2.3.4.1 is in study 1.2.3.9 here and in study 1.2.3.4 in a.dcm: a series belongs to one study'), messages.join('\n'));
  assert.ok(messages.includes('1.2.3.4.1 is used here as a frame of reference UID and elsewhere in the set as a series UID'), messages.join('\n'));
});

test('set checks look at the study of each instance a bounded number of times, not once per reference over the whole set: 2,000 instances of one study with 4,000 unresolved references', () => {
  // Counted rather than timed: asked per reference whether the set is one study, each time over every instance,
  // 10,000 files took two minutes (8 million reads of a study UID here).
  let reads = 0;
  const instances = Array.from({ length: 2_000 }, (_, i) => {
    const ds = sc();
    ds.set('SOPInstanceUID', `1.2.3.4.5.${i}`);
    ds.set('ReferencedImageSequence[0].ReferencedSOPInstanceUID', `1.2.3.9.${i}`);
    ds.set('SourceImageSequence[0].ReferencedSOPInstanceUID', `1.2.3.8.${i}`);
    const summary = summarize(ds, `f${i}.dcm`);
    const studyUid = summary.studyUid;
    return Object.defineProperty(summary, 'studyUid', { get: () => (reads++, studyUid), enumerable: true });
  });
  const { findings, warnings } = checkSet(instances);
  assert.equal(warnings, 4_000);
  assert.equal(findings.filter((f) => f.code === 'REFERENCE').reduce((n, f) => n + (f.more ?? 1), 0), 4_000);
  assert.ok(reads < 10 * instances.length, `${reads} reads of a study UID for ${instances.length} instances`);
});

test('a UI value padded with a space is an error: UI is padded with a NUL', () => {
  const ds = sc();
  ds.addElement(new Element(lookupKeyword('SeriesInstanceUID')!.tag, 'UI', Buffer.from('1.2.3.4.1 ', 'latin1')));
  assert.deepEqual(errors(ds).filter((f) => f.keyword === 'SeriesInstanceUID').map((f) => f.message), ['contains a space: UI values are digits and dots, padded with a NUL byte']);
});

test('a standard attribute written as UN because its value is too long for a 16-bit length is checked as its own VR', () => {
  const dir = tempDir('un-long');
  try {
    const ds = sc();
    ds.set('ImageComments', 'a'.repeat(70_000)); // LT: at most 10,240 characters
    ds.set('ReferencedFrameNumber', Array.from({ length: 15_000 }, (_, i) => String(i + 1))); // IS, VM 1-n: valid
    const path = join(dir, 'long.dcm');
    writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    const back = readDicomFile(path).dataset;
    // Written as UN, read back in the dictionary's VRs (PS3.5 6.2.2: the value is their Implicit VR encoding).
    assert.equal(readFileSync(path).includes(Buffer.from([0x20, 0x00, 0x00, 0x40, 0x55, 0x4e])), true, 'ImageComments as UN');
    assert.equal(back.element('ImageComments')?.vr, 'LT');
    assert.equal(back.element('ReferencedFrameNumber')?.vr, 'IS');
    const found = errors(back);
    const comments = found.filter((f) => f.keyword === 'ImageComments');
    assert.equal(comments.length, 1, JSON.stringify(found));
    assert.match(comments[0]!.message, /is 70000 characters long; LT allows at most 10240/);
    assert.deepEqual(found.filter((f) => f.keyword === 'ReferencedFrameNumber'), []);
    if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(path).some((l) => /Image Comments.*Length invalid/.test(l)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const HAVE_DCMMKDIR = spawnSync('dcmmkdir', ['--version']).error === undefined;

test('a DICOMDIR, whose SOP Class is named only in its meta information, is checked as a Basic Directory', { skip: !HAVE_DCMMKDIR && 'dcmmkdir not installed' }, () => {
  const dir = tempDir('dicomdir');
  try {
    mkdirSync(join(dir, 'IMAGES'));
    writeDicomFile(join(dir, 'IMAGES', 'IMG1'), { dataset: sc() }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    const made = spawnSync('dcmmkdir', ['-q', '+I', '+id', dir, 'IMAGES/IMG1'], { cwd: dir, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const report = validate(join(dir, 'DICOMDIR'));
    assert.equal(report.iod?.id, 'basic-directory');
    assert.equal(report.sopClassUid, '1.2.840.10008.1.3.10');
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
    // the keys each record type requires (PS3.3 F.5)
    const file = readDicomFile(join(dir, 'DICOMDIR'));
    const records = file.dataset.items('DirectoryRecordSequence');
    const of = (type: string) => records.find((r) => r.getString('DirectoryRecordType') === type)!;
    of('PATIENT').delete('PatientID');
    of('STUDY').delete('StudyDate');
    of('SERIES').delete('Modality');
    of('IMAGE').delete('InstanceNumber');
    const missing = validate(file).findings.filter((f) => f.severity === 'error').map((f) => `${f.keyword} ${f.code}`);
    assert.deepEqual(missing.sort(), ['InstanceNumber MISSING', 'Modality MISSING', 'PatientID MISSING', 'StudyDate MISSING']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a VL image in a lossy JPEG syntax takes YBR_FULL_422 or MONOCHROME2, not RGB, as dciodvfy checks it', async () => {
  const dir = tempDir('vl-jpeg-rgb');
  try {
    await rawImage(32, 24).jpeg().toFile(join(dir, 'in.jpg'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({
      patient: { name: 'A^B', id: 'P1' }, study: { date: '2024-09-01' }, site: 'back',
      equipment: { manufacturer: 'M', model: 'X', serialNumber: '1', softwareVersions: '1' },
    }));
    const out = join(dir, 'vl.dcm');
    await createObject('regional', { image: join(dir, 'in.jpg'), meta: join(dir, 'meta.json'), out });
    const file = readDicomFile(out);
    assert.equal(file.transferSyntaxUid, '1.2.840.10008.1.2.4.50');
    const pi = (ds: Dataset) => validate(ds, { transferSyntaxUid: file.transferSyntaxUid }).findings.filter((f) => f.keyword === 'PhotometricInterpretation');
    assert.deepEqual(pi(file.dataset), []);
    file.dataset.set('PhotometricInterpretation', 'RGB');
    assert.match(pi(file.dataset)[0]?.message ?? '', /"RGB" is not an enumerated value \(MONOCHROME2, YBR_FULL_422 in a lossy JPEG transfer syntax\)/);
    assert.deepEqual(validate(file.dataset, { transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings.filter((f) => f.keyword === 'PhotometricInterpretation'), []);
    // The YBR forms name what a compression did: native pixels are MONOCHROME2 or RGB (C.8.12.1.1.1), as dciodvfy says.
    file.dataset.set('PhotometricInterpretation', 'YBR_FULL_422');
    assert.match(validate(file.dataset, { transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings.find((f) => f.keyword === 'PhotometricInterpretation')?.message ?? '',
      /"YBR_FULL_422" is not an enumerated value \(MONOCHROME2, RGB in an uncompressed transfer syntax\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('native pixel data: OB with more than 8 bits allocated is refused in Explicit VR; YBR_FULL_422 takes 2 samples a pixel', () => {
  const wide = sc();
  wide.set('BitsAllocated', 16);
  wide.set('BitsStored', 12);
  wide.set('HighBit', 11);
  wide.set('PixelData', Buffer.alloc(8), 'OB');
  assert.match(errors(wide).map((f) => f.message).join('\n'), /is OB, but Bits Allocated is 16: native pixel data of more than 8 bits is OW/);
  wide.set('PixelData', Buffer.alloc(8), 'OW');
  assert.deepEqual(errors(wide).filter((f) => f.keyword === 'PixelData'), []);
  const ybr = sc();
  ybr.set('SamplesPerPixel', 3);
  ybr.set('PhotometricInterpretation', 'YBR_FULL_422');
  ybr.set('PlanarConfiguration', 0);
  ybr.set('Rows', 8);
  ybr.set('Columns', 8);
  ybr.set('PixelData', Buffer.alloc(128), 'OB');
  assert.deepEqual(errors(ybr).filter((f) => f.keyword === 'PixelData'), []);
  ybr.set('PixelData', Buffer.alloc(192), 'OB');
  assert.match(errors(ybr).filter((f) => f.keyword === 'PixelData')[0]?.message ?? '', /is 192 bytes; .* need 128/);
});

test('Planar Configuration shall not be present for one sample per pixel', () => {
  const ds = sc();
  ds.set('PlanarConfiguration', 0);
  assert.deepEqual(errors(ds).filter((f) => f.keyword === 'PlanarConfiguration').map((f) => f.code), ['NOT_ALLOWED']);
});

test('Dermoscopic Image: Contact Method and Light Source Polarization enumerated; Immersion Media for contact dermoscopy only', async () => {
  const dir = tempDir('dermoscopic-rules');
  try {
    await rawImage(32, 24).jpeg().toFile(join(dir, 'in.jpg'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({
      patient: { name: 'A^B', id: 'P1' }, study: { date: '2024-09-01' }, site: 'back', lesion: { id: 'L1' },
      equipment: { manufacturer: 'M', model: 'X', serialNumber: '1', softwareVersions: '1' },
      dermoscopy: { contact: 'contact', polarization: 'polarized' },
    }));
    const out = join(dir, 'derm.dcm');
    await createObject('dermoscopic', { image: join(dir, 'in.jpg'), meta: join(dir, 'meta.json'), out });
    const file = readDicomFile(out);
    const found = (ds: Dataset) => validate(ds, { transferSyntaxUid: file.transferSyntaxUid }).findings
      .filter((f) => f.severity === 'error').map((f) => `${f.keyword} ${f.code}`);
    assert.deepEqual(found(file.dataset), []);
    const wrong = readDicomFile(out).dataset;
    wrong.set('ContactMethod', 'FOO');
    wrong.set('LightSourcePolarization', 'FOO');
    assert.deepEqual(found(wrong), ['LightSourcePolarization NOT_ENUMERATED', 'ContactMethod NOT_ENUMERATED', 'ImmersionMedia NOT_ALLOWED']);
    const dry = readDicomFile(out).dataset;
    dry.removeTag(lookupKeyword('ImmersionMedia')!.tag);
    assert.deepEqual(found(dry), ['ImmersionMedia MISSING']);
    const away = readDicomFile(out).dataset;
    away.set('ContactMethod', 'NON_CONTACT');
    assert.deepEqual(found(away), ['ImmersionMedia NOT_ALLOWED']);
    const honey = readDicomFile(out).dataset;
    honey.set('ImmersionMedia', 'HONEY');
    honey.set('PartialView', 'MAYBE');
    assert.deepEqual(found(honey), ['ImmersionMedia NOT_ENUMERATED', 'PartialView NOT_ENUMERATED']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a registered private text value has its VR\'s form and length, as a standard one', () => {
  const ds = sc();
  ds.set('(0013,"TBP DICOM 1.0",01)', 'L'.repeat(65), 'LO');
  const found = validate(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings.filter((f) => f.code === 'PRIVATE');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0]!.message, /^TBPLesionID \("TBP DICOM 1\.0"\) value "L+" is 65 characters long; LO allows at most 64$/);
});

test('an IOD name that names no IOD fails, rather than checking the common modules only', () => {
  assert.throws(() => validate(sc(), { iod: 'VL Photographic Imag' }), (e: DicomError) => e.code === 'INVALID_ARGUMENT' && /IOD "VL Photographic Imag" is not known/.test(e.message));
  assert.equal(validate(sc(), { iod: 'secondary capture image' }).iod?.id, 'secondary-capture-image');
});

test('Patient Orientation is made of a biped\'s letters, unless the patient is a quadruped', () => {
  const ds = sc();
  ds.set('PatientOrientation', ['A', 'Q']);
  assert.deepEqual(errors(ds).filter((f) => f.keyword === 'PatientOrientation').map((f) => f.message), ['value 2 "Q" is not made of the letters L, R, A, P, H and F']);
  ds.set('PatientOrientation', ['AL', 'FR']);
  assert.deepEqual(errors(ds).filter((f) => f.keyword === 'PatientOrientation'), []);
});

test('a file cut short, read leniently, is an error: values at its end are missing', () => {
  const dir = tempDir('cut-short');
  try {
    const ds = sc();
    ds.set('Rows', 64);
    ds.set('Columns', 64);
    ds.set('PixelData', Buffer.alloc(64 * 64), 'OB');
    const path = join(dir, 'cut.dcm');
    writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, whole.length - 1000));
    const report = validate(path);
    assert.ok(report.findings.some((f) => f.severity === 'error' && f.code === 'READ' && /cut short/.test(f.message)), JSON.stringify(report.findings));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an element whose VR is damaged ("ZZ" for Modality\'s CS) is an error, said once, whether its 16-bit length or neither length ends at an element', () => {
  const dir = tempDir('damaged-vr');
  try {
    const path = join(dir, 'zz.dcm');
    writeDicomFile(path, { dataset: sc() }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    const whole = readFileSync(path);
    const at = whole.indexOf(Buffer.from([0x08, 0x00, 0x60, 0x00, 0x43, 0x53]), 132);
    whole.write('ZZ', at + 4, 'latin1');
    writeFileSync(path, whole);
    const inStep = validate(path).findings.filter((f) => f.code === 'READ');
    assert.deepEqual(inStep.map((f) => [f.severity, f.message]), [['error', `offset ${at}, (0008,0060): invalid VR "ZZ": its 32-bit length (${whole.readUInt32LE(at + 8)}) does not end at an element, its 16-bit length (2) does: a damaged VR, which readers that take it as PS3.5 7.1.2 says (dcmtk) cannot read past`]]);
    // A 16-bit length that fits nowhere either: the damaged header is the error, whatever the read then met.
    whole.writeUInt16LE(3, at + 6);
    writeFileSync(path, whole);
    const lost = validate(path).findings.filter((f) => f.code === 'READ' && f.severity === 'error');
    assert.ok(lost.some((f) => /invalid VR "ZZ": neither its 32-bit length .* nor its 16-bit length \(3\) ends at an element: a damaged VR/.test(f.message)), JSON.stringify(lost));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Patient Orientation is not required of an image whose IOD requires Image Plane, though it lacks Image Orientation (Patient)', () => {
  const ds = sc();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.2'); // CT Image: Image Plane is mandatory
  ds.set('Modality', 'CT');
  ds.delete('PatientOrientation');
  const found = errors(ds).map((f) => f.keyword);
  assert.ok(found.includes('ImageOrientationPatient'), found.join(' '));
  assert.ok(!found.includes('PatientOrientation'), found.join(' '));
  // Secondary Capture has no Image Plane module: there Patient Orientation stands for the geometry
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('Modality', 'OT');
  assert.ok(errors(ds).some((f) => f.keyword === 'PatientOrientation' && f.code === 'MISSING'));
});

test('Patient Position is required of a CT or MR image without Patient Orientation Code Sequence, not of others', () => {
  const ds = sc();
  const missing = (): boolean => errors(ds).some((f) => f.keyword === 'PatientPosition' && f.code === 'MISSING');
  assert.equal(missing(), false);
  // PS3.3 C.7.3.1: CT, MR, Enhanced CT, Enhanced MR, Enhanced Color MR and MR Spectroscopy Storage.
  for (const uid of ['1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.5.1.4.1.1.2.1', '1.2.840.10008.5.1.4.1.1.4.1', '1.2.840.10008.5.1.4.1.1.4.3', '1.2.840.10008.5.1.4.1.1.4.2']) {
    ds.set('SOPClassUID', uid);
    assert.equal(missing(), true, uid);
  }
  ds.set('PatientOrientationCodeSequence', []);
  assert.equal(missing(), false);
});

test('a private element outside the reservable blocks, or an empty Private Creator, is an error (PS3.5 7.8.1), as dciodvfy reports it', () => {
  const ds = sc();
  ds.set('(0013,0005)', 'X', 'LO');
  ds.set('(0013,0100)', 'Y', 'LO');
  ds.set('(0015,0010)', '', 'LO');
  ds.set('(0015,1001)', 'Z', 'LO');
  const found = errors(ds).filter((f) => f.code === 'PRIVATE').map((f) => f.path);
  assert.deepEqual(found.sort(), ['(0013,0005)', '(0013,0100)', '(0015,0010)']);
  if (HAVE_DCIODVFY) {
    const dir = tempDir('validate-private');
    try {
      const file = join(dir, 'private.dcm');
      writeDicomFile(file, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
      const r = spawnSync('dciodvfy', ['-new', file], { encoding: 'utf8' });
      const theirs = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('Error') && /Bad private owner value/.test(l)).join('\n');
      assert.match(theirs, /\(0013,0005\)/);
      assert.match(theirs, /\(0015,0010\).*empty value/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a (single-frame) Secondary Capture Image holds one frame: Number of Frames 2 is an error, as dciodvfy says', () => {
  const ds = sc();
  ds.set('NumberOfFrames', 1);
  assert.deepEqual(errors(ds), []);
  ds.set('NumberOfFrames', 2);
  ds.set('PixelData', Buffer.alloc(8), 'OB');
  assert.deepEqual(errors(ds).map((f) => [f.keyword, f.code]), [['NumberOfFrames', 'NOT_ENUMERATED']]);
});

test('Palette Color Lookup Table Descriptors are not included in an image that is not PALETTE COLOR (Type 1C, PS3.5 7.4.2), as dciodvfy says', () => {
  const ds = sc();
  ds.set('RedPaletteColorLookupTableDescriptor', [256, 0, 16]);
  assert.deepEqual(errors(ds).map((f) => [f.keyword, f.code]), [['RedPaletteColorLookupTableDescriptor', 'NOT_ALLOWED']]);
  ds.set('PixelPresentation', 'COLOR'); // an enhanced image's colour presentation takes them
  assert.ok(!errors(ds).some((f) => f.keyword === 'RedPaletteColorLookupTableDescriptor' && f.code === 'NOT_ALLOWED'));
});

test('set checks: one instance whose Study Instance UID is also its Frame of Reference UID is told so, not sent "elsewhere in the set"', () => {
  const ds = sc();
  ds.set('FrameOfReferenceUID', '1.2.3.4');
  const messages = checkSet([summarize(ds, 'a.dcm')]).findings.map((f) => f.message);
  assert.deepEqual(messages, ['1.2.3.4 is used here as a frame of reference UID and in this instance too as a study UID']);
});

test('a data set holding known attributes as UN is checked in their dictionary VRs, as a file read is, and left as it is', () => {
  const tagOfKeyword = (keyword: string): number => lookupKeyword(keyword)!.tag;
  const ds = sc();
  ds.set('PatientSex', 'X');
  ds.set('SourceImageSequence[0].ReferencedSOPInstanceUID', '1.02.3', 'UI', { verbatim: true });
  asUnknown(ds, ['SOPClassUID', 'PatientSex', 'SourceImageSequence'].map(tagOfKeyword));
  const report = validate(ds, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
  assert.equal(report.iod?.id, 'secondary-capture-image');
  const found = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.path} ${f.code}`);
  for (const expected of ['PatientSex NOT_ENUMERATED', 'SourceImageSequence[0].ReferencedSOPClassUID MISSING', 'SourceImageSequence[0].ReferencedSOPInstanceUID BAD_VALUE']) {
    assert.ok(found.includes(expected), `${expected} in ${JSON.stringify(found)}`);
  }
  assert.equal(ds.element('SourceImageSequence')?.vr, 'UN');
});

test('a sequence held as UN whose bytes are no items is an error, as dciodvfy reports it', () => {
  const dir = tempDir('un-sequence');
  try {
    const ds = sc();
    ds.addElement(new Element(lookupKeyword('SourceImageSequence')!.tag, 'UN', Buffer.from('abcdefgh')));
    const message = 'is a sequence held as UN whose bytes are not sequence items (PS3.5 6.2.2: its items in Implicit VR Little Endian)';
    assert.deepEqual(errors(ds).filter((f) => f.keyword === 'SourceImageSequence').map((f) => `${f.code} ${f.message}`), [`BAD_VALUE ${message}`]);
    const path = join(dir, 'un-sequence.dcm');
    writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    assert.ok(validate(path).findings.some((f) => f.severity === 'error' && f.keyword === 'SourceImageSequence' && f.message === message));
    if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(path).some((l) => /Source Image Sequence|SourceImageSequence/.test(l)), dciodvfyErrors(path).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a CS or AE value with 8-bit bytes is an error naming the byte (PS3.5 allows only the default repertoire), as dciodvfy reports a CS', () => {
  const dir = tempDir('repertoire');
  try {
    const ds = sc();
    ds.set('SpecificCharacterSet', 'ISO_IR 100');
    ds.addElement(new Element(lookupKeyword('PatientSex')!.tag, 'CS', Buffer.from('\xe9 ', 'latin1')));
    ds.addElement(new Element(lookupKeyword('RetrieveAETitle')!.tag, 'AE', Buffer.from('ST\xc9 ', 'latin1')));
    ds.set('PatientName', 'M\u00fcller^J\u00f6rg'); // PN follows the character set
    const found = errors(ds).filter((f) => f.module === 'Data Element').map((f) => `${f.keyword}: ${f.message}`);
    assert.deepEqual(found, [
      'RetrieveAETitle: value "ST\u00c9" holds byte 0xC9, beyond the default repertoire, the only one PS3.5 allows in AE',
      'PatientSex: value "\u00e9" holds byte 0xE9, beyond the default repertoire, the only one PS3.5 allows in CS',
    ]);
    // A private value, in the VR it came with.
    ds.addElement(new Element(0x00110010, 'LO', Buffer.from('ACME')));
    ds.addElement(new Element(0x00111001, 'CS', Buffer.from('\xc9T', 'latin1')));
    const path = join(dir, 'repertoire.dcm');
    writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    // Read from a file, each is said once: the reader's warning is not repeated beside the error.
    assert.deepEqual(validate(path).findings.filter((f) => /holds byte/.test(f.message)).map((f) => `${f.severity} ${f.path}: ${f.message}`), [
      'error RetrieveAETitle: value "ST\u00c9" holds byte 0xC9, beyond the default repertoire, the only one PS3.5 allows in AE',
      'error PatientSex: value "\u00e9" holds byte 0xE9, beyond the default repertoire, the only one PS3.5 allows in CS',
      'error (0011,1001): value "\u00c9T" holds byte 0xC9, beyond the default repertoire, the only one PS3.5 allows in CS',
    ]);
    if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(path).some((l) => /Patient's Sex.*Character invalid for this VR/.test(l)), dciodvfyErrors(path).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a File Meta Information UID present without a value is said to be empty, not missing, as dciodvfy says', () => {
  const dir = tempDir('meta-empty');
  try {
    const path = join(dir, 'sc.dcm');
    writeDicomFile(path, { dataset: sc() }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    const file = readDicomFile(path);
    file.meta.set('MediaStorageSOPInstanceUID', '');
    file.meta.set('TransferSyntaxUID', '');
    const meta = validate(file).findings.filter((f) => f.module === 'File Meta Information').map((f) => `${f.keyword}: ${f.message}`);
    assert.deepEqual(meta, ['MediaStorageSOPInstanceUID: is empty; Type 1 requires a value', 'TransferSyntaxUID: is empty; Type 1 requires a value']);
    file.meta.delete('MediaStorageSOPInstanceUID');
    assert.ok(validate(file).findings.some((f) => f.keyword === 'MediaStorageSOPInstanceUID' && f.message === 'is missing'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an Anatomic Region Sequence in any image is checked as the General Image module\'s (General Anatomy Optional Macro), as dciodvfy checks it', () => {
  const dir = tempDir('general-anatomy');
  try {
    const noMeaning = sc();
    noMeaning.set('AnatomicRegionSequence[0].CodeValue', '12738006');
    noMeaning.set('AnatomicRegionSequence[0].CodingSchemeDesignator', 'SCT');
    const empty = sc();
    empty.set('AnatomicRegionSequence', []);
    for (const [ds, expected, dciodvfy] of [
      [noMeaning, ['AnatomicRegionSequence[0].CodeMeaning: is missing (Type 1)'], /Missing attribute Type 1 Required Element=<CodeMeaning>/],
      [empty, ['AnatomicRegionSequence: is present with no items; when sent it must hold at least one'], /A single Item is required if present .* attribute <AnatomicRegionSequence>/],
    ] as const) {
      assert.deepEqual(errors(ds).map((f) => `${f.module} ${f.path}: ${f.message}`), expected.map((e) => `General Image ${e}`));
      const path = join(dir, 'sc.dcm');
      writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
      if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(path).some((l) => dciodvfy.test(l)), dciodvfyErrors(path).join('\n'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a module\'s VM finding counts the values as the dictionary\'s does: one value is "1 value"', () => {
  const ds = sc();
  ds.set('PatientOrientation', 'A');
  assert.deepEqual(errors(ds).filter((f) => f.code === 'VM').map((f) => `${f.module}: ${f.message}`), [
    'General Image: has 1 value; this module requires 2',
    'Data Element: has 1 value; the data dictionary allows 2',
  ]);
});

test('a Specific Character Set term not known is a warning naming it (its text is read in the default repertoire); known ones, with code extensions, pass', () => {
  const unknown = sc();
  unknown.set('SpecificCharacterSet', 'ISO_IR 999');
  assert.deepEqual(validate(unknown).findings.filter((f) => f.keyword === 'SpecificCharacterSet').map((f) => `${f.severity} ${f.code}`), ['warning UNKNOWN_TERM']);
  for (const value of ['ISO_IR 100', 'ISO_IR 192', '\\ISO 2022 IR 87', 'ISO 2022 IR 6\\ISO 2022 IR 149', 'GB18030']) {
    const known = sc();
    known.set('SpecificCharacterSet', value.split('\\'));
    assert.deepEqual(validate(known).findings.filter((f) => f.keyword === 'SpecificCharacterSet'), [], value);
  }
});

test('pixel data of the wrong length is said in words that count: one sample a pixel is "1 sample"', () => {
  const ds = sc();
  ds.set('PixelData', Buffer.alloc(6), 'OB');
  assert.deepEqual(errors(ds).filter((f) => f.keyword === 'PixelData').map((f) => f.message), ['is 6 bytes; 2 rows × 2 columns × 1 sample × 1 frame at 8 bits need 4']);
});

test('a value of odd length is an error naming the attribute, said once (the reader\'s warning is not repeated), as dciodvfy fails the read', () => {
  const dir = tempDir('odd-length');
  try {
    const path = join(dir, 'sc.dcm');
    writeDicomFile(path, { dataset: sc() }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    // Patient ID "P1" (2 bytes) made "P1X" (3), the lengths after it left as they are: the reader reads on.
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from([0x10, 0x00, 0x20, 0x00, 0x4c, 0x4f, 0x02, 0x00]));
    assert.ok(at > 0);
    const odd = Buffer.concat([bytes.subarray(0, at + 6), Buffer.from([0x03, 0x00]), Buffer.from('P1X'), bytes.subarray(at + 10)]);
    writeFileSync(path, odd);
    const findings = validate(path).findings.filter((f) => /odd/.test(f.message)).map((f) => `${f.severity} ${f.path ?? ''}: ${f.message}`);
    assert.deepEqual(findings, ['error PatientID: has an odd length of 3 bytes; PS3.5 7.1.1 requires an even one (the value padded)']);
    if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(path).some((l) => /read failed/.test(l)), dciodvfyErrors(path).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a code\'s scheme PS3.16 Table 8-1 does not list is declared in Coding Scheme Identification Sequence: a warning at its first use (in tag order) otherwise, which dciodvfy does not give', () => {
  const ds = sc();
  ds.set('AnatomicRegionSequence[0].CodeValue', 'X1');
  ds.set('AnatomicRegionSequence[0].CodingSchemeDesignator', '99XYZ');
  ds.set('AnatomicRegionSequence[0].CodeMeaning', 'Left forearm skin');
  ds.set('AnatomicRegionSequence[0].AnatomicRegionModifierSequence[0].CodeValue', '7771000');
  ds.set('AnatomicRegionSequence[0].AnatomicRegionModifierSequence[0].CodingSchemeDesignator', 'SCT');
  ds.set('AnatomicRegionSequence[0].AnatomicRegionModifierSequence[0].CodeMeaning', 'Left');
  ds.set('SourceImageSequence[0].ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SourceImageSequence[0].ReferencedSOPInstanceUID', '1.2.3.4.6');
  ds.set('SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodeValue', 'X2');
  ds.set('SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodingSchemeDesignator', '99XYZ');
  ds.set('SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodeMeaning', 'Other');
  const found = (d: Dataset) => validate(d, { transferSyntaxUid: '1.2.840.10008.1.2.1' }).findings.filter((f) => f.code === 'CODING_SCHEME');
  assert.deepEqual(found(ds).map((f) => [f.severity, f.path, f.message]), [[
    'warning', 'SourceImageSequence[0].PurposeOfReferenceCodeSequence[0].CodingSchemeDesignator',
    'names coding scheme "99XYZ", which PS3.16 Table 8-1 does not list, and Coding Scheme Identification Sequence (0008,0110) does not declare it (PS3.3 C.12.1.1.2)',
  ]]);
  if (HAVE_DCIODVFY) {
    const dir = tempDir('undeclared-scheme');
    try {
      const path = join(dir, 'sc.dcm');
      writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
      assert.deepEqual(dciodvfyErrors(path), []);
      assert.ok(!dciodvfyFindings(path).some((l) => /Coding Scheme Identification/i.test(l)), dciodvfyFindings(path).join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeDesignator', '99XYZ');
  assert.deepEqual(found(ds), []);
});

test('a value quoted in a finding has its control characters escaped: a line break in a file\'s value neither ends the finding\'s line nor forges the next', () => {
  const ds = sc();
  ds.addElement(new Element(lookupKeyword('InstitutionName')!.tag, 'LO', Buffer.from('AB\nerror   [Forged] x\x07  ')));
  const found = errors(ds).filter((f) => f.keyword === 'InstitutionName');
  assert.deepEqual(found.map((f) => f.message), ['value "AB\\nerror   [Forged] x\\u0007" contains control characters']);
  assert.equal(formatFinding(found[0]!).split('\n').length, 1);
  // And where a module's enumerated values are checked.
  ds.addElement(new Element(lookupKeyword('PatientSex')!.tag, 'CS', Buffer.from('M\nX ')));
  const sex = errors(ds).filter((f) => f.keyword === 'PatientSex').map((f) => f.message);
  assert.deepEqual(sex, ['"M\\nX" is not an enumerated value (M, F, O)', 'value "M\\nX" contains characters other than upper-case letters, digits, space and underscore']);
});

test('SH, LO, ST, LT and PN lengths count characters in the Specific Character Set, not bytes (PS3.5 Table 6.2-1 "chars"); dciodvfy counts bytes', () => {
  const dir = tempDir('chars');
  try {
    const ds = sc();
    ds.set('SpecificCharacterSet', 'ISO_IR 192');
    ds.set('InstitutionName', '\u00e9'.repeat(64)); // 128 bytes of UTF-8
    ds.set('StationName', '\u00e9'.repeat(16));
    ds.set('InstitutionAddress', '\u00e9'.repeat(1024));
    ds.set('ImageComments', '\u00e9'.repeat(10240));
    ds.set('PatientName', `${'\u00e9'.repeat(30)}^${'\u00e9'.repeat(33)}`); // a component group of 64 characters, 127 bytes
    ds.set('Manufacturer', '');
    assert.deepEqual(errors(ds), []);
    const path = join(dir, 'utf8.dcm');
    writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
    assert.deepEqual(validate(path).findings.filter((f) => f.severity === 'error'), []);
    if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(path).some((l) => /Institution Name.*Length invalid for this VR = 128, expected <= 64/.test(l)), dciodvfyErrors(path).join('\n'));
    // One character more is too long, however few bytes it takes.
    ds.set('InstitutionName', '\u00e9'.repeat(65));
    ds.set('StationName', 'a'.repeat(17));
    assert.deepEqual(errors(ds).map((f) => `${f.keyword}: ${f.message.replace(/"[^"]*"/, '…')}`), [
      'InstitutionName: value … is 65 characters long; LO allows at most 64',
      'StationName: value … is 17 characters long; SH allows at most 16',
    ]);
    // ISO 2022: escape sequences are no characters; 64 kanji of two bytes each fit an LO.
    const jis = sc();
    jis.set('SpecificCharacterSet', ['', 'ISO 2022 IR 87']);
    jis.set('InstitutionName', '\u5c71\u7530'.repeat(32));
    jis.set('Manufacturer', '');
    assert.deepEqual(errors(jis), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Laterality (Type 2C) present where its condition does not hold — Image Laterality given, or an unpaired body part — is an error (PS3.5 7.4.4), as dciodvfy says', async () => {
  const dir = tempDir('laterality');
  try {
    await rawImage(32, 24).jpeg().toFile(join(dir, 'in.jpg'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({
      patient: { name: 'A^B', id: 'P1' }, study: { date: '2024-09-01' }, site: 'left forearm', lesion: { id: 'L1' },
      equipment: { manufacturer: 'M', model: 'X', serialNumber: '1', softwareVersions: '1' },
    }));
    const out = join(dir, 'derm.dcm');
    await createObject('dermoscopic', { image: join(dir, 'in.jpg'), meta: join(dir, 'meta.json'), out });
    const file = readDicomFile(out);
    const found = (ds: Dataset) => validate(ds, { transferSyntaxUid: file.transferSyntaxUid }).findings
      .filter((f) => f.severity === 'error').map((f) => `${f.keyword} ${f.code}: ${f.message}`);
    assert.deepEqual(found(file.dataset), []);
    for (const value of ['L', '']) {
      file.dataset.set('Laterality', value);
      assert.deepEqual(found(file.dataset), ['Laterality NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise']);
      const path = join(dir, `laterality-${value || 'empty'}.dcm`);
      writeDicomFile(path, file, { transferSyntaxUid: file.transferSyntaxUid });
      if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(path).some((l) => /present when condition unsatisfied .*Type 2C.*Laterality/.test(l)), dciodvfyErrors(path).join('\n'));
    }
    // Without Image Laterality, a paired (or unstated) body part needs it, and an unpaired one does not take it.
    file.dataset.removeTag(lookupKeyword('ImageLaterality')!.tag);
    file.dataset.set('Laterality', 'L');
    assert.deepEqual(found(file.dataset), []);
    file.dataset.set('BodyPartExamined', 'CHEST');
    assert.deepEqual(found(file.dataset).map((f) => f.split(':')[0]), ['Laterality NOT_ALLOWED']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a UR value holds RFC 3986 characters only, the rest percent-encoded, and no leading space (PS3.5 Table 6.2-1), as dciodvfy says; trailing spaces are padding', () => {
  const dir = tempDir('ur');
  try {
    const tag = lookupKeyword('RetrieveURL')!.tag;
    const found = (text: string): string[] => {
      const ds = sc();
      ds.addElement(new Element(tag, 'UR', Buffer.from(text.length % 2 ? `${text} ` : text, 'latin1')));
      const path = join(dir, 'ur.dcm');
      writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
      const ours = validate(path).findings.filter((f) => f.severity === 'error').map((f) => f.message);
      if (HAVE_DCIODVFY) assert.equal(dciodvfyErrors(path).some((l) => /Retrieve URL.*invalid for this VR/.test(l)), ours.length > 0 && !text.includes('%z'), `${text}: ${dciodvfyErrors(path).join('\n')}`);
      return ours;
    };
    assert.deepEqual(found("https://pacs.example/wado?a=1&b=%20x#f~!$'()*+,;=:@[]"), []);
    assert.deepEqual(found('https://pacs.example/a  '), []);
    assert.deepEqual(found(' https://pacs.example/a'), ['starts with a space: a UR is padded with trailing spaces only']);
    assert.deepEqual(found('https://pacs.example/a\\b'), ['value "https://pacs.example/a\\b" holds "\\", which a URI holds only percent-encoded (RFC 3986 section 2)']);
    for (const c of [' ', '<', '"', '|', '^', '{', '`', '\t']) assert.equal(found(`https://pacs.example/a${c}b`).length, 1, c);
    // A "%" not starting an escape: RFC 3986 2.1, which dciodvfy does not check.
    assert.deepEqual(found('https://pacs.example/%zz'), ['value "https://pacs.example/%zz" has a "%" not followed by two hexadecimal digits (RFC 3986 section 2.1)']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('where we and dciodvfy differ on purpose, the standard decides: TAB in ST/LT/UT, a leap second, an offset after the year alone pass; a seventh fraction digit, a "." without one and an exponent without digits fail; a PN is counted per component group', () => {
  const dir = tempDir('differ');
  try {
    // keyword, VR, value, whether PS3.5 2024e (and we) refuse it, and whether dciodvfy 2022 does
    const cases: [string, string, string, boolean, boolean][] = [
      // PS3.5 Table 6.2-1: ST, LT and UT exclude control characters "except TAB, LF, FF, CR" (TAB added after 2015a)
      ['ImageComments', 'LT', 'a\tb', false, true],
      ['DerivationDescription', 'ST', 'a\tb', false, true],
      ['StrainAdditionalInformation', 'UT', 'a\tb', false, true],
      // TM and DT: SS ranges "00" - "60", 60 for a leap second
      ['StudyTime', 'TM', '235960', false, true],
      ['AcquisitionDateTime', 'DT', '20161231235960', false, true],
      // FFFFFF "shall contain 1 to 6 digits"
      ['StudyTime', 'TM', '120000.1234567', true, false],
      ['AcquisitionDateTime', 'DT', '20240901120000.1234567', true, false],
      // "If FFFFFF is unspecified the preceding "." shall not be included"
      ['StudyTime', 'TM', '120000.', true, false],
      ['AcquisitionDateTime', 'DT', '20240901120000.', true, false],
      // DS: a floating point number "as defined in ANSI X3.9", whose exponent has digits
      ['PatientWeight', 'DS', '1e', true, false],
      // DT note: "the offset may be included regardless of null components; e.g., 2007-0500 is a legal value"
      ['AcquisitionDateTime', 'DT', '2024-0500', false, true],
      // PN: 64 characters per component group (6.2.1.2); dciodvfy counts the whole value
      ['PatientName', 'PN', `${'A'.repeat(60)}=${'B'.repeat(10)}`, false, true],
    ];
    for (const [keyword, vr, value, refused, dciodvfyRefuses] of cases) {
      const ds = sc();
      ds.addElement(new Element(lookupKeyword(keyword)!.tag, vr as never, Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1')));
      const path = join(dir, `${keyword}.dcm`);
      writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
      const ours = validate(path).findings.filter((f) => f.severity === 'error');
      assert.equal(ours.length > 0, refused, `${keyword} ${JSON.stringify(value)}: ${ours.map((f) => f.message).join('; ')}`);
      if (HAVE_DCIODVFY) {
        const theirs = dciodvfyErrors(path).filter((l) => /invalid for this VR/.test(l));
        assert.equal(theirs.length > 0, dciodvfyRefuses, `${keyword} ${JSON.stringify(value)}: dciodvfy ${theirs.join('; ')}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a DT\'s UTC offset is -1200 to +1400 with minutes to 59, and not -0000 (PS3.5 Table 6.2-1, DT notes 1 and 2), as the reader parses it; dciodvfy does not check it', () => {
  const found = (value: string): string[] => {
    const ds = sc();
    ds.set('AcquisitionDateTime', value);
    return errors(ds).map((f) => `${f.keyword}: ${f.message}`);
  };
  for (const good of ['20240901120000+1400', '20240901120000-1200', '20240901120000+0545', '20240901120000+0000', '2024-0500']) assert.deepEqual(found(good), [], good);
  assert.deepEqual(found('20240901120000+1500'), ['AcquisitionDateTime: value "20240901120000+1500" has the UTC offset +1500, outside -1200 to +1400']);
  assert.deepEqual(found('20240901120000-1201'), ['AcquisitionDateTime: value "20240901120000-1201" has the UTC offset -1201, outside -1200 to +1400']);
  assert.deepEqual(found('20240901120000+0560'), ['AcquisitionDateTime: value "20240901120000+0560" has the UTC offset +0560, outside -1200 to +1400']);
  assert.deepEqual(found('20240901120000-0000'), ['AcquisitionDateTime: value "20240901120000-0000" has the UTC offset -0000, which PS3.5 does not allow (UTC is +0000)']);
});

test('Timezone Offset From UTC is "&ZZXX" from -1200 to +1400, not -0000 (PS3.3 Table C.12-1, PS3.5 Table 6.2-1), as derive reads it; dciodvfy does not check it', () => {
  const found = (value: string): string[] => {
    const ds = sc();
    ds.set('TimezoneOffsetFromUTC', value);
    return errors(ds).map((f) => `${f.keyword} ${f.code}: ${f.message}`);
  };
  for (const good of ['+0000', '+0100', '-0500', '+0545', '+1400', '-1200']) assert.deepEqual(found(good), [], good);
  for (const bad of ['0100', '+01:00', '+1500', '-1201', '+0160', 'CET']) {
    assert.deepEqual(found(bad), [`TimezoneOffsetFromUTC BAD_VALUE: "${bad}" is not an offset +HHMM or -HHMM from -1200 to +1400`], bad);
  }
  // As in a DT (PS3.5 Table 6.2-1): UTC is +0000; -0000, which some write for an unknown offset, is not allowed.
  assert.deepEqual(found('-0000'), ['TimezoneOffsetFromUTC BAD_VALUE: "-0000" is not an offset PS3.5 allows: UTC is +0000, never -0000']);
});

test('a byte 80H-9FH in text of a single-byte set (ISO_IR 100, or none) is a C1 control code, an error naming the attribute and its offset (PS3.5 6.1.3), as dciodvfy reports it; a Windows-1252 text mislabelled is said to be one', () => {
  const dir = tempDir('c1-controls');
  const put = (ds: Dataset, keyword: string, vr: 'LO' | 'LT' | 'PN', text: string): void => ds.addElement(new Element(lookupKeyword(keyword)!.tag, vr, Buffer.from(text, 'latin1')));
  const hint = (path: string, labelled: string, set: string): string =>
    `so the text was likely written in Windows-1252 ${labelled}: no DICOM character set has these characters at these codes, so \`tbp-dicom modify --declare-charset\` cannot relabel it (it refuses them); give the text again (\`--set ${path}=TEXT\`, which writes what ${set} lacks in UTF-8; docs/modify.md, Specific Character Set)`;
  try {
    for (const [scs, labelled, set] of [['ISO_IR 100', 'and labelled "ISO_IR 100"', '"ISO_IR 100"'], [undefined, 'with no Specific Character Set', 'the default repertoire']] as const) {
      const ds = sc();
      if (scs) ds.set('SpecificCharacterSet', scs);
      put(ds, 'InstitutionName', 'LO', '\x93Klinik\x94 \x80 '); // “Klinik” € in Windows-1252
      put(ds, 'StudyDescription', 'LO', 'Study\x81x '); // 0x81: no character in Windows-1252 either
      put(ds, 'ImageComments', 'LT', 'line\x85two '); // … in Windows-1252, NEL in ISO 6429
      const path = join(dir, `${scs ?? 'none'}.dcm`);
      writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
      const found = validate(path).findings.filter((f) => /C1/.test(f.message)).map((f) => `${f.severity} ${f.path}: ${f.message}`);
      const label = scs ? '"ISO_IR 100"' : 'the default repertoire';
      assert.deepEqual(found, [
        `error InstitutionName: holds 3 C1 control codes (0x93 at offset 0, 0x94 at offset 7, 0x80 at offset 9), which no DICOM text VR holds (PS3.5 6.1.3; ${label} has no character at 80H-9FH); each is a Windows-1252 character (“ ” €), ${hint('InstitutionName', labelled, set)}`,
        `error StudyDescription: holds a C1 control code (0x81 at offset 5), which no DICOM text VR holds (PS3.5 6.1.3; ${label} has no character at 80H-9FH)`,
        `error ImageComments: holds a C1 control code (0x85 at offset 4), which no DICOM text VR holds (PS3.5 6.1.3; ${label} has no character at 80H-9FH); it is a Windows-1252 character (…), ${hint('ImageComments', labelled, set)}`,
      ]);
      if (HAVE_DCIODVFY) {
        const theirs = dciodvfyErrors(path).filter((l) => /Character invalid for character repertoire/.test(l));
        assert.deepEqual(theirs.map((l) => /\(0x[0-9a-f]+,0x[0-9a-f]+\) \w+ ([A-Za-z ]+?)  /.exec(l)?.[1]), ['Institution Name', 'Study Description', 'Image Comments'], theirs.join('\n'));
      }
    }
    // The hint is true: --declare-charset refuses such bytes, naming the attribute.
    const refused = spawnSync(process.execPath, ['bin/tbp-dicom', 'modify', join(dir, 'ISO_IR 100.dcm'), '--declare-charset', 'ISO_IR 100', '--out', join(dir, 'declared')], { encoding: 'utf8' });
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /tag \(0008,0080\): the bytes of Institution Name are not valid in Specific Character Set "ISO_IR 100"/);
    // In UTF-8 a C1 code is U+0080-U+009F (C2H 80H-9FH); other bytes 80H-9FH there are parts of letters.
    const utf8 = sc();
    utf8.set('SpecificCharacterSet', 'ISO_IR 192');
    put(utf8, 'StudyDescription', 'LO', 'Caf\xc3\xa9 \xc2\x93x\xc2\x94 ');
    assert.deepEqual(errors(utf8).map((f) => `${f.keyword} ${f.message.split(';')[0]}`), ['StudyDescription holds 2 C1 control codes (U+0093 at offset 6, U+0094 at offset 9), which no DICOM text VR holds (PS3.5 6.1.3)']);
    // Latin-1 letters (A0H-FFH) are no C1 code.
    const latin1 = sc();
    latin1.set('SpecificCharacterSet', 'ISO_IR 100');
    put(latin1, 'StudyDescription', 'LO', 'Caf\xe9 \xa0\xff ');
    assert.deepEqual(errors(latin1), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text under ISO_IR 192 whose bytes are not UTF-8 is an error naming the first byte that begins no character; Latin-1 text so labelled is said to be one', () => {
  const found = (bytes: string): string[] => {
    const ds = sc();
    ds.set('SpecificCharacterSet', 'ISO_IR 192');
    ds.addElement(new Element(lookupKeyword('StudyDescription')!.tag, 'LO', Buffer.from(bytes.length % 2 ? `${bytes} ` : bytes, 'latin1')));
    return errors(ds).map((f) => `${f.keyword}: ${f.message}`);
  };
  const notUtf8 = (byte: string, offset: number): string => `StudyDescription: is not UTF-8, which Specific Character Set ISO_IR 192 declares: byte 0x${byte} at offset ${offset} begins no character`;
  // é, €, U+1F600 and the last code point are UTF-8.
  assert.deepEqual(found('Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\xf4\x8f\xbf\xbf '), []);
  assert.deepEqual(found('Caf\xe9 '), [`${notUtf8('E9', 3)}; its bytes are Latin-1 letters, so the text is likely Latin-1 labelled UTF-8: \`tbp-dicom modify --declare-charset "ISO_IR 100"\` relabels it`]);
  assert.deepEqual(found('Study\x93x '), [notUtf8('93', 5)]); // a stray continuation byte (and a C1 code in Windows-1252 eyes)
  assert.deepEqual(found('ab\xe0\x80\xaf\x9f'), [notUtf8('E0', 2)]); // "/" in three bytes: overlong
  assert.deepEqual(found('ab\xed\xa0\x80\x9f'), [notUtf8('ED', 2)]); // a surrogate
  assert.deepEqual(found('x\xe2\x82'), [notUtf8('E2', 1)]); // cut short by the value's end (its pad)
});

test('Patient\'s Alternative Calendar (Type 1C) is required with a birth or death date in an alternative calendar (PS3.3 C.7.1.1), as dciodvfy says', async () => {
  const dir = tempDir('alternative-calendar');
  try {
    const result = await importCapture(DEMO_MANIFEST, { out: dir, meshEncoding: 'surface' });
    for (const date of ['PatientBirthDateInAlternativeCalendar', 'PatientDeathDateInAlternativeCalendar']) {
      const file = readDicomFile(result.objects[0]!.path);
      file.dataset.set(date, '13650704');
      const missing = () => validate(file.dataset, { transferSyntaxUid: file.transferSyntaxUid }).findings.filter((f) => f.keyword === 'PatientAlternativeCalendar').map((f) => `${f.severity} ${f.code}`);
      assert.deepEqual(missing(), ['error MISSING'], date);
      if (HAVE_DCIODVFY) {
        const path = join(dir, `${date}.dcm`);
        writeDicomFile(path, file, { transferSyntaxUid: file.transferSyntaxUid });
        assert.ok(dciodvfyErrors(path).some((l) => /Missing attribute Type 1C.*<PatientAlternativeCalendar>/.test(l)), dciodvfyErrors(path).join('\n'));
      }
      file.dataset.set('PatientAlternativeCalendar', 'ISLAMIC');
      assert.deepEqual(missing(), [], date);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Type 1C or 2C attribute the standard allows only under its condition ("shall not be present otherwise", or "may be present otherwise only if …") is an error where present against it, in the objects tbp-dicom writes, as dciodvfy reports it', async () => {
  const dir = tempDir('absent-otherwise');
  try {
    const result = await importCapture(DEMO_MANIFEST, { out: dir, meshEncoding: 'surface' });
    const bySopClass = new Map([...result.objects, ...result.meshObjects].map((o) => [o.sopClassUid, o.path]));
    const VL = '1.2.840.10008.5.1.4.1.1.77.1.4', DERMOSCOPIC = '1.2.840.10008.5.1.4.1.1.77.1.7', MESH = '1.2.840.10008.5.1.4.1.1.68.1';
    // [SOP Class, what is changed, the finding, dciodvfy's error]
    const cases: [string, (ds: Dataset) => void, string, RegExp][] = [
      [VL, (ds) => ds.set('WindowWidth', '100'), 'WindowWidth NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /condition unsatisfied.*<WindowWidth>/],
      [VL, (ds) => ds.set('PixelAspectRatio', ['2', '2']), 'PixelAspectRatio NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /PixelAspectRatio may not be present when it has a ratio of 1:1/],
      [VL, (ds) => {
        ds.set('PixelAspectRatio', ['4', '3']);
        ds.set('PixelSpacing', ['0.1', '0.075']);
      }, 'PixelAspectRatio NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /Shall not be present when PixelSpacing is present - attribute <PixelAspectRatio>/],
      [VL, (ds) => {
        const item = `AcquisitionContextSequence[${ds.items('AcquisitionContextSequence').length}]`;
        ds.set(`${item}.ValueType`, 'CODE');
        for (const [k, v] of [['CodeValue', '111026'], ['CodingSchemeDesignator', 'DCM'], ['CodeMeaning', 'Light source']]) ds.set(`${item}.ConceptNameCodeSequence[0].${k}`, v);
        for (const [k, v] of [['CodeValue', '113010'], ['CodingSchemeDesignator', 'DCM'], ['CodeMeaning', 'Daylight']]) ds.set(`${item}.ConceptCodeSequence[0].${k}`, v);
        ds.set(`${item}.TextValue`, 'daylight');
      }, 'TextValue NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /condition unsatisfied.*<TextValue>/],
      [VL, (ds) => ds.set('PatientAlternativeCalendar', 'ISLAMIC'), 'PatientAlternativeCalendar NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /condition unsatisfied.*<PatientAlternativeCalendar>/],
      [VL, (ds) => ds.set('ResponsiblePersonRole', 'OWNER'), 'ResponsiblePersonRole NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /condition unsatisfied.*<ResponsiblePersonRole>/],
      [DERMOSCOPIC, (ds) => ds.delete('TrackingUID'), 'TrackingID NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /condition unsatisfied.*<TrackingID>/],
      [MESH, (ds) => ds.set('SurfaceSequence[0].SurfaceProcessingRatio', '0.5'), 'SurfaceProcessingRatio NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /condition unsatisfied.*<SurfaceProcessingRatio>/],
      [MESH, (ds) => {
        const item = 'SurfaceSequence[0].SurfaceProcessingAlgorithmIdentificationSequence[0]';
        ds.set(`${item}.AlgorithmName`, 'Decimation');
        ds.set(`${item}.AlgorithmVersion`, '1');
        for (const [k, v] of [['CodeValue', '123'], ['CodingSchemeDesignator', 'DCM'], ['CodeMeaning', 'Decimation']]) ds.set(`${item}.AlgorithmFamilyCodeSequence[0].${k}`, v);
      }, 'SurfaceProcessingAlgorithmIdentificationSequence NOT_ALLOWED: is present although its condition does not hold, and the standard says it shall not be present otherwise', /condition unsatisfied.*<SurfaceProcessingAlgorithmIdentificationSequence>/],
      [MESH, (ds) => ds.set('PixelPaddingValue', 0, 'US'), 'PixelPaddingValue NOT_ALLOWED: is present although its condition does not hold, and the standard says it may be present otherwise only if Pixel Data or Pixel Data Provider URL is present', /Shall not be present when not an integer pixel data image - attribute <PixelPaddingValue>/],
    ];
    for (const [sopClassUid, change, finding, theirs] of cases) {
      const file = readDicomFile(bySopClass.get(sopClassUid)!);
      const found = () => validate(file.dataset, { transferSyntaxUid: file.transferSyntaxUid }).findings.filter((f) => f.code === 'NOT_ALLOWED').map((f) => `${f.keyword} ${f.code}: ${f.message}`);
      assert.deepEqual(found(), []);
      change(file.dataset);
      assert.deepEqual(found(), [finding]);
      if (!HAVE_DCIODVFY) continue;
      const path = join(dir, `${finding.split(' ')[0]}.dcm`);
      writeDicomFile(path, file, { transferSyntaxUid: file.transferSyntaxUid });
      const errors = sopClassUid === MESH ? dciodvfyAs(path, SURFACE_SEGMENTATION, dir) : dciodvfyErrors(path);
      assert.ok(errors.some((l) => theirs.test(l)), `${finding}: ${errors.join('\n')}`);
    }
    // Pixel Padding Value of an image is allowed without Pixel Padding Range Limit: it has pixels.
    const image = readDicomFile(bySopClass.get(VL)!);
    image.dataset.set('PixelPaddingValue', 0, 'US');
    assert.deepEqual(validate(image.dataset, { transferSyntaxUid: image.transferSyntaxUid }).findings.filter((f) => f.keyword === 'PixelPaddingValue'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an Encapsulated PDF, CDA or STL holds the MIME type its IOD names, in either case (PS3.3 A.45.1.4, A.45.2.4, A.85.1.4; RFC 2045 5.1), and an STL the modality M3D; a CDA its HL7 Instance Identifier under either case; as dciodvfy says', { skip: !hasDcmtk && 'dcmtk not installed' }, () => {
  const dir = tempDir('document-mime');
  try {
    writeFileSync(join(dir, 'report.pdf'), '%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
    writeFileSync(join(dir, 'report.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"/>\n');
    const stl = Buffer.alloc(84 + 50);
    stl.writeUInt32LE(1, 80);
    writeFileSync(join(dir, 'scan.stl'), stl);
    const patient = ['+pn', 'Doe^Jane', '+pi', 'P001'];
    runDcmtk('pdf2dcm', [...patient, join(dir, 'report.pdf'), join(dir, 'pdf.dcm')]);
    runDcmtk('cda2dcm', ['+ov', ...patient, join(dir, 'report.xml'), join(dir, 'cda.dcm')]);
    runDcmtk('stl2dcm', [...patient, '+mn', 'Maker', '+mm', 'Model', '+ds', 'SN1', '+sv', '1', join(dir, 'scan.stl'), join(dir, 'stl.dcm')]);
    // [object, attribute, value, our finding (none when undefined), dciodvfy's error]
    const cases: [string, string, string, string | undefined, RegExp][] = [
      ['pdf', 'MIMETypeOfEncapsulatedDocument', 'application/octet-stream', '"application/octet-stream" is not the MIME type application/pdf', /<application\/octet-stream> for value 1 of attribute <MIME Type of Encapsulated Document>/],
      ['pdf', 'MIMETypeOfEncapsulatedDocument', 'Application/PDF', undefined, /MIME Type/],
      ['cda', 'MIMETypeOfEncapsulatedDocument', 'application/xml', '"application/xml" is not the MIME type text/XML', /<application\/xml> for value 1 of attribute <MIME Type of Encapsulated Document>/],
      ['stl', 'MIMETypeOfEncapsulatedDocument', 'application/sla', '"application/sla" is not the MIME type model/stl', /<application\/sla> for value 1 of attribute <MIME Type of Encapsulated Document>/],
      ['stl', 'MIMETypeOfEncapsulatedDocument', 'MODEL/STL', undefined, /MIME Type/],
      ['stl', 'Modality', 'OT', '"OT" is not an enumerated value (M3D)', /<OT> for value 1 of attribute <Modality>/],
    ];
    for (const [name, keyword, value, finding, theirs] of cases) {
      const file = readDicomFile(join(dir, `${name}.dcm`));
      const found = () => validate(file.dataset, { transferSyntaxUid: file.transferSyntaxUid }).findings.filter((f) => f.severity === 'error').map((f) => `${f.keyword}: ${f.message}`);
      assert.deepEqual(found(), [], name);
      file.dataset.set(keyword, value);
      assert.deepEqual(found(), finding ? [`${keyword}: ${finding}`] : [], `${name} ${value}`);
      if (!HAVE_DCIODVFY) continue;
      const path = join(dir, `${name}-changed.dcm`);
      writeDicomFile(path, file, { transferSyntaxUid: file.transferSyntaxUid });
      assert.equal(dciodvfyErrors(path).some((l) => theirs.test(l)), finding !== undefined, `${name} ${value}: ${dciodvfyErrors(path).join('\n')}`);
    }
    // A CDA's HL7 Instance Identifier is required under its MIME type in either case.
    const cda = readDicomFile(join(dir, 'cda.dcm'));
    cda.dataset.set('MIMETypeOfEncapsulatedDocument', 'text/xml');
    cda.dataset.removeTag(lookupKeyword('HL7InstanceIdentifier')!.tag);
    assert.deepEqual(validate(cda.dataset, { transferSyntaxUid: cda.transferSyntaxUid }).findings.filter((f) => f.severity === 'error').map((f) => `${f.keyword} ${f.code}`), ['HL7InstanceIdentifier MISSING']);
    if (HAVE_DCIODVFY) {
      const path = join(dir, 'cda-lower-case.dcm');
      writeDicomFile(path, cda, { transferSyntaxUid: cda.transferSyntaxUid });
      assert.ok(dciodvfyErrors(path).some((l) => /Type 1C Conditional Element=<HL7InstanceIdentifier>/.test(l)), dciodvfyErrors(path).join('\n'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
