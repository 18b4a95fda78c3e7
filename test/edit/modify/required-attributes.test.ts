import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../../../src/core/dataset.js';
import { keywordOf } from '../../../src/core/dictionary.js';
import { isPrivateTag } from '../../../src/core/tag.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { EXPLICIT_VR_LE } from '../../../src/io/transfer-syntax.js';
import { parseAssignment, parseDeletion, type Change } from '../../../src/edit/modify/assignments.js';
import { modifyDataset } from '../../../src/edit/modify/modify-files.js';
import { requiredAttributeWarnings } from '../../../src/edit/modify/required-attributes.js';
import { importCapture } from '../../../src/tbp/capture-import.js';
import { validate } from '../../../src/validate/index.js';
import { tbpCorpus, writeObject } from '../fixtures/corpus.js';
import { HAVE_DCIODVFY, dciodvfyFindings, tempDir } from '../../tbp/tools.js';

const SAMPLE = fileURLToPath(new URL('../../../../samples/capture/manifest.yaml', import.meta.url));
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

/** The attributes validate reports missing or empty at the top level. */
function reported(ds: Dataset, transferSyntaxUid: string): Set<string> {
  const findings = validate(ds, { transferSyntaxUid }).findings.filter((f) => f.code === 'MISSING' || f.code === 'EMPTY');
  return new Set(findings.map((f) => `${f.path} ${f.code}`));
}

/** The change applied with modify, and what it warned of. */
function modified(ds: Dataset, change: Change, transferSyntaxUid: string): { copy: Dataset; warnings: string[] } {
  const copy = ds.clone();
  const changed = modifyDataset(copy, [change], { reason: 'CORRECT' });
  return { copy, warnings: requiredAttributeWarnings(copy, changed, transferSyntaxUid) };
}

/**
 * Each top-level attribute deleted, and each text one emptied, one at a time: where modify warns and validate reports
 * nothing new of that attribute, or the other way.
 */
function disagreements(ds: Dataset, transferSyntaxUid: string): string[] {
  const before = reported(ds, transferSyntaxUid);
  const out: string[] = [];
  for (const el of ds) {
    const keyword = keywordOf(el.tag);
    if (!keyword || isPrivateTag(el.tag) || keyword === 'OriginalAttributesSequence') continue;
    const changes: [string, () => Change][] = [['deleted', () => parseDeletion(keyword)]];
    if (['CS', 'DA', 'DS', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UT', 'DT', 'UC'].includes(el.vr)) changes.push(['emptied', () => parseAssignment(`${keyword}=`)]);
    for (const [what, change] of changes) {
      let result: ReturnType<typeof modified>;
      try {
        result = modified(ds, change(), transferSyntaxUid);
      } catch {
        continue; // the UIDs that identify the object are neither deleted nor emptied
      }
      const { copy, warnings } = result;
      const code = what === 'deleted' ? 'MISSING' : 'EMPTY';
      const reports = reported(copy, transferSyntaxUid).has(`${keyword} ${code}`) && !before.has(`${keyword} ${code}`);
      const warns = warnings.some((w) => w.startsWith(`${keyword} `));
      if (warns !== reports) out.push(`${keyword} ${what}: modify ${warns ? 'warns' : 'says nothing'}, validate ${reports ? `reports it ${code}` : 'reports nothing'}`);
    }
  }
  return out;
}

test('modify warns of a deleted or emptied attribute exactly where validate reports it, for every object the demo writes', async () => {
  const result = await importCapture(SAMPLE, { out: tempDir('required-demo'), meshEncoding: 'both' });
  const bySopClass = new Map([...result.objects, ...result.meshObjects].map((o) => [o.sopClassUid, o.path]));
  assert.ok(bySopClass.size >= 5, [...bySopClass.keys()].join(' '));
  for (const path of bySopClass.values()) {
    const file = readDicomFile(path);
    assert.deepEqual(disagreements(file.dataset, file.transferSyntaxUid), [], path);
  }
});

test('an attribute a mandatory module also holds does not put a User module in use, for modify as for validate: an SC image whose Image Plane module is deleted but for Pixel Spacing (SC Image has it too) is not warned of', () => {
  const ds = tbpCorpus().regional;
  ds.set('SOPClassUID', SECONDARY_CAPTURE);
  ds.set('ConversionType', 'WSD');
  ds.set('PixelSpacing', ['0.1', '0.1']);
  ds.set('ImageOrientationPatient', ['1', '0', '0', '0', '1', '0']);
  // Image Plane module in use: its Type 1 and 2 attributes are reported, and their deletion warned of.
  assert.ok(reported(ds, EXPLICIT_VR_LE).has('ImagePositionPatient MISSING'));
  const { copy, warnings } = modified(ds, parseDeletion('ImageOrientationPatient'), EXPLICIT_VR_LE);
  // Before, modify took Pixel Spacing for the module's and warned "ImageOrientationPatient (0020,0037) deleted: it is
  // Type 1 in the Image Plane module", of an object validate (and dciodvfy) found no fault in.
  assert.deepEqual(warnings, []);
  assert.deepEqual([...reported(copy, EXPLICIT_VR_LE)], []);
  assert.deepEqual(disagreements(ds, EXPLICIT_VR_LE), []);
  if (HAVE_DCIODVFY) {
    const file = join(tempDir('required-sc'), 'sc.dcm');
    writeObject(file, copy);
    assert.deepEqual(dciodvfyFindings(file).filter((l) => /Image ?Plane|ImageOrientationPatient|ImagePositionPatient|SliceThickness/i.test(l)), []);
  }
});

test('emptying a Type 1C attribute whose condition does not hold is warned of by modify, as validate reports it (Type 1C needs a value whenever it is present)', () => {
  const ds = tbpCorpus().regional;
  ds.set('ContentTime', '101010');
  const { warnings } = modified(ds, parseAssignment('ContentTime='), EXPLICIT_VR_LE);
  assert.deepEqual(warnings, ['ContentTime (0008,0033) emptied: it is Type 1C in the VL Image module of VL Photographic Image, which needs a value whenever it is present, so validate and dciodvfy report it empty']);
});

test('an object of an IOD some of whose modules have no table here (a CT image, a 12-Lead ECG) is warned of from the tables there are, without failing', () => {
  for (const [sopClassUid, iod] of [['1.2.840.10008.5.1.4.1.1.2', 'CT Image'], ['1.2.840.10008.5.1.4.1.1.9.1.1', '12-Lead ECG']]) {
    const ds = tbpCorpus().regional;
    ds.set('SOPClassUID', sopClassUid);
    const { warnings } = modified(ds, parseDeletion('PatientBirthDate'), EXPLICIT_VR_LE);
    assert.deepEqual(warnings, [`PatientBirthDate (0010,0030) deleted: it is Type 2 in the Patient module of ${iod}, so validate and dciodvfy report it missing; --set PatientBirthDate= (empty) keeps the object valid`]);
  }
});
