import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { lookupPrivate, lookupPrivateKeyword } from '../../src/core/dictionary.js';
import { generateUid } from '../../src/core/uid-generate.js';
import { readDicom } from '../../src/io/part10-reader.js';
import { encodeDicom, writeDicomFile } from '../../src/io/part10-writer.js';
import { IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { TBP_CREATOR, TBP_GROUP, tbpKey } from '../../src/tbp/private-dictionary.js';
import { readLesionFacts, setLesionFacts } from '../../src/tbp/tbp-attributes.js';
import { readLesions } from '../../src/tbp/lesion-report.js';
import { tempDir } from './tools.js';
import { cli } from '../helpers/run-cli.js';

const base = (): Dataset => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.77.1.7');
  ds.set('SOPInstanceUID', generateUid());
  return ds;
};

test('the TBP block is registered with the core private dictionary', () => {
  assert.equal(lookupPrivate(TBP_CREATOR, 0x01, TBP_GROUP)?.keyword, 'TBPLesionID');
  assert.equal(lookupPrivate(TBP_CREATOR, 0x04)?.vr, 'FD');
  assert.equal(lookupPrivateKeyword('TBPVertexID')?.vr, 'UL');
});

test('the mesh block is registered with the TBP block, so a dump names its attributes', () => {
  assert.equal(lookupPrivate('TBP DICOM MESH 1.0', 0x01, TBP_GROUP)?.keyword, 'TBPMeshCaptureProcedure');
  const ds = base();
  ds.set('(0013,"TBP DICOM MESH 1.0",20)', 204, 'UL');
  const read = readDicom(encodeDicom({ dataset: ds }, { transferSyntaxUid: IMPLICIT_VR_LE }));
  assert.equal(read.dataset.get('(0013,"TBP DICOM MESH 1.0",20)'), 204, 'read in Implicit VR with the registered VR, not as UN');
  const dir = tempDir('mesh-block-dump');
  const path = join(dir, 'mesh.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  const dumped = cli('dump', path);
  assert.equal(dumped.status, 0, dumped.stderr);
  assert.match(dumped.stdout, /\(0013,1020\) UL 204 +# +4, 1 TBPMeshSourceVertexCount/);
});

test('lesion facts round-trip through the private block, in explicit and implicit VR', () => {
  const ds = base();
  setLesionFacts(ds, { lesionId: 'L7', vertexId: 1234, position2d: [10.5, 20], position3d: [0.1, -0.2, 0.3] });
  assert.equal(ds.privateBlock(TBP_GROUP, TBP_CREATOR), 0x10);
  assert.equal(ds.getElementByTag(0x00131001)?.vr, 'LO');
  for (const ts of [undefined, IMPLICIT_VR_LE]) {
    const back = readDicom(encodeDicom({ dataset: ds }, { transferSyntaxUid: ts })).dataset;
    assert.deepEqual(readLesionFacts(back), { lesionId: 'L7', vertexId: 1234, position2d: [10.5, 20], position3d: [0.1, -0.2, 0.3], source: 'private' });
  }
  assert.equal(ds.getString(tbpKey('TBPLesionID')), 'L7');
});

test('a lesion ID is read in the character set of its data set, in items too, in explicit and implicit VR', () => {
  for (const charset of ['ISO_IR 192', 'ISO_IR 100']) {
    const ds = base();
    ds.set('SpecificCharacterSet', charset);
    setLesionFacts(ds, { lesionId: 'Läsion 2' });
    const item = new Dataset();
    ds.set('ReferencedImageSequence', [item]);
    setLesionFacts(item, { lesionId: 'Läsion 3' });
    for (const ts of [undefined, IMPLICIT_VR_LE]) {
      const back = readDicom(encodeDicom({ dataset: ds }, { transferSyntaxUid: ts })).dataset;
      assert.equal(readLesionFacts(back).lesionId, 'Läsion 2', `${charset}, ${ts ?? 'explicit'}`);
      assert.equal(readLesionFacts(back.items('ReferencedImageSequence')[0]!).lesionId, 'Läsion 3', `${charset}, ${ts ?? 'explicit'}, item`);
    }
  }
});

test('the draft (0010,1301-1304) tags are read when an input carries them', () => {
  const ds = base();
  ds.set(0x00101301, 'LESION-3', 'LO');
  ds.set(0x00101302, '4321', 'IS');
  ds.set(0x00101303, ['12.5', '40'], 'DS');
  ds.set(0x00101304, [1, 2, 3], 'FD');
  assert.deepEqual(readLesionFacts(ds), { lesionId: 'LESION-3', vertexId: 4321, position2d: [12.5, 40], position3d: [1, 2, 3], source: 'draft' });
  // Read back in Implicit VR the draft tags are UN: text is parsed as text, binary by the expected width.
  const file = join(tempDir('draft'), 'draft.dcm');
  writeDicomFile(file, { dataset: ds }, { transferSyntaxUid: IMPLICIT_VR_LE });
  const report = readLesions(file);
  assert.equal(report.lesion?.source, 'draft');
  assert.equal(report.lesion?.lesionId, 'LESION-3');
  assert.equal(report.lesion?.vertexId, 4321);
  assert.deepEqual(report.lesion?.position3d, [1, 2, 3]);
});
