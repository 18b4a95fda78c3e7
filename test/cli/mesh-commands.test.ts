import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENCAPSULATED_OBJ_STORAGE } from '../../src/iod/builders/sop-classes.js';
import { readObjFile } from '../../src/mesh/obj-parse.js';
import { assertSameMesh } from '../mesh/mesh-compare.js';
import { META } from '../mesh/mesh-fixtures.js';
import { CLI, cli, type CliRun } from '../helpers/run-cli.js';
import { listDicom, tempDir } from '../tbp/tools.js';
import { breakGroupLength } from '../helpers/wrong-group-length.js';

const SAMPLE_OBJ = fileURLToPath(new URL('../../../samples/capture/mesh/body.obj', import.meta.url));


test('create mesh (both encodings) then export-mesh of each form gives the OBJ back exactly', () => {
  const dir = tempDir('cli-mesh');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const out = join(dir, 'dicom');
  const made = cli('create', 'mesh', '--obj', SAMPLE_OBJ, '--meta', meta, '--out', out, '--mesh-encoding', 'both', '--json');
  assert.equal(made.status, 0, made.stderr);
  const result = JSON.parse(made.stdout) as { objects: { role: string; path: string }[] };
  assert.deepEqual(result.objects.map((o) => o.role).sort(), ['mtl', 'obj', 'surface-mesh', 'texture']);
  assert.equal(listDicom(out).length, 4);
  const original = readObjFile(SAMPLE_OBJ);
  for (const role of ['surface-mesh', 'obj']) {
    const back = join(dir, `back-${role}`);
    const exported = cli('export-mesh', result.objects.find((o) => o.role === role)!.path, '--out', back);
    assert.equal(exported.status, 0, exported.stderr);
    const files = readdirSync(back).sort();
    assert.ok(files.some((f) => f.endsWith('.obj')) && files.some((f) => f.endsWith('.mtl')) && files.some((f) => f.endsWith('.jpg')), `${role}: ${files}`);
    assertSameMesh(original, readObjFile(join(back, files.find((f) => f.endsWith('.obj'))!)));
  }
});

test('create mesh refuses an unknown encoding and a missing OBJ, writing nothing', () => {
  const dir = tempDir('cli-mesh-bad');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const out = join(dir, 'dicom');
  const badEncoding = cli('create', 'mesh', '--obj', SAMPLE_OBJ, '--meta', meta, '--out', out, '--mesh-encoding', 'stl');
  assert.notEqual(badEncoding.status, 0);
  assert.match(badEncoding.stderr, /--mesh-encoding.*stl.*(surface, obj, both)/s);
  const missing = cli('create', 'mesh', '--obj', join(dir, 'nope.obj'), '--meta', meta, '--out', out);
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /nope\.obj/);
  assert.deepEqual(listDicom(dir), []);
});

test('import --mesh-encoding obj and the create group run from the command line', () => {
  const dir = tempDir('cli-import');
  const manifest = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));
  const imported = cli('import', manifest, '--out', dir, '--mesh-encoding', 'obj', '--json');
  assert.equal(imported.status, 0, imported.stderr);
  type Listed = { role: string; sopInstanceUid: string; links: { relation: string; sopInstanceUid: string }[] };
  const result = JSON.parse(imported.stdout) as { meshObjects: Listed[]; mesh: { sopClassUid: string } };
  assert.deepEqual(result.meshObjects.map((o) => o.role), ['texture', 'obj', 'mtl']);
  // each mesh object lists what it names, as an image does: the OBJ its MTL, the MTL its texture
  const [texture, obj, mtl] = result.meshObjects;
  assert.deepEqual(obj!.links.map((l) => [l.relation, l.sopInstanceUid]), [['instance', mtl!.sopInstanceUid]]);
  assert.deepEqual(mtl!.links.map((l) => [l.relation, l.sopInstanceUid]), [['image', texture!.sopInstanceUid]]);
  assert.deepEqual(texture!.links, []);
  assert.equal(result.mesh.sopClassUid, ENCAPSULATED_OBJ_STORAGE, 'the images reference the OBJ, the only mesh written');
  // the summary names each mesh object's own input, relative to the manifest
  const summary = cli('import', manifest, '--out', tempDir('cli-import-summary'), '--mesh-encoding', 'both');
  assert.equal(summary.status, 0, summary.stderr);
  for (const [role, input] of [['texture', 'mesh/body.jpg'], ['surface-mesh', 'mesh/body.obj'], ['obj', 'mesh/body.obj'], ['mtl', 'mesh/body.mtl']]) {
    assert.match(summary.stdout, new RegExp(`^${role} +${input.replace('.', '\\.')}$`, 'm'));
  }
  assert.match(summary.stdout, /^surface-mesh +mesh\/body\.obj\n {2}-> \S+\n {5}texture {2}\S+$/m, 'the summary lists a mesh object\'s links');
  const help = cli('create', 'dermoscopic', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--image <file>/);
});

test('export-mesh that fails leaves no part of an export: not a mesh object, no folder made; a file it cannot write, none of the others', () => {
  const dir = tempDir('cli-mesh-export-fails');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const made = cli('create', 'mesh', '--obj', SAMPLE_OBJ, '--meta', meta, '--out', join(dir, 'dicom'), '--json');
  assert.equal(made.status, 0, made.stderr);
  const objects = (JSON.parse(made.stdout) as { objects: { role: string; path: string }[] }).objects;
  const notMesh = cli('export-mesh', objects.find((o) => o.role === 'texture')!.path, '--out', join(dir, 'back'));
  assert.equal(notMesh.status, 2, notMesh.stderr);
  assert.match(notMesh.stderr, /not a mesh object/);
  assert.equal(existsSync(join(dir, 'back')), false);
  // A folder where the OBJ would go: the texture and MTL written before it are taken back.
  const out = join(dir, 'blocked');
  mkdirSync(join(out, 'mesh.obj'), { recursive: true });
  const blocked = cli('export-mesh', objects.find((o) => o.role === 'surface-mesh')!.path, '--out', out);
  assert.equal(blocked.status, 2, blocked.stderr);
  assert.match(blocked.stderr, /mesh\.obj/);
  assert.deepEqual(readdirSync(out), ['mesh.obj']);
});

test('export-mesh names its object and output folder as given, in its errors and in the files it lists, as every command does', () => {
  const dir = tempDir('cli-mesh-export-names');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const made = cli('create', 'mesh', '--obj', SAMPLE_OBJ, '--meta', meta, '--out', join(dir, 'dicom'), '--json');
  assert.equal(made.status, 0, made.stderr);
  const objects = (JSON.parse(made.stdout) as { objects: { role: string; path: string; sopClassUid: string; sopInstanceUid: string }[] }).objects;
  const texture = objects.find((o) => o.role === 'texture')!;
  const mesh = objects.find((o) => o.role === 'surface-mesh')!.path;
  const run = (cwd: string, ...args: string[]): CliRun => spawnSync(CLI, args, { cwd, encoding: 'utf8' });
  const notMesh = relative(dir, texture.path);
  const refused = run(dir, 'export-mesh', notMesh, '--out', 'back');
  assert.equal(refused.stderr, `error [INVALID_ARGUMENT]: ${notMesh}: not a mesh object (SOP Class ${texture.sopClassUid}): give a Surface Scan Mesh, Encapsulated OBJ or Encapsulated MTL\n`);
  writeFileSync(join(dir, 'a-file'), '');
  const blocked = run(dir, 'export-mesh', relative(dir, mesh), '--out', 'a-file/back');
  assert.equal(blocked.stderr, 'error [IO]: a-file/back: cannot make the folder: a-file is a file\n');
  // Its texture is found in the study folder, the parent of the working folder here.
  const exported = run(dirname(mesh), 'export-mesh', basename(mesh), '--out', 'back');
  assert.equal(exported.status, 0, exported.stderr);
  assert.equal(exported.stdout, 'back/mesh.obj\nback/mesh.mtl\nback/texture.jpg\n');
  // A copy away from its texture.
  const away = tempDir('cli-mesh-export-away');
  mkdirSync(join(away, 'lone'));
  copyFileSync(mesh, join(away, 'lone', 'mesh.dcm'));
  const alone = run(away, 'export-mesh', 'lone/mesh.dcm', '--out', 'back');
  assert.equal(alone.stderr, `error [IO]: lone/mesh.dcm: the texture image (${texture.sopInstanceUid}) this object references is not in its folder or study folder\n`);
});

test('export-mesh of an object whose read corrected something (a wrong group length) says it as convert does, exit 1, and exports', () => {
  const dir = tempDir('cli-mesh-warning');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const made = cli('create', 'mesh', '--obj', SAMPLE_OBJ, '--meta', meta, '--out', join(dir, 'dicom'), '--json');
  assert.equal(made.status, 0, made.stderr);
  const mesh = (JSON.parse(made.stdout) as { objects: { role: string; path: string }[] }).objects.find((o) => o.role === 'surface-mesh')!.path;
  const warning = breakGroupLength(mesh);
  const exported = cli('export-mesh', mesh, '--out', join(dir, 'back'));
  assert.equal(exported.status, 1, exported.stderr);
  assert.equal(exported.stderr, `warning: ${mesh}: ${warning}\n`);
  assert.deepEqual(readdirSync(join(dir, 'back')).sort(), ['mesh.mtl', 'mesh.obj', 'texture.jpg']);
});

test('create mesh counts in words that agree: one triangle is "1 triangle", not "1 triangles"', () => {
  const dir = tempDir('cli-mesh-counts');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const obj = join(dir, 'one.obj');
  writeFileSync(obj, 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
  const made = cli('create', 'mesh', '--obj', obj, '--meta', meta, '--out', join(dir, 'dicom'));
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /^3 vertices, 1 triangle \(study [\d.]+\)\n/);
});
