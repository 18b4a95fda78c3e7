import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { uidFromKey } from '../core/uid-generate.js';
import type { CheckedCapture } from './capture-check.js';
import type { MeshUids } from './mesh/mesh-datasets.js';

/** Namespace for Tracking UIDs, which depend only on patient and lesion so a lesion keeps its UID across visits. */
const TRACKING_NAMESPACE = 'tbp-dicom lesion tracking v1';

/**
 * UIDs of one capture, derived (as name-based UUIDs under 2.25) from a digest of the manifest and of each input
 * file's size and modification time. Importing the same capture again gives the same UIDs, so a re-run replaces its
 * own files atomically instead of adding a second copy of the study; any change to the capture gives new UIDs.
 * The mesh's UIDs are reserved here so that the images can reference it before the mesh objects exist.
 */
export interface CaptureUids extends MeshUids {
  regionalSeries: string;
  dermoscopicSeries: string;
  /** The SOP Instance UID of the object made from one manifest image ("regional:R1", "lesion:L1:0"). */
  instance(key: string): string;
  tracking(lesionId: string): string;
}

export function captureDigest(capture: CheckedCapture): Buffer {
  const hash = createHash('sha256').update(JSON.stringify(capture.source.manifest));
  const files = [...capture.regional.map((r) => r.probe.path), ...capture.lesions.flatMap((l) => l.images.map((i) => i.probe.path))];
  if (capture.meshFile) files.push(capture.meshFile);
  for (const file of files) {
    const s = statSync(file);
    hash.update(`\n${file}\t${s.size}\t${s.mtimeMs}`);
  }
  return hash.digest();
}

export function captureUids(capture: CheckedCapture): CaptureUids {
  const digest = captureDigest(capture);
  const derive = (name: string): string => uidFromKey(digest, name);
  const { manifest } = capture.source;
  const tracking = new Map(manifest.lesions.map((l) => [l.id, l.trackingUid ?? uidFromKey(TRACKING_NAMESPACE, `${manifest.patient.id}\\${l.id}`)]));
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
    tracking: (lesionId) => tracking.get(lesionId) ?? uidFromKey(TRACKING_NAMESPACE, `${manifest.patient.id}\\${lesionId}`),
  };
}
