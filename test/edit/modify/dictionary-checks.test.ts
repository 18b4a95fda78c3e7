// modify holds --set values to the data dictionary's VM and a given :VR to its VR, before any file is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../../src/core/dataset.js';
import { parseAssignment, type Change } from '../../../src/edit/modify/assignments.js';
import { modifyDataset, modifyFiles } from '../../../src/edit/modify/modify-files.js';
import { tbpCorpus, writeObject } from '../fixtures/corpus.js';

test('a value count the dictionary VM does not allow is refused, naming the attribute, the VM and the value', () => {
  for (const [text, message] of [
    ['PatientName=A\\B', 'PatientName: the data dictionary gives VM 1; "A\\B" is 2 values'],
    ['PixelSpacing=0.5', 'PixelSpacing: the data dictionary gives VM 2; "0.5" is 1 value'],
    ['ImagePositionPatient=1\\2', 'ImagePositionPatient: the data dictionary gives VM 3; "1\\2" is 2 values'],
    ['ImageOrientationPatient=1\\0\\0\\0\\1', 'ImageOrientationPatient: the data dictionary gives VM 6; "1\\0\\0\\0\\1" is 5 values'],
    ['Rows=1\\2', 'Rows: the data dictionary gives VM 1; "1\\2" is 2 values'],
    ['(0013,"TBP DICOM 1.0",03)=1', '(0013,"TBP DICOM 1.0",03): the private dictionary of "TBP DICOM 1.0" gives VM 2; "1" is 1 value'],
  ]) assert.throws(() => parseAssignment(text!), { code: 'BAD_VALUE', message }, text);
});

test('values the VM allows pass: ranges, multiples, an empty value, one-value VRs whose text holds a backslash, code sequences', () => {
  for (const text of [
    'PixelSpacing=0.5\\0.5', 'ImageType=ORIGINAL\\PRIMARY\\A\\B', 'PatientName=', 'PixelSpacing=', 'ImageComments=a\\b\\c',
    'AnatomicRegionSequence=(181469002,SCT,"Skin of back");(39937001,SCT,"Skin of face")', '(0013,"TBP DICOM 1.0",22)=0.1\\0.2\\0.3',
  ]) assert.doesNotThrow(() => parseAssignment(text), text);
});

test('a :VR the dictionary does not give a standard (or registered private) attribute is refused; either VR of "US or SS" is taken', () => {
  for (const [text, message] of [
    ['PatientName:US=3', 'PatientName: the data dictionary gives VR PN, not US (leave :US out, or give PN)'],
    ['PatientName:UN=41', 'PatientName: the data dictionary gives VR PN, not UN (leave :UN out, or give PN)'],
    ['SmallestImagePixelValue:OB=04', 'SmallestImagePixelValue: the data dictionary gives VR US or SS, not OB (leave :OB out, or give US or SS)'],
    ['(0013,"TBP DICOM 1.0",03):LO=1', '(0013,"TBP DICOM 1.0",03): the private dictionary of "TBP DICOM 1.0" gives VR FD, not LO (leave :LO out, or give FD)'],
  ]) assert.throws(() => parseAssignment(text!), { code: 'INVALID_ARGUMENT', message }, text);
  const ds = new Dataset();
  modifyDataset(ds, [parseAssignment('PatientName:PN=Doe^J'), parseAssignment('SmallestImagePixelValue:SS=-4'), parseAssignment('(0013,"OTHER",01):LO=x')], { reason: 'CORRECT' });
  assert.equal(ds.element('SmallestImagePixelValue')?.vr, 'SS');
  assert.equal(ds.getNumber('SmallestImagePixelValue'), -4);
});

test('modifyFiles refuses a change built without parseAssignment once, before any file is read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modify-checks-'));
  writeObject(join(dir, 'a.dcm'), tbpCorpus().crop);
  writeObject(join(dir, 'b.dcm'), tbpCorpus().crop);
  const change: Change = { kind: 'set-text', name: 'PatientName', text: 'A\\B' };
  await assert.rejects(modifyFiles([dir], [change], { reason: 'CORRECT' }, { destination: { outDir: join(dir, 'out') } }), { code: 'BAD_VALUE', message: /gives VM 1/ });
  assert.deepEqual(readdirSync(dir).sort(), ['a.dcm', 'b.dcm']);
});
