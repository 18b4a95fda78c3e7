import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import sharp from 'sharp';
import { Dataset } from '../../../src/core/dataset.js';
import { Element, Encapsulated } from '../../../src/core/element.js';
import { DicomError } from '../../../src/core/errors.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { deidentifyFiles } from '../../../src/edit/deidentify/deidentify-files.js';
import { parseBlankRegion } from '../../../src/edit/deidentify/blank-regions.js';
import { TBP_CREATOR, TBP_GROUP, TBP_ELEMENTS } from '../../../src/tbp/private-dictionary.js';
import { exhaustiveObject, leakedSecrets, tbpCorpus, writeObject } from '../fixtures/corpus.js';
import { asUnknown } from '../../helpers/unknown-vr.js';
import { tagOf } from '../../../src/core/dictionary.js';
import type { ProfileOption } from '../../../src/edit/deidentify/profile-types.js';
import { convertWithDcmconv, dumpToDicom, hasDcmtk, runDcmtk } from '../../helpers/dcmtk-corpus.js';
import { validateFiles } from '../../../src/validate/index.js';
import { PYTHON } from '../../helpers/pydicom.js';

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

test('a skipped object that written ones reference says so: their references do not resolve among the outputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-in-'));
  const tbp = tbpCorpus();
  tbp.regional.set('RecognizableVisualFeatures', 'YES');
  writeObject(join(dir, 'regional.dcm'), tbp.regional);
  writeObject(join(dir, 'crop.dcm'), tbp.crop);
  writeObject(join(dir, 'followup.dcm'), tbp.followUp);
  const result = await deidentifyFiles([dir], { outDir: mkdtempSync(join(tmpdir(), 'deid-out-')) });
  const status = (name: string) => result.files.find((f) => f.input.endsWith(name));
  // The crop references the regional image twice (Source and Referenced Image Sequences): one file; the follow-up not.
  assert.deepEqual([status('crop.dcm')?.status, status('followup.dcm')?.status], ['written', 'written']);
  assert.equal(status('regional.dcm')?.status, 'skipped');
  assert.deepEqual(status('regional.dcm')?.messages, [
    'Recognizable Visual Features is YES',
    '1 file(s) written reference it: those references do not resolve among the outputs',
  ]);
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

test('a UID map that cannot be written, or that is a folder, fails the run before any output is written', async () => {
  const { dir } = corpusFolder();
  const out = join(mkdtempSync(join(tmpdir(), 'deid-out-')), 'out');
  const map = join(dir, 'no-such-folder', 'uids.json');
  await assert.rejects(deidentifyFiles([dir], { outDir: out, mapFile: map }), (e: unknown) =>
    e instanceof DicomError && e.code === 'IO' && e.file === map && e.message === `cannot be written: no file can be made in ${join(dir, 'no-such-folder')} (ENOENT)`);
  await assert.rejects(deidentifyFiles([dir], { outDir: out, mapFile: dir }), (e: unknown) =>
    e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.file === dir
    && e.message === 'not a regular file (a folder, pipe, socket or device): the UID map is read, then rewritten with the new replacements; give the map file');
  assert.equal(existsSync(out), false);
});

test('a run that writes no file (every one failed or was skipped) leaves the UID map as it was, or makes none', async () => {
  const { dir } = corpusFolder();
  const map = join(mkdtempSync(join(tmpdir(), 'deid-map-')), 'uids.json');
  // --out naming the inputs' folder: every file fails, after its replacements were made.
  const failed = await deidentifyFiles([join(dir, 'crop.dcm')], { outDir: dir, mapFile: map });
  assert.deepEqual(failed.files.map((f) => f.status), ['failed']);
  assert.equal(existsSync(map), false);
  const skipped = await deidentifyFiles([join(dir, 'unsafe.dcm')], { outDir: mkdtempSync(join(tmpdir(), 'deid-out-')), mapFile: map });
  assert.deepEqual(skipped.files.map((f) => f.status), ['skipped']);
  assert.equal(existsSync(map), false);
  await deidentifyFiles([join(dir, 'regional.dcm')], { outDir: mkdtempSync(join(tmpdir(), 'deid-out-')), mapFile: map });
  const kept = readFileSync(map, 'utf8');
  await deidentifyFiles([join(dir, 'crop.dcm')], { outDir: dir, mapFile: map });
  assert.equal(readFileSync(map, 'utf8'), kept);
});

test('an output never replaces an input (--out naming the inputs\' folder) nor another output of the run', async () => {
  const { dir } = corpusFolder();
  const before = readFileSync(join(dir, 'crop.dcm'));
  const inPlace = await deidentifyFiles([join(dir, 'crop.dcm')], { outDir: dir });
  assert.deepEqual(inPlace.files, [{ input: join(dir, 'crop.dcm'), status: 'failed', messages: [
    `not written: ${join(dir, 'crop.dcm')} is an input of this run, which it would replace (give an --out folder apart from the inputs)`,
  ] }]);
  assert.deepEqual(readFileSync(join(dir, 'crop.dcm')), before);
  // Two folders holding the same name: the second would replace the first's output.
  const other = mkdtempSync(join(tmpdir(), 'deid-in-'));
  writeObject(join(other, 'crop.dcm'), tbpCorpus().followUp);
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const twice = await deidentifyFiles([join(dir, 'crop.dcm'), join(other, 'crop.dcm')], { outDir: out });
  assert.deepEqual(twice.files.map((f) => [f.status, f.messages]), [
    ['written', undefined],
    ['failed', [`not written: its output ${join(out, 'crop.dcm')} is the output of ${join(dir, 'crop.dcm')} (inputs of the same relative path need --rename, or separate runs)`]],
  ]);
  const renamed = await deidentifyFiles([join(dir, 'crop.dcm'), join(other, 'crop.dcm')], { outDir: mkdtempSync(join(tmpdir(), 'deid-out-')), rename: true });
  assert.deepEqual(renamed.files.map((f) => f.status), ['written', 'written']);
});

test('a file cut short (in its pixel data, say) fails and is not written: its copy would look whole and hold less', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-cut-'));
  writeObject(join(dir, 'regional.dcm'), tbpCorpus().regional);
  const whole = readFileSync(join(dir, 'regional.dcm'));
  writeFileSync(join(dir, 'cut.dcm'), whole.subarray(0, whole.length - 100));
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const result = await deidentifyFiles([dir], { outDir: out });
  assert.deepEqual(result.files.map((f) => [f.input, f.status]), [[join(dir, 'cut.dcm'), 'failed'], [join(dir, 'regional.dcm'), 'written']]);
  assert.match(result.files[0]!.messages!.join(''), /: the file is cut short \(offset \d+, \(7FE0,0010\): value length \d+ runs past the end of its container \(\d+ bytes left\)\): not de-identified/);
  assert.deepEqual(readdirSync(out), ['regional.dcm']);
});

test('a file whose VR is damaged (capitals that are no VR, or bytes that are no capitals: 00H 00H, lowercase; in the data set or the meta group) fails naming the element and its offset in one form, and is not written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-damaged-vr-'));
  writeObject(join(dir, 'regional.dcm'), tbpCorpus().regional);
  const whole = readFileSync(join(dir, 'regional.dcm'));
  const damage = (name: string, header: number[], edit: (bytes: Buffer, at: number) => void): number => {
    const bytes = Buffer.from(whole);
    const at = bytes.indexOf(Buffer.from(header), 132);
    bytes.write('ZZ', at + 4, 'latin1');
    edit(bytes, at);
    writeFileSync(join(dir, name), bytes);
    return at;
  };
  // Modality's CS hex-edited to "ZZ": its 16-bit length still ends at an element; then one that ends nowhere, where the
  // element read swallows the rest of the data set (the patient's name with it); and the meta group's Transfer Syntax UID.
  const modality = [0x08, 0x00, 0x60, 0x00, 0x43, 0x53];
  const inStep = damage('a-modality.dcm', modality, () => {});
  damage('b-swallowing.dcm', modality, (bytes, at) => bytes.writeUInt16LE(3, at + 6));
  const meta = damage('c-meta.dcm', [0x02, 0x00, 0x10, 0x00, 0x55, 0x49], () => {});
  // bytes that are no letters, or lowercase ones, which the reader only warns of (read as UN, as dcmtk reads them):
  // Modality's, the patient's name's and the meta group's Transfer Syntax UID's
  damage('d-nul.dcm', modality, (bytes, at) => bytes.write('\0\0', at + 4, 'latin1'));
  damage('e-lower.dcm', modality, (bytes, at) => bytes.write('cs', at + 4, 'latin1'));
  const name = damage('f-name.dcm', [0x10, 0x00, 0x10, 0x00, 0x50, 0x4e], (bytes, at) => bytes.write('pn', at + 4, 'latin1'));
  damage('g-meta-nul.dcm', [0x02, 0x00, 0x10, 0x00, 0x55, 0x49], (bytes, at) => bytes.write('\0\0', at + 4, 'latin1'));
  // Not damage: a data set in Implicit VR under an Explicit VR syntax (a writer's slip) is read whole as what it is.
  writeObject(join(dir, 'implicit.dcm'), tbpCorpus().regional, '1.2.840.10008.1.2');
  const metaEnd = (name: string): number => readDicomFile(join(dir, name)).datasetRange!.offset;
  const implicit = readFileSync(join(dir, 'implicit.dcm')).subarray(metaEnd('implicit.dcm'));
  writeFileSync(join(dir, 'h-implicit.dcm'), Buffer.concat([whole.subarray(0, metaEnd('regional.dcm')), implicit]));
  rmSync(join(dir, 'implicit.dcm'));
  const out = mkdtempSync(join(tmpdir(), 'deid-damaged-vr-out-'));
  const result = await deidentifyFiles([dir], { outDir: out });
  const inputs = ['a-modality', 'b-swallowing', 'c-meta', 'd-nul', 'e-lower', 'f-name', 'g-meta-nul'].map((n) => [`${n}.dcm`, 'failed']);
  assert.deepEqual(result.files.map((f) => [f.input.slice(dir.length + 1), f.status]), [...inputs, ['h-implicit.dcm', 'written'], ['regional.dcm', 'written']]);
  const refused = ': not de-identified, as what was read from the damaged bytes may hold identifying text in a VR or tag it does not have';
  const [a, b, c, d, e, f, g] = result.files.slice(0, 7).map((f) => f.messages!.join(''));
  assert.match(a!, new RegExp(`^${join(dir, 'a-modality.dcm')}: offset ${inStep}, \\(0008,0060\\): invalid VR "ZZ": its 32-bit length \\(\\d+\\) does not end at an element, its 16-bit length \\(2\\) does${refused}$`));
  assert.match(b!, new RegExp(`offset ${inStep}, \\(0008,0060\\): invalid VR "ZZ": neither its 32-bit length \\(\\d+\\) nor its 16-bit length \\(3\\) ends at an element${refused}$`));
  assert.match(c!, new RegExp(`offset ${meta}, \\(0002,0010\\): invalid VR "ZZ": its 32-bit length \\(\\d+\\) does not end at an element, its 16-bit length \\(20\\) does${refused}$`));
  assert.equal(d, `${join(dir, 'd-nul.dcm')}: offset ${inStep}, (0008,0060): invalid VR "\\x00\\x00"${refused}`);
  assert.equal(e, `${join(dir, 'e-lower.dcm')}: offset ${inStep}, (0008,0060): invalid VR "cs"${refused}`);
  assert.equal(f, `${join(dir, 'f-name.dcm')}: offset ${name}, (0010,0010): invalid VR "pn"${refused}`);
  assert.equal(g, `${join(dir, 'g-meta-nul.dcm')}: offset ${meta}, (0002,0010): invalid VR "\\x00\\x00"${refused}`);
  assert.deepEqual(readdirSync(out).sort(), ['h-implicit.dcm', 'regional.dcm']);
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

/** A grayscale softcopy presentation state in a folder of its own, with what the test adds; returns the folder. */
function presentationState(fill: (ds: Dataset) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'deid-pr-'));
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.11.1');
  ds.set('SOPInstanceUID', '2.25.11');
  ds.set('StudyInstanceUID', '2.25.12');
  ds.set('SeriesInstanceUID', '2.25.13');
  ds.set('Modality', 'PR');
  ds.set('PatientID', 'PID1');
  ds.set('InstanceNumber', '1');
  ds.set('ContentLabel', 'MEASURED');
  ds.set('PresentationCreationDate', '20200115');
  ds.set('PresentationCreationTime', '101010');
  fill(ds);
  writeObject(join(dir, 'pr.dcm'), ds);
  return dir;
}

const ghostscript = spawnSync('gs', ['--version']).error === undefined;

test('an Encapsulated PDF, CDA or STL (made by pdf2dcm, cda2dcm, stl2dcm) gets an empty document of its kind, which its readers open, its length given and MIME type kept: dciodvfy and validate find no error', { skip: !(hasDcmtk && dciodvfy) && 'dcmtk or dciodvfy not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-documents-'));
  const secret = 'Doe_Secret_Jane';
  writeFileSync(join(dir, 'report.pdf'), `%PDF-1.4\n1 0 obj\n<< /Title (${secret}) >>\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n`);
  writeFileSync(join(dir, 'report.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><title>${secret}</title></ClinicalDocument>\n`);
  // A binary STL of one triangle, its header naming the patient (stl2dcm takes binary STL only).
  const stl = Buffer.alloc(84 + 50);
  stl.write(secret, 0, 'latin1');
  stl.writeUInt32LE(1, 80);
  writeFileSync(join(dir, 'scan.stl'), stl);
  const input = join(dir, 'in');
  mkdirSync(input);
  const patient = ['+pn', 'Doe^Jane', '+pi', 'P001'];
  runDcmtk('pdf2dcm', [...patient, join(dir, 'report.pdf'), join(input, 'pdf.dcm')]);
  runDcmtk('cda2dcm', ['+ov', ...patient, join(dir, 'report.xml'), join(input, 'cda.dcm')]);
  runDcmtk('stl2dcm', [...patient, '+mn', 'Maker', '+mm', 'Model', '+ds', 'SN1', '+sv', '1', join(dir, 'scan.stl'), join(input, 'stl.dcm')]);
  const out = mkdtempSync(join(tmpdir(), 'deid-documents-out-'));
  const result = await deidentifyFiles([input], { outDir: out });
  assert.equal(result.written, 3, JSON.stringify(result.files));
  const documents = new Map(['cda', 'pdf', 'stl'].map((name) => {
    const path = join(out, `${name}.dcm`);
    assert.equal(readFileSync(path).includes(secret), false, name);
    assert.equal(errorCount(path), 0, `dciodvfy ${name}`);
    const ds = readDicomFile(path).dataset;
    const document = ds.bytes('EncapsulatedDocument')!;
    const length = ds.getNumber('EncapsulatedDocumentLength')!;
    // The length is the document's, without the pad byte that makes the value even.
    assert.ok(document.length === length || (document.length === length + 1 && length % 2 === 1), `${name}: length ${length} beside ${document.length} bytes`);
    writeFileSync(join(dir, `${name}.document`), document.subarray(0, length));
    return [name, { mime: ds.getString('MIMETypeOfEncapsulatedDocument'), document: document.subarray(0, length) }];
  }));
  assert.deepEqual([...documents.values()].map((d) => d.mime), ['text/XML', 'application/pdf', 'model/stl']);
  const errors = validateFiles([out]).reports.flatMap((r) => r.findings).filter((f) => f.severity === 'error');
  assert.deepEqual(errors, []);
  // The CDA: well-formed XML whose root is an HL7 v3 ClinicalDocument.
  const cda = spawnSync(PYTHON, ['-c', 'import sys, xml.dom.minidom as m; r = m.parse(sys.argv[1]).documentElement; print(r.namespaceURI, r.tagName)', join(dir, 'cda.document')], { encoding: 'utf8' });
  assert.equal(cda.stdout.trim(), 'urn:hl7-org:v3 ClinicalDocument', cda.stderr);
  // The STL: a binary STL of no triangle (84 bytes, a header that does not start "solid", a count of 0).
  const empty = documents.get('stl')!.document;
  assert.deepEqual([empty.length, empty.readUInt32LE(80), empty.toString('latin1', 0, 5) === 'solid'], [84, 0, false]);
  // The PDF: Ghostscript opens it without a word and counts its one (blank) page.
  if (ghostscript) {
    const pdf = join(dir, 'pdf.document');
    const pages = spawnSync('gs', ['-q', '-dNODISPLAY', '-dBATCH', '-dNOPAUSE', `--permit-file-read=${pdf}`, '-c', `(${pdf}) (r) file runpdfbegin pdfpagecount = quit`], { encoding: 'utf8' });
    assert.deepEqual([pages.stdout, pages.stderr], ['1\n', '']);
  }
});

test('a presentation state keeps its Type 1 creation date and time as dummies, which the table removes: dciodvfy finds no error the input lacks', { skip: !dciodvfy && 'dciodvfy not installed' }, async () => {
  const dir = presentationState();
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  await deidentifyFiles([dir], { outDir: out });
  const written = readDicomFile(join(out, 'pr.dcm')).dataset;
  assert.equal(written.getString('PresentationCreationDate'), '19000101');
  assert.equal(written.getString('PresentationCreationTime'), '000000');
  assert.ok(errorCount(join(out, 'pr.dcm')) <= errorCount(join(dir, 'pr.dcm')));
});

test("a presentation state's layers are renamed LAYER1, LAYER2 … and its annotations and overlay activation still name one of them: dciodvfy finds no error the input lacks", { skip: !dciodvfy && 'dciodvfy not installed' }, async () => {
  const dir = presentationState((ds) => {
    ds.set('ReferencedSeriesSequence[0].SeriesInstanceUID', '2.25.14');
    ds.set('ReferencedSeriesSequence[0].ReferencedImageSequence[0].ReferencedSOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('ReferencedSeriesSequence[0].ReferencedImageSequence[0].ReferencedSOPInstanceUID', '2.25.15');
    ['JDOE LAYER', 'PID1 NOTES'].forEach((layer, i) => {
      ds.set(`GraphicLayerSequence[${i}].GraphicLayer`, layer);
      ds.set(`GraphicLayerSequence[${i}].GraphicLayerOrder`, String(i + 1));
    });
    ['PID1 NOTES', 'JDOE LAYER'].forEach((layer, i) => {
      ds.set(`GraphicAnnotationSequence[${i}].GraphicLayer`, layer);
      ds.set(`GraphicAnnotationSequence[${i}].TextObjectSequence[0].UnformattedTextValue`, 'John Doe');
      ds.set(`GraphicAnnotationSequence[${i}].TextObjectSequence[0].AnchorPointAnnotationUnits`, 'PIXEL');
      ds.set(`GraphicAnnotationSequence[${i}].TextObjectSequence[0].AnchorPoint`, [1, 1], 'FL');
      ds.set(`GraphicAnnotationSequence[${i}].TextObjectSequence[0].AnchorPointVisibility`, 'N');
    });
    // Activates an overlay of the referenced image.
    ds.set('(6002,1001)', 'JDOE LAYER', 'CS');
  });
  for (const options of [[], ['cleanGraphics']] as ProfileOption[][]) {
    const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
    await deidentifyFiles([dir], { outDir: out, options });
    const written = readDicomFile(join(out, 'pr.dcm')).dataset;
    const under = options.join() || 'the Basic Profile';
    const layers = written.items('GraphicLayerSequence').map((item) => item.getString('GraphicLayer'));
    assert.deepEqual(layers, ['LAYER1', 'LAYER2'], under);
    assert.deepEqual(written.items('GraphicAnnotationSequence').map((item) => item.getString('GraphicLayer')), ['LAYER2', 'LAYER1'], under);
    assert.equal(written.getString('(6002,1001)'), 'LAYER1', under);
    assert.doesNotMatch(readFileSync(join(out, 'pr.dcm'), 'latin1'), /JDOE|PID1/, under);
    assert.ok(errorCount(join(out, 'pr.dcm')) <= errorCount(join(dir, 'pr.dcm')), under);
  }
});

test('a presentation state\'s curve whose Curve Data the profile removes goes whole, under Clean Graphics too: dciodvfy finds no error the input lacks', { skip: !dciodvfy && 'dciodvfy not installed' }, async () => {
  const dir = presentationState((ds) => {
    ds.set('(5000,0005)', 2, 'US');
    ds.set('(5000,0010)', 2, 'US');
    ds.set('(5000,0020)', 'POLY', 'CS');
    ds.set('(5000,0022)', 'John Doe curve', 'LO');
    ds.set('(5000,0103)', 0, 'US');
    ds.set('(5000,1001)', 'JDOE LAYER', 'CS');
    ds.set('(5000,3000)', Buffer.from([0, 0, 1, 0, 1, 0, 0, 0]), 'OW');
  });
  for (const options of [[], ['cleanGraphics']] as ProfileOption[][]) {
    const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
    await deidentifyFiles([dir], { outDir: out, options });
    const written = readDicomFile(join(out, 'pr.dcm')).dataset;
    const under = options.join() || 'the Basic Profile';
    assert.deepEqual([...written].filter((el) => el.tag >>> 16 === 0x5000).map((el) => el.tag.toString(16)), [], under);
    assert.ok(errorCount(join(out, 'pr.dcm')) <= errorCount(join(dir, 'pr.dcm')), under);
  }
});

test("a local scheme's Coding Scheme Registry and External ID go with its keeper, and a code's Context Group Extension Creator UID (the institution's OID) is replaced as the scheme's UID is: kept under the options that keep those, dciodvfy finds no error", { skip: !dciodvfy && 'dciodvfy not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-in-'));
  const ds = tbpCorpus().regional;
  ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeDesignator', '99CLINIC');
  ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeRegistry', 'HL7');
  ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeExternalID', 'SMITH-DERM-BASEL-CODES');
  ds.set('CodingSchemeIdentificationSequence[0].CodingSchemeUID', '1.2.756.4711.1');
  ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeDesignator', 'SCT');
  ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeRegistry', 'HL7');
  ds.set('CodingSchemeIdentificationSequence[1].CodingSchemeUID', '2.16.840.1.113883.6.96');
  // The clinic added the SNOMED code it uses to its own extension of CID 4031.
  ds.set('AnatomicRegionSequence[0].ContextIdentifier', '4031');
  ds.set('AnatomicRegionSequence[0].MappingResource', 'DCMR');
  ds.set('AnatomicRegionSequence[0].ContextGroupVersion', '20200101');
  ds.set('AnatomicRegionSequence[0].ContextGroupExtensionFlag', 'Y');
  ds.set('AnatomicRegionSequence[0].ContextGroupLocalVersion', '20210101');
  ds.set('AnatomicRegionSequence[0].ContextGroupExtensionCreatorUID', '1.2.756.4711.1');
  writeObject(join(dir, 'image.dcm'), ds);
  const parts = (written: Dataset): (string | undefined)[] => [
    ...['CodingSchemeRegistry', 'CodingSchemeExternalID', 'CodingSchemeUID'].map((k) => written.getString(`CodingSchemeIdentificationSequence[0].${k}`)),
    written.getString('AnatomicRegionSequence[0].ContextGroupExtensionCreatorUID'),
    ...['CodingSchemeRegistry', 'CodingSchemeUID'].map((k) => written.getString(`CodingSchemeIdentificationSequence[1].${k}`)),
  ];
  const kept = ['HL7', 'SMITH-DERM-BASEL-CODES', '1.2.756.4711.1', '1.2.756.4711.1', 'HL7', '2.16.840.1.113883.6.96'];
  for (const options of [[], ['retainUids'], ['retainInstitutionIdentity']] as ProfileOption[][]) {
    const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
    await deidentifyFiles([dir], { outDir: out, options });
    const [registry, externalId, schemeUid, creatorUid, ...standard] = parts(readDicomFile(join(out, 'image.dcm')).dataset);
    const under = options.join() || 'the Basic Profile';
    assert.deepEqual(standard, kept.slice(4), under);
    if (options[0] === 'retainInstitutionIdentity') assert.deepEqual([registry, externalId, schemeUid, creatorUid], kept.slice(0, 4), under);
    else assert.deepEqual([registry, externalId], [undefined, undefined], under);
    if (options[0] === 'retainUids') assert.deepEqual([schemeUid, creatorUid], kept.slice(2, 4), under);
    if (!options.length) {
      assert.match(creatorUid ?? '', /^2\.25\.\d+$/, "the clinic's OID was kept");
      assert.equal(creatorUid, schemeUid, 'one OID, one replacement');
    }
    assert.equal(errorCount(join(out, 'image.dcm')), 0, under);
  }
});

const dcmmkdir = spawnSync('dcmmkdir', ['--version']).error === undefined;

test('a DICOMDIR is de-identified with its records relinked and its references remapped', { skip: !dcmmkdir && 'dcmmkdir not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-dir-'));
  const tbp = tbpCorpus();
  mkdirSync(join(dir, 'IMAGES'));
  writeObject(join(dir, 'IMAGES', 'IMG1'), tbp.regional);
  writeObject(join(dir, 'IMAGES', 'IMG2'), tbp.crop);
  // A burner's File-set ID: the patient's ID.
  const made = spawnSync('dcmmkdir', ['-q', '+I', '+id', dir, '+F', 'PID_4711', 'IMAGES/IMG1', 'IMAGES/IMG2'], { cwd: dir });
  assert.equal(made.status, 0, made.stderr?.toString());
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const result = await deidentifyFiles([dir], { outDir: out });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const bytes = readFileSync(join(out, 'DICOMDIR'));
  assert.deepEqual(leakedSecrets(bytes, [...tbp.secrets.values, 'PID_4711']), []);
  const dicomdir = readDicomFile(join(out, 'DICOMDIR')).dataset;
  assert.equal(dicomdir.element('FileSetID')?.length, 0, 'File-set ID, Type 2, is emptied');
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

test('DICOMDIR records take the date shift of the patient they lie under; the directory records no method; --rename skips it', { skip: !dcmmkdir && 'dcmmkdir not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-dir-'));
  mkdirSync(join(dir, 'IMAGES'));
  writeObject(join(dir, 'IMAGES', 'IMG1'), tbpCorpus().regional);
  assert.equal(spawnSync('dcmmkdir', ['-q', '+I', '+id', dir, 'IMAGES/IMG1'], { cwd: dir }).status, 0);
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const result = await deidentifyFiles([dir], { outDir: out, options: ['retainLongitudinalModifiedDates'] });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const dicomdir = readDicomFile(join(out, 'DICOMDIR')).dataset;
  const image = readDicomFile(join(out, 'IMAGES', 'IMG1')).dataset;
  const study = dicomdir.items('DirectoryRecordSequence').find((r) => r.getString('DirectoryRecordType') === 'STUDY')!;
  assert.notEqual(image.getString('StudyDate'), readDicomFile(join(dir, 'IMAGES', 'IMG1')).dataset.getString('StudyDate'));
  assert.equal(study.getString('StudyDate'), image.getString('StudyDate'));
  assert.equal(dicomdir.element('PatientIdentityRemoved'), undefined);
  assert.equal(dicomdir.element('DeidentificationMethodCodeSequence'), undefined);

  const renamed = await deidentifyFiles([dir], { outDir: mkdtempSync(join(tmpdir(), 'deid-out-')), rename: true });
  const skipped = renamed.files.find((f) => f.input === join(dir, 'DICOMDIR'))!;
  assert.equal(skipped.status, 'skipped');
  assert.match(skipped.messages!.join(''), /a DICOMDIR is not written under --rename/);
  assert.equal(renamed.written, 1);
});

test('a DICOMDIR patient record without the issuer its files carry gets their pseudonym and date shift', { skip: !dcmmkdir && 'dcmmkdir not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-dir-'));
  mkdirSync(join(dir, 'IMAGES'));
  const regional = tbpCorpus().regional;
  regional.set('IssuerOfPatientID', 'HOSPITAL-A');
  writeObject(join(dir, 'IMAGES', 'IMG1'), regional);
  assert.equal(spawnSync('dcmmkdir', ['-q', '+I', '+id', dir, 'IMAGES/IMG1'], { cwd: dir }).status, 0);
  const records = (path: string) => readDicomFile(path).dataset.items('DirectoryRecordSequence');
  assert.equal(records(join(dir, 'DICOMDIR')).find((r) => r.getString('DirectoryRecordType') === 'PATIENT')?.getString('IssuerOfPatientID'), undefined);
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const result = await deidentifyFiles([dir], { outDir: out, options: ['retainLongitudinalModifiedDates'] });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const image = readDicomFile(join(out, 'IMAGES', 'IMG1')).dataset;
  const written = records(join(out, 'DICOMDIR'));
  assert.equal(written.find((r) => r.getString('DirectoryRecordType') === 'PATIENT')?.getString('PatientID'), image.getString('PatientID'));
  assert.equal(written.find((r) => r.getString('DirectoryRecordType') === 'STUDY')?.getString('StudyDate'), image.getString('StudyDate'));
});

const methodCodes = (path: string): (string | undefined)[] =>
  readDicomFile(path).dataset.items('DeidentificationMethodCodeSequence').map((i) => i.getString('CodeValue'));

test('blank regions clean the images of their size: Burned In Annotation NO, Clean Pixel Data recorded, UIDs as the profile does them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-in-'));
  const tbp = tbpCorpus();
  writeObject(join(dir, 'regional.dcm'), tbp.regional);
  writeObject(join(dir, 'unsafe.dcm'), tbp.unsafe);
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const blankRegions = [parseBlankRegion('4x4:0,0,2,9'), parseBlankRegion('64x48:0,0,10,10')];
  const result = await deidentifyFiles([dir], { outDir: out, blankRegions });
  assert.equal(result.written, 2, JSON.stringify(result.files));

  const cleaned = readDicomFile(join(out, 'unsafe.dcm')).dataset;
  assert.equal(cleaned.getString('BurnedInAnnotation'), 'NO');
  assert.deepEqual(methodCodes(join(out, 'unsafe.dcm')), ['113100', '113101']);
  assert.equal(cleaned.getString('DeidentificationMethodCodeSequence[1].CodeMeaning'), 'Clean Pixel Data Option');
  assert.equal(cleaned.getStrings('DeidentificationMethod')[1], 'Clean Pixel Data Option');
  const source = tbp.unsafe.bytes('PixelData')!;
  const pixels = cleaned.bytes('PixelData')!;
  for (let i = 0; i < 16; i++) {
    const clipped = i % 4 < 2; // columns 0-1 of every row (the 9 rows asked for are clipped to 4)
    assert.deepEqual([...pixels.subarray(i * 3, i * 3 + 3)], clipped ? [0, 0, 0] : [...source.subarray(i * 3, i * 3 + 3)], `pixel ${i}`);
  }
  assert.match(cleaned.getString('SOPInstanceUID') ?? '', /^2\.25\./);
  assert.deepEqual(cleaned.getStrings('ImageType'), ['ORIGINAL', 'PRIMARY']);
  for (const absent of ['SourceImageSequence', 'DerivationDescription', 'DerivationCodeSequence']) assert.equal(cleaned.has(absent), false, absent);

  // No region is for 32 × 24 images: the regional image is de-identified as before.
  const regional = readDicomFile(join(out, 'regional.dcm')).dataset;
  assert.deepEqual(methodCodes(join(out, 'regional.dcm')), ['113100']);
  assert.deepEqual(regional.bytes('PixelData'), tbp.regional.bytes('PixelData'));

  const unchecked = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const refused = await deidentifyFiles([dir], { outDir: unchecked, blankRegions: [parseBlankRegion('64x48:0,0,10,10')] });
  assert.equal(refused.files.find((f) => f.input.endsWith('unsafe.dcm'))?.status, 'skipped', 'an image no region applies to is still refused');
});

test('a file whose image a region misses, or whose compression cannot be cleaned, fails and is not written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-in-'));
  const tbp = tbpCorpus();
  writeObject(join(dir, 'regional.dcm'), tbp.regional);
  writeObject(join(dir, 'small.dcm'), tbp.unsafe);
  const j2k = tbp.followUp;
  j2k.set('PixelData', new Encapsulated(Buffer.alloc(0), [Buffer.from([0xff, 0x4f, 0xff, 0x51])]), 'OB');
  writeObject(join(dir, 'j2k.dcm'), j2k, '1.2.840.10008.1.2.4.90');
  const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const result = await deidentifyFiles([dir], { outDir: out, blankRegions: [parseBlankRegion('6,6,20,4')] });
  const outcome = (name: string) => result.files.find((f) => f.input.endsWith(name))!;
  assert.equal(outcome('regional.dcm').status, 'written');
  assert.equal(outcome('small.dcm').status, 'failed');
  assert.match(outcome('small.dcm').messages!.join(), /small\.dcm: blank region 6,6,20,4 lies outside the 4x4 image/);
  assert.equal(outcome('j2k.dcm').status, 'failed');
  assert.match(outcome('j2k.dcm').messages!.join(), /JPEG 2000 .*cannot be cleaned/);
  assert.deepEqual(readdirSync(out), ['regional.dcm']);
  assert.equal(existsSync(join(out, 'small.dcm')), false);
});

const img2dcm = spawnSync('img2dcm', ['--version']).error === undefined;

test('cleaned VL Photographic and Secondary Capture objects, native and JPEG, validate as well as uncleaned ones', { skip: !(dciodvfy && img2dcm) && 'dciodvfy or dcmtk not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-in-'));
  writeObject(join(dir, 'native-vl.dcm'), tbpCorpus().regional);
  const raw = Buffer.alloc(64 * 48 * 3, 180);
  const jpeg = join(dir, 'photo.jpg');
  await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality: 90 }).toFile(jpeg);
  for (const [name, kind] of [['jpeg-vl.dcm', '-vlp'], ['jpeg-sc.dcm', '-sc']]) {
    const made = spawnSync('img2dcm', ['-q', kind!, jpeg, join(dir, name!), '-k', 'PatientName=Doe^Jane', '-k', 'PatientID=TBP-0002']);
    assert.equal(made.status, 0, made.stderr?.toString());
  }
  const cleaned = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const plain = mkdtempSync(join(tmpdir(), 'deid-out-'));
  const common = { allowRecognizableVisualFeatures: true, options: ['retainSafePrivate' as const] };
  assert.equal((await deidentifyFiles([dir], { ...common, outDir: cleaned, blankRegions: [parseBlankRegion('0,0,20,10')] })).written, 3);
  assert.equal((await deidentifyFiles([dir], { ...common, outDir: plain, allowBurnedInAnnotation: true })).written, 3);
  const errors = (path: string): string[] => {
    const run = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.startsWith('Error'));
  };
  for (const name of ['native-vl.dcm', 'jpeg-vl.dcm', 'jpeg-sc.dcm']) {
    const before = new Set(errors(join(plain, name)));
    assert.deepEqual(errors(join(cleaned, name)).filter((l) => !before.has(l)), [], `${name}: errors cleaning added`);
    assert.deepEqual(methodCodes(join(cleaned, name)), ['113100', '113101', '113111']);
    const dumped = spawnSync('dcmdump', ['-q', join(cleaned, name)], { encoding: 'utf8' });
    assert.equal(dumped.status, 0, dumped.stderr);
    assert.match(dumped.stdout, /\(0028,0301\) CS \[NO\]/);
  }
});

test('an identifying attribute that arrived as UN (an archive on the way did not know it) does not survive', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-un-in-'));
  const exhaustive = exhaustiveObject();
  // Every attribute of Table E.1-1, sequences holding names among them, as an archive that knew none of them wrote it.
  asUnknown(exhaustive.ds, [...exhaustive.ds].map((el) => el.tag).filter((t) => ![0x00080005, 0x00080016, 0x00080018].includes(t)));
  writeObject(join(dir, 'exhaustive.dcm'), exhaustive.ds);
  // Sequences the profile keeps, walking their items: a name and the UIDs in them are as much to be replaced.
  const { crop, secrets } = tbpCorpus();
  crop.set('ReferencedImageSequence[0].PersonName', secrets.add('Hidden^Person'));
  crop.set('AnatomicRegionSequence[0].PersonName', secrets.add('Other^Hidden'));
  asUnknown(crop, ['SourceImageSequence', 'ReferencedImageSequence', 'AnatomicRegionSequence', 'PatientName'].map((k) => tagOf(k)!));
  writeObject(join(dir, 'crop.dcm'), crop);
  const out = mkdtempSync(join(tmpdir(), 'deid-un-out-'));
  const result = await deidentifyFiles([dir], { outDir: out });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  for (const [name, values] of [['exhaustive.dcm', exhaustive.secrets.values], ['crop.dcm', secrets.values]] as const) {
    const leaks = leakedSecrets(readFileSync(join(out, name)), values);
    assert.deepEqual(leaks, [], `${name} still holds ${leaks.join(', ')}`);
  }
  for (const name of ['exhaustive.dcm', 'crop.dcm']) assert.match(readDicomFile(join(out, name)).dataset.getString('PatientName') ?? '', /^ANON/);
  const written = readDicomFile(join(out, 'crop.dcm')).dataset;
  assert.equal(written.element('ReferencedImageSequence')?.vr, 'SQ');
  assert.match(written.getString('ReferencedImageSequence[0].ReferencedSOPInstanceUID') ?? '', /^2\.25\./);
});

test('a sequence held as UN whose bytes are no items is left out, said as a warning of the file written: nothing in it can be de-identified', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-un-garbage-'));
  const { crop } = tbpCorpus();
  // A name in bytes that are no items: kept as they are, it would reach the output unread.
  crop.addElement(new Element(tagOf('AnatomicRegionSequence')!, 'UN', Buffer.from('Doe^SecretPatient!')));
  crop.addElement(new Element(tagOf('ReferencedImageSequence')!, 'UN', Buffer.from('1.2.840.99999.123\0')));
  writeObject(join(dir, 'crop.dcm'), crop);
  const out = mkdtempSync(join(tmpdir(), 'deid-un-garbage-out-'));
  const result = await deidentifyFiles([join(dir, 'crop.dcm')], { outDir: out });
  const left = 'a sequence held as UN whose bytes are not sequence items; left out, as nothing in it can be de-identified';
  assert.deepEqual(result.files.map((f) => [f.status, f.messages, f.warnings]), [['written', undefined, [`ReferencedImageSequence: ${left}`, `AnatomicRegionSequence: ${left}`]]]);
  const bytes = readFileSync(join(out, 'crop.dcm'));
  assert.equal(bytes.includes('SecretPatient'), false);
  const written = readDicomFile(join(out, 'crop.dcm')).dataset;
  assert.ok(!written.has('AnatomicRegionSequence') && !written.has('ReferencedImageSequence'));
});

test('a safe private block no dictionary here describes, arrived as UN, has its sequences read from their items: UIDs replaced, names cleaned, written so dcmtk reads it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-unblock-in-'));
  const { crop, secrets } = tbpCorpus();
  crop.set('(0019,"OTHER DEVICE 1.0",01)[0].ReferencedSOPInstanceUID', secrets.add('1.2.826.0.1.3680043.8.498.99.1'), 'UI');
  crop.set('(0019,"OTHER DEVICE 1.0",01)[0].PersonName', secrets.add('Hidden^Operator'), 'PN');
  asUnknown(crop, [0x00191001]);
  writeObject(join(dir, 'crop.dcm'), crop);
  const out = mkdtempSync(join(tmpdir(), 'deid-unblock-out-'));
  const result = await deidentifyFiles([dir], { outDir: out, options: ['retainSafePrivate'], safePrivateCreators: ['OTHER DEVICE 1.0'] });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const path = join(out, 'crop.dcm');
  assert.deepEqual(leakedSecrets(readFileSync(path), secrets.values), []);
  const block = readDicomFile(path).dataset.items('(0019,"OTHER DEVICE 1.0",01)');
  assert.match(block[0]?.getString('ReferencedSOPInstanceUID') ?? '', /^2\.25\./);
  const dump = spawnSync('dcmdump', [path], { encoding: 'utf8' });
  assert.equal(dump.status, 0, dump.stderr);
});

/** The data set bytes of a Part 10 file, inflated when it is Deflated Explicit VR Little Endian. */
function datasetBytes(file: Buffer): Buffer {
  const metaEnd = 144 + file.readUInt32LE(140);
  return file.includes('1.2.840.10008.1.2.1.99') ? Buffer.concat([file.subarray(0, metaEnd), inflateRawSync(file.subarray(metaEnd))]) : file;
}

test('markers in files dcmtk wrote (undefined lengths, deflated, ISO 2022 IR 87 and GB18030 names, NUL padding, file meta) reach no output byte', { skip: !hasDcmtk && 'dcmtk not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-dcmtk-'));
  const names = { jis: Buffer.from('1b24423b33454442404f3a1b2842', 'hex'), gb: Buffer.from('d5c5ceb0', 'hex') }; // 山田太郎, 张伟
  const secrets = ['MKREF', 'MKAFTERNUL', 'MKDATE', 'MKWAVE', 'MKWAVEPN', 'MKSRCAE', 'MKPRIV', 'MKREVIEWER', 'MKPN'];
  const inputs: string[] = [];
  for (const [charset, name] of [['\\ISO 2022 IR 87', names.jis], ['GB18030', names.gb]] as const) {
    const dump = Buffer.concat([Buffer.from(String.raw`(0002,0016) AE [MKSRCAE]
(0002,0100) UI [1.2.3.9]
(0002,0102) OB 4d\4b\50\52\49\56
(0008,0005) CS [${charset}]
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [2.25.100]
(0008,0020) DA [20200101~MKDATE]
(0008,0060) CS [OT]
(0008,0064) CS [WSD]
(0008,0070) LO [ACME~MKAFTERNUL]
(0008,0090) PN [MKREF=`), name, Buffer.from(String.raw`]
(0010,0010) PN [MKPN=`), name, Buffer.from(String.raw`]
(0010,0020) LO [PID]
(0014,0104) PN [`), name, Buffer.from(String.raw`]
(0028,0301) CS [NO]
(0028,0302) CS [NO]
(0040,b020) SQ (Sequence with undefined length)
  (fffe,e000) na (Item with undefined length)
  (fffe,e00d) na (ItemDelimitationItem)
  (fffe,e000) na (Item with undefined length)
    (0008,0090) PN [MKWAVEPN=`), name, Buffer.from(String.raw`]
    (0070,0006) ST [MKWAVE]
  (fffe,e00d) na (ItemDelimitationItem)
(fffe,e0dd) na (SequenceDelimitationItem)
`)]);
    const tag = charset === 'GB18030' ? 'gb' : 'jis';
    const undefinedLengths = dumpToDicom(dir, `${tag}-undefined`, dump, ['-e']);
    // NUL padding with text after it: dump2dcm cannot write a NUL, so '~' stands for one.
    writeFileSync(undefinedLengths, Buffer.from(readFileSync(undefinedLengths).toString('latin1').replaceAll('~', '\0'), 'latin1'));
    inputs.push(undefinedLengths, convertWithDcmconv(undefinedLengths, dir, `${tag}-deflated`, ['-e', '+td']));
  }
  for (const options of [[], ['retainLongitudinalModifiedDates', 'retainDeviceIdentity']] as ProfileOption[][]) {
    const out = mkdtempSync(join(tmpdir(), 'deid-out-'));
    const result = await deidentifyFiles(inputs, { outDir: out, options });
    assert.equal(result.written, inputs.length, JSON.stringify(result.files));
    for (const name of readdirSync(out)) {
      const bytes = datasetBytes(readFileSync(join(out, name)));
      assert.deepEqual(leakedSecrets(bytes, secrets), [], `${name} under ${options.join() || 'the Basic Profile'}`);
      for (const person of Object.values(names)) assert.equal(bytes.includes(person), false, `${name}: a name in its own encoding`);
    }
  }
});

test('a UID kept under retain-uids that spells one of the object\'s dates, which the output removes or shifts, is warned of, naming it and the date; under Full Dates, or with the UIDs replaced, nothing is said', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-uid-dates-'));
  const ds = tbpCorpus().regional;
  ds.set('StudyDate', '20240105');
  // as a scanner builds it: its root, then the time it was made
  const study = '1.3.12.2.1107.5.2.32.35162.2024010516064232617';
  ds.set('StudyInstanceUID', study);
  writeObject(join(dir, 'regional.dcm'), ds);
  const warned = (outcome: { warnings?: string[] }): string[] => (outcome.warnings ?? []).filter((w) => w.includes('retain-uids'));
  for (const [options, expected] of [
    [['retainUids'], [`StudyInstanceUID: kept under retain-uids, ${study} spells 20240105, the original StudyDate, which the output's dates no longer tell`]],
    [['retainUids', 'retainLongitudinalModifiedDates'], [`StudyInstanceUID: kept under retain-uids, ${study} spells 20240105, the original StudyDate, which the output's dates no longer tell`]],
    [['retainUids', 'retainLongitudinalFullDates'], []],
    [[], []],
  ] as [ProfileOption[], string[]][]) {
    const out = mkdtempSync(join(tmpdir(), 'deid-uid-dates-out-'));
    const result = await deidentifyFiles([dir], { outDir: out, options });
    assert.equal(result.files[0]?.status, 'written', options.join());
    assert.deepEqual(warned(result.files[0]!), expected, options.join());
  }
});
