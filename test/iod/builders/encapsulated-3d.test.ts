import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generateUid } from '../../../src/core/uid-generate.js';
import { DicomError } from '../../../src/core/errors.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { writeDicomFile } from '../../../src/io/part10-writer.js';
import { buildEncapsulated3dModel, type Encapsulated3dModelSpec } from '../../../src/iod/builders/encapsulated-3d-model.js';
import { ENCAPSULATED_MTL_STORAGE } from '../../../src/iod/builders/sop-classes.js';
import { VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../../../src/iod/builders/sop-classes.js';
import { validate } from '../../../src/validate/index.js';
import { HAVE_DCIODVFY, tempDir } from '../../tbp/tools.js';
import { ENCAPSULATED_STL, dciodvfyAs } from '../../mesh/dciodvfy-surrogate.js';

const dir = tempDir('m3d');
const study = { instanceUid: generateUid(), date: '2024-09-01' };
const series = { instanceUid: generateUid(), number: 5 };

const base = (kind: 'obj' | 'mtl', document: string, references: Encapsulated3dModelSpec['references'] = []): Encapsulated3dModelSpec => ({
  kind, patient: { name: 'Doe^Jane', id: 'P001' }, study, series,
  equipment: { manufacturer: 'ACME', model: 'Body 3D', serialNumber: 'SN1', softwareVersions: ['1.0', '2.1'] },
  sopInstanceUid: generateUid(), frameOfReferenceUid: kind === 'obj' ? generateUid() : undefined,
  document: Buffer.from(document), title: kind === 'obj' ? 'body.obj' : 'body.mtl', references,
});

test('Encapsulated OBJ and MTL: modality M3D, the file kept exactly, linked OBJ → MTL → texture', () => {
  const texture = { sopClassUid: VL_PHOTOGRAPHIC_IMAGE_STORAGE, sopInstanceUid: generateUid(), seriesInstanceUid: generateUid(), uri: 'body.jpg', image: true };
  const mtl = buildEncapsulated3dModel(base('mtl', 'newmtl skin\nmap_Kd body.jpg\n', [texture]));
  const obj = buildEncapsulated3dModel(base('obj', 'mtllib body.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n', [
    { sopClassUid: ENCAPSULATED_MTL_STORAGE, sopInstanceUid: mtl.sopInstanceUid, seriesInstanceUid: series.instanceUid, uri: 'body.mtl' },
  ]));
  for (const [name, built] of [['obj', obj], ['mtl', mtl]] as const) {
    const file = join(dir, `${name}.dcm`);
    writeDicomFile(file, built, {});
    const report = validate(file);
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), [], name);
    const ds = readDicomFile(file).dataset;
    assert.equal(ds.getString('Modality'), 'M3D');
    assert.equal(ds.getString('MIMETypeOfEncapsulatedDocument'), `model/${name}`);
    const length = ds.getNumber('EncapsulatedDocumentLength')!;
    assert.equal(ds.bytes('EncapsulatedDocument')!.subarray(0, length).toString(), name === 'obj' ? 'mtllib body.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n' : 'newmtl skin\nmap_Kd body.jpg\n');
    // The MTL has no geometry, so no Frame of Reference, which the Encapsulated STL stand-in requires.
    if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyAs(file, ENCAPSULATED_STL, dir, name === 'mtl' ? [/Module=<FrameOfReference>/] : []), [], name);
  }
  assert.equal(mtl.dataset.getString('ReferencedImageSequence[0].RelativeURIReferenceWithinEncapsulatedDocument'), 'body.jpg');
  assert.equal(obj.dataset.getString('ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID'), mtl.sopInstanceUid);
});

test('an OBJ needs a frame of reference and a non-empty document', () => {
  assert.throws(() => buildEncapsulated3dModel({ ...base('obj', 'v 0 0 0\n'), frameOfReferenceUid: undefined }), DicomError);
  assert.throws(() => buildEncapsulated3dModel(base('mtl', '')), /the document is empty/);
});
