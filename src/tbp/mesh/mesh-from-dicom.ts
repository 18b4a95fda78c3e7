import type { Dataset } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';
import { float32Values, uint32Values } from '../../core/value-codec.js';
import type { SurfaceMesh } from '../../mesh/surface-mesh.js';
import { meshKey, type MeshKeyword } from './mesh-private.js';

const privateBytes = (ds: Dataset, k: MeshKeyword): Buffer | undefined => ds.bytes(meshKey(k));

/** The note of triangulated faces in Surface Comments ("1 OBJ faces" in objects written before it said "1 OBJ face"). */
const TRIANGULATION_NOTE = /^tbp-dicom: \d+ OBJ faces? with more than three corners/;

/**
 * Reads the mesh of a Surface Scan Mesh object back: points, triangles, normals, per-point texture coordinates
 * (the OBJ's exact v from the mesh block when present, else 1 - V), and the OBJ structure the mesh block kept.
 * Meshes from other systems (no block) come back with every point as an OBJ vertex.
 */
export function meshFromDataset(ds: Dataset, file: string): { mesh: SurfaceMesh; textureUid?: string } {
  const surface = ds.items('SurfaceSequence')[0];
  if (!surface) throw new DicomError('BAD_VALUE', 'no Surface Sequence item: not a surface mesh', { file });
  if (ds.items('SurfaceSequence').length > 1) throw new DicomError('BAD_VALUE', 'several surfaces: only single-surface meshes are exported', { file });
  const positions = float32Values(surface.items('SurfacePointsSequence')[0]?.bytes('PointCoordinatesData'));
  const triangles = uint32Values(surface.items('SurfaceMeshPrimitivesSequence')[0]?.bytes('LongTrianglePointIndexList'));
  if (!positions || !triangles) throw new DicomError('BAD_VALUE', 'the surface has no Point Coordinates Data or no Long Triangle Point Index List', { file });
  const points = positions.length / 3;
  for (const p of triangles) if (p < 1 || p > points) throw new DicomError('BAD_VALUE', `a triangle refers to point ${p}; the surface has ${points}`, { file });
  const normals = float32Values(surface.items('SurfacePointsNormalsSequence')[0]?.bytes('VectorCoordinateData'));
  const uvItem = ds.items('UVMappingSequence')[0];
  const u = float32Values(uvItem?.bytes('UValueData')) ?? float32Values(privateBytes(ds, 'TBPMeshObjTextureU'));
  let v = float32Values(privateBytes(ds, 'TBPMeshObjTextureV'));
  if (!v && uvItem) v = float32Values(uvItem.bytes('VValueData'))?.map((x) => 1 - x);
  let uvs: Float32Array | undefined;
  if (u && v && u.length === points && v.length === points) {
    uvs = new Float32Array(2 * points);
    for (let p = 0; p < points; p++) {
      uvs[2 * p] = u[p]!;
      uvs[2 * p + 1] = v[p]!;
    }
  }
  const sourceVertexCount = ds.getNumber(meshKey('TBPMeshSourceVertexCount')) ?? points;
  const names = ds.getString(meshKey('TBPMeshGroupNames'))?.split('\n') ?? [];
  const firsts = uint32Values(privateBytes(ds, 'TBPMeshGroupFirstTriangles')) ?? new Uint32Array(0);
  const statements = ds.getString(meshKey('TBPMeshGroupStatements'))?.split('\n') ?? [];
  const commentText = surface.getString('SurfaceComments') ?? '';
  // a final line end only closes the last line (written so that LT keeps its trailing spaces)
  const commentLines = commentText === '' ? [] : commentText.replace(/\n$/, '').split('\n');
  const comments = commentLines.filter((line) => !TRIANGULATION_NOTE.test(line));
  const mesh: SurfaceMesh = {
    positions, triangles, sourceVertexCount,
    duplicateSources: uint32Values(privateBytes(ds, 'TBPMeshSeamSources')) ?? new Uint32Array(0),
    ...(normals && normals.length === positions.length ? { normals } : {}),
    ...(uvs ? { uvs } : {}),
    // One group per first triangle: an unnamed group (OBJ `g` alone) leaves only an empty line in the names. Without
    // statements (none was an `o`, or the object predates them) each is a `g`.
    groups: [...firsts].map((firstTriangle, i) => ({ statement: statements[i] === 'o' ? 'o' : 'g', name: names[i] ?? '', firstTriangle })),
    comments, materialLibraries: [], materials: [],
    polygonsTriangulated: ds.getNumber(meshKey('TBPMeshPolygonsTriangulated')) ?? 0, warnings: [],
  };
  if (mesh.duplicateSources.length !== points - sourceVertexCount) throw new DicomError('BAD_VALUE', 'the TBP mesh block does not match the points (seam copies)', { file });
  const textureUid = uvItem?.items('ReferencedTextureSequence')[0]?.getString('ReferencedSOPInstanceUID');
  return { mesh, ...(textureUid ? { textureUid } : {}) };
}
