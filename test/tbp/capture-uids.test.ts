import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { checkCapture } from '../../src/tbp/capture-check.js';
import { planCapture, type CapturePlan } from '../../src/tbp/capture-plan.js';
import { loadManifest } from '../../src/tbp/manifest-load.js';
import { checkCaptureMesh } from '../../src/tbp/mesh/capture-mesh.js';
import type { MeshEncoding } from '../../src/tbp/mesh/mesh-datasets.js';
import { tempDir } from './tools.js';

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));

/** Every UID a plan gives: the mesh objects', the study's, and each image's. */
const uidsOf = (plan: CapturePlan): string[] => [
  plan.uids.study, plan.uids.frameOfReference, plan.uids.meshInstance, plan.uids.objInstance, plan.uids.mtlInstance, plan.uids.textureInstance,
  ...plan.images.map((i) => i.sopInstanceUid),
];

test('a mesh encoding that changes what the images reference gives other UIDs; the same encoding again the same ones', async () => {
  const source = loadManifest(SAMPLE);
  const capture = await checkCapture(source);
  const out = tempDir('capture-uids');
  const mesh = (await checkCaptureMesh(source))!.inputs;
  const plan = (encoding: MeshEncoding): CapturePlan => planCapture(capture, out, encoding, mesh);
  const surface = plan('surface');
  const obj = plan('obj');
  assert.notEqual(obj.mesh!.sopInstanceUid, surface.mesh!.sopInstanceUid);
  assert.notEqual(obj.uids.objInstance, plan('both').uids.objInstance, 'the OBJ the images reference is not the one beside the Surface Scan Mesh');
  // Not one UID of the images, which reference another object, is reused.
  const reused = uidsOf(obj).filter((uid) => uidsOf(surface).includes(uid));
  assert.deepEqual(reused, []);
  assert.deepEqual(uidsOf(plan('obj')), uidsOf(obj), 'a re-run with the same encoding');
  assert.deepEqual(uidsOf(plan('surface')), uidsOf(surface));
  // `both` adds the OBJ/MTL to what `surface` writes: the objects the two share are the same.
  assert.deepEqual(uidsOf(plan('both')), uidsOf(surface));
  // Without a mesh the encoding changes nothing.
  const meshless = await checkCapture({ ...source, manifest: { ...source.manifest, mesh: undefined, lesions: source.manifest.lesions } });
  assert.deepEqual(uidsOf(planCapture(meshless, out, 'obj')), uidsOf(planCapture(meshless, out, 'surface')));
});

test('the MTL and texture the manifest leaves to the OBJ and MTL go into the UIDs: changing either gives new ones', async () => {
  const dir = tempDir('capture-uids-mesh');
  cpSync(dirname(SAMPLE), dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.yaml');
  // Only the OBJ named: its `mtllib` names the MTL, whose `map_Kd` names the texture.
  writeFileSync(manifestPath, readFileSync(manifestPath, 'utf8').replace(/^mesh: .*$/m, 'mesh: { file: mesh/body.obj }'));
  const uids = async (): Promise<string[]> => {
    const source = loadManifest(manifestPath);
    return uidsOf(planCapture(await checkCapture(source), dir, 'both', (await checkCaptureMesh(source))!.inputs));
  };
  const first = await uids();
  assert.deepEqual(await uids(), first, 'the same files give the same UIDs');
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#804020' } }).jpeg().toFile(join(dir, 'mesh', 'body.jpg'));
  const newTexture = await uids();
  assert.equal(newTexture.filter((uid) => first.includes(uid)).length, 0, 'another texture: no UID kept');
  writeFileSync(join(dir, 'mesh', 'body.mtl'), readFileSync(join(dir, 'mesh', 'body.mtl'), 'utf8').replace('Kd 0.88', 'Kd 0.87'));
  assert.equal((await uids()).filter((uid) => newTexture.includes(uid)).length, 0, 'another MTL: no UID kept');
});
