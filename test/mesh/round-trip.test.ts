import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { DicomError } from '../../src/core/errors.js';
import { isBulkRef } from '../../src/core/element.js';
import { fileBulkRef } from '../../src/io/byte-source.js';
import { generateUid } from '../../src/core/uid-generate.js';
import { sharedInputs } from '../../src/tbp/capture-objects.js';
import { buildMeshDatasets, type BuiltMeshObject, type MeshUids } from '../../src/tbp/mesh/mesh-datasets.js';
import { loadMeshInputs, type MeshInputs } from '../../src/tbp/mesh/mesh-inputs.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { readObjFile } from '../../src/mesh/obj-parse.js';
import { parseMtl } from '../../src/mesh/mtl.js';
import { buildMeshObjects } from '../../src/tbp/mesh/build-mesh-objects.js';
import { exportMesh } from '../../src/tbp/mesh/export-mesh.js';
import { MESH_GROUP, meshKey } from '../../src/tbp/mesh/mesh-private.js';
import { validate } from '../../src/validate/index.js';
import { HAVE_DCIODVFY, tempDir } from '../tbp/tools.js';
import { privateBlockAsUnknown } from '../helpers/unknown-vr.js';
import { ENCAPSULATED_STL, SURFACE_SEGMENTATION, dciodvfyAs } from './dciodvfy-surrogate.js';
import { assertSameMesh } from './mesh-compare.js';
import { META, gridObj, writeTexturedMesh, type GridOptions } from './mesh-fixtures.js';

const root = tempDir('mesh-rt');
let n = 0;
/** A new empty folder for one case. */
const fresh = (): string => {
  const dir = join(root, `case${++n}`);
  mkdirSync(dir);
  return dir;
};

async function roundTrip(obj: string, dir: string, encoding: 'surface' | 'both' = 'surface'): Promise<{ written: Awaited<ReturnType<typeof buildMeshObjects>>; exported: string[] }> {
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom'), encoding });
  for (const o of written.objects) {
    const report = validate(o.path);
    assert.equal(report.errors, 0, `${o.role}: ${report.findings.map((f) => f.message).join('; ')}`);
  }
  const surface = written.objects.find((o) => o.role === 'surface-mesh')!;
  const exported = await exportMesh(surface.path, join(dir, 'back'));
  return { written, exported: exported.files };
}

test('OBJ → Surface Scan Mesh → OBJ keeps every vertex, face, normal and texture coordinate (100,352 triangles, textured, seams, groups)', async () => {
  const dir = fresh();
  const obj = await writeTexturedMesh(dir, { side: 224, normals: true, seam: true, comments: true, groups: true });
  const { written, exported } = await roundTrip(obj, dir);
  assert.equal(written.triangles, 100352);
  assert.deepEqual(written.objects.map((o) => o.role), ['texture', 'surface-mesh']);
  assertSameMesh(readObjFile(obj), readObjFile(exported[0]!));
  assert.ok(exported.some((f) => f.endsWith('texture.jpg')));
  assert.deepEqual(readFileSync(exported.find((f) => f.endsWith('.jpg'))!), readFileSync(join(dir, 'body.jpg')), 'texture JPEG bytes kept');
  // The standard's V is measured from the top row; the OBJ's own v is kept in the mesh block.
  const ds = readDicomFile(written.objects[1]!.path).dataset;
  assert.equal(ds.getString('Modality'), 'OSS');
  assert.equal(ds.getString('UVMappingSequence[0].ReferencedTextureSequence[0].ReferencedSOPInstanceUID'), written.objects[0]!.sopInstanceUid);
  assert.equal(ds.getNumber(meshKey('TBPMeshSourceVertexCount')), 225 * 225);
  assert.equal(ds.getString(meshKey('TBPMeshCaptureProcedure')), 'INSTANT_CAPTURE');
  assert.equal(ds.items(meshKey('TBPMeshMissingBodyPartSequence')).length, 2);
});

const variants: [string, Omit<GridOptions, 'side'>][] = [
  ['positions only', {}],
  ['normals, no texture coordinates', { normals: true }],
  ['texture coordinates without a texture image', { uvs: true }],
  ['quads (triangulated), comments and groups', { quads: true, comments: true, groups: true, normals: true, uvs: true, seam: true }],
];

for (const [name, options] of variants) {
  test(`round trip: ${name}`, async () => {
    const dir = fresh();
    const obj = join(dir, 'm.obj');
    writeFileSync(obj, gridObj({ side: 30, ...options }));
    const { written, exported } = await roundTrip(obj, dir);
    const original = readObjFile(obj);
    assertSameMesh(original, readObjFile(exported[0]!));
    if (options.quads) {
      assert.equal(original.polygonsTriangulated, 900);
      const ds = readDicomFile(written.objects.find((o) => o.role === 'surface-mesh')!.path).dataset;
      assert.match(ds.getString('SurfaceSequence[0].SurfaceComments') ?? '', /900 OBJ faces with more than three corners were triangulated/);
    }
  });
}

test('a mesh block that arrived as UN (an archive on the way did not know it) still gives the OBJ back: seams, groups, the OBJ\'s v', async () => {
  const dir = fresh();
  const obj = await writeTexturedMesh(dir, { side: 6, normals: true, seam: true, groups: true, quads: true });
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom') });
  const surface = written.objects.find((o) => o.role === 'surface-mesh')!;
  const file = readDicomFile(surface.path);
  privateBlockAsUnknown(file.dataset, MESH_GROUP);
  assert.equal(file.dataset.element(meshKey('TBPMeshSourceVertexCount'))?.vr, 'UN');
  writeDicomFile(join(dirname(surface.path), 'unknown.dcm'), file);
  const exported = await exportMesh(join(dirname(surface.path), 'unknown.dcm'), join(dir, 'back'));
  assertSameMesh(readObjFile(obj), readObjFile(exported.files[0]!));
});

test('round trip: one unnamed group, and comment lines ending in spaces (the last too), come back as they were', async () => {
  for (const comments of ['# scanner   \n# last line  \n', '# scanner\n#\n', '# one\n']) {
    const dir = fresh();
    const obj = join(dir, 'm.obj');
    writeFileSync(obj, `${comments}v 0 0 0\nv 1 0 0\nv 0 1 0\ng\nf 1 2 3\n`);
    const { exported } = await roundTrip(obj, dir);
    const back = readObjFile(exported[0]!);
    assert.deepEqual(back.groups, [{ statement: 'g', name: '', firstTriangle: 0 }]);
    assert.deepEqual(back.comments, readObjFile(obj).comments);
    assertSameMesh(readObjFile(obj), back);
  }
});

test('comments in other scripts are kept up to 10,000 bytes of UTF-8, so Surface Comments (LT) stays within the 10,240 dciodvfy counts in bytes', async () => {
  const dir = fresh();
  const obj = join(dir, 'm.obj');
  // 6,000 characters, 12,000 bytes: within 10,000 characters, past 10,240 bytes.
  writeFileSync(obj, `# ${'ü'.repeat(4000)}\n# ${'é'.repeat(2000)}\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n`);
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom') });
  assert.ok(written.warnings.includes('1 comment line is not kept: a mesh keeps the first 1000 lines, 10000 bytes (UTF-8) in all'), written.warnings.join('; '));
  const surface = written.objects.find((o) => o.role === 'surface-mesh')!.path;
  const comments = readDicomFile(surface).dataset.getString('SurfaceSequence[0].SurfaceComments')!;
  assert.ok(comments.startsWith(`${'ü'.repeat(4000)}\ntbp-dicom: 1 OBJ face with`), 'the first line and the note of the triangulated face');
  assert.ok(Buffer.byteLength(comments) <= 10240, `${Buffer.byteLength(comments)} bytes`);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyAs(surface, SURFACE_SEGMENTATION, dir), []);
});

test('OBJ → Encapsulated OBJ/MTL (+ texture) → files: byte for byte, under their own names', async () => {
  const dir = fresh();
  const obj = await writeTexturedMesh(dir, { side: 10, normals: true });
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom'), encoding: 'obj' });
  assert.deepEqual(written.objects.map((o) => o.role).sort(), ['mtl', 'obj', 'texture']);
  for (const o of written.objects) assert.equal(validate(o.path).errors, 0, o.role);
  const exported = await exportMesh(written.objects.find((o) => o.role === 'obj')!.path, join(dir, 'back'));
  for (const name of ['body.obj', 'body.mtl', 'body.jpg']) assert.deepEqual(readFileSync(join(dir, 'back', name)), readFileSync(join(dir, name)), name);
  assert.equal(exported.files.length, 3);
  const ds = readDicomFile(written.objects.find((o) => o.role === 'obj')!.path).dataset;
  assert.equal(ds.getString('ReferencedInstanceSequence[0].RelativeURIReferenceWithinEncapsulatedDocument'), 'body.mtl');
});

/** The mesh objects of an OBJ (no MTL), built in memory as an import builds them before writing. */
async function builtModel(inputs: MeshInputs): Promise<BuiltMeshObject[]> {
  const uids = Object.fromEntries(['study', 'frameOfReference', 'meshSeries', 'meshInstance', 'textureSeries', 'textureInstance', 'modelSeries', 'objInstance', 'mtlInstance'].map((k) => [k, generateUid()]));
  return buildMeshDatasets(inputs, {
    ...sharedInputs(META, uids.study!), facts: {}, uids: uids as unknown as MeshUids, encoding: 'obj', fallbackDateTime: '20240901120000',
  });
}

test('an Encapsulated OBJ is copied from the OBJ on disk as it is written, never held in memory whole; an odd length gets a space', async () => {
  const dir = fresh();
  const obj = join(dir, 'odd.obj');
  writeFileSync(obj, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3');
  assert.equal(statSync(obj).size % 2, 1);
  const [model] = await builtModel(await loadMeshInputs({ obj }));
  assert.ok(isBulkRef(model!.built.dataset.element('EncapsulatedDocument')!.value), 'the document is left on disk until written');
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom'), encoding: 'obj' });
  const file = written.objects[0]!.path;
  assert.equal(validate(file).errors, 0);
  const ds = readDicomFile(file).dataset;
  assert.deepEqual(ds.bytes('EncapsulatedDocument'), Buffer.concat([readFileSync(obj), Buffer.from(' ')]));
  assert.equal(ds.getNumber('EncapsulatedDocumentLength'), statSync(obj).size);
  await exportMesh(file, join(dir, 'back'));
  assert.deepEqual(readFileSync(join(dir, 'back', 'odd.obj')), readFileSync(obj));
});

test('an OBJ changed after it was read and checked fails the write of its Encapsulated OBJ, naming it, rather than embedding bytes the mesh was not made from', async () => {
  const dir = fresh();
  const obj = join(dir, 'changed.obj');
  writeFileSync(obj, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
  const inputs = await loadMeshInputs({ obj });
  // Another face, written after the check: the mesh objects describe the file as it was.
  writeFileSync(obj, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\nf 2 4 3\n');
  const [model] = await builtModel(inputs);
  assert.throws(() => writeDicomFile(join(dir, 'obj.dcm'), { dataset: model!.built.dataset }, { transferSyntaxUid: '1.2.840.10008.1.2.1' }), (e: DicomError) =>
    e.code === 'IO' && e.file === obj && /the file changed after it was read/.test(e.message));
  assert.equal(existsSync(join(dir, 'obj.dcm')), false);
});

test('an OBJ longer than a DICOM value holds (4 GiB) is refused for an Encapsulated OBJ, naming it; one over 2 GiB was refused by Node, unnamed', async () => {
  const dir = fresh();
  const obj = join(dir, 'small.obj');
  writeFileSync(obj, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
  const inputs = await loadMeshInputs({ obj });
  // A sparse file: its size is what is checked, before any byte of it is read.
  const huge = join(dir, 'huge.obj');
  writeFileSync(huge, '');
  truncateSync(huge, 2 ** 32);
  try {
    await assert.rejects(builtModel({ ...inputs, objPath: huge, objDocument: fileBulkRef(huge) }), (e: DicomError) =>
      e.code === 'LIMIT_EXCEEDED' && e.file === huge && /4294967296 bytes, more than a DICOM value holds \(4294967294\)/.test(e.message));
  } finally {
    rmSync(huge);
  }
});

test('export-mesh copies an Encapsulated OBJ from the object\'s file in chunks: a 128 MiB OBJ is exported in less memory than its size (about half)', async () => {
  const dir = fresh();
  const obj = join(dir, 'small.obj');
  writeFileSync(obj, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
  const inputs = await loadMeshInputs({ obj });
  // A sparse file stands for the OBJ: what is measured is the export's memory, not the OBJ's content.
  const size = 128 * 1024 * 1024;
  const big = join(dir, 'big.obj');
  writeFileSync(big, '');
  truncateSync(big, size);
  const [model] = await builtModel({ ...inputs, objPath: big, objDocument: fileBulkRef(big) });
  const file = join(dir, 'big.dcm');
  writeDicomFile(file, { dataset: model!.built.dataset }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
  // In a process of its own, whose peak resident memory (KiB) is the export's.
  const exporter = new URL('../../src/tbp/mesh/export-mesh.js', import.meta.url).href;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e',
    `const { exportMesh } = await import(${JSON.stringify(exporter)}); await exportMesh(process.argv[1], process.argv[2]); console.log(process.resourceUsage().maxRSS);`,
    file, join(dir, 'back')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const peak = Number(run.stdout.trim()) * 1024;
  assert.ok(peak < size, `peak resident memory ${Math.round(peak / 2 ** 20)} MiB for a ${size / 2 ** 20} MiB OBJ`);
  assert.equal(statSync(join(dir, 'back', 'big.obj')).size, size);
  rmSync(dir, { recursive: true });
});

test('an MTL with a texture per material (as photogrammetry exporters write): each stored, referenced by the MTL, exported so that every map_Kd links up', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'textures'));
  // Two triangles of material_0 and one of material_1 (a texture atlas each), material_2 sharing material_0's image.
  const obj = join(dir, 'scan.obj');
  writeFileSync(obj, 'mtllib scan.mtl\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 2 0 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvt 0.5 0.5\n'
    + 'usemtl material_0\nf 1/1 2/2 3/3\nf 1/1 3/3 4/4\nusemtl material_1\nf 2/4 5/5 3/2\nusemtl material_2\nf 4/1 3/2 5/3\n');
  writeFileSync(join(dir, 'scan.mtl'), 'newmtl material_0\nKd 1 1 1\nmap_Kd material_0.jpg\n\nnewmtl material_1\nmap_Kd textures\\material 1.png\n\nnewmtl material_2\nmap_Kd material_0.jpg\n');
  await sharp({ create: { width: 32, height: 16, channels: 3, background: { r: 210, g: 160, b: 130 } } }).jpeg().toFile(join(dir, 'material_0.jpg'));
  await sharp({ create: { width: 8, height: 24, channels: 3, background: { r: 40, g: 90, b: 200 } } }).png().toFile(join(dir, 'textures', 'material 1.png'));
  const uids = { textureInstance: '2.25.1234' };
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom'), encoding: 'both', uids });
  assert.deepEqual(written.objects.map((o) => o.role), ['texture', 'texture', 'surface-mesh', 'obj', 'mtl']);
  for (const o of written.objects) assert.equal(validate(o.path).errors, 0, o.role);
  const textures = written.objects.filter((o) => o.role === 'texture');
  assert.deepEqual(textures.map((t) => t.input), [join(dir, 'material_0.jpg'), join(dir, 'textures', 'material 1.png')]);
  assert.equal(textures[0]!.sopInstanceUid, '2.25.1234');
  const again = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom-again'), encoding: 'both', uids });
  assert.equal(again.objects[1]!.sopInstanceUid, textures[1]!.sopInstanceUid, 'the second texture\'s UID follows from the reserved one');
  assert.notEqual(textures[1]!.sopInstanceUid, textures[0]!.sopInstanceUid);
  assert.deepEqual(written.warnings, ['the MTL names 2 diffuse textures; the Surface Scan Mesh maps its one surface onto the first, material_0.jpg, so the faces of material "material_1" (textured with textures\\material 1.png) show that texture\'s pixels instead; the Encapsulated MTL references every texture']);
  const mtl = readDicomFile(written.objects.find((o) => o.role === 'mtl')!.path).dataset;
  assert.deepEqual(mtl.items('ReferencedImageSequence').map((r) => [r.getString('ReferencedSOPInstanceUID'), r.getString('RelativeURIReferenceWithinEncapsulatedDocument')]),
    [[textures[0]!.sopInstanceUid, 'material_0.jpg'], [textures[1]!.sopInstanceUid, 'textures%5Cmaterial%201.png']]);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyAs(written.objects.find((o) => o.role === 'mtl')!.path, ENCAPSULATED_STL, dir, [/Module=<FrameOfReference>/]), []);
  const surface = readDicomFile(written.objects.find((o) => o.role === 'surface-mesh')!.path).dataset;
  assert.equal(surface.getString('UVMappingSequence[0].ReferencedTextureSequence[0].ReferencedSOPInstanceUID'), textures[0]!.sopInstanceUid);

  // Exported, the OBJ and MTL are the files as they were, and every map_Kd names a file there with the input's pixels.
  const back = join(dir, 'back');
  const exported = await exportMesh(written.objects.find((o) => o.role === 'obj')!.path, back);
  assert.deepEqual(exported.warnings, []);
  assert.deepEqual(exported.files, [join(back, 'scan.obj'), join(back, 'scan.mtl'), join(back, 'material_0.jpg'), join(back, 'textures', 'material 1.png')]);
  for (const name of ['scan.obj', 'scan.mtl', 'material_0.jpg']) assert.deepEqual(readFileSync(join(back, name)), readFileSync(join(dir, name)), name);
  const pixels = async (file: string): Promise<Buffer> => sharp(file).raw().toBuffer();
  for (const map of parseMtl(readFileSync(join(back, 'scan.mtl')), 'scan.mtl').maps) {
    const relative = map.file.replace(/\\/g, '/');
    assert.deepEqual(await pixels(join(back, relative)), await pixels(join(dir, relative)), map.file);
  }

  // A Surface Scan Mesh alone stores the texture it maps; the warning names what is not stored.
  const alone = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom-surface'), encoding: 'surface' });
  assert.deepEqual(alone.objects.map((o) => o.role), ['texture', 'surface-mesh']);
  assert.deepEqual(alone.warnings, ['the MTL names 2 diffuse textures; the Surface Scan Mesh maps its one surface onto the first, material_0.jpg, so the faces of material "material_1" (textured with textures\\material 1.png) show that texture\'s pixels instead; textures\\material 1.png is not stored: --mesh-encoding both also writes the Encapsulated OBJ/MTL, which references every texture']);
});

test('a PNG or TIFF texture with an EXIF Orientation keeps its pixels as the file stores them, where the texture coordinates point, and is exported so', async () => {
  const dir = fresh();
  const obj = await writeTexturedMesh(dir, { side: 4 });
  writeFileSync(join(dir, 'body.mtl'), 'newmtl skin\nmap_Kd body.tif\n');
  const [width, height] = [8, 4];
  const stored = Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 7) % 256));
  await sharp(stored, { raw: { width, height, channels: 3 } }).tiff({ compression: 'deflate' }).withMetadata({ orientation: 6 }).toFile(join(dir, 'body.tif'));
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom'), encoding: 'both' });
  assert.ok(written.warnings.some((w) => /body\.tif: EXIF Orientation 6 .* is not applied/.test(w)), written.warnings.join('; '));
  const texture = readDicomFile(written.objects.find((o) => o.role === 'texture')!.path).dataset;
  assert.deepEqual([texture.getNumber('Columns'), texture.getNumber('Rows')], [width, height]);
  assert.deepEqual(texture.bytes('PixelData'), stored);
  await exportMesh(written.objects.find((o) => o.role === 'obj')!.path, join(dir, 'back'));
  const back = await sharp(join(dir, 'back', 'body.tif')).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([back.info.width, back.info.height], [width, height]);
  assert.deepEqual(back.data, stored);
});

test('an MTL and texture given under other names than the files use are exported under the names the files use', async () => {
  const dir = fresh();
  const obj = await writeTexturedMesh(dir, { side: 4 });
  // the MTL under another name (the OBJ still says mtllib body.mtl), the texture under another name than map_Kd's
  writeFileSync(join(dir, 'materials-v2.mtl'), readFileSync(join(dir, 'body.mtl')));
  writeFileSync(join(dir, 'skin-photo.jpg'), readFileSync(join(dir, 'body.jpg')));
  const written = await buildMeshObjects({ obj, mtl: join(dir, 'materials-v2.mtl'), texture: join(dir, 'skin-photo.jpg'), meta: META, out: join(dir, 'dicom'), encoding: 'obj' });
  await exportMesh(written.objects.find((o) => o.role === 'obj')!.path, join(dir, 'back'));
  assert.deepEqual(readdirSync(join(dir, 'back')).sort(), ['body.jpg', 'body.mtl', 'body.obj']);
  assert.deepEqual(readFileSync(join(dir, 'back', 'body.mtl')), readFileSync(join(dir, 'body.mtl')));
});

test('names with folders and spaces link up after export: mtllib in a subfolder, map_Kd up and over, a TIFF texture as TIFF', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'mats'));
  mkdirSync(join(dir, 'tex'));
  writeFileSync(join(dir, 'body scan.obj'), 'mtllib mats/body scan.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nusemtl skin\nf 1/1 2/2 3/3\n');
  writeFileSync(join(dir, 'mats', 'body scan.mtl'), 'newmtl skin\nmap_Kd -s 1 1 1 ../tex/skin photo.tif\n');
  await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c08060' } }).tiff().toFile(join(dir, 'tex', 'skin photo.tif'));
  const written = await buildMeshObjects({ obj: join(dir, 'body scan.obj'), meta: META, out: join(dir, 'dicom'), encoding: 'obj' });
  assert.deepEqual(written.warnings.filter((w) => /material librar/.test(w)), [], 'one library, named with its spaces');
  const exported = await exportMesh(written.objects.find((o) => o.role === 'obj')!.path, join(dir, 'back'));
  assert.deepEqual(exported.warnings, []);
  assert.deepEqual(exported.files.map((f) => f.slice(join(dir, 'back').length + 1)), ['body scan.obj', join('mats', 'body scan.mtl'), join('tex', 'skin photo.tif')]);
  assert.equal((await sharp(join(dir, 'back', 'tex', 'skin photo.tif')).metadata()).format, 'tiff');
  const [a, b] = [join(dir, 'tex', 'skin photo.tif'), join(dir, 'back', 'tex', 'skin photo.tif')].map((f) => sharp(f).raw().toBuffer());
  assert.deepEqual(await a, await b, 'the same samples');
});

test('names with "#", "?" and "%" are recorded as relative URIs that name those files (percent-encoded), and link up after export', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'mats #1'));
  writeFileSync(join(dir, 'body.obj'), 'mtllib mats #1/body#2.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nusemtl skin\nf 1/1 2/2 3/3\n');
  writeFileSync(join(dir, 'mats #1', 'body#2.mtl'), 'newmtl skin\nmap_Kd skin?100%.jpg\n');
  await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c08060' } }).jpeg().toFile(join(dir, 'mats #1', 'skin?100%.jpg'));
  const written = await buildMeshObjects({ obj: join(dir, 'body.obj'), meta: META, out: join(dir, 'dicom'), encoding: 'obj' });
  const uri = (role: string, sequence: string): string | undefined =>
    readDicomFile(written.objects.find((o) => o.role === role)!.path).dataset.getString(`${sequence}[0].RelativeURIReferenceWithinEncapsulatedDocument`);
  // Unencoded, "#" would begin a fragment and "?" a query: the URIs would name "mats #1/body" and "skin".
  assert.equal(uri('obj', 'ReferencedInstanceSequence'), 'mats%20%231/body%232.mtl');
  assert.equal(uri('mtl', 'ReferencedImageSequence'), 'skin%3F100%25.jpg');
  const exported = await exportMesh(written.objects.find((o) => o.role === 'obj')!.path, join(dir, 'back'));
  assert.deepEqual(exported.warnings, []);
  assert.deepEqual(exported.files.map((f) => f.slice(join(dir, 'back').length + 1)), ['body.obj', join('mats #1', 'body#2.mtl'), join('mats #1', 'skin?100%.jpg')]);
});

test('names written on Windows: backslashes separate folders, and an absolute path where nothing is is looked for beside', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'mats'));
  mkdirSync(join(dir, 'tex'));
  writeFileSync(join(dir, 'scan.obj'), 'mtllib mats\\scan.mtl\r\nv 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nvt 0 0\r\nvt 1 0\r\nvt 0 1\r\nusemtl skin\r\nf 1/1 2/2 3/3\r\n');
  writeFileSync(join(dir, 'mats', 'scan.mtl'), 'newmtl skin\r\nmap_Kd ..\\tex\\skin.png\r\n');
  await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c08060' } }).png().toFile(join(dir, 'tex', 'skin.png'));
  const written = await buildMeshObjects({ obj: join(dir, 'scan.obj'), meta: META, out: join(dir, 'dicom'), encoding: 'both' });
  assert.deepEqual(written.warnings, []);
  assert.deepEqual(written.objects.map((o) => o.role), ['texture', 'surface-mesh', 'obj', 'mtl']);
  const exported = await exportMesh(written.objects.find((o) => o.role === 'obj')!.path, join(dir, 'back'));
  assert.deepEqual(exported.files.map((f) => f.slice(join(dir, 'back').length + 1)), ['scan.obj', join('mats', 'scan.mtl'), join('tex', 'skin.png')]);

  writeFileSync(join(dir, 'mats', 'scan.mtl'), 'newmtl skin\r\nmap_Kd C:\\Users\\lab\\scan\\skin.png\r\n');
  await assert.rejects(buildMeshObjects({ obj: join(dir, 'scan.obj'), meta: META, out: join(dir, 'dicom2') }), (e: unknown) => {
    assert.ok(e instanceof DicomError);
    assert.equal(e.describe(), `${join(dir, 'mats', 'skin.png')}: no such file or directory, nor is C:\\Users\\lab\\scan\\skin.png there (texture named by scan.mtl line 2)`);
    return true;
  });
  writeFileSync(join(dir, 'mats', 'skin.png'), readFileSync(join(dir, 'tex', 'skin.png')));
  const moved = await buildMeshObjects({ obj: join(dir, 'scan.obj'), meta: META, out: join(dir, 'dicom2') });
  assert.deepEqual(moved.warnings, ['C:\\Users\\lab\\scan\\skin.png (texture named by scan.mtl line 2): no such file or directory; skin.png beside scan.mtl is used']);
  assert.deepEqual(moved.objects.map((o) => o.role), ['texture', 'surface-mesh']);
});

test('face corners without vt or vn, among corners with them, are said to get zeros', () => {
  const dir = fresh();
  writeFileSync(join(dir, 'mixed.obj'), 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nvt 0 0\nvt 1 1\nvn 0 0 1\nf 1/1/1 2/2/1 3/1/1\nf 2 4 3\n');
  const mesh = readObjFile(join(dir, 'mixed.obj'));
  assert.ok(mesh.warnings.includes('3 face corners have no texture coordinate while others do; they get (0, 0)'), mesh.warnings.join('; '));
  assert.ok(mesh.warnings.includes('3 face corners have no normal while others do; they get (0, 0, 0)'), mesh.warnings.join('; '));
});

test('a texture is found by its SOP Instance UID, not by a file name that merely ends in it', async () => {
  const dir = fresh();
  const obj = await writeTexturedMesh(dir, { side: 4 });
  const written = await buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom'), encoding: 'surface' });
  const texture = written.objects.find((o) => o.role === 'texture')!;
  const surface = written.objects.find((o) => o.role === 'surface-mesh')!;
  // a decoy in the texture's folder, named "0<UID>.dcm", holding another image
  const decoy = readDicomFile(texture.path);
  decoy.dataset.set('SOPInstanceUID', `${decoy.dataset.getString('SOPInstanceUID')}9`);
  writeDicomFile(join(dirname(texture.path), `0${basename(texture.path)}`), decoy);
  rmSync(texture.path);
  writeDicomFile(join(dirname(texture.path), 'moved.dcm'), readDicomFile(join(dirname(texture.path), `0${basename(texture.path)}`)));
  await assert.rejects(exportMesh(surface.path, join(dir, 'back')), /texture image .* is not in its folder or study folder/);
});

async function failsBeforeWriting(setup: (dir: string) => Promise<string> | string, pattern: RegExp): Promise<void> {
  const dir = fresh();
  const obj = await setup(dir);
  await assert.rejects(buildMeshObjects({ obj, meta: META, out: join(dir, 'dicom'), encoding: 'both' }), (e: unknown) => {
    assert.ok(e instanceof DicomError, String(e));
    assert.match(e.describe(), pattern);
    assert.doesNotMatch(e.describe(), /\n/, 'one message');
    return true;
  });
  assert.ok(!existsSync(join(dir, 'dicom')) || readdirSync(join(dir, 'dicom'), { recursive: true }).length === 0, 'nothing written');
}

test('bad inputs fail with one clear message before anything is written', async () => {
  await failsBeforeWriting((dir) => {
    writeFileSync(join(dir, 'm.obj'), 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\nf 1 2 9\n');
    return join(dir, 'm.obj');
  }, /m\.obj: line 5: face refers to vertex 9/);
  await failsBeforeWriting((dir) => {
    writeFileSync(join(dir, 'm.obj'), 'v 0 0 0\nv NaN 0 0\nv 0 1 0\nf 1 2 3\n');
    return join(dir, 'm.obj');
  }, /m\.obj: line 2: .*NaN/);
  await failsBeforeWriting((dir) => {
    writeFileSync(join(dir, 'm.obj'), 'mtllib gone.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
    return join(dir, 'm.obj');
  }, /gone\.mtl: no such file or directory \(material library named by m\.obj line 1\)/);
  await failsBeforeWriting(async (dir) => {
    const obj = await writeTexturedMesh(dir, { side: 2 });
    rmSync(join(dir, 'body.jpg'));
    return obj;
  }, /body\.jpg: no such file or directory \(texture named by body\.mtl line 3\)/);
  if (process.platform !== 'win32') {
    await failsBeforeWriting((dir) => {
      writeFileSync(join(dir, 'm.obj'), 'mtllib loop.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
      symlinkSync('loop.mtl', join(dir, 'loop.mtl'));
      return join(dir, 'm.obj');
    }, /loop\.mtl: cannot be looked at: ELOOP \(material library named by m\.obj line 1\)/);
  }
  await failsBeforeWriting((dir) => {
    writeFileSync(join(dir, 'm.obj'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
    return join(dir, 'm.obj');
  }, /m\.obj: line 1: binary data/);
});

test('a face that uses a vertex twice (zero area) is kept in the Surface Scan Mesh, which validates, and comes back as written', async () => {
  const dir = fresh();
  const obj = join(dir, 'degenerate.obj');
  writeFileSync(obj, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\nf 2 2 4\nf 2 4 3\n');
  const { written, exported } = await roundTrip(obj, dir);
  assert.deepEqual(written.warnings, ['1 face uses a vertex twice (zero area), on line 6; it is kept as written']);
  assertSameMesh(readObjFile(obj), readObjFile(exported[0]!));
  assert.deepEqual([...readObjFile(exported[0]!).triangles], [1, 2, 3, 2, 2, 4, 2, 4, 3]);
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyAs(written.objects.find((o) => o.role === 'surface-mesh')!.path, SURFACE_SEGMENTATION, dir), []);
});

test('OBJ objects (o) come back as objects and groups (g) as groups; a mesh written before objects were kept exports them as groups', async () => {
  const dir = fresh();
  const obj = join(dir, 'objects.obj');
  writeFileSync(obj, 'o Body scan\nv 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\ng front\nf 1 2 3\no\ng\nf 2 4 3\n');
  const { written, exported } = await roundTrip(obj, dir);
  const groups = [
    { statement: 'o', name: 'Body scan', firstTriangle: 0 }, { statement: 'g', name: 'front', firstTriangle: 0 },
    { statement: 'o', name: '', firstTriangle: 1 }, { statement: 'g', name: '', firstTriangle: 1 },
  ];
  assert.deepEqual(readObjFile(exported[0]!).groups, groups);
  assertSameMesh(readObjFile(obj), readObjFile(exported[0]!));
  const surface = written.objects.find((o) => o.role === 'surface-mesh')!.path;
  const file = readDicomFile(surface);
  assert.equal(file.dataset.getString(meshKey('TBPMeshGroupStatements')), 'o\ng\no\ng');
  // As the previous version wrote it: names and first triangles only.
  file.dataset.delete(meshKey('TBPMeshGroupStatements'));
  writeDicomFile(join(dirname(surface), 'older.dcm'), file);
  const older = await exportMesh(join(dirname(surface), 'older.dcm'), join(dir, 'older'));
  assert.deepEqual(readObjFile(older.files[0]!).groups, groups.map((g) => ({ ...g, statement: 'g' })));
  // Groups alone leave the block as it was.
  const plain = join(dir, 'groups.obj');
  writeFileSync(plain, 'v 0 0 0\nv 1 0 0\nv 0 1 0\ng front\nf 1 2 3\n');
  const onlyGroups = await buildMeshObjects({ obj: plain, meta: META, out: join(dir, 'plain') });
  assert.equal(readDicomFile(onlyGroups.objects.find((o) => o.role === 'surface-mesh')!.path).dataset.has(meshKey('TBPMeshGroupStatements')), false);
});
