import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { Dataset } from '../../src/core/dataset.js';
import { validate } from '../../src/validate/validate.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { HAVE_DCIODVFY, dciodvfyErrors, tempDir } from '../tbp/tools.js';

const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
const VL_PHOTOGRAPHIC = '1.2.840.10008.5.1.4.1.1.77.1.4';
const PRESENTATION_STATE = '1.2.840.10008.5.1.4.1.1.11.1';

function item(values: Record<string, string | Dataset[]>): Dataset {
  const ds = new Dataset();
  for (const [k, v] of Object.entries(values)) ds.set(k, v);
  return ds;
}
const code = (value: string, meaning: string) => [item({ CodeValue: value, CodingSchemeDesignator: 'DCM', CodeMeaning: meaning })];
const instance = (sopClassUid: string, uid: string, nested: Dataset[] = []) =>
  item({ ReferencedSOPClassUID: sopClassUid, ReferencedSOPInstanceUID: uid, ...(nested.length ? { ReferencedSOPSequence: nested } : {}) });
/** An evidence sequence listing these images of one series. */
const evidence = (...uids: string[]) => [item({
  StudyInstanceUID: '1.2.3',
  ReferencedSeriesSequence: [item({ SeriesInstanceUID: '1.2.3.1', ReferencedSOPSequence: uids.map((u) => instance(VL_PHOTOGRAPHIC, u)) })],
})];

/** A Comprehensive SR whose findings container holds an IMAGE item referencing image 1.2.3.1.1 (and a presentation state). */
function report(options: { current?: string[]; other?: string[]; presentationState?: string } = {}): Dataset {
  const ds = item({
    SOPClassUID: COMPREHENSIVE_SR, SOPInstanceUID: '1.2.3.9.1', PatientName: 'A^B', PatientID: 'P1', PatientBirthDate: '', PatientSex: 'O',
    StudyInstanceUID: '1.2.3', StudyDate: '20240101', StudyTime: '120000', ReferringPhysicianName: '', StudyID: '1', AccessionNumber: '',
    Modality: 'SR', SeriesInstanceUID: '1.2.3.9', SeriesNumber: '1', ReferencedPerformedProcedureStepSequence: [], Manufacturer: 'M',
    InstanceNumber: '1', CompletionFlag: 'COMPLETE', VerificationFlag: 'UNVERIFIED', ContentDate: '20240101', ContentTime: '120000',
    PerformedProcedureCodeSequence: [], ValueType: 'CONTAINER', ConceptNameCodeSequence: code('121070', 'Findings'), ContinuityOfContent: 'SEPARATE',
  });
  const ps = options.presentationState ? [instance(PRESENTATION_STATE, options.presentationState)] : [];
  const image = item({ RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ConceptNameCodeSequence: code('121080', 'Best illustration of finding'), ReferencedSOPSequence: [instance(VL_PHOTOGRAPHIC, '1.2.3.1.1', ps)] });
  ds.set('ContentSequence', [item({ RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: code('121071', 'Finding'), ContinuityOfContent: 'SEPARATE', ContentSequence: [image] })]);
  if (options.current) ds.set('CurrentRequestedProcedureEvidenceSequence', evidence(...options.current));
  if (options.other) ds.set('PertinentOtherEvidenceSequence', evidence(...options.other));
  return ds;
}

test('SR evidence: an instance the content tree references is listed in one evidence sequence, not in neither nor both (PS3.3 C.17.2.3)', () => {
  const dir = tempDir('sr-evidence');
  try {
    const check = (name: string, ds: Dataset): { ours: string[]; theirs: string[] } => {
      const path = join(dir, `${name}.dcm`);
      writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
      const ours = validate(path).findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.path}`);
      return { ours, theirs: HAVE_DCIODVFY ? dciodvfyErrors(path) : [] };
    };
    const unlisted = 'REFERENCE ContentSequence[0].ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID';
    assert.deepEqual(check('current', report({ current: ['1.2.3.1.1'] })), { ours: [], theirs: [] });
    assert.deepEqual(check('other', report({ other: ['1.2.3.1.1'] })), { ours: [], theirs: [] });
    const none = check('none', report());
    assert.deepEqual(none.ours, [unlisted]);
    const elsewhere = check('elsewhere', report({ current: ['1.2.3.1.2'] }));
    assert.deepEqual(elsewhere.ours, [unlisted]);
    const ps = check('presentation-state', report({ current: ['1.2.3.1.1'], presentationState: '1.2.3.1.7' }));
    assert.deepEqual(ps.ours, ['REFERENCE ContentSequence[0].ContentSequence[0].ReferencedSOPSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID']);
    if (HAVE_DCIODVFY) {
      for (const r of [none, elsewhere, ps]) assert.match(r.theirs.join('\n'), /Referenced SOP Instance is not listed in CurrentRequestedProcedureEvidenceSequence or PertinentOtherEvidenceSequence/);
    }
    // dciodvfy does not check this one.
    const both = check('both', report({ current: ['1.2.3.1.1'], other: ['1.2.3.1.1'] }));
    assert.deepEqual(both.ours, ['REFERENCE PertinentOtherEvidenceSequence[0].ReferencedSeriesSequence[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
