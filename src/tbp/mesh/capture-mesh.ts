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
  /** What the mesh files lose, and lesions whose 3D position lies outside the mesh. */
  warnings: string[];
}

/**
 * The manifest's `mesh` entry as DICOM, for `importCapture`: reads and checks the OBJ/MTL/texture and the mesh facts,
 * and every lesion's Vertex ID against the mesh (failing the import before anything is written), warns of 3D positions
 * outside it, and builds the Surface Scan Mesh (with the UIDs the plan reserved, which the dermoscopic images already
 * reference), the texture as a VL Photographic Image and, on request, Encapsulated OBJ/MTL. UIDs derive from the capture digest, so a
 * re-run rewrites the same files.
 */
export async function prepareCaptureMesh(plan: CapturePlan): Promise<CaptureMesh | undefined> {
  const { manifest, baseDir } = plan.capture.source;
  if (!manifest.mesh || !plan.mesh) return undefined;
  const { file, material, texture, ...facts } = manifest.mesh;
  const at = (file: string | undefined): string | undefined => (file === undefined ? undefined : resolve(baseDir, file));
  const inputs = await loadMeshInputs({ obj: at(file)!, mtl: at(material), texture: at(texture) });
  const placements = checkLesionPlacements(inputs.mesh, manifest.lesions.map((l) => ({ id: l.id, vertexId: l.vertexId, position3d: l.position3d })));
  // The facts and the lesions' Vertex IDs together: one message with every problem the mesh has.
  const problems = [...checkMeshFacts(facts), ...placements.problems];
  if (problems.length) throw new ManifestError(plan.capture.source.path, problems);
  const warnings = [...inputs.warnings.map((w) => `mesh: ${w}`), ...placements.warnings];
  const { uids } = plan;
  const objects = await buildMeshDatasets(inputs, {
    ...sharedInputs(manifest, uids.study), facts, encoding: plan.mesh.encoding,
    uids,
    fallbackDateTime: studyDateTime(manifest.study, new Date()),
  });
  return { objects, warnings };
}
