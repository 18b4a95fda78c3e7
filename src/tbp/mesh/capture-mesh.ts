import { relative } from 'node:path';
import { DicomError } from '../../core/errors.js';
import { whyNotAFile } from '../../io/regular-file.js';
import type { CapturePlan } from '../capture-plan.js';
import { sharedInputs } from '../capture-objects.js';
import type { LoadedManifest } from '../manifest-load.js';
import { caseHint, manifestFilePath } from '../manifest-path.js';
import { studyDateTime } from '../study-date-time.js';
import { buildMeshDatasets, surfaceTextureWarnings, type BuiltMeshObject } from './mesh-datasets.js';
import { checkMeshFacts } from './mesh-facts.js';
import { loadMeshInputs, type MeshInputs } from './mesh-inputs.js';
import { checkLesionPlacements } from './mesh-lesions.js';

/** The manifest's mesh as checked: its files read (when it has no problems), its problems and warnings. */
export interface CheckedCaptureMesh {
  inputs?: MeshInputs;
  /** One line each, named by manifest place (`mesh.acquisitionDateTime`, `lesions[3].vertexId`). */
  problems: string[];
  /** What the mesh files lose, and lesions whose 3D position lies outside the mesh. */
  warnings: string[];
}

/** A capture's mesh objects, built before anything of the import is written. */
export interface CaptureMesh {
  objects: BuiltMeshObject[];
  warnings: string[];
}

/**
 * Checks the manifest's `mesh` entry for `importCapture`, which reports its problems with the rest of the manifest's
 * (checkCapture) in one ManifestError: the files exist, the OBJ/MTL/texture read and parse, the mesh facts are valid,
 * and every lesion's Vertex ID is a vertex of the mesh; 3D positions outside it are warnings. Undefined without a mesh.
 */
export async function checkCaptureMesh(source: LoadedManifest): Promise<CheckedCaptureMesh | undefined> {
  const { manifest, baseDir } = source;
  // A mesh entry with shape problems is checked as far as it fits (checkCapture reports the shape's problems).
  if (!manifest.mesh) return undefined;
  const { file, material, texture, ...facts } = manifest.mesh;
  const at = (file: string | undefined): string | undefined => (file === undefined ? undefined : manifestFilePath(baseDir, file));
  const problems = Object.entries({ file, material, texture }).flatMap(([key, given]) => {
    const why = given === undefined ? undefined : whyNotAFile(at(given)!);
    return why ? [`mesh.${key}: ${given}: ${why}${caseHint(baseDir, given!, why)}`] : [];
  });
  // A file named with a shape problem (or not at all) is not read either: the mesh would be read without it.
  const unread = problems.length > 0 || ['file', 'material', 'texture'].some((key) => source.dropped.has(`mesh.${key}`));
  problems.push(...checkMeshFacts(facts));
  if (unread) return { problems, warnings: [] };
  let inputs: MeshInputs;
  try {
    inputs = await loadMeshInputs({ obj: at(file)!, mtl: at(material), texture: at(texture) });
  } catch (e) {
    // A file the mesh names that does not parse: one problem among the manifest's, naming the file (and its line).
    if (!(e instanceof DicomError)) throw e;
    const where = e.file === undefined ? '' : ` (${relative(baseDir, e.file)})`;
    return { problems: [...problems, `mesh${where}: ${e.message}`], warnings: [] };
  }
  const placements = checkLesionPlacements(inputs.mesh, (manifest.lesions ?? []).map((l) => ({ id: l?.id, vertexId: l?.vertexId, position3d: l?.position3d })));
  return {
    inputs, problems: [...problems, ...placements.problems],
    warnings: [...inputs.warnings.map((w) => `mesh: ${w}`), ...placements.warnings],
  };
}

/**
 * The checked mesh as DICOM: the Surface Scan Mesh (with the UIDs the plan reserved, which the dermoscopic images
 * already reference), the textures as VL Photographic Images and, on request, Encapsulated OBJ/MTL. UIDs derive from
 * the capture digest, so a re-run rewrites the same files.
 */
export async function prepareCaptureMesh(plan: CapturePlan, checked: CheckedCaptureMesh | undefined): Promise<CaptureMesh | undefined> {
  const { manifest } = plan.capture;
  if (!manifest.mesh || !plan.mesh || !checked?.inputs) return undefined;
  const { file, material, texture, ...facts } = manifest.mesh;
  const objects = await buildMeshDatasets(checked.inputs, {
    ...sharedInputs(manifest, plan.uids.study, plan.timezoneOffsetMinutes), facts, encoding: plan.mesh.encoding,
    uids: plan.uids,
    fallbackDateTime: studyDateTime(manifest.study),
  });
  return { objects, warnings: [...checked.warnings, ...surfaceTextureWarnings(checked.inputs, plan.mesh.encoding).map((w) => `mesh: ${w}`)] };
}
