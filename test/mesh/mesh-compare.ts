// Exact comparison of two meshes as an OBJ reader sees them: vertex list, and per face corner the source vertex,
// position, texture coordinate and normal (bit-identical float32s).
import assert from 'node:assert/strict';
import type { SurfaceMesh } from '../../src/mesh/surface-mesh.js';

const source = (m: SurfaceMesh, point: number): number => (point <= m.sourceVertexCount ? point : m.duplicateSources[point - m.sourceVertexCount - 1]!);

function sameSlice(a: Float32Array | undefined, pa: number, b: Float32Array | undefined, pb: number, width: number, what: string, corner: number): void {
  for (let k = 0; k < width; k++) {
    const x = a![width * (pa - 1) + k]!;
    const y = b![width * (pb - 1) + k]!;
    if (!Object.is(x, y)) assert.fail(`corner ${corner}: ${what}[${k}] ${x} became ${y}`);
  }
}

export function assertSameMesh(a: SurfaceMesh, b: SurfaceMesh): void {
  assert.equal(b.sourceVertexCount, a.sourceVertexCount, 'vertex count');
  const n = 3 * a.sourceVertexCount;
  for (let i = 0; i < n; i++) if (!Object.is(a.positions[i], b.positions[i])) assert.fail(`vertex value ${i}: ${a.positions[i]} became ${b.positions[i]}`);
  assert.equal(b.triangles.length, a.triangles.length, 'triangle count');
  assert.equal(!!b.uvs, !!a.uvs, 'texture coordinates present');
  assert.equal(!!b.normals, !!a.normals, 'normals present');
  for (let c = 0; c < a.triangles.length; c++) {
    const pa = a.triangles[c]!;
    const pb = b.triangles[c]!;
    if (source(a, pa) !== source(b, pb)) assert.fail(`corner ${c}: vertex ${source(a, pa)} became ${source(b, pb)}`);
    if (a.uvs) sameSlice(a.uvs, pa, b.uvs, pb, 2, 'uv', c);
    if (a.normals) sameSlice(a.normals, pa, b.normals, pb, 3, 'normal', c);
  }
  assert.deepEqual(b.groups, a.groups);
  assert.deepEqual(b.comments, a.comments);
}
