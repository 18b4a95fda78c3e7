import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { DicomError } from '../../src/core/errors.js';
import { importCapture } from '../../src/tbp/capture-import.js';
import { ManifestError } from '../../src/tbp/manifest-error.js';
import { loadManifest } from '../../src/tbp/manifest-load.js';
import { rawImage, tempDir } from './tools.js';

const dir = tempDir('bad');

const GOOD = {
  patient: { name: 'Doe^Jane', id: 'P001', birthDate: '1980-04-02', sex: 'F' },
  study: { date: '2024-09-01', time: '12:00:00' },
  equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
  regionalImages: [{ id: 'R1', file: 'front.jpg', site: 'chest' }],
  lesions: [{ id: 'L1', site: 'left forearm', images: [
    { file: 'l1.jpg', kind: 'dermoscopic', regionalImage: 'R1' },
    { file: 'l1-crop.png', kind: 'crop', regionalImage: 'R1', position2d: [10, 12], selection: 'manual' },
  ] }],
};

type Edit = (m: any) => void;

async function setup(): Promise<void> {
  await rawImage(64, 48).jpeg().toFile(join(dir, 'front.jpg'));
  await rawImage(32, 32).jpeg().toFile(join(dir, 'l1.jpg'));
  await rawImage(16, 16).png().toFile(join(dir, 'l1-crop.png'));
  writeFileSync(join(dir, 'notes.txt'), 'not an image');
  if (process.platform !== 'win32') {
    symlinkSync('loop.jpg', join(dir, 'loop.jpg'));
    symlinkSync('moved-away.jpg', join(dir, 'moved.jpg'));
  }
  const jpg = readFileSync(join(dir, 'l1.jpg'));
  writeFileSync(join(dir, 'cut.jpg'), jpg.subarray(0, jpg.length >> 1));
  await rawImage(32, 32).jpeg({ progressive: true }).toFile(join(dir, 'progressive.jpg'));
  // The same stream declared 12-bit extended (SOF1, precision 12): the check reads the header only.
  const sof = jpg.indexOf(Buffer.from([0xff, 0xc0]));
  const twelve = Buffer.from(jpg);
  twelve[sof + 1] = 0xc1;
  twelve[sof + 4] = 12;
  writeFileSync(join(dir, 'twelve.jpg'), twelve);
  // A PNG whose chunks are intact (CRCs recomputed) but whose compressed pixels are not: only decoding finds it.
  writeFileSync(join(dir, 'scrambled.png'), scrambleIdat(await rawImage(16, 16).png().toBuffer()));
  // Markers intact, scan data overwritten (no 0xFF, so no new markers): only a decoder notices.
  const front = readFileSync(join(dir, 'front.jpg'));
  const scan = front.indexOf(Buffer.from([0xff, 0xda]));
  const damaged = Buffer.from(front);
  damaged.fill(0xfe, scan + 40, scan + 90);
  writeFileSync(join(dir, 'bad-scan.jpg'), damaged);
}

/** Overwrites the middle of the first IDAT chunk's data and fixes its CRC, so only the zlib stream is broken. */
function scrambleIdat(png: Buffer): Buffer {
  const out = Buffer.from(png);
  const at = out.indexOf('IDAT', 8, 'latin1');
  const length = out.readUInt32BE(at - 4);
  out.fill(0x5a, at + 4 + 2, at + 4 + length - 4);
  out.writeUInt32BE(crc32(out.subarray(at, at + 4 + length)), at + 4 + length);
  return out;
}

/** Imports an edited copy of GOOD; returns the error, and whether anything was written. */
async function failWith(name: string, edit: Edit): Promise<{ error: ManifestError; wrote: boolean }> {
  const manifest = structuredClone(GOOD) as any;
  edit(manifest);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(manifest));
  const out = join(dir, `out-${name}`);
  let error: unknown;
  try {
    await importCapture(file, { out });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ManifestError, `${name}: expected a ManifestError, got ${String(error)}`);
  return { error, wrote: existsSync(out) };
}

const CASES: [string, Edit, RegExp][] = [
  ['missing-file', (m) => (m.lesions[0].images[0].file = 'nowhere.jpg'), /lesions\[0\]\.images\[0\]\.file: nowhere\.jpg: no such file or directory/],
  ...(process.platform === 'win32' ? [] : [['looping-link', (m: any) => (m.lesions[0].images[0].file = 'loop.jpg'), /lesions\[0\]\.images\[0\]\.file: loop\.jpg: cannot be looked at: ELOOP/] as [string, Edit, RegExp]]),
  ...(process.platform === 'win32' ? [] : [['dangling-link', (m: any) => (m.lesions[0].images[0].file = 'moved.jpg'), /^lesions\[0\]\.images\[0\]\.file: moved\.jpg: no such file or directory: a symbolic link to moved-away\.jpg, where nothing is$/] as [string, Edit, RegExp]]),
  ['image-folder', (m) => (m.lesions[0].images[0].file = '.'), /^lesions\[0\]\.images\[0\]\.file: \.: is not a file$/],
  // a FIFO is refused, not waited on for a writer that never comes
  ...(process.platform === 'win32' ? [] : [['image-fifo', (m: any) => {
    if (!existsSync(join(dir, 'pipe.jpg'))) assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.jpg')]).status, 0);
    m.lesions[0].images[0].file = 'pipe.jpg';
  }, /^lesions\[0\]\.images\[0\]\.file: pipe\.jpg: is not a file$/] as [string, Edit, RegExp]]),
  ['missing-mesh', (m) => (m.mesh = { file: 'nowhere.obj' }), /^mesh\.file: nowhere\.obj: no such file or directory$/],
  ['mesh-folder', (m) => (m.mesh = { file: '.' }), /^mesh\.file: \.: is not a file$/],
  ...(process.platform === 'win32' ? [] : [['looping-texture', (m: any) => (m.mesh = { file: 'front.jpg', texture: 'loop.jpg' }), /^mesh\.texture: loop\.jpg: cannot be looked at: ELOOP$/] as [string, Edit, RegExp]]),
  ['unknown-regional', (m) => (m.lesions[0].images[1].regionalImage = 'R9'), /no regional image has id "R9"$/],
  ['regional-id-in-other-case', (m) => (m.lesions[0].images[1].regionalImage = 'r1'), /no regional image has id "r1" \("R1" differs in case only; ids are compared exactly\)$/],
  ['malformed-date', (m) => (m.study.date = '2024-13-45'), /study\.date: .*month 13/],
  ['size-in-centimetres', (m) => (m.patient.size = 176), /^patient\.size: 176 m is no person's height; Patient's Size is in metres \(1\.76 for 176 cm\)$/],
  ['malformed-birth-date', (m) => (m.patient.birthDate = 'yesterday'), /patient\.birthDate/],
  ['non-image', (m) => (m.regionalImages[0].file = 'notes.txt'), /regionalImages\[0\]\.file \(notes\.txt\): not a JPEG, PNG or TIFF/],
  ['corrupt-jpeg', (m) => (m.lesions[0].images[0].file = 'cut.jpg'), /cut\.jpg\): not a valid JPEG: .*truncated/],
  ['progressive-jpeg', (m) => (m.lesions[0].images[0].file = 'progressive.jpg'), /progressive JPEG.*baseline/],
  ['unknown-site', (m) => (m.lesions[0].site = 'left elbowpit'), /unknown anatomic site "left elbowpit"/],
  ['lesion-without-images', (m) => (m.lesions[0].images = []), /^lesions\[0\]\.images: a lesion needs at least one image \(\{ file, kind \}\): it is recorded only in the objects of its images$/],
  ['paired-site', (m) => (m.lesions[0].site = 'forearm'), /both sides of the body/],
  ['bilateral-unpaired-site', (m) => (m.lesions[0].site = 'Bilateral  Neck'), /^lesions\[0\]\.site: "Neck" is not one of a pair, so "Bilateral  Neck" means no more than the Neck: say "Neck" \(or "left Neck", "right Neck" for one side of it\)$/],
  ['missing-patient-id', (m) => delete m.patient.id, /patient\.id: /],
  ['crop-without-source', (m) => delete m.lesions[0].images[1].regionalImage, /a crop needs regionalImage/],
  ['duplicate-lesion', (m) => m.lesions.push(structuredClone(m.lesions[0])), /"L1" is used twice/],
  ['shared-tracking-uid', (m) => m.lesions.push({ ...structuredClone(m.lesions[0]), id: 'L2' }) && (m.lesions[0].trackingUid = m.lesions[1].trackingUid = '2.25.1234'),
    /^lesions\[1\]\.trackingUid: 2\.25\.1234 is lesions\[0\]'s too \(lesion "L1"\): a Tracking UID follows one lesion, and readers would take the two for one$/],
  ['missing-serial', (m) => delete m.equipment.serialNumber, /equipment\.serialNumber/],
  ['twelve-bit-jpeg', (m) => (m.lesions[0].images[0].file = 'twelve.jpg'), /images\[0\]\.file \(twelve\.jpg\): a 12-bit JPEG; VL images have 8-bit samples/],
  ['position-outside', (m) => (m.lesions[0].images[1].position2d = [64, 3]), /images\[1\]\.position2d: \[64, 3\] is outside regional image "R1" \(64x48 pixels\)/],
  // found while writing, not by the check; still one message, and nothing left behind
  ['too-long-accession', (m) => (m.study.accessionNumber = 'ACC-2024-0000012345'), /^study\.accessionNumber: too long for Accession Number, which holds at most 16 bytes \(SH\); this is 19 bytes$/],
  ['too-long-lesion-id', (m) => (m.lesions[0].id = 'L'.repeat(65)), /^lesions\[0\]\.id: too long for a lesion ID .*at most 64 bytes \(LO\); this is 65 bytes$/],
  // within LO itself, but not with "/1", the index of its second image, which its TBP Capture Image ID adds
  ['lesion-id-with-image-index', (m) => (m.lesions[0].id = 'L'.repeat(63)), /^lesions\[0\]\.id: too long for TBP Capture Image ID "…\/1" \(the lesion ID, "\/" and its image's index\), which holds at most 64 bytes \(LO\); this is 65 bytes$/],
  // within the VR's characters, not its bytes: dciodvfy, and archives that count bytes, would refuse the object
  ['institution-in-bytes', (m) => (m.equipment.institution = '\u00e9'.repeat(40)), /^equipment\.institution: too long for Institution Name, which holds at most 64 bytes \(LO\); this is 80 bytes in UTF-8 \(40 characters: é takes 2 bytes, most CJK characters 3\)$/],
  ['accession-in-bytes', (m) => (m.study.accessionNumber = '\u00c9'.repeat(9)), /^study\.accessionNumber: too long for Accession Number, which holds at most 16 bytes \(SH\); this is 18 bytes in UTF-8 \(9 characters/],
  ['name-in-bytes', (m) => (m.patient.name = `Yamada^Tarou=${'\u5c71\u7530'.repeat(8)}^\u592a\u90ce`), /^patient\.name: too long for Patient Name, which holds at most 64 bytes \(PN, all its component groups together\); this is 68 bytes in UTF-8 \(32 characters/],
  ['history-in-bytes', (m) => (m.patient.history = '\u00e9'.repeat(5121)), /^patient\.history: too long for Additional Patient History, which holds at most 10240 bytes \(LT\); this is 10242 bytes in UTF-8/],
  // 10 characters make a Code Value (SH), whose 16 bytes they exceed
  ['code-value-in-bytes', (m) => (m.lesions[0].site = { code: '\u00e9'.repeat(10), scheme: '99LOCAL', meaning: 'x' }), /^lesions\[0\]\.site\.code: too long for Code Value, which holds at most 16 bytes \(SH\); this is 20 bytes in UTF-8 \(10 characters/],
  ['tab-in-history', (m) => (m.patient.history = 'itchy\tsince 2020'), /^patient\.history: Additional Patient History is paragraphs of text: line breaks and form feeds are the only control characters allowed in it \(a tab, which older readers and dciodvfy refuse, can be spaces\)$/],
  ['bell-in-history', (m) => (m.patient.history = 'itchy\u0007'), /^patient\.history: Additional Patient History is paragraphs/],
  ['code-meaning-in-bytes', (m) => (m.lesions[0].site = { code: '1', scheme: 'SCT', meaning: '\u76ae\u819a'.repeat(11) }), /^lesions\[0\]\.site\.meaning: too long for Code Meaning, which holds at most 64 bytes \(LO\); this is 66 bytes in UTF-8 \(22 characters/],
  ['backslash-in-id', (m) => (m.regionalImages[0].id = 'R\\1'), /^regionalImages\[0\]\.id: a backslash separates values in DICOM, and TBP Capture Image ID takes one$/],
  ['line-break-in-patient-id', (m) => (m.patient.id = 'P\n1'), /^patient\.id: Patient ID is one line of text: control characters \(line breaks, tabs\) are not allowed in it$/],
  ['tab-in-lesion-id', (m) => (m.lesions[0].id = 'L\t1'), /^lesions\[0\]\.id: .*control characters/],
  ['six-name-components', (m) => (m.patient.name = 'Doe^Jane^A^B^C^D'), /^patient\.name: Patient Name has more than five components/],
  ['four-name-groups', (m) => (m.study.referringPhysician = 'A=B=C=D'), /^study\.referringPhysician: .*more than three component groups/],
  ['too-long-name', (m) => (m.patient.name = `${'D'.repeat(40)}^${'J'.repeat(30)}`), /^patient\.name: too long for Patient Name, which holds at most 64 bytes \(PN, all its component groups together\); this is 71 bytes$/],
  ['site-code-laterality', (m) => (m.lesions[0].site = { code: '1', scheme: 'SCT', meaning: 'x', laterality: 'both' }), /^lesions\[0\]\.site\.laterality: Invalid option: expected one of "left"\|"right"\|"bilateral"$/],
  ['damaged-png-data', (m) => (m.lesions[0].images[1].file = 'scrambled.png'), /^lesions\[0\]\.images\[1\]\.file \(scrambled\.png\): the PNG image does not decode: vipspng: /],
];

test('each bad manifest fails with one clear message and writes nothing', async () => {
  await setup();
  for (const [name, edit, pattern] of CASES) {
    const { error, wrote } = await failWith(name, edit);
    assert.equal(error.problems.length, 1, `${name}: ${error.problems.join(' | ')}`);
    assert.match(error.problems[0]!, pattern, name);
    assert.equal(wrote, false, `${name} wrote output`);
  }
});

test('lesion or regional ids that differ only in case are imported as two, with a warning naming both', async () => {
  const manifest = structuredClone(GOOD) as any;
  manifest.regionalImages.push({ id: 'r1', file: 'front.jpg', site: 'chest' });
  manifest.lesions.push({ id: 'l1', site: 'left forearm', images: [{ file: 'l1.jpg', kind: 'dermoscopic' }] });
  const file = join(dir, 'case-only.json');
  writeFileSync(file, JSON.stringify(manifest));
  const result = await importCapture(file, { out: join(dir, 'out-case-only') });
  assert.deepEqual(result.lesions.map((l) => l.id), ['L1', 'l1']);
  assert.deepEqual(result.warnings.filter((w) => w.includes('only in case')), [
    'regionalImages[1].id: "r1" differs from "R1" (regionalImages[0]) only in case: they are two regional images',
    'lesions[1].id: "l1" differs from "L1" (lesions[0]) only in case: they are two lesions, with two Tracking UIDs',
  ]);
});

test('an image given twice, by one name or as a copy, is imported twice with a warning naming both entries', async () => {
  copyFileSync(join(dir, 'l1.jpg'), join(dir, 'l1-copy.jpg'));
  const manifest = structuredClone(GOOD) as any;
  manifest.lesions.push({ id: 'L2', site: 'back', images: [{ file: 'l1.jpg', kind: 'dermoscopic' }, { file: 'l1-copy.jpg', kind: 'dermoscopic' }] });
  const file = join(dir, 'repeated.json');
  writeFileSync(file, JSON.stringify(manifest));
  const result = await importCapture(file, { out: join(dir, 'out-repeated') });
  assert.equal(result.objects.length, 5);
  assert.deepEqual(result.warnings.filter((w) => w.includes('the same image')), [
    'lesions[1].images[0].file (l1.jpg): the same image as lesions[0].images[0].file; it is imported twice, as two objects',
    'lesions[1].images[1].file (l1-copy.jpg): the same image as lesions[0].images[0].file (l1.jpg); it is imported twice, as two objects',
  ]);
});

test('--verify-pixels: damage inside compressed data fails in the check, before anything is written', async () => {
  const manifest = structuredClone(GOOD) as any;
  manifest.regionalImages[0].file = 'bad-scan.jpg';
  manifest.lesions[0].images[1].file = 'scrambled.png';
  const file = join(dir, 'verify.json');
  writeFileSync(file, JSON.stringify(manifest));
  const out = join(dir, 'out-verify');
  await assert.rejects(importCapture(file, { out, verifyPixels: true }), (e: ManifestError) => {
    assert.equal(e.problems.length, 2, e.problems.join(' | '));
    // each its own decoder's words (decoded together, libvips could give either message to either image)
    assert.match(e.problems[0]!, /^regionalImages\[0\]\.file \(bad-scan\.jpg\): the JPEG image does not decode: VipsJpeg: Corrupt JPEG data: bad Huffman code$/);
    assert.match(e.problems[1]!, /^lesions\[0\]\.images\[1\]\.file \(scrambled\.png\): the PNG image does not decode: vipspng: [^;]*$/);
    return true;
  });
  assert.equal(existsSync(out), false);
  // without it, the JPEG's structure is all that is checked: it is embedded as it is
  manifest.lesions[0].images[1].file = 'l1-crop.png';
  writeFileSync(file, JSON.stringify(manifest));
  assert.equal((await importCapture(file, { out })).objects.length, 3);
});

test('all problems of one manifest are reported together', async () => {
  const { error } = await failWith('many', (m) => {
    m.study.date = 'never';
    m.lesions[0].images[0].file = 'gone.jpg';
  });
  assert.equal(error.problems.length, 2);
  assert.match(error.message, /2 problems/);
});

test('shape problems and value problems are reported in one run: a shape problem in one entry skips only that field, every other entry is checked', async () => {
  const { error, wrote } = await failWith('shape-and-values', (m) => {
    m.study.date = '2024-02-30';
    m.lesions.push(
      { id: 'L2', site: 'chest', images: [{ file: 'gone.jpg', kind: 'dermoscopic' }] },
      { id: 'L3', site: 'back', images: [{ file: 'l1.jpg', kind: 'dermatoscopic', acquisitionDateTime: '2024-09-01T25:00' }, 'l1.jpg'] },
      { id: 'L4', site: 7, trackingUid: '1..2', images: [{ file: 'l1.jpg', kind: 'dermoscopic', regionalImage: 'R9', magnification: 'ten' }] },
    );
    m.regionalImages.push({ id: 'R2', file: 'notes.txt', site: 'chest', pixelSpacingMm: [0.1] });
  });
  assert.deepEqual(error.problems.map((p) => p.slice(0, p.indexOf(':'))), [
    // the shape's, each named by its place
    'regionalImages[1].pixelSpacingMm', 'lesions[2].images[0].kind', 'lesions[2].images[1]', 'lesions[3].site', 'lesions[3].images[0].magnification',
    // the values', links and files of everything else
    'study.date', 'lesions[2].images[0].acquisitionDateTime', 'lesions[3].trackingUid', 'lesions[3].images[0].regionalImage',
    'regionalImages[1].file (notes.txt)', 'lesions[1].images[0].file',
  ]);
  assert.match(error.problems[1]!, /^lesions\[2\]\.images\[0\]\.kind: Invalid option: expected one of "dermoscopic"\|"crop"$/);
  assert.match(error.problems.at(-1)!, /^lesions\[1\]\.images\[0\]\.file: gone\.jpg: no such file or directory$/);
  assert.equal(wrote, false);
});

test('unknown fields are warnings naming them; YAML works like JSON', () => {
  const yaml = join(dir, 'extra.yaml');
  writeFileSync(yaml, `patient: { name: "A^B", id: "1", nickname: "Jo" }\nstudy: { date: "2024-09-01" }\nequipment: { manufacturer: M, model: X, serialNumber: S, softwareVersions: "1" }\ncolour: blue\n`);
  const loaded = loadManifest(yaml);
  assert.deepEqual(loaded.warnings.sort(), ['colour: unknown field, ignored', 'patient.nickname: unknown field, ignored']);
  assert.deepEqual(loaded.manifest.regionalImages, []);
  writeFileSync(join(dir, 'broken.yaml'), 'patient: [unclosed');
  assert.throws(() => loadManifest(join(dir, 'broken.yaml')), /not valid YAML/);
  // YAML reads unquoted 12345 and 1.0 as numbers: the message says which forms fit, and to quote the value.
  writeFileSync(join(dir, 'numbers.yaml'), `patient: { name: "A^B", id: 12345 }\nstudy: { date: "2024-09-01" }\nequipment: { manufacturer: M, model: X, serialNumber: S, softwareVersions: 1.0 }\n`);
  assert.deepEqual(loadManifest(join(dir, 'numbers.yaml')).problems, [
    'patient.id: Invalid input: expected string, received number (put the value in quotes to give it as text)',
    'equipment.softwareVersions: Invalid input: expected string or array, received number (put the value in quotes to give it as text)',
  ]);
});

test('a manifest saved in Windows-1252 is refused where it stops being UTF-8 (a name would lose its letters); a BOM is fine; an image or a folder given for it is said to be one', async () => {
  const latin1 = join(dir, 'latin1.json');
  writeFileSync(latin1, Buffer.from(JSON.stringify({ ...GOOD, patient: { ...GOOD.patient, name: 'Müller^Jürgen' } }), 'latin1'));
  assert.throws(() => loadManifest(latin1), (e: ManifestError) =>
    e.problems.join('|') === 'not UTF-8 text: byte 0xfc at offset 21 (line 1) is not UTF-8; save the file as UTF-8');
  const bom = join(dir, 'bom.json');
  writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ ...GOOD, patient: { ...GOOD.patient, name: 'Müller^Jürgen' } }))]));
  assert.equal(loadManifest(bom).manifest.patient?.name, 'Müller^Jürgen');
  assert.throws(() => loadManifest(join(dir, 'l1.jpg')), (e: ManifestError) =>
    /^not a text file: it holds binary data \(byte 0 at offset \d+\); is it an image or a DICOM file given for the manifest\?$/.test(e.problems.join('|')));
  assert.throws(() => loadManifest(dir), (e: DicomError) => e.code === 'INVALID_ARGUMENT' && e.message === 'is a folder: give the manifest file');
});

test('a good manifest next to the bad ones imports', async () => {
  mkdirSync(join(dir, 'good'), { recursive: true });
  for (const f of ['front.jpg', 'l1.jpg', 'l1-crop.png']) copyFileSync(join(dir, f), join(dir, 'good', f));
  writeFileSync(join(dir, 'good', 'manifest.json'), JSON.stringify(GOOD));
  const result = await importCapture(join(dir, 'good', 'manifest.json'), { out: join(dir, 'good-out') });
  assert.equal(result.objects.length, 3);
  assert.equal(result.mesh, undefined);
});

test('a capture copied elsewhere or touched keeps its UIDs; a changed image gives new ones', async () => {
  const uidsOf = (r: Awaited<ReturnType<typeof importCapture>>): string[] => [r.studyInstanceUid, ...r.objects.map((o) => o.sopInstanceUid)];
  const first = await importCapture(join(dir, 'good', 'manifest.json'), { out: join(dir, 'copy-out-1') });
  cpSync(join(dir, 'good'), join(dir, 'good-copy'), { recursive: true });
  const later = new Date(Date.now() + 3_600_000);
  for (const f of ['front.jpg', 'l1.jpg', 'l1-crop.png', 'manifest.json']) utimesSync(join(dir, 'good-copy', f), later, later);
  const copied = await importCapture(join(dir, 'good-copy', 'manifest.json'), { out: join(dir, 'copy-out-2') });
  assert.deepEqual(uidsOf(copied), uidsOf(first));
  await rawImage(32, 32, 7).jpeg().toFile(join(dir, 'good-copy', 'l1.jpg'));
  const changed = await importCapture(join(dir, 'good-copy', 'manifest.json'), { out: join(dir, 'copy-out-3') });
  assert.notEqual(changed.studyInstanceUid, first.studyInstanceUid);
});

test('an uncompressed TIFF changed in the middle, same size, gives new UIDs (it has no checksum: it is hashed whole)', async () => {
  const edits = join(dir, 'tiff-edit');
  mkdirSync(edits, { recursive: true });
  for (const f of ['l1.jpg', 'l1-crop.png']) copyFileSync(join(dir, f), join(edits, f));
  await rawImage(64, 48).tiff({ compression: 'none' }).toFile(join(edits, 'front.tif'));
  writeFileSync(join(edits, 'manifest.json'), JSON.stringify({ ...GOOD, regionalImages: [{ id: 'R1', file: 'front.tif', site: 'chest' }] }));
  const first = await importCapture(join(edits, 'manifest.json'), { out: join(dir, 'tiff-out-1') });
  const tiff = readFileSync(join(edits, 'front.tif'));
  tiff[tiff.length >> 1]! ^= 0x40; // one sample of the pixel data (the IFD is at either end)
  writeFileSync(join(edits, 'front.tif'), tiff);
  const changed = await importCapture(join(edits, 'manifest.json'), { out: join(dir, 'tiff-out-2') });
  assert.notEqual(changed.studyInstanceUid, first.studyInstanceUid);
});

test('a manifest with no image and no mesh writes nothing, and says so', async () => {
  const manifest = { ...structuredClone(GOOD), regionalImages: [], lesions: [] };
  const file = join(dir, 'empty.json');
  writeFileSync(file, JSON.stringify(manifest));
  const out = join(dir, 'out-empty');
  const result = await importCapture(file, { out });
  assert.deepEqual([result.objects.length, result.meshObjects.length, existsSync(out)], [0, 0, false]);
  assert.deepEqual(result.warnings, ['the manifest names no image and no mesh: nothing is written (the study folder printed is not made)']);
});
