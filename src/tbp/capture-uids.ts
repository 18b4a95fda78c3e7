import { createHash } from 'node:crypto';
import { uidFromKey } from '../core/uid-generate.js';
import { fingerprintFile } from '../io/file-fingerprint.js';
import type { CheckedCapture } from './capture-check.js';
import type { MeshEncoding, MeshUids } from './mesh/mesh-datasets.js';
import type { MeshInputs } from './mesh/mesh-inputs.js';
import { lesionTrackingUid } from './tracking-uid.js';

/**
 * UIDs of one capture, derived (as name-based UUIDs under 2.25) from a digest of the manifest and of each input
 * file's content (its fingerprint). Importing the same capture again, even copied elsewhere or with its files touched,
 * gives the same UIDs, so a re-run replaces its own files atomically instead of adding a second copy of the study;
 * a change to the manifest or to an image gives new UIDs, and so does a mesh encoding that changes what the images hold.
 * The mesh's UIDs are reserved here so that the images can reference it before the mesh objects exist.
 */
export interface CaptureUids extends MeshUids {
  regionalSeries: string;
  dermoscopicSeries: string;
  /** The SOP Instance UID of the object made from one manifest image ("regional:R1", "lesion:L1:0"). */
  instance(key: string): string;
  tracking(lesionId: string): string;
}

/**
 * The files a checked mesh was read from: the OBJ, the MTL and every texture, including those the manifest leaves to
 * the OBJ's `mtllib` and the MTL's `map_Kd`, whose content makes the mesh objects as much as the files it names.
 */
function meshFiles(mesh: MeshInputs): string[] {
  return [mesh.objPath, ...(mesh.mtl ? [mesh.mtl.path] : []), ...mesh.textures.map((t) => t.path)];
}

/** `mesh`: the manifest's mesh as checkCaptureMesh read it; required when the manifest has one. */
export function captureDigest(capture: CheckedCapture, meshEncoding: MeshEncoding = 'surface', mesh?: MeshInputs): Buffer {
  const { manifest } = capture;
  const hash = createHash('sha256').update(JSON.stringify(manifest));
  const images = [...capture.regional.map((r) => r.probe), ...capture.lesions.flatMap((l) => l.images.map((i) => i.probe))];
  // Paths relative to the manifest (already in it), so that a copied or moved capture keeps its UIDs.
  for (const probe of images) hash.update(`\n${probe.fingerprint ?? fingerprintFile(probe.path)}`);
  if (manifest.mesh && !mesh) throw new Error('captureDigest: the manifest has a mesh, but it was not given as checkCaptureMesh read it');
  for (const file of mesh ? meshFiles(mesh) : []) hash.update(`\n${fingerprintFile(file)}`);
  // With `obj` alone the images reference the Encapsulated OBJ instead of the Surface Scan Mesh: other content, so
  // other UIDs. `both` writes what `surface` does plus the OBJ/MTL, and a capture without a mesh is the same in any
  // encoding: their UIDs stay those `surface` gives (as before the encoding was digested).
  if (mesh && meshEncoding === 'obj') hash.update('\nmesh referenced as Encapsulated OBJ');
  return hash.digest();
}

export function captureUids(capture: CheckedCapture, meshEncoding: MeshEncoding = 'surface', mesh?: MeshInputs): CaptureUids {
  const digest = captureDigest(capture, meshEncoding, mesh);
  const derive = (name: string): string => uidFromKey(digest, name);
  const { manifest } = capture;
  const tracking = new Map(manifest.lesions.map((l) => [l.id, l.trackingUid ?? lesionTrackingUid(manifest.patient.id, l.id)]));
  return {
    study: manifest.study.instanceUid ?? derive('study'),
    frameOfReference: derive('frame-of-reference'),
    regionalSeries: derive('series:regional'),
    dermoscopicSeries: derive('series:dermoscopic'),
    meshSeries: derive('series:mesh'),
    meshInstance: derive('instance:mesh'),
    textureSeries: derive('series:mesh-texture'),
    textureInstance: derive('instance:mesh-texture'),
    modelSeries: derive('series:mesh-model'),
    objInstance: derive('instance:mesh-obj'),
    mtlInstance: derive('instance:mesh-mtl'),
    instance: (key) => derive(`instance:${key}`),
    tracking: (lesionId) => tracking.get(lesionId) ?? lesionTrackingUid(manifest.patient.id, lesionId),
  };
}
