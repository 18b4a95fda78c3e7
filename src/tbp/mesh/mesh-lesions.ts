import { meshBounds, type SurfaceMesh } from '../../mesh/surface-mesh.js';

export interface LesionPlacement {
  /** Its Lesion ID; undefined when that has a shape problem (the lesion is then named by its place). */
  id?: string;
  /** 0-based index into the OBJ's vertex list (the TBP Vertex ID). */
  vertexId?: number;
  position3d?: readonly [number, number, number];
}

/** How far outside the mesh's bounding box a lesion position may lie (mm) before it is reported. */
const BOUNDS_TOLERANCE = 1;

/**
 * Checks lesion placements (in manifest order) against the mesh. A Vertex ID must name an OBJ vertex: otherwise it is
 * a problem, named by the lesion's place in the manifest (`lesions[0].vertexId`), since the object would point into
 * nothing. A 3D position outside the mesh's bounds is a warning: the lesion is still written (a position may be
 * measured in another way than the mesh was).
 */
export function checkLesionPlacements(
  mesh: Pick<SurfaceMesh, 'positions' | 'sourceVertexCount'>,
  lesions: readonly LesionPlacement[],
): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const box = lesions.some((l) => l.position3d) ? meshBounds(mesh.positions.subarray(0, 3 * mesh.sourceVertexCount)) : undefined;
  lesions.forEach((l, i) => {
    const lesion = l.id === undefined ? `lesions[${i}]` : `lesion ${l.id}`;
    if (l.vertexId !== undefined && (l.vertexId < 0 || l.vertexId >= mesh.sourceVertexCount || !Number.isInteger(l.vertexId))) {
      problems.push(`lesions[${i}].vertexId: ${l.vertexId} is not a vertex of the mesh (${lesion}; the mesh has vertices 0 to ${mesh.sourceVertexCount - 1})`);
    }
    if (l.position3d && box) {
      const outside = [0, 1, 2].some((k) => l.position3d![k]! < box[k]! - BOUNDS_TOLERANCE || l.position3d![k]! > box[k + 3]! + BOUNDS_TOLERANCE);
      if (outside) {
        const fmt = (a: readonly number[]): string => a.map((v) => +v.toFixed(3)).join(', ');
        warnings.push(`${lesion}: position3d (${fmt(l.position3d)}) lies outside the mesh bounds (${fmt(box.slice(0, 3))}) to (${fmt(box.slice(3))})`);
      }
    }
  });
  return { problems, warnings };
}
