import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseObj } from '../../src/mesh/obj-parse.js';
import { checkLesionPlacements } from '../../src/tbp/mesh/mesh-lesions.js';

test('a Vertex ID must exist (a problem, named by manifest place) and a 3D position lie within the mesh bounds (a warning)', () => {
  const mesh = parseObj('v 0 0 0\nv 100 0 0\nv 0 200 50\nf 1 2 3\n');
  const { problems, warnings } = checkLesionPlacements(mesh, [
    { id: 'L1', vertexId: 2, position3d: [10, 20, 5] },
    { id: 'L2', vertexId: 3 },
    { id: 'L3', position3d: [10, 20, 80] },
  ]);
  assert.deepEqual(problems, ['lesions[1].vertexId: 3 is not a vertex of the mesh (lesion L2; the mesh has vertices 0 to 2)']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /lesion L3: position3d \(10, 20, 80\) lies outside the mesh bounds \(0, 0, 0\) to \(100, 200, 50\)/);
});
