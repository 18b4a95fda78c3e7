// pydicom, a reader independent of ours, reads what modify, deidentify and derive (crop) write: strictly and without
// warnings, seeing the elements and values our reader sees, with the edited values and pixels it should decode.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Encapsulated } from '../../src/core/element.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE, JPEG_BASELINE } from '../../src/io/transfer-syntax.js';
import { cropImage, type CroppedImage } from '../../src/edit/derive/crop-image.js';
import { deidentifyFiles } from '../../src/edit/deidentify/deidentify-files.js';
import { parseAssignment } from '../../src/edit/modify/assignments.js';
import { modifyFiles } from '../../src/edit/modify/modify-files.js';
import { NO_PYDICOM, ourElements, pyValue, pydicomRead, type PydicomRead } from '../helpers/pydicom.js';
import { tempDir, testPixels } from '../tbp/tools.js';
import { IDEOGRAPHIC_NAME, exhaustiveObject, tbpCorpus, writeObject } from './fixtures/corpus.js';

const skip = NO_PYDICOM;
const root = tempDir('pydicom-edit');
after(() => rmSync(root, { recursive: true, force: true }));

/** pydicom read the file without a problem and saw what our reader sees. */
function assertSameAsOurs(read: PydicomRead, where = read.path): void {
  assert.deepEqual(read.problems, [], where);
  const ours = ourElements(readDicomFile(read.path));
  assert.deepEqual(Object.keys(read.elements!).sort(), Object.keys(ours).sort(), `${where}: tags`);
  assert.deepEqual(read.elements, ours, `${where}: values`);
}

/** Every text value pydicom decoded, at any depth. */
const texts = (read: PydicomRead): string[] =>
  Object.values(read.elements!).flatMap((e) => ('value' in e && Array.isArray(e.value) ? e.value.filter((v): v is string => typeof v === 'string') : []));

test('modify: pydicom reads the new values, and the previous ones in Original Attributes Sequence', { skip }, async () => {
  const dir = mkdtempSync(join(root, 'modify-'));
  const ds = tbpCorpus().crop;
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('PatientName', 'Müller^Hans');
  const input = join(dir, 'crop.dcm');
  writeObject(input, ds);
  const out = join(dir, 'out');
  const changes = [
    parseAssignment(`PatientName=${IDEOGRAPHIC_NAME}`),
    parseAssignment('PatientBirthDate=1963-04-05'),
    parseAssignment('ReferencedImageSequence[0].ReferencedSOPInstanceUID=1.2.3.4'),
    parseAssignment('(0013,"TBP DICOM 1.0",01):LO=L-42'),
    parseAssignment('PatientWeight=67.5'),
    parseAssignment('AnatomicRegionSequence=(181469002,SCT,"Skin of back");(39937001,SCT,"Skin of face")'),
    { kind: 'delete' as const, name: 'StationName' },
  ];
  const outcomes = await modifyFiles([input], changes, { reason: 'CORRECT', source: 'Clinic A' }, { destination: { outDir: out } });
  assert.equal(outcomes[0]?.status, 'written', JSON.stringify(outcomes));
  const [read] = pydicomRead([join(out, 'crop.dcm')]);
  assertSameAsOurs(read!);
  assert.deepEqual(pyValue(read!, '00100010'), [IDEOGRAPHIC_NAME]);
  assert.deepEqual(pyValue(read!, '00100030'), ['19630405']);
  assert.deepEqual(pyValue(read!, '00101030'), [67.5]);
  assert.deepEqual(pyValue(read!, '00081140[0].00081155'), ['1.2.3.4']);
  assert.deepEqual(pyValue(read!, '00082218[1].00080104'), ['Skin of face']);
  assert.equal(pyValue(read!, '00081010'), undefined, 'StationName deleted');
  // Original Attributes Sequence > Modified Attributes Sequence holds the Latin-1 name, now in UTF-8
  assert.deepEqual(pyValue(read!, '04000561[0].04000550[0].00100010'), ['Müller^Hans']);
  assert.deepEqual(pyValue(read!, '04000561[0].04000550[0].00081010'), ['SECRETSTATION']);
  assert.deepEqual(pyValue(read!, '04000561[0].04000564'), ['Clinic A']); // SourceOfPreviousValues
  assert.deepEqual(pyValue(read!, '04000561[0].04000565'), ['CORRECT']); // ReasonForTheAttributeModification
});

for (const options of [[], ['retainSafePrivate', 'cleanDescriptors', 'cleanStructuredContent']] as const) {
  const named = options.length ? options.join(', ') : 'Basic Profile';
  test(`deidentify (${named}): pydicom reads every output, with no patient name or other secret in its decoded text`, { skip }, async () => {
    const dir = mkdtempSync(join(root, 'deid-'));
    const tbp = tbpCorpus();
    const exhaustive = exhaustiveObject();
    writeObject(join(dir, 'regional.dcm'), tbp.regional);
    writeObject(join(dir, 'crop.dcm'), tbp.crop);
    writeObject(join(dir, 'followup.dcm'), tbp.followUp);
    writeObject(join(dir, 'exhaustive.dcm'), exhaustive.ds);
    const out = join(dir, 'out');
    const result = await deidentifyFiles([dir], { outDir: out, options });
    assert.equal(result.failed, 0, JSON.stringify(result.files));
    const files = readdirSync(out).sort().map((name) => join(out, name));
    assert.equal(files.length, 4);
    const secrets = [...tbp.secrets.values, ...exhaustive.secrets.values];
    for (const read of pydicomRead(files)) {
      assertSameAsOurs(read);
      const name = pyValue(read, '00100010') ?? [];
      assert.ok(!name.includes(IDEOGRAPHIC_NAME), `${read.path}: PatientName ${name.join('\\')}`);
      // new 2.25 UIDs are left out: their digits could match a secret number by chance
      const text = texts(read).map((t) => t.replace(/2\.25\.\d+/g, '')).join('\n');
      assert.deepEqual(secrets.filter((s) => text.includes(s)), [], read.path);
      assert.deepEqual(pyValue(read, '00120062'), ['YES'], read.path); // PatientIdentityRemoved
    }
    if (options.length) {
      // the TBP block is kept under Retain Safe Private, its lesion label replaced
      const crop = pydicomRead([join(out, 'crop.dcm')])[0]!;
      assert.deepEqual(pyValue(crop, '00130010'), ['TBP DICOM 1.0']);
      assert.match(String(pyValue(crop, '00131001')?.[0]), /^LESION-/);
    }
  });
}

test('derive crop: pydicom decodes native and JPEG crops to the pixels of the source region', { skip }, async () => {
  const dir = mkdtempSync(join(root, 'crop-'));
  // a native RGB regional image, and the same pixels as a 4:2:0 JPEG (YBR_FULL_422)
  const native = tbpCorpus().regional;
  const [width, height] = [64, 48];
  const pixels = testPixels(width, height);
  native.set('Rows', height);
  native.set('Columns', width);
  native.set('PixelData', pixels, 'OB');
  const jpegSource = native.clone();
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
  jpegSource.set('PhotometricInterpretation', 'YBR_FULL_422');
  jpegSource.set('LossyImageCompression', '01');
  jpegSource.set('PixelData', new Encapsulated(Buffer.alloc(0), [jpeg.length % 2 ? Buffer.concat([jpeg, Buffer.alloc(1)]) : jpeg]), 'OB');
  const region = { x: 10, y: 6, width: 24, height: 16 };
  const write = (name: string, crop: CroppedImage): string => {
    const path = join(dir, `${name}.dcm`);
    writeDicomFile(path, { dataset: crop.dataset }, { transferSyntaxUid: crop.transferSyntaxUid });
    return path;
  };
  const jpegPath = join(dir, 'source-jpeg.dcm');
  writeDicomFile(jpegPath, { dataset: jpegSource }, { transferSyntaxUid: JPEG_BASELINE });
  const files = [
    jpegPath,
    write('from-native', await cropImage(native, EXPLICIT_VR_LE, { region, lesion: { id: 'L7' } })),
    write('from-jpeg', await cropImage(jpegSource, JPEG_BASELINE, { region })),
    write('from-jpeg-as-jpeg', await cropImage(jpegSource, JPEG_BASELINE, { region, encoding: 'jpeg' })),
  ];
  const raws = join(dir, 'pixels');
  mkdirSync(raws);
  const reads = pydicomRead(files, raws);
  const decoded = files.map((_, i) => readFileSync(join(raws, `${i}.raw`)));
  reads.forEach((read) => assertSameAsOurs(read));
  for (const read of reads.slice(1)) assert.deepEqual(read.pixels?.shape, [region.height, region.width, 3], read.path);

  // native from native: exactly the source's region
  assert.ok(decoded[1]!.equals(cut(pixels, width, region)), 'native crop of native pixels');
  assert.deepEqual(pyValue(reads[1]!, '00620020'), ['L7']); // TrackingID
  // native from JPEG: our (sharp) decode, stored natively, is the region of pydicom's (Pillow) decode of the source
  assert.deepEqual(pyValue(reads[2]!, '00280004'), ['RGB']);
  assert.ok(decoded[2]!.equals(readDicomFile(files[2]!).dataset.bytes('PixelData')!));
  assert.ok(meanAbsoluteDifference(decoded[2]!, cut(decoded[0]!, width, region)) < 1.0, 'crop of the JPEG source');
  // re-encoded as JPEG: pydicom's decode agrees with sharp's decode of the same stream
  assert.equal(reads[3]!.transferSyntax, JPEG_BASELINE);
  assert.deepEqual(pyValue(reads[3]!, '00280004'), ['YBR_FULL_422']);
  const stream = (readDicomFile(files[3]!).dataset.get('PixelData') as Encapsulated).fragments[0] as Buffer;
  const { data } = await sharp(stream).raw().toBuffer({ resolveWithObject: true });
  assert.ok(meanAbsoluteDifference(decoded[3]!, data) < 1.0, 'JPEG crop: pydicom and sharp');
});

/** The bytes of an 8-bit RGB region. */
function cut(rgb: Buffer, width: number, r: { x: number; y: number; width: number; height: number }): Buffer {
  const rows: Buffer[] = [];
  for (let y = r.y; y < r.y + r.height; y++) rows.push(rgb.subarray((y * width + r.x) * 3, (y * width + r.x + r.width) * 3));
  return Buffer.concat(rows);
}

function meanAbsoluteDifference(a: Buffer, b: Buffer): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}
