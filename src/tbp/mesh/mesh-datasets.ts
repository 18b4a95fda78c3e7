import { basename } from 'node:path';
import { buildEncapsulated3dModel, type StudyInstanceReference } from '../../iod/builders/encapsulated-3d-model.js';
import type { EquipmentInfo } from '../../iod/builders/modules/equipment.js';
import type { PatientInfo } from '../../iod/builders/modules/patient.js';
import type { StudyInfo } from '../../iod/builders/modules/study.js';
import { buildSurfaceScanMesh } from '../../iod/builders/surface-scan-mesh.js';
import type { BuiltImage } from '../../iod/builders/visible-light-image.js';
import { buildVlPhotographicImage } from '../../iod/builders/vl-photographic-image.js';
import { lookupSite } from '../../iod/codes/anatomic-sites.js';
import { uidFromKey } from '../../core/uid-generate.js';
import { loadPixels } from '../../pixel/image-source.js';
import type { SurfaceMesh } from '../../mesh/surface-mesh.js';
import { scanProcedure, setMeshFacts } from './mesh-facts.js';
import type { MeshInputs, MeshTexture } from './mesh-inputs.js';
import type { MeshFacts } from './mesh-meta.js';
import { setMeshPrivate } from './mesh-private.js';

export const MESH_ENCODINGS = ['surface', 'obj', 'both'] as const;
export type MeshEncoding = (typeof MESH_ENCODINGS)[number];
export type MeshObjectRole = 'surface-mesh' | 'texture' | 'obj' | 'mtl';

/** The UIDs of a capture's mesh objects (the import reserves the surface mesh's; the rest may be made up). */
export interface MeshUids {
  study: string;
  frameOfReference: string;
  meshSeries: string;
  meshInstance: string;
  textureSeries: string;
  textureInstance: string;
  /** Encapsulated OBJ and MTL (`--mesh-encoding obj|both`). */
  modelSeries: string;
  objInstance: string;
  mtlInstance: string;
}

export interface MeshContext {
  patient: PatientInfo;
  study: StudyInfo;
  equipment: EquipmentInfo;
  facts: MeshFacts;
  uids: MeshUids;
  encoding: MeshEncoding;
  /** The study's date and time (studyDateTime): the scan's when the facts give no acquisition date-time. */
  fallbackDateTime: string;
  created?: Date;
}

export interface BuiltMeshObject {
  role: MeshObjectRole;
  /** The file it was made from, as given (relative stays relative); one the OBJ or MTL names is in that file's folder. */
  input: string;
  built: BuiltImage;
}

const SERIES = {
  mesh: { number: 3, description: 'TBP 3D body surface mesh' },
  texture: { number: 4, description: 'TBP 3D body mesh texture' },
  model: { number: 5, description: 'TBP 3D body model (OBJ/MTL)' },
};

/** Texture coordinates as DICOM wants them (v from the top row) and the OBJ's own v, which export restores exactly. */
function splitUvs(uvs: Float32Array): { u: Float32Array; v: Float32Array; objV: Float32Array } {
  const n = uvs.length / 2;
  const u = new Float32Array(n);
  const v = new Float32Array(n);
  const objV = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    u[p] = uvs[2 * p]!;
    objV[p] = uvs[2 * p + 1]!;
    v[p] = 1 - objV[p]!;
  }
  return { u, v, objV };
}

const bytes = (a: Float32Array | Uint32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** What the OBJ had that the Surface Mesh module cannot say: seam copies, groups, triangulated polygons, exact v. */
function setRoundTripFacts(built: BuiltImage, mesh: SurfaceMesh, objV: Float32Array | undefined, u: Float32Array | undefined): void {
  const ds = built.dataset;
  setMeshPrivate(ds, 'TBPMeshSourceVertexCount', mesh.sourceVertexCount);
  if (mesh.duplicateSources.length) setMeshPrivate(ds, 'TBPMeshSeamSources', bytes(mesh.duplicateSources));
  if (mesh.polygonsTriangulated) setMeshPrivate(ds, 'TBPMeshPolygonsTriangulated', mesh.polygonsTriangulated);
  if (mesh.groups.length) {
    setMeshPrivate(ds, 'TBPMeshGroupNames', mesh.groups.map((g) => g.name).join('\n'));
    setMeshPrivate(ds, 'TBPMeshGroupFirstTriangles', bytes(Uint32Array.from(mesh.groups.map((g) => g.firstTriangle))));
    if (mesh.groups.some((g) => g.statement === 'o')) setMeshPrivate(ds, 'TBPMeshGroupStatements', mesh.groups.map((g) => g.statement).join('\n'));
  }
  if (objV) setMeshPrivate(ds, 'TBPMeshObjTextureV', bytes(objV));
  if (u) setMeshPrivate(ds, 'TBPMeshObjTextureU', bytes(u));
}

function surfaceComments(mesh: SurfaceMesh): string {
  const lines = [...mesh.comments];
  const polygons = mesh.polygonsTriangulated;
  if (polygons) lines.push(`tbp-dicom: ${polygons} OBJ ${polygons > 1 ? 'faces' : 'face'} with more than three corners ${polygons > 1 ? 'were' : 'was'} triangulated (fan from the first corner)`);
  // LT drops trailing spaces: a last line that ends in white space (or is empty) gets a line end to keep them
  const last = lines[lines.length - 1];
  return lines.join('\n') + (last !== undefined && (last === '' || /\s$/.test(last)) ? '\n' : '');
}

/**
 * The SOP Instance UID of texture k (0-based): the reserved one first, the others derived from it by name, so that a
 * re-run with the same reserved UIDs (a capture import) gives the same ones.
 */
const textureUid = (uids: MeshUids, k: number): string => (k === 0 ? uids.textureInstance : uidFromKey(uids.textureInstance, `texture ${k + 1}`));

/** When the scan was made: every mesh object's Content Date/Time, as the Surface Scan Mesh's Acquisition DateTime. */
const scannedAt = (ctx: MeshContext): string => ctx.facts.acquisitionDateTime ?? ctx.fallbackDateTime;

async function buildTexture(texture: MeshTexture, k: number, ctx: MeshContext): Promise<BuiltImage> {
  const { patient, study, equipment, uids } = ctx;
  return buildVlPhotographicImage({
    patient, study, equipment,
    series: { instanceUid: uids.textureSeries, ...SERIES.texture },
    sopInstanceUid: textureUid(uids, k),
    instanceNumber: k + 1,
    pixels: await loadPixels(texture.probe),
    // A texture atlas of the whole body surface.
    site: lookupSite('skin')!,
    recognizableVisualFeatures: true,
    imageComments: `Texture of the 3D body surface mesh (${basename(texture.path)})`,
    contentDateTime: scannedAt(ctx),
    created: ctx.created,
  });
}

/**
 * What a Surface Scan Mesh loses of an MTL with several diffuse textures. Its UV Mapping gives each point of a surface
 * one place in one texture; splitting the mesh into a surface per material (which PS3.3 C.27.6 allows, each UV Mapping
 * item naming its surface) would number each surface's points anew, and a point number must stay the OBJ's vertex
 * number that lesions (TBP Vertex ID) refer to. So the one surface maps onto the first texture.
 */
export function surfaceTextureWarnings(inputs: MeshInputs, encoding: MeshEncoding): string[] {
  const [first, ...others] = inputs.textures;
  if (encoding === 'obj' || !first || !others.length) return [];
  const materials = others.flatMap((t) => t.materials).map((m) => `"${m}"`);
  const files = others.map((t) => t.name ?? basename(t.path)).join(', ');
  const kept = encoding === 'both' ? `the Encapsulated MTL references every texture` : `${files} ${others.length > 1 ? 'are' : 'is'} not stored: --mesh-encoding both also writes the Encapsulated OBJ/MTL, which references every texture`;
  return [`the MTL names ${inputs.textures.length} diffuse textures; the Surface Scan Mesh maps its one surface onto the first, ${first.name ?? basename(first.path)}, so the faces of material${materials.length > 1 ? 's' : ''} ${materials.join(', ')} (textured with ${files}) show that texture's pixels instead; ${kept}`];
}

function buildSurface(inputs: MeshInputs, ctx: MeshContext, texture: BuiltImage | undefined): BuiltImage {
  const { mesh } = inputs;
  const uv = mesh.uvs ? splitUvs(mesh.uvs) : undefined;
  const built = buildSurfaceScanMesh({
    patient: ctx.patient, study: ctx.study, equipment: ctx.equipment,
    series: { instanceUid: ctx.uids.meshSeries, ...SERIES.mesh },
    sopInstanceUid: ctx.uids.meshInstance,
    frameOfReferenceUid: ctx.uids.frameOfReference,
    instanceNumber: 1,
    procedure: scanProcedure(ctx.facts, ctx.fallbackDateTime),
    points: mesh.positions,
    triangles: mesh.triangles,
    ...(mesh.normals ? { normals: mesh.normals } : {}),
    ...(uv && texture ? { texture: { u: uv.u, v: uv.v, image: texture, label: 'TEXTURE' } } : {}),
    surfaceComments: surfaceComments(mesh),
    bodyPart: 'WHOLEBODY',
    created: ctx.created,
  });
  setMeshFacts(built.dataset, ctx.facts);
  setRoundTripFacts(built, mesh, uv?.objV, uv && !texture ? uv.u : undefined);
  return built;
}

function buildModel(inputs: MeshInputs, ctx: MeshContext, textures: BuiltImage[]): BuiltMeshObject[] {
  const { patient, study, equipment, uids } = ctx;
  const common = {
    patient, study, equipment, series: { instanceUid: uids.modelSeries, ...SERIES.model }, created: ctx.created,
    acquisitionDateTime: ctx.facts.acquisitionDateTime, contentDateTime: scannedAt(ctx),
  };
  const ref = (b: BuiltImage, uri: string | undefined, image = false): StudyInstanceReference => ({
    sopClassUid: b.sopClassUid, sopInstanceUid: b.sopInstanceUid, seriesInstanceUid: b.seriesInstanceUid, image, ...(uri ? { uri } : {}),
  });
  const mtlUri = inputs.mesh.materialLibraries[0]?.name;
  const out: BuiltMeshObject[] = [];
  let mtl: BuiltImage | undefined;
  if (inputs.mtl) {
    mtl = buildEncapsulated3dModel({
      ...common, kind: 'mtl', sopInstanceUid: uids.mtlInstance, instanceNumber: 2, document: inputs.mtl.bytes,
      title: basename(inputs.mtl.path), references: textures.map((t, k) => ref(t, inputs.textures[k]!.name, true)),
    });
    out.push({ role: 'mtl', input: inputs.mtl.path, built: mtl });
  }
  const obj = buildEncapsulated3dModel({
    ...common, kind: 'obj', sopInstanceUid: uids.objInstance, instanceNumber: 1, frameOfReferenceUid: uids.frameOfReference,
    document: inputs.objDocument, title: basename(inputs.objPath), references: mtl ? [ref(mtl, mtlUri)] : [],
  });
  out.unshift({ role: 'obj', input: inputs.objPath, built: obj });
  return out;
}

/**
 * Builds a capture's mesh objects in memory: the textures as VL Photographic Images, then the Surface Scan Mesh
 * (referencing the first texture in its UV Mapping) and/or the Encapsulated OBJ and MTL (the MTL referencing every
 * texture). Without the Encapsulated MTL only the texture the Surface Scan Mesh maps is stored.
 */
export async function buildMeshDatasets(inputs: MeshInputs, ctx: MeshContext): Promise<BuiltMeshObject[]> {
  const wanted = ctx.encoding === 'surface' ? inputs.textures.slice(0, 1) : inputs.textures;
  const out: BuiltMeshObject[] = [];
  const textures: BuiltImage[] = [];
  for (const [k, texture] of wanted.entries()) {
    textures.push(await buildTexture(texture, k, ctx));
    out.push({ role: 'texture', input: texture.path, built: textures[k]! });
  }
  if (ctx.encoding !== 'obj') out.push({ role: 'surface-mesh', input: inputs.objPath, built: buildSurface(inputs, ctx, textures[0]) });
  if (ctx.encoding !== 'surface') out.push(...buildModel(inputs, ctx, textures));
  return out;
}
