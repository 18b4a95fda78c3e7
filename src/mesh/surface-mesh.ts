/**
 * A triangle mesh as DICOM's Surface Mesh module holds it: one list of points, per-point normals and texture
 * coordinates, and triangles as 1-based point numbers (DICOM and OBJ both number points from 1).
 *
 * Points 1..sourceVertexCount are the OBJ vertices in file order, so a vertex number means the same in both forms.
 * DICOM gives a point one normal and one texture coordinate, while an OBJ face corner may pair a vertex with any
 * `vt`/`vn` (texture seams); each further pairing becomes an extra point after the OBJ vertices, a copy of its source
 * vertex's position, recorded in `duplicateSources` so that the OBJ can be written back exactly.
 */
export interface SurfaceMesh {
  /** x, y, z per point (float32: what Point Coordinates Data (OF) holds). */
  positions: Float32Array;
  /** How many of the points are OBJ vertices; the rest are seam copies. */
  sourceVertexCount: number;
  /** For each seam copy (point sourceVertexCount+1 …), the 1-based OBJ vertex it copies. */
  duplicateSources: Uint32Array;
  /** Three 1-based point numbers per triangle. */
  triangles: Uint32Array;
  /** x, y, z per point, when the OBJ faces name normals. */
  normals?: Float32Array;
  /** u, v per point as OBJ writes them (v = 0 at the bottom of the texture), when the faces name texture coordinates. */
  uvs?: Float32Array;
  /** Named groups and objects (`g`, `o`: the statement that began each) with the first triangle (0-based) each starts at. */
  groups: { statement: 'g' | 'o'; name: string; firstTriangle: number }[];
  /** Comment lines (without "#"), in order. */
  comments: string[];
  /** Material libraries named by `mtllib`, with the line naming each. */
  materialLibraries: { name: string; line: number }[];
  /** Materials selected by `usemtl`, in order of first use. */
  materials: string[];
  /** OBJ faces with more than three corners, split into triangles (fan from the first corner). */
  polygonsTriangulated: number;
  /** Things read but not kept (vertex colours, lines, points …). */
  warnings: string[];
}

export const pointCount = (m: SurfaceMesh): number => m.positions.length / 3;
export const triangleCount = (m: SurfaceMesh): number => m.triangles.length / 3;

/** Axis-aligned bounds of x, y, z triplets: [xmin, ymin, zmin, xmax, ymax, zmax] (Points Bounding Box order). */
export function meshBounds(positions: Float32Array): [number, number, number, number, number, number] {
  const b: [number, number, number, number, number, number] = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = positions[i + k]!;
      if (v < b[k]!) b[k] = v;
      if (v > b[k + 3]!) b[k + 3] = v;
    }
  }
  return b;
}
