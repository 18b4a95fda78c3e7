import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRetiredStorageSopClass, isStorageSopClass, sopClasses, transferSyntaxUids, uidByKeyword, uidInfo, uidLabel, uidName } from '../../src/core/uid-registry.js';

const VL_PHOTOGRAPHIC = '1.2.840.10008.5.1.4.1.1.77.1.4';
const DERMOSCOPIC = '1.2.840.10008.5.1.4.1.1.77.1.7';
const SURFACE_SCAN_MESH = '1.2.840.10008.5.1.4.1.1.68.1';

test('storage SOP Classes carry name, keyword and IOD', () => {
  assert.deepEqual(uidInfo(VL_PHOTOGRAPHIC), {
    uid: VL_PHOTOGRAPHIC, name: 'VL Photographic Image Storage', keyword: 'VLPhotographicImageStorage',
    type: 'SOP Class', iod: 'VL Photographic Image', retired: false,
  });
  assert.equal(uidInfo(DERMOSCOPIC)?.keyword, 'DermoscopicPhotographyImageStorage');
  assert.equal(uidInfo(DERMOSCOPIC)?.iod, 'Dermoscopic Photography Image');
  assert.equal(uidName(SURFACE_SCAN_MESH), 'Surface Scan Mesh Storage');
  assert.equal(uidByKeyword('SurfaceScanMeshStorage')?.uid, SURFACE_SCAN_MESH);
  assert.equal(uidByKeyword('EncapsulatedOBJStorage')?.uid, '1.2.840.10008.5.1.4.1.1.104.4');
  assert.equal(uidByKeyword('ConfocalMicroscopyImageStorage')?.uid, '1.2.840.10008.5.1.4.1.1.77.1.8');
});

test('keywords follow PS3.6 spelling for irregular names', () => {
  assert.equal(uidInfo('1.2.840.10008.5.1.4.1.1.9.1.1')?.keyword, 'TwelveLeadECGWaveformStorage');
  assert.equal(uidInfo('1.2.840.10008.5.1.4.1.1.7.4')?.keyword, 'MultiFrameTrueColorSecondaryCaptureImageStorage');
  assert.equal(uidInfo('1.2.840.10008.5.1.4.1.1.1.1')?.keyword, 'DigitalXRayImageStorageForPresentation');
  assert.equal(uidInfo('1.2.840.10008.5.1.4.1.1.11.5')?.keyword, 'XAXRFGrayscaleSoftcopyPresentationStateStorage');
  assert.equal(uidInfo('1.2.840.10008.5.1.4.1.1.79.1')?.name, 'Macular Grid Thickness and Volume Report Storage');
});

test('transfer syntaxes are registered by name and keyword', () => {
  assert.equal(uidName('1.2.840.10008.1.2'), 'Implicit VR Little Endian');
  assert.equal(uidName('1.2.840.10008.1.2.1'), 'Explicit VR Little Endian');
  assert.equal(uidName('1.2.840.10008.1.2.4.50'), 'JPEG Baseline (Process 1)');
  assert.equal(uidName('1.2.840.10008.1.2.4.201'), 'High-Throughput JPEG 2000 Image Compression (Lossless Only)');
  assert.equal(uidName('1.2.840.10008.1.2.4.112'), 'JPEG XL');
  assert.equal(uidByKeyword('DeflatedExplicitVRLittleEndian')?.uid, '1.2.840.10008.1.2.1.99');
  assert.equal(uidInfo('1.2.840.10008.1.2.2')?.retired, true);
  const all = transferSyntaxUids();
  for (const uid of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.1.98', '1.2.840.10008.1.2.8.1', '1.2.840.10008.1.2.4.80']) {
    assert.ok(all.includes(uid), uid);
  }
  assert.ok(!all.includes(VL_PHOTOGRAPHIC));
});

test('other Annex A UIDs have their types', () => {
  assert.equal(uidInfo('1.2.840.10008.1.1')?.keyword, 'Verification');
  assert.equal(uidInfo('1.2.840.10008.3.1.1.1')?.type, 'Application Context Name');
  assert.equal(uidInfo('1.2.840.10008.1.4.1.1')?.type, 'Well-known frame of reference');
  assert.equal(uidByKeyword('SCT')?.uid, '2.16.840.1.113883.6.96');
  assert.equal(uidByKeyword('DCM')?.type, 'Coding Scheme');
  assert.equal(uidName('1.2.840.10008.5.1.4.31'), 'Modality Worklist Information Model - FIND');
  assert.equal(uidInfo('1.2.840.10008.1.20.1.1')?.type, 'Well-known SOP Instance');
});

test('UIDs read with their padding still resolve; unknown UIDs do not', () => {
  assert.equal(uidName(`${VL_PHOTOGRAPHIC}\0`), 'VL Photographic Image Storage');
  assert.equal(uidInfo('1.2.3.4'), undefined);
  assert.equal(uidName(''), undefined);
});

test('uidLabel names a UID as PS3.6 does, a retired one as retired; an unregistered one is itself', () => {
  assert.equal(uidLabel('1.2.840.10008.5.1.4.1.1.6.1'), 'Ultrasound Image Storage');
  assert.equal(uidLabel('1.2.840.10008.5.1.4.1.1.6'), 'Ultrasound Image Storage (Retired)');
  assert.equal(uidLabel('1.3.12.2.1107.5.9.1'), '1.3.12.2.1107.5.9.1');
});

test('isStorageSopClass accepts current storage SOP Classes only', () => {
  assert.ok(isStorageSopClass(VL_PHOTOGRAPHIC));
  assert.ok(isStorageSopClass(DERMOSCOPIC));
  assert.ok(isStorageSopClass(SURFACE_SCAN_MESH));
  assert.ok(isStorageSopClass('1.2.840.10008.5.1.4.1.1.1.1')); // "… Storage - For Presentation"
  assert.ok(!isStorageSopClass('1.2.840.10008.1.3.10')); // Media Storage Directory
  assert.ok(!isStorageSopClass('1.2.840.10008.1.20.1')); // Storage Commitment
  assert.ok(!isStorageSopClass('1.2.840.10008.5.1.4.1.1.6')); // retired Ultrasound Image Storage
  assert.ok(!isStorageSopClass('1.2.840.10008.1.2.1'));
  assert.ok(!isStorageSopClass('1.2.3.4'));
});

test('isRetiredStorageSopClass accepts the retired storage SOP Classes only', () => {
  assert.ok(isRetiredStorageSopClass('1.2.840.10008.5.1.4.1.1.6')); // Ultrasound Image Storage (Retired)
  assert.ok(isRetiredStorageSopClass('1.2.840.10008.5.1.4.1.1.77.1')); // VL Image Storage - Trial
  assert.ok(isRetiredStorageSopClass('1.2.840.10008.5.1.1.27')); // Stored Print Storage SOP Class
  assert.ok(!isRetiredStorageSopClass('1.2.840.10008.5.1.4.1.1.6.1')); // the current Ultrasound Image Storage
  assert.ok(!isRetiredStorageSopClass('1.2.840.10008.1.20.2')); // Storage Commitment Pull Model
  assert.ok(!isRetiredStorageSopClass('1.2.3.4'));
});

test('sopClasses lists SOP Classes only, every storage one included', () => {
  const list = [...sopClasses()];
  assert.ok(list.every((info) => info.type === 'SOP Class'));
  assert.ok(list.some((info) => info.uid === '1.2.840.10008.1.1'));
  assert.ok(list.filter((info) => isStorageSopClass(info.uid)).length >= 170);
  assert.equal(new Set(list.map((info) => info.keyword)).size, list.length);
});
