import { resolve } from 'node:path';
import type { CapturePlan } from '../capture-plan.js';
import { sharedInputs } from '../capture-objects.js';
import { ManifestError } from '../manifest-error.js';
import { studyDateTime } from './build-mesh-objects.js';
import { buildMeshDatasets, type BuiltMeshObject } from './mesh-datasets.js';
import { checkMeshFacts } from './mesh-facts.js';
import { loadMeshInputs } from './mesh-inputs.js';
import { checkLesionPlacements } from './mesh-lesions.js';

/** A capture's mesh objects, built before anything of the import is written. */
export interface CaptureMesh {
  objects: BuiltMeshObject[];
  /** Lesions whose Vertex ID or 3D position does not fit the mesh. */
  warnings: string[];
}

/**
 * The manifest's `mesh` entry as DICOM, for `importCapture`: reads and checks the OBJ/MTL/texture (failing the
 * import before anything is written), checks every lesion's Vertex ID and 3D position against the mesh, and builds
 * the Surface Scan Mesh (with the UIDs the plan reserved, which the dermoscopic images already reference), the
 * texture as a VL Photographic Image and, on request, Encapsulated OBJ/MTL. UIDs derive from the capture digest, so a
 * re-run rewrites the same files.
 */
export async function prepareCaptureMesh(plan: CapturePlan): Promise<CaptureMesh | undefined> {
  const { manifest, baseDir } = plan.capture.source;
  if (!manifest.mesh || !plan.mesh) return undefined;
  const { file, material, texture, ...facts } = manifest.mesh;
  const problems = checkMeshFacts(facts);
  if (problems.length) throw new ManifestError(plan.capture.source.path, problems);
  const at = (file: string | undefined): string | undefined => (file === undefined ? undefined : resolve(baseDir, file));
  const inputs = await loadMeshInputs({ obj: at(file)!, mtl: at(material), texture: at(texture) });
  const warnings = [
    ...inputs.warnings.map((w) => `mesh: ${w}`),
    ...checkLesionPlacements(inputs.mesh, manifest.lesions.map((l) => ({ id: l.id, vertexId: l.vertexId, position3d: l.position3d }))),
  ];
  const { uids } = plan;
  const objects = await buildMeshDatasets(inputs, {
    ...sharedInputs(manifest, uids.study), facts, encoding: plan.mesh.encoding,
    uids,
    fallbackDateTime: studyDateTime(manifest.study, new Date()),
  });
  return { objects, warnings };
}
