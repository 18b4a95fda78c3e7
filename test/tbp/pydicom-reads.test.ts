// pydicom, a reader independent of ours, reads every object the TBP import writes: strictly and without warnings,
// seeing the elements our reader sees with the same values, and decoding the pixels to what we and sharp decode.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { Encapsulated, isBulkRef, loadBulk } from '../../src/core/element.js';
import { readDicomFile, type DicomFile } from '../../src/io/part10-reader.js';
import { importCapture, type ImportResult } from '../../src/tbp/capture-import.js';
import { NO_PYDICOM, ourElements, pyValue, pydicomRead, type PydicomRead } from '../helpers/pydicom.js';
import { rawImage, tempDir, writeThreeImageManifest } from './tools.js';

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));
const pixelsDir = tempDir('pydicom-pixels');
const out = tempDir('pydicom-import');
after(() => [pixelsDir, out].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Written {
  role: string;
  /** Input image relative to the manifest (the texture and the mesh have none in the result). */
  input?: string;
  path: string;
  file: DicomFile;
  py: PydicomRead;
  /** Where pydicom-read.py wrote this object's pixel_array. */
  raw: string;
}

let result: ImportResult;
let written: Written[] = [];

test('pydicom reads every imported object strictly, with no warning or error', { skip: NO_PYDICOM }, async () => {
  // both mesh encodings: Surface Scan Mesh, and Encapsulated OBJ and MTL
  result = await importCapture(SAMPLE, { out, meshEncoding: 'both' });
  const objects = [...result.objects, ...result.meshObjects.map((o) => ({ ...o, input: undefined }))];
  const reads = pydicomRead(objects.map((o) => o.path), pixelsDir);
  written = objects.map((o, i) => ({ role: o.role, input: o.input, path: o.path, file: readDicomFile(o.path), py: reads[i]!, raw: join(pixelsDir, `${i}.raw`) }));
  assert.equal(written.length, 3 + 12 + 10 + 4);
  assert.deepEqual(result.meshObjects.map((o) => o.role).sort(), ['mtl', 'obj', 'surface-mesh', 'texture']);
  for (const w of written) {
    assert.equal(w.py.path, w.path);
    assert.deepEqual(w.py.problems, [], `${w.role} ${w.input ?? ''}`);
    assert.equal(w.py.transferSyntax, w.file.transferSyntaxUid);
  }
});

test('pydicom sees the elements our reader sees, items of sequences included, with the same values', { skip: NO_PYDICOM }, () => {
  let nested = 0;
  for (const w of written) {
    const ours = ourElements(w.file);
    const theirs = w.py.elements!;
    assert.deepEqual(Object.keys(theirs).sort(), Object.keys(ours).sort(), `${w.role} ${w.input ?? ''}: tags`);
    assert.deepEqual(theirs, ours, `${w.role} ${w.input ?? ''}: values`);
    nested += Object.keys(ours).filter((path) => path.includes('[')).length;
  }
  assert.ok(nested > 500, `nested elements compared: ${nested}`);
});

test('key attributes decode in pydicom as the capture states them', { skip: NO_PYDICOM }, async () => {
  const modality: Record<string, string> = { regional: 'XC', texture: 'XC', dermoscopic: 'DMS', crop: 'DMS', 'surface-mesh': 'OSS', obj: 'M3D', mtl: 'M3D' };
  for (const w of written) {
    const ds = w.file.dataset;
    const at = (path: string) => pyValue(w.py, path);
    const name = `${w.role} ${w.input ?? ''}`;
    assert.deepEqual(at('00100010'), ['Doe^Jane'], name); // PatientName
    assert.deepEqual(at('00100020'), ['P001'], name); // PatientID
    assert.deepEqual(at('0020000D'), [result.studyInstanceUid], name);
    assert.deepEqual(at('0020000E'), [ds.getString('SeriesInstanceUID')], name);
    assert.deepEqual(at('00080016'), [ds.getString('SOPClassUID')], name);
    assert.deepEqual(at('00080018'), [ds.getString('SOPInstanceUID')], name);
    assert.deepEqual(at('00080060'), [modality[w.role]], name);
    assert.deepEqual(at('00100030'), ['19800402'], name); // PatientBirthDate
    if (w.role === 'obj' || w.role === 'mtl') {
      // Encapsulated Document Length: the OBJ or MTL file as it was, whatever the value's padding
      const mesh = result.manifest.replace(/manifest\.yaml$/, `mesh/body.${w.role}`);
      assert.deepEqual(at('00420015'), [statSync(mesh).size], name);
    }
    if (!w.py.pixels) continue;
    if (w.input) {
      const { width, height } = await sharp(join(result.manifest, '..', w.input)).metadata();
      assert.deepEqual([at('00280010'), at('00280011')], [[height], [width]], name); // Rows, Columns
      assert.deepEqual(at('00280004'), [w.input.endsWith('.jpg') ? 'YBR_FULL_422' : 'RGB'], name);
    }
    if (w.role === 'regional') assert.deepEqual(at('00280030'), [0.5, 0.5], name); // PixelSpacing
  }
  const crop = written.find((w) => w.role === 'crop')!;
  assert.deepEqual(pyValue(crop.py, '00082111'), ['Manual Selection']); // DerivationDescription
  assert.deepEqual(pyValue(crop.py, '00082112[0].00081150'), [result.objects.find((o) => o.key === 'regional:R1')!.sopClassUid]);
});

test('pixel_array has each image\'s shape; native pixels equal ours, JPEG decodes agree with sharp\'s', { skip: NO_PYDICOM }, async () => {
  const seen = new Set<string>();
  for (const w of written) {
    const ds = w.file.dataset;
    const name = `${w.role} ${w.input ?? ''}`;
    if (!ds.has('PixelData')) {
      assert.equal(w.py.pixels, undefined, name);
      continue;
    }
    const rows = ds.getNumber('Rows')!;
    const columns = ds.getNumber('Columns')!;
    assert.deepEqual(w.py.pixels?.shape, [rows, columns, 3], name);
    assert.equal(w.py.pixels?.dtype, 'uint8', name);
    const decoded = readFileSync(w.raw);
    const pixels = ds.get('PixelData');
    if (pixels instanceof Encapsulated) {
      const jpeg = Buffer.concat(pixels.fragments.map((f) => (isBulkRef(f) ? loadBulk(f) : f)));
      const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
      assert.deepEqual([info.height, info.width, info.channels], [rows, columns, 3], name);
      assert.ok(meanAbsoluteDifference(decoded, data) < 1.0, `${name}: pydicom and sharp decode the JPEG differently`);
      seen.add(`${w.role} jpeg`);
    } else {
      assert.ok(decoded.equals(ds.bytes('PixelData')!.subarray(0, rows * columns * 3)), `${name}: native pixels differ`);
      seen.add(`${w.role} native`);
    }
  }
  assert.deepEqual([...seen].sort(), ['crop native', 'dermoscopic jpeg', 'regional jpeg', 'regional native', 'texture jpeg']);
});

function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

test('non-ASCII names and descriptions from a manifest are written so that pydicom decodes them as given', { skip: NO_PYDICOM }, async () => {
  const dir = join(out, 'utf8-capture');
  mkdirSync(dir);
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32, 2).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16, 3).png().toFile(join(dir, 'l1-crop.png'));
  const header = {
    patient: { name: 'Müller^Jürgen=王^小東', id: 'P-Ø1' },
    study: { date: '2024-09-01', time: '12:00:00', id: 'S1', description: 'Ganzkörper – Übersicht', referringPhysician: 'Šmíd^Anňa' },
    equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0', institution: 'Hautklinik Köln' },
  };
  const imported = await importCapture(writeThreeImageManifest(dir, header), { out: join(dir, 'out') });
  const reads = pydicomRead(imported.objects.map((o) => o.path));
  assert.equal(reads.length, 3);
  for (const read of reads) {
    assert.deepEqual(read.problems, [], read.path);
    assert.deepEqual(read.elements, ourElements(readDicomFile(read.path)), read.path);
    assert.deepEqual(pyValue(read, '00080005'), ['ISO_IR 192'], read.path); // SpecificCharacterSet
    assert.deepEqual(pyValue(read, '00100010'), [header.patient.name], read.path);
    assert.deepEqual(pyValue(read, '00100020'), [header.patient.id], read.path);
    assert.deepEqual(pyValue(read, '00081030'), [header.study.description], read.path);
    assert.deepEqual(pyValue(read, '00080090'), [header.study.referringPhysician], read.path);
    assert.deepEqual(pyValue(read, '00080080'), [header.equipment.institution], read.path);
  }
});
