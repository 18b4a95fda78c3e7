import { meshBounds, type SurfaceMesh } from '../../mesh/surface-mesh.js';

export interface LesionPlacement {
  id: string;
  /** 0-based index into the OBJ's vertex list (the TBP Vertex ID). */
  vertexId?: number;
  position3d?: readonly [number, number, number];
}

/** How far outside the mesh's bounding box a lesion position may lie (mm) before it is reported. */
const BOUNDS_TOLERANCE = 1;

/**
 * Checks lesion placements against the mesh: each Vertex ID must name an OBJ vertex and each 3D position must lie
 * within the mesh's bounds. Returns one warning per lesion that does not (an import writes them anyway).
 */
export function checkLesionPlacements(mesh: Pick<SurfaceMesh, 'positions' | 'sourceVertexCount'>, lesions: readonly LesionPlacement[]): string[] {
  const warnings: string[] = [];
  const box = lesions.some((l) => l.position3d) ? meshBounds(mesh.positions.subarray(0, 3 * mesh.sourceVertexCount)) : undefined;
  for (const l of lesions) {
    if (l.vertexId !== undefined && (l.vertexId < 0 || l.vertexId >= mesh.sourceVertexCount || !Number.isInteger(l.vertexId))) {
      warnings.push(`lesion ${l.id}: vertexId ${l.vertexId} does not exist in the mesh (vertices 0 to ${mesh.sourceVertexCount - 1})`);
    }
    if (l.position3d && box) {
      const outside = [0, 1, 2].some((k) => l.position3d![k]! < box[k]! - BOUNDS_TOLERANCE || l.position3d![k]! > box[k + 3]! + BOUNDS_TOLERANCE);
      if (outside) {
        const fmt = (a: readonly number[]): string => a.map((v) => +v.toFixed(3)).join(', ');
        warnings.push(`lesion ${l.id}: position3d (${fmt(l.position3d)}) lies outside the mesh bounds (${fmt(box.slice(0, 3))}) to (${fmt(box.slice(3))})`);
      }
    }
  }
  return warnings;
}
