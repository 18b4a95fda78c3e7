import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../../src/core/dataset.js';
import { Encapsulated } from '../../../src/core/element.js';
import { DicomError } from '../../../src/core/errors.js';
import { readDicomFile } from '../../../src/io/part10-reader.js';
import { writeDicomFile } from '../../../src/io/part10-writer.js';
import { JPEG_BASELINE } from '../../../src/io/transfer-syntax.js';
import { deidentifyFiles } from '../../../src/edit/deidentify/deidentify-files.js';
import { removeJpegMetadata } from '../../../src/edit/deidentify/jpeg-metadata-removal.js';
import { jpegWithoutMetadata } from '../../../src/pixel/jpeg-metadata.js';
import { padEven } from '../../../src/core/value-codec.js';
import { createObject } from '../../../src/tbp/create-object.js';
import sharp from 'sharp';
import { HAVE_DCIODVFY, HAVE_DCMJ2PNM, dciodvfyErrors, decodeWithDcmtk, rawImage, tempDir } from '../../tbp/tools.js';

const SECRETS = ['Exif\0\0', 'Jane Artist', 'BODYSN-4711', '2021:07:04 11:22:33', 'taken at home by Dr Who'];

/** JFIF 1.01, no thumbnail: what decoders read colour from, kept. */
const JFIF = Buffer.from('ffe000104a46494600010100000100010000', 'hex');

/**
 * A camera-like JPEG: JFIF, then EXIF with Artist, body serial number, date and GPS position, an ICC profile, and a
 * comment.
 */
async function cameraJpeg(width = 32, height = 24, seed = 1): Promise<Buffer> {
  const jpeg = await rawImage(width, height, seed)
    .jpeg()
    .withIccProfile('srgb')
    .withExif({
      IFD0: { Artist: 'Jane Artist' },
      IFD2: { BodySerialNumber: 'BODYSN-4711', DateTimeOriginal: '2021:07:04 11:22:33' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100' },
    })
    .toBuffer();
  const text = Buffer.from('taken at home by Dr Who', 'latin1');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text]);
  return Buffer.concat([jpeg.subarray(0, 2), JFIF, com, jpeg.subarray(2)]);
}

const has = (bytes: Buffer, text: string): boolean => bytes.includes(Buffer.from(text, 'latin1'));
const fragmentsOf = (ds: Dataset): Buffer[] => (ds.element('PixelData')!.value as Encapsulated).fragments as Buffer[];

/** A dermoscopic image made from an image file by `create`, as a device export would be. */
async function dermoscopic(dir: string, image: string, out: string): Promise<string> {
  const meta = {
    patient: { name: 'Doe^Jane', id: 'P001' },
    study: { instanceUid: '1.2.3.4.5', date: '2024-09-01' },
    equipment: { manufacturer: 'ACME', model: 'Derm 1', serialNumber: 'SN1', softwareVersions: '2.0' },
    site: 'right forearm',
    lesion: { id: 'L1' },
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  return (await createObject('dermoscopic', { image, meta: join(dir, 'meta.json'), out })).path;
}

test('deidentify removes EXIF (GPS, serial, dates, artist) and comments from an embedded JPEG; the pixels stay', async () => {
  const dir = tempDir('deid-jpeg');
  const input = join(dir, 'in');
  mkdirSync(input);
  writeFileSync(join(dir, 'camera.jpg'), await cameraJpeg());
  const made = { path: await dermoscopic(dir, join(dir, 'camera.jpg'), join(input, 'derm.dcm')) };
  const before = fragmentsOf(readDicomFile(made.path).dataset)[0]!;
  for (const secret of SECRETS) assert.ok(has(before, secret), `the embedded JPEG carries ${JSON.stringify(secret)}`);

  const out = join(dir, 'out');
  const result = await deidentifyFiles([input], { outDir: out });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const written = join(out, 'derm.dcm');
  const after = readDicomFile(written);
  const [fragment, ...rest] = fragmentsOf(after.dataset);
  assert.equal(rest.length, 0);
  for (const secret of SECRETS) assert.ok(!has(fragment!, secret), `${JSON.stringify(secret)} is left in Pixel Data`);
  assert.ok(has(fragment!, 'JFIF\0') && has(fragment!, 'ICC_PROFILE\0'), 'JFIF and the ICC profile stay');
  assert.equal(fragment!.length % 2, 0);
  // Nothing but segments went: the scans and tables are the same bytes, and the compression is not lossier.
  const scan = before.indexOf(Buffer.from([0xff, 0xda]));
  assert.ok(fragment!.includes(before.subarray(scan, before.lastIndexOf(Buffer.from([0xff, 0xd9])) + 2)));
  assert.equal(after.transferSyntaxUid, JPEG_BASELINE);
  assert.equal(after.dataset.getString('LossyImageCompression'), readDicomFile(made.path).dataset.getString('LossyImageCompression'));
  if (HAVE_DCMJ2PNM) assert.ok(decodeWithDcmtk(written, dir).data.equals(decodeWithDcmtk(made.path, dir).data), 'dcmj2pnm decodes the same pixels');
  if (HAVE_DCIODVFY) {
    const known = new Set(dciodvfyErrors(made.path));
    assert.deepEqual(dciodvfyErrors(written).filter((e) => !known.has(e)), []);
  }
});

function multiFrame(fragments: Buffer[], frames: number, offsetTable: Buffer = Buffer.alloc(0)): Dataset {
  const ds = new Dataset();
  ds.set('NumberOfFrames', frames);
  ds.set('PixelData', new Encapsulated(offsetTable, fragments), 'OB');
  return ds;
}

const uint32s = (values: number[]): Buffer => Buffer.from(new Uint32Array(values).buffer);
const uint32be = (value: number): Buffer => Buffer.from([value >>> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);

test('each frame is cleaned, a frame split over fragments is joined, and the offset tables follow', async () => {
  const [one, two] = [await cameraJpeg(16, 16, 1), await cameraJpeg(16, 16, 2)];
  const split = 40;
  const fragments = [one, two.subarray(0, split), two.subarray(split)].map((f): Buffer => (f.length % 2 ? Buffer.concat([f, Buffer.alloc(1)]) : f));
  const withBasic = multiFrame(fragments, 2, uint32s([0, 8 + fragments[0]!.length]));
  assert.equal(removeJpegMetadata(withBasic, JPEG_BASELINE), true);
  const cleaned = fragmentsOf(withBasic);
  assert.equal(cleaned.length, 2);
  for (const f of cleaned) for (const secret of SECRETS) assert.ok(!has(f, secret), secret);
  const table = (withBasic.element('PixelData')!.value as Encapsulated).offsetTable;
  assert.deepEqual([table.readUInt32LE(0), table.readUInt32LE(4)], [0, 8 + cleaned[0]!.length]);

  const uint64s = (values: number[]): Buffer => Buffer.from(new BigUint64Array(values.map(BigInt)).buffer);
  const extended = multiFrame(fragments, 2);
  extended.set('ExtendedOffsetTable', uint64s([0, 8 + fragments[0]!.length]), 'OV');
  extended.set('ExtendedOffsetTableLengths', uint64s([fragments[0]!.length, fragments[1]!.length + 8 + fragments[2]!.length]), 'OV');
  assert.equal(removeJpegMetadata(extended, JPEG_BASELINE), true);
  const lengths = fragmentsOf(extended).map((f) => f.length);
  assert.deepEqual(fragmentsOf(extended), cleaned);
  const eot = extended.bytes('ExtendedOffsetTable')!;
  const eotLengths = extended.bytes('ExtendedOffsetTableLengths')!;
  assert.deepEqual([eot.readBigUInt64LE(0), eot.readBigUInt64LE(8)], [0n, BigInt(8 + lengths[0]!)]);
  assert.deepEqual([eotLengths.readBigUInt64LE(0), eotLengths.readBigUInt64LE(8)], lengths.map(BigInt));

  // Without a table, a frame starts at each fragment beginning with SOI.
  const bare = multiFrame(fragments, 2);
  assert.equal(removeJpegMetadata(bare, JPEG_BASELINE), true);
  assert.deepEqual(fragmentsOf(bare), cleaned);
  assert.equal((bare.element('PixelData')!.value as Encapsulated).offsetTable.length, 0);

  // Cleaned pixel data has nothing left to remove and is kept as it is.
  const again = fragmentsOf(extended);
  assert.equal(removeJpegMetadata(extended, JPEG_BASELINE), false);
  assert.equal(fragmentsOf(extended), again);
});

test('without an offset table, a fragment that begins with SOI inside a frame (a comment\'s bytes) is no frame start', async () => {
  const [one, two] = [await cameraJpeg(16, 16, 1), await cameraJpeg(16, 16, 2)];
  // A comment holding FF D8 FF E0 (how a JPEG begins), the first frame's fragment cut right before it.
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 8]), Buffer.from('ffd8ffe0aabb', 'hex')]);
  const marked = padEven(Buffer.concat([one.subarray(0, 2), comment, one.subarray(2)]), 'OB');
  const cut = 2 + 4;
  assert.ok(marked.subarray(cut, cut + 2).equals(Buffer.from([0xff, 0xd8])));
  const ds = multiFrame([marked.subarray(0, cut), marked.subarray(cut), padEven(two, 'OB')], 2);
  assert.equal(removeJpegMetadata(ds, JPEG_BASELINE), true);
  assert.deepEqual(fragmentsOf(ds), [one, two].map((f) => padEven(jpegWithoutMetadata(f), 'OB')));
});

test('fragments that cannot be told apart into frames, or a frame that is not JPEG, are refused', async () => {
  const jpeg = await cameraJpeg(16, 16);
  const halves = [jpeg.subarray(0, 40), jpeg.subarray(40, 80), jpeg.subarray(80)].map((f) => Buffer.from(f));
  assert.throws(() => removeJpegMetadata(multiFrame(halves, 2), JPEG_BASELINE), (e: unknown) => e instanceof DicomError && /3 fragments .* 2 frames/.test(e.message));
  assert.throws(
    () => removeJpegMetadata(multiFrame([Buffer.from('not a jpeg')], 1), JPEG_BASELINE),
    (e: unknown) => e instanceof DicomError && /frame 1 of Pixel Data .* not a valid JPEG/.test(e.message),
  );
  assert.throws(
    () => removeJpegMetadata(multiFrame([jpeg], 1), '1.2.840.10008.1.2.4.90'),
    (e: unknown) => e instanceof DicomError && /frame 1 of Pixel Data .* not valid JPEG 2000/.test(e.message),
  );
  // Native and RLE pixel data are left alone.
  assert.equal(removeJpegMetadata(multiFrame([jpeg], 1), '1.2.840.10008.1.2.5'), false);
});

/** A marker segment: marker, length, body. */
const segment = (marker: number, body: string): Buffer => {
  const bytes = Buffer.from(body, 'latin1');
  return Buffer.concat([Buffer.from([0xff, marker, (bytes.length + 2) >> 8, (bytes.length + 2) & 0xff]), bytes]);
};

const onPath = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const NO_DCMJPLS = onPath('dcmcjpls') && onPath('dcmdjpls') ? false : 'dcmtk dcmcjpls/dcmdjpls not installed';

/**
 * Flat on the left, full-range noise on the right: JPEG-LS codes the flat runs as strings of 1 bits, so the coded
 * data holds 0xFF bytes, escaped the JPEG-LS way.
 */
function flatAndNoisePng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let s = 7;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    data[i] = Math.floor(i / 3) % width < width / 2 ? 200 : s >> 16;
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${tool} failed: ${r.stderr}`);
}

test('deidentify removes comments, application segments (SPIFF) and a trailer from JPEG-LS frames; dcmdjpls decodes the same pixels', { skip: NO_DCMJPLS }, async () => {
  const dir = tempDir('deid-jpegls');
  const input = join(dir, 'in');
  mkdirSync(input);
  writeFileSync(join(dir, 'noise.png'), await flatAndNoisePng(64, 32));
  const native = await dermoscopic(dir, join(dir, 'noise.png'), join(dir, 'native.dcm'));
  // Uninterleaved: one scan per component, so the walk goes through three scans to EOI.
  run('dcmcjpls', ['+in', native, join(dir, 'jls.dcm')]);
  const jls = readDicomFile(join(dir, 'jls.dcm'));
  const [coded] = fragmentsOf(jls.dataset);
  const scan = coded!.indexOf(Buffer.from([0xff, 0xda]));
  const data = coded!.subarray(scan + 2);
  assert.ok(data.some((b, i) => b === 0xff && data[i + 1]! > 0 && data[i + 1]! < 0x80), 'the scans hold FF followed by 01-7F, data a JPEG walk would take for markers');

  const eoi = coded!.lastIndexOf(Buffer.from([0xff, 0xd9]));
  const marked = Buffer.concat([
    coded!.subarray(0, 2),
    segment(0xfe, 'taken at home by Dr Who.'),
    segment(0xe8, 'SPIFF\0 Jane Artist'),
    coded!.subarray(2, eoi + 2),
    Buffer.from('BODYSN-4711\0', 'latin1'),
  ]);
  jls.dataset.set('PixelData', new Encapsulated(Buffer.alloc(4), [marked]), 'OB');
  writeDicomFile(join(input, 'derm.dcm'), jls);

  const result = await deidentifyFiles([input], { outDir: join(dir, 'out') });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const written = join(dir, 'out', 'derm.dcm');
  const after = readDicomFile(written);
  assert.equal(after.transferSyntaxUid, jls.transferSyntaxUid);
  const [fragment] = fragmentsOf(after.dataset);
  for (const secret of ['taken at home by Dr Who', 'SPIFF', 'Jane Artist', 'BODYSN-4711']) assert.ok(!has(fragment!, secret), `${secret} is left in Pixel Data`);
  // What dcmcjpls wrote is what is left, byte for byte, up to its EOI.
  assert.ok(fragment!.subarray(0, eoi + 2).equals(coded!.subarray(0, eoi + 2)));
  // CharLS's HP colour transform segment says how to read the colours: it stays, and a longer one, which could hold
  // anything, goes.
  const mrfx = Buffer.concat([coded!.subarray(0, 2), segment(0xe8, 'mrfx\x01'), segment(0xe8, 'mrfx\x01 Jane Artist'), coded!.subarray(2)]);
  assert.ok(jpegWithoutMetadata(mrfx, 'jpeg-ls').equals(Buffer.concat([coded!.subarray(0, 2), segment(0xe8, 'mrfx\x01'), coded!.subarray(2)])));
  run('dcmdjpls', [written, join(dir, 'decoded.dcm')]);
  assert.ok(readDicomFile(join(dir, 'decoded.dcm')).dataset.bytes('PixelData')!.equals(readDicomFile(native).dataset.bytes('PixelData')!), 'dcmdjpls decodes the pixels the image had');
});

/** Debian's Python, whose Pillow codes JPEG 2000 with OpenJPEG (python3-pil depends on libopenjp2). */
const PYTHON = '/usr/bin/python3';
const NO_OPENJPEG =
  spawnSync(PYTHON, ['-c', "from PIL import features; assert features.check('jpg_2000')"]).status === 0 ? false : `${PYTHON} has no Pillow with OpenJPEG (apt-get install python3-pil)`;

function pillow(script: string, input: Buffer, ...args: string[]): Buffer {
  const r = spawnSync(PYTHON, ['-c', `import io, sys\nfrom PIL import Image\n${script}`, ...args], { input, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, `Pillow failed: ${r.stderr}`);
  return r.stdout;
}

/** RGB samples coded losslessly by OpenJPEG in tiles of 16×16: a raw codestream, or with `jp2` a JP2 file. */
const openjpegEncode = (rgb: Buffer, width: number, height: number, jp2 = false): Buffer =>
  pillow(
    "out = io.BytesIO()\nImage.frombytes('RGB', (int(sys.argv[1]), int(sys.argv[2])), sys.stdin.buffer.read()).save(out, 'JPEG2000', irreversible=False, no_jp2=sys.argv[3] == 'j2k', tile_size=(16, 16))\nsys.stdout.buffer.write(out.getvalue())",
    rgb, String(width), String(height), jp2 ? 'jp2' : 'j2k',
  );
const openjpegDecode = (frame: Buffer): Buffer => pillow('sys.stdout.buffer.write(Image.open(io.BytesIO(sys.stdin.buffer.read())).tobytes())', frame);

/** The tile-parts of a codestream as its SOTs give them: [offset, Psot], walked by Psot from the first SOT to EOC. */
function tileParts(cs: Buffer): [number, number][] {
  const parts: [number, number][] = [];
  for (let at = cs.indexOf(Buffer.from([0xff, 0x90])); cs.readUInt16BE(at) === 0xff90; at += cs.readUInt32BE(at + 6)) parts.push([at, cs.readUInt32BE(at + 6)]);
  assert.equal(cs.readUInt16BE(parts.at(-1)![0] + parts.at(-1)![1]), 0xffd9, 'the last tile-part ends at EOC');
  return parts;
}

test('deidentify removes comments from the main and tile-part headers of JPEG 2000 frames, and bytes after EOC; OpenJPEG decodes the same pixels', { skip: NO_OPENJPEG }, async () => {
  const dir = tempDir('deid-j2k');
  const input = join(dir, 'in');
  mkdirSync(input);
  writeFileSync(join(dir, 'noise.png'), await flatAndNoisePng(32, 16));
  const native = readDicomFile(await dermoscopic(dir, join(dir, 'noise.png'), join(dir, 'native.dcm')));
  const rgb = native.dataset.bytes('PixelData')!;
  const coded = openjpegEncode(rgb, 32, 16);
  assert.ok(has(coded, 'Created by OpenJPEG'), 'OpenJPEG names itself in a main header comment');
  // By hand: a comment in the main header and one in the first tile-part's header (its Psot grown to match), a TLM
  // table of the tile-parts' lengths, and a trailer after EOC.
  const parts = tileParts(coded);
  assert.equal(parts.length, 2);
  const mainComment = segment(0x64, '\0\x01taken at home by Dr Who.');
  const tileComment = segment(0x64, '\0\x01Jane Artist');
  const tlm = Buffer.concat([Buffer.from([0xff, 0x55, 0, 4 + 4 * parts.length, 0, 0x40]), ...parts.map(([, psot], i) => uint32be(psot + (i === 0 ? tileComment.length : 0)))]);
  const [first, second] = parts.map(([at]) => at);
  const firstSot = Buffer.from(coded.subarray(first!, first! + 12));
  firstSot.writeUInt32BE(parts[0]![1] + tileComment.length, 6);
  const marked = Buffer.concat([
    coded.subarray(0, first),
    mainComment,
    tlm,
    firstSot,
    tileComment,
    coded.subarray(first! + 12),
    Buffer.from('BODYSN-4711\0', 'latin1'),
  ]);
  assert.ok(openjpegDecode(marked).equals(rgb), 'OpenJPEG reads the marked codestream');
  native.dataset.set('PixelData', new Encapsulated(Buffer.alloc(0), [padEven(marked, 'OB')]), 'OB');
  writeDicomFile(join(input, 'derm.dcm'), { ...native, transferSyntaxUid: '1.2.840.10008.1.2.4.90' });

  const result = await deidentifyFiles([input], { outDir: join(dir, 'out') });
  assert.equal(result.failed, 0, JSON.stringify(result.files));
  const after = readDicomFile(join(dir, 'out', 'derm.dcm'));
  assert.equal(after.transferSyntaxUid, '1.2.840.10008.1.2.4.90');
  const [fragment] = fragmentsOf(after.dataset);
  for (const secret of ['taken at home by Dr Who', 'Created by OpenJPEG', 'Jane Artist', 'BODYSN-4711']) assert.ok(!has(fragment!, secret), `${secret} is left in Pixel Data`);
  // The tile-parts' lengths in SOT and TLM are what they hold now, and the coded data is what OpenJPEG wrote.
  const cleanedParts = tileParts(fragment!);
  const table = fragment!.subarray(fragment!.indexOf(Buffer.from([0xff, 0x55])) + 6);
  assert.deepEqual(cleanedParts.map((_, i) => table.readUInt32BE(4 * i)), cleanedParts.map(([, psot]) => psot));
  assert.deepEqual(cleanedParts.map(([, psot]) => psot), parts.map(([, psot]) => psot));
  assert.ok(fragment!.includes(coded.subarray(second)));
  assert.ok(openjpegDecode(fragment!).equals(rgb), 'OpenJPEG decodes the pixels the image had');
});

test('a JP2 file in JPEG 2000 pixel data keeps the boxes decoders read and loses its XML, UUID and IPR boxes', { skip: NO_OPENJPEG }, () => {
  const rgb = Buffer.alloc(32 * 16 * 3, 0x5a);
  const jp2 = openjpegEncode(rgb, 32, 16, true);
  const box = (type: string, body: string): Buffer => Buffer.concat([uint32be(8 + body.length), Buffer.from(type + body, 'latin1')]);
  const codestream = jp2.indexOf('jp2c') - 4;
  const marked = Buffer.concat([
    jp2.subarray(0, codestream),
    box('xml ', '<x:xmpmeta>Jane Artist</x:xmpmeta>'),
    box('uuid', 'JpgTiffExif->JP2BODYSN-4711'),
    box('ipr ', 'taken at home by Dr Who.'),
    jp2.subarray(codestream),
  ]);
  const ds = multiFrame([padEven(marked, 'OB')], 1);
  assert.equal(removeJpegMetadata(ds, '1.2.840.10008.1.2.4.91'), true);
  const [fragment] = fragmentsOf(ds);
  for (const secret of ['Jane Artist', 'BODYSN-4711', 'taken at home by Dr Who', 'Created by OpenJPEG']) assert.ok(!has(fragment!, secret), secret);
  for (const kept of ['jP  ', 'ftyp', 'jp2h', 'colr', 'jp2c']) assert.ok(has(fragment!, kept), kept);
  assert.ok(openjpegDecode(fragment!).equals(rgb), 'OpenJPEG decodes the same pixels');
});

test('HTJ2K frames lose their comments too, a frame split over fragments without an offset table is found by its SOC and SIZ, and the CAP segment stays', { skip: NO_OPENJPEG }, () => {
  const rgb = (seed: number): Buffer => Buffer.from(Array.from({ length: 32 * 16 * 3 }, (_, i) => (i * seed) & 0xff));
  // OpenJPEG codes no HTJ2K: its codestreams are given the CAP segment (Part 15 capabilities, A.5.2) that HTJ2K writers
  // put after SIZ, and a comment in the main and first tile-part headers, as the JPEG 2000 test above.
  const htj2k = (coded: Buffer): Buffer => {
    const sizEnd = 4 + coded.readUInt16BE(4);
    const first = coded.indexOf(Buffer.from([0xff, 0x90]));
    const tileComment = segment(0x64, '\0\x01Jane Artist');
    const sot = Buffer.from(coded.subarray(first, first + 12));
    sot.writeUInt32BE(sot.readUInt32BE(6) + tileComment.length, 6);
    const cap = Buffer.from('ff50000800020000' + '0000', 'hex');
    return Buffer.concat([coded.subarray(0, sizEnd), cap, coded.subarray(sizEnd, first), segment(0x64, '\0\x01taken at home by Dr Who.'), sot, tileComment, coded.subarray(first + 12)]);
  };
  const coded = [openjpegEncode(rgb(3), 32, 16), openjpegEncode(rgb(7), 32, 16)];
  const marked = coded.map(htj2k);
  for (const uid of ['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203']) {
    // No offset table, the second frame in two fragments, cut inside its main header.
    const second = padEven(marked[1]!, 'OB');
    const ds = multiFrame([padEven(marked[0]!, 'OB'), second.subarray(0, 60), second.subarray(60)], 2);
    assert.equal(removeJpegMetadata(ds, uid), true, uid);
    const frames = fragmentsOf(ds);
    assert.equal(frames.length, 2, uid);
    frames.forEach((frame, i) => {
      for (const secret of ['taken at home by Dr Who', 'Created by OpenJPEG', 'Jane Artist']) assert.ok(!has(frame, secret), `${secret} left in frame ${i + 1} (${uid})`);
      assert.ok(frame.includes(Buffer.from('ff50000800020000', 'hex')), 'the CAP segment stays');
      const firstSot = coded[i]!.indexOf(Buffer.from([0xff, 0x90]));
      const tail = coded[i]!.subarray(firstSot + 12);
      assert.equal(frame.indexOf(tail), frame.indexOf(Buffer.from([0xff, 0x90])) + 12, 'the tile-parts stay byte for byte');
      assert.ok(openjpegDecode(frame).equals(rgb(i ? 7 : 3)), `OpenJPEG decodes frame ${i + 1} as coded`);
    });
  }
});
