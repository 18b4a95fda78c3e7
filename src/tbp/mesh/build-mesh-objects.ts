import { join } from 'node:path';
import { generateUid } from '../../core/uid-generate.js';
import { pointCount, triangleCount } from '../../mesh/surface-mesh.js';
import { Findings, checkHeaderValues } from '../capture-check.js';
import { sharedInputs } from '../capture-objects.js';
import { studyUtcOffset } from '../study-timezone.js';
import { studyDateTime } from '../study-date-time.js';
import { DurableBatch } from '../durable-batch.js';
import { buildMeshDatasets, surfaceTextureWarnings, type BuiltMeshObject, type MeshEncoding, type MeshObjectRole, type MeshUids } from './mesh-datasets.js';
import { checkMeshFacts } from './mesh-facts.js';
import { loadMeshInputs, type MeshFiles } from './mesh-inputs.js';
import { loadMeshMeta, type MeshMeta } from './mesh-meta.js';
import { metaInput, type LoadedMeta } from '../meta-file.js';
import '../private-dictionary.js';
import { refuseOutputPath } from '../../io/empty-path.js';
import type { ObjectLink } from '../capture-import.js';
import { referencesIn } from '../lesion-report.js';

export interface MeshObjectsOptions extends MeshFiles {
  /** A JSON file with patient, study, equipment (and mesh facts), that file read (loadMeshMeta), or the metadata itself. */
  meta: string | LoadedMeta<MeshMeta> | MeshMeta;
  /** Output folder; objects go to OUT/<StudyUID>/<SeriesUID>/<SOPUID>.dcm. */
  out: string;
  encoding?: MeshEncoding;
  /** UIDs reserved elsewhere (the capture import's mesh instance and frame of reference); the rest are generated. */
  uids?: Partial<MeshUids>;
  created?: Date;
}

export interface WrittenMeshObject {
  role: MeshObjectRole;
  /** The file it was made from, as given (relative stays relative); one the OBJ or MTL names is in that file's folder. */
  input: string;
  /** The object's file, in the output folder as the caller named it (relative stays relative). */
  path: string;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  /** The objects it names: the texture (Surface Scan Mesh, MTL), the MTL (OBJ), as an image's links are listed. */
  links: ObjectLink[];
}

export interface MeshObjectsResult {
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  objects: WrittenMeshObject[];
  points: number;
  vertices: number;
  triangles: number;
  warnings: string[];
}

function completeUids(given: Partial<MeshUids>, studyUid: string): MeshUids {
  const u = (k: keyof MeshUids): string => given[k] ?? generateUid();
  return {
    study: studyUid, frameOfReference: u('frameOfReference'), meshSeries: u('meshSeries'), meshInstance: u('meshInstance'),
    textureSeries: u('textureSeries'), textureInstance: u('textureInstance'), modelSeries: u('modelSeries'),
    objInstance: u('objInstance'), mtlInstance: u('mtlInstance'),
  };
}

/** Puts built mesh objects into a batch under the study folder (STUDY/<SeriesUID>/<SOPUID>.dcm). */
export function writeMeshObjects(built: BuiltMeshObject[], studyDir: string, batch: DurableBatch): WrittenMeshObject[] {
  return built.map(({ role, input, built: b }) => {
    const path = join(studyDir, b.seriesInstanceUid, `${b.sopInstanceUid}.dcm`);
    batch.writeDicom(path, b, b.transferSyntaxUid);
    const links = referencesIn(b.dataset).map(({ relation, sopClassUid, sopInstanceUid }) => ({ relation, sopClassUid, sopInstanceUid }));
    return { role, input, path, sopClassUid: b.sopClassUid, sopInstanceUid: b.sopInstanceUid, seriesInstanceUid: b.seriesInstanceUid, links };
  });
}

/**
 * Makes the DICOM objects of one 3D body mesh (OBJ, optional MTL and textures): a Surface Scan Mesh (native, the
 * default), and/or Encapsulated OBJ and MTL (`encoding`), and each texture as a VL Photographic Image, all in one
 * study. Every input is read and checked first (bad OBJ lines, missing MTL or texture, bad metadata fail with one
 * message and nothing written); the objects are then written atomically together.
 */
export async function buildMeshObjects(options: MeshObjectsOptions): Promise<MeshObjectsResult> {
  refuseOutputPath(options.out, 'output folder');
  const loaded = metaInput(options.meta, loadMeshMeta);
  // Every problem of the metadata at once (its shape's and its values'), before the mesh is read.
  const header = new Findings();
  checkHeaderValues(loaded.passed, header);
  const meta = loaded.checked([...header.problems, ...checkMeshFacts(loaded.passed.mesh ?? {})]);
  const facts = meta.mesh ?? {};
  const inputs = await loadMeshInputs(options);
  const created = options.created ?? new Date();
  const studyUid = options.uids?.study ?? meta.study.instanceUid ?? generateUid();
  const uids = completeUids(options.uids ?? {}, studyUid);
  const encoding = options.encoding ?? 'surface';
  const built = await buildMeshDatasets(inputs, {
    ...sharedInputs(meta, studyUid, studyUtcOffset([facts.acquisitionDateTime])), facts, uids, encoding,
    fallbackDateTime: studyDateTime(meta.study), created,
  });
  const batch = new DurableBatch();
  let objects: WrittenMeshObject[];
  try {
    objects = writeMeshObjects(built, join(options.out, studyUid), batch);
    await batch.commit();
  } catch (e) {
    batch.abort();
    throw e;
  }
  const { mesh } = inputs;
  return {
    studyInstanceUid: studyUid, frameOfReferenceUid: uids.frameOfReference, objects,
    points: pointCount(mesh), vertices: mesh.sourceVertexCount, triangles: triangleCount(mesh), warnings: [...loaded.warnings, ...inputs.warnings, ...surfaceTextureWarnings(inputs, encoding)],
  };
}
