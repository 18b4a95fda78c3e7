import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { deidentifyFiles } from '../../../src/edit/deidentify/deidentify-files.js';
import { TBP_CREATOR, TBP_GROUP, TBP_ELEMENTS } from '../../../src/tbp/private-dictionary.js';
import { exhaustiveObject, leakedSecrets, tbpCorpus, writeObject } from '../fixtures/corpus.js';

function corpusFolder(): { dir: string; secrets: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'deid-in-'));
  const tbp = tbpCorpus();
  writeObject(join(dir, 'regional.dcm'), tbp.regional);
  writeObject(join(dir, 'crop.dcm'), tbp.crop);
  writeObject(join(dir, 'followup.dcm'), tbp.followUp);
  writeObject(join(dir, 'unsafe.dcm'), tbp.unsafe);
  const exhaustive = exhaustiveObject();
  writeObject(join(dir, 'exhaustive.dcm'), exhaustive.ds);
  return { dir, secrets: [...tbp.secrets.values, ...exhaustive.secrets.values] };
}

const lesionKey = `(${TBP_GROUP.toString(16).padStart(4, '0')},"${TBP_CREATOR}",${TBP_ELEMENTS.TBPLesionID.element.toString(16).padStart(2, '0')})`;

test('no identifying value survives in any output byte, and references still resolve', async () => {
  const { dir, secrets } = corpusFolder();
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const result = await deidentifyFiles([dir], { outDir: out });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  assert.equal(result.written, 4);
  assert.deepEqual(result.files.find((f) => f.input.endsWith('unsafe.dcm'))?.status, 'skipped');
  for (const name of readdirSync(out)) {
    const leaks = leakedSecrets(readFileSync(join(out, name)), secrets);
    assert.deepEqual(leaks, [], `${name} still holds ${leaks.join(', ')}`);
  }
  const regional = readDicomFile(join(out, 'regional.dcm')).dataset;
  const crop = readDicomFile(join(out, 'crop.dcm')).dataset;
  const followUp = readDicomFile(join(out, 'followup.dcm')).dataset;
  const newRegionalUid = regional.getString('SOPInstanceUID');
  assert.match(newRegionalUid ?? '', /^2\.25\.\d+$/);
  assert.equal(crop.getString('SourceImageSequence[0].ReferencedSOPInstanceUID'), newRegionalUid);
  assert.equal(crop.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID'), newRegionalUid);
  assert.equal(crop.getString('StudyInstanceUID'), regional.getString('StudyInstanceUID'));
  assert.equal(crop.getString('FrameOfReferenceUID'), regional.getString('FrameOfReferenceUID'));
  assert.equal(crop.getString('SOPClassUID'), '1.2.840.10008.5.1.4.1.1.77.1.7');
  // One patient, one pseudonym; one lesion, one pseudonym across visits; the label itself is gone.
  assert.equal(crop.getString('PatientID'), regional.getString('PatientID'));
  assert.equal(crop.getString('TrackingID'), followUp.getString('TrackingID'));
  assert.equal(crop.getString('TrackingUID'), followUp.getString('TrackingUID'));
  assert.match(crop.getString('TrackingID') ?? '', /^LESION-/);
  assert.equal(crop.getString('PatientIdentityRemoved'), 'YES');
  assert.equal(crop.items('DeidentificationMethodCodeSequence')[0]?.getString('CodeValue'), '113100');
  assert.equal(crop.getString('LongitudinalTemporalInformationModified'), 'REMOVED');
  assert.equal(crop.has(lesionKey), false, 'private blocks go without Retain Safe Private');
});

test('Retain Safe Private keeps the TBP block with a pseudonymous Lesion ID; modified dates shift per patient', async () => {
  const { dir } = corpusFolder();
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  await deidentifyFiles([dir], { outDir: out, options: ['retainSafePrivate', 'retainLongitudinalModifiedDates'] });
  const crop = readDicomFile(join(out, 'crop.dcm')).dataset;
  const followUp = readDicomFile(join(out, 'followup.dcm')).dataset;
  const lesion = crop.getString(lesionKey);
  assert.match(lesion ?? '', /^LESION-/);
  assert.equal(followUp.getString(lesionKey), lesion);
  assert.equal(crop.has('(0009,"SECRET VENDOR",01)'), false);
  const daysBack = (date: string | undefined): number => {
    assert.match(date ?? '', /^\d{8}/);
    return (Date.parse('2023-05-17') - Date.parse(date!.slice(0, 8).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'))) / 86_400_000;
  };
  const shift = daysBack(crop.getString('StudyDate'));
  assert.ok(shift >= 365, `dates move at least a year back (moved ${shift} days)`);
  assert.equal(daysBack(crop.getString('AcquisitionDateTime')), shift);
  assert.equal(daysBack(followUp.getString('ContentDate')), shift, 'every date of a patient moves by the same number of days');
  assert.equal(crop.getString('PatientBirthDate'), undefined, 'birth date is not longitudinal information');
  assert.equal(crop.getString('LongitudinalTemporalInformationModified'), 'MODIFIED');
});

test('a UID map file or a key keeps replacements the same across runs', async () => {
  const { dir } = corpusFolder();
  const map = join(mkdtempSync(join(tmpdir(), 'deid-map-')), 'uids.json');
  const runs: (string | undefined)[] = [];
  for (let i = 0; i < 2; i++) {
    const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
    await deidentifyFiles([join(dir, 'crop.dcm')], { outDir: out, mapFile: map });
    runs.push(readDicomFile(join(out, 'crop.dcm')).dataset.getString('SOPInstanceUID'));
  }
  assert.equal(runs[0], runs[1]);
  assert.match(readFileSync(map, 'utf8'), /tbp-dicom-deidentification-map/);
  const keyed: (string | undefined)[] = [];
  for (let i = 0; i < 2; i++) {
    const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
    await deidentifyFiles([join(dir, 'crop.dcm')], { outDir: out, key: Buffer.from('0123456789abcdef0123') });
    keyed.push(readDicomFile(join(out, 'crop.dcm')).dataset.getString('StudyInstanceUID'));
  }
  assert.equal(keyed[0], keyed[1]);
});

const dciodvfy = spawnSync('dciodvfy', ['-help']).error === undefined;

function errorCount(path: string): number {
  const run = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.startsWith('Error')).length;
}

test('every output passes dciodvfy no worse than its input', { skip: !dciodvfy && 'dciodvfy not installed' }, async () => {
  const { dir } = corpusFolder();
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  await deidentifyFiles([dir], { outDir: out, options: ['retainSafePrivate'] });
  for (const name of readdirSync(out)) {
    const before = errorCount(join(dir, name));
    const after = errorCount(join(out, name));
    assert.ok(after <= before, `${name}: ${after} dciodvfy errors after, ${before} before`);
  }
});

const dcmmkdir = spawnSync('dcmmkdir', ['--version']).error === undefined;

test('a DICOMDIR is de-identified with its records relinked and its references remapped', { skip: !dcmmkdir && 'dcmmkdir not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-dir-'));
  const tbp = tbpCorpus();
  mkdirSync(join(dir, 'IMAGES'));
  writeObject(join(dir, 'IMAGES', 'IMG1'), tbp.regional);
  writeObject(join(dir, 'IMAGES', 'IMG2'), tbp.crop);
  const made = spawnSync('dcmmkdir', ['-q', '+I', '+id', dir, 'IMAGES/IMG1', 'IMAGES/IMG2'], { cwd: dir });
  assert.equal(made.status, 0, made.stderr?.toString());
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const result = await deidentifyFiles([dir], { outDir: out });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const bytes = readFileSync(join(out, 'DICOMDIR'));
  assert.deepEqual(leakedSecrets(bytes, tbp.secrets.values), []);
  const dicomdir = readDicomFile(join(out, 'DICOMDIR')).dataset;
  const records = dicomdir.items('DirectoryRecordSequence');
  const offsets = [dicomdir.getNumber('OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity')!];
  for (const r of records) offsets.push(r.getNumber('OffsetOfTheNextDirectoryRecord')!, r.getNumber('OffsetOfReferencedLowerLevelDirectoryEntity')!);
  for (const offset of offsets.filter((o) => o > 0)) {
    assert.equal(bytes.readUInt32LE(offset), 0xe000fffe, `offset ${offset} points at an item`);
  }
  const image = readDicomFile(join(out, 'IMAGES', 'IMG1')).dataset;
  const uids = records.map((r) => r.getString('ReferencedSOPInstanceUIDInFile')).filter(Boolean);
  assert.ok(uids.includes(image.getString('SOPInstanceUID')), 'records name the de-identified instances');
  assert.equal(records.find((r) => r.getString('DirectoryRecordType') === 'PATIENT')?.getString('PatientID'), image.getString('PatientID'));
  if (dciodvfy) assert.ok(errorCount(join(out, 'DICOMDIR')) <= errorCount(join(dir, 'DICOMDIR')));
});
