import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Dataset } from '../../../src/core/dataset.js';
import { uidByKeyword } from '../../../src/core/uid-registry.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { importCapture } from '../../../src/tbp/capture-import.js';
import { Deidentifier } from '../../../src/edit/deidentify/deidentifier.js';
import { deidentifyFiles } from '../../../src/edit/deidentify/deidentify-files.js';
import { formatFinding, validateFiles } from '../../../src/validate/index.js';
import { hasTool } from '../../helpers/dciodvfy.js';
import { tempDir } from '../../tbp/tools.js';
import { NO_PYDICOM, PYTHON } from '../../helpers/pydicom.js';
import { asUnknown } from '../../helpers/unknown-vr.js';
import { tagOf } from '../../../src/core/dictionary.js';

const SAMPLE = fileURLToPath(new URL('../../../../samples/capture/manifest.yaml', import.meta.url));
const MESH = uidByKeyword('SurfaceScanMeshStorage')!.uid;
const OBJ = uidByKeyword('EncapsulatedOBJStorage')!.uid;
const MTL = uidByKeyword('EncapsulatedMTLStorage')!.uid;
const RT_STRUCTURE_SET_SCRIPT = fileURLToPath(new URL('../../../../test/edit/fixtures/rt-structure-set.py', import.meta.url));

/** The demo capture with its mesh in both encodings: Surface Scan Mesh, Encapsulated OBJ and MTL, texture. */
async function demo(): Promise<{ studyDir: string; input: (sopClass: string) => string }> {
  const imported = await importCapture(SAMPLE, { out: tempDir('deid-surface-in'), meshEncoding: 'both' });
  const input = (sopClass: string): string => imported.meshObjects.find((o) => o.sopClassUid === sopClass)!.path;
  return { studyDir: imported.studyDir, input };
}

/** dciodvfy's errors for each output, but for the IODs it does not know (Surface Scan Mesh, Encapsulated OBJ/MTL). */
function dciodvfyErrors(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const lines = (({ stdout, stderr }) => `${stdout}${stderr}`)(spawnSync('dciodvfy', [file], { encoding: 'utf8' })).split('\n');
    if (lines.some((l) => l.startsWith('Error - Information Object Not found'))) return [];
    return lines.filter((l) => l.startsWith('Error')).map((l) => `${file}: ${l}`);
  });
}

function outputsValidate(out: string): void {
  const report = validateFiles([out]);
  const errors = [...report.reports.flatMap((r) => r.findings), ...report.setFindings].filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map((f) => formatFinding(f)), []);
  if (hasTool('dciodvfy')) assert.deepEqual(dciodvfyErrors(report.reports.map((r) => r.file ?? '')), []);
}

test("the demo's Surface Scan Mesh (the body's surface, face included) is withheld and reported as a recognizable image is, naming the files that reference it", async () => {
  const { studyDir, input } = await demo();
  const out = tempDir('deid-surface-out');
  const result = await deidentifyFiles([studyDir], { outDir: out });
  const mesh = result.files.find((f) => f.input === input(MESH));
  assert.equal(mesh?.status, 'skipped');
  assert.equal(mesh?.messages?.[0], "its surfaces (Surface Scan Mesh) are the body's shape, a recognizable rendering of the patient");
  // The dermoscopic images reference the mesh (Referenced Instance Sequence).
  assert.match(mesh?.messages?.[1] ?? '', /^\d+ file\(s\) written reference it: those references do not resolve among the outputs$/);
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  outputsValidate(out);
});

test('--allow-recognizable (allowRecognizableVisualFeatures) writes the Surface Scan Mesh, which passes validate', async () => {
  const { studyDir, input } = await demo();
  const out = tempDir('deid-surface-out');
  const result = await deidentifyFiles([studyDir], { outDir: out, allowRecognizableVisualFeatures: true });
  assert.equal(result.files.find((f) => f.input === input(MESH))?.status, 'written');
  assert.equal(result.skipped, 0, JSON.stringify(result.files));
  outputsValidate(out);
});

test("an Encapsulated OBJ or MTL, whose document becomes a dummy, says that it shows nothing (Recognizable Visual Features NO), with --allow-recognizable too; it said the original's YES", async () => {
  const { studyDir, input } = await demo();
  for (const allowRecognizableVisualFeatures of [false, true]) {
    const out = tempDir('deid-surface-out');
    const result = await deidentifyFiles([studyDir], { outDir: out, allowRecognizableVisualFeatures });
    for (const sopClass of [OBJ, MTL]) {
      assert.equal(readDicomFile(input(sopClass)).dataset.getString('RecognizableVisualFeatures'), 'YES');
      const written = result.files.find((f) => f.input === input(sopClass));
      assert.equal(written?.status, 'written');
      const ds = readDicomFile(written!.output!).dataset;
      assert.match((ds.get('EncapsulatedDocument') as Buffer).toString('latin1'), /^(# |newmtl )ANONYMIZED\n/);
      assert.deepEqual([ds.getString('RecognizableVisualFeatures'), ds.getString('BurnedInAnnotation')], ['NO', 'NO'], `${sopClass}, allow ${allowRecognizableVisualFeatures}`);
    }
    outputsValidate(out);
  }
});

test('a Surface Scan Point Cloud or Surface Segmentation (surfaces too, without Recognizable Visual Features) is withheld unless allowed', () => {
  for (const keyword of ['SurfaceScanPointCloudStorage', 'SurfaceSegmentationStorage']) {
    const ds = new Dataset();
    ds.set('SOPClassUID', uidByKeyword(keyword)!.uid);
    ds.set('SOPInstanceUID', '1.2.3.4');
    const outcome = new Deidentifier().deidentify(ds);
    assert.equal(outcome.written, false, keyword);
    assert.match(outcome.written ? '' : outcome.problems.join(), /its surfaces \(Surface (Scan Point Cloud|Segmentation)\) are the body's shape/);
    assert.deepEqual(new Deidentifier({ allowRecognizableVisualFeatures: true }).deidentify(ds), { written: true });
  }
});

test("an RT Structure Set whose ROI is the patient's outline (EXTERNAL, or BODY as some planning systems write) is withheld as the mesh is, unless allowed; one of an organ is written; both pass dciodvfy and validate", { skip: NO_PYDICOM }, async () => {
  const dir = tempDir('deid-rt-outline');
  for (const type of ['EXTERNAL', 'BODY', 'ORGAN']) {
    const made = spawnSync(PYTHON, [RT_STRUCTURE_SET_SCRIPT, join(dir, `${type}.dcm`), type], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
  }
  const out = tempDir('deid-rt-outline-out');
  const result = await deidentifyFiles([dir], { outDir: out });
  assert.deepEqual(result.files.map((f) => [f.input.slice(dir.length + 1), f.status, f.messages]), [
    ['BODY.dcm', 'skipped', ["its contours (RT Structure Set: ROI 1 of RT ROI Interpreted Type BODY) are the body's outline, a recognizable rendering of the patient"]],
    ['EXTERNAL.dcm', 'skipped', ["its contours (RT Structure Set: ROI 1 of RT ROI Interpreted Type EXTERNAL) are the body's outline, a recognizable rendering of the patient"]],
    ['ORGAN.dcm', 'written', undefined],
  ]);
  outputsValidate(out);
  const allowed = tempDir('deid-rt-outline-allowed');
  const all = await deidentifyFiles([dir], { outDir: allowed, allowRecognizableVisualFeatures: true });
  assert.equal(all.written, 3, JSON.stringify(all.files));
  assert.match(readDicomFile(join(allowed, 'EXTERNAL.dcm')).dataset.getString('PatientName') ?? '', /^ANON/);
  outputsValidate(allowed);
});

test("an RT Structure Set whose RT ROI Observations Sequence arrived as UN (an archive on the way did not know it) is withheld all the same when its ROI is the patient's outline", { skip: NO_PYDICOM }, () => {
  const path = join(tempDir('deid-rt-outline-un'), 'external.dcm');
  const made = spawnSync(PYTHON, [RT_STRUCTURE_SET_SCRIPT, path, 'EXTERNAL'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const ds = readDicomFile(path).dataset;
  asUnknown(ds, [tagOf('RTROIObservationsSequence')!]);
  assert.equal(ds.element('RTROIObservationsSequence')?.vr, 'UN');
  assert.deepEqual(new Deidentifier().deidentify(ds), { written: false, problems: ["its contours (RT Structure Set: ROI 1 of RT ROI Interpreted Type EXTERNAL) are the body's outline, a recognizable rendering of the patient"] });
});
