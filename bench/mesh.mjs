// 1,000,000-triangle OBJ → Surface Scan Mesh, against the time Node needs just to read the OBJ and split its text
// into numbers, and peak memory against the mesh's binary size; and back (export-mesh), against Node writing as many
// float32 values with String(). One run each, in separate processes.
//   node bench/mesh.mjs            run the comparison (needs `npm run build`)
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DATA, ROOT, measure } from './lib.mjs';

const SIDE = 708; // 2 * 708 * 708 = 1,002,528 triangles
const OBJ = join(DATA, `mesh-${SIDE}.obj`);
const META = join(DATA, 'mesh-meta.json');
const OUT = join(DATA, 'mesh-out');

/** Reads the OBJ and splits every line into numbers (face corners into their indices) — nothing kept. */
function splitOnly() {
  const text = readFileSync(OBJ, 'utf8');
  let count = 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    const parts = line.split(' ');
    if (parts[0] === 'f') {
      for (let i = 1; i < parts.length; i++) for (const p of parts[i].split('/')) { sum += parseInt(p, 10) | 0; count++; }
    } else if (parts[0] === 'v' || parts[0] === 'vt' || parts[0] === 'vn') {
      for (let i = 1; i < parts.length; i++) { sum += Number(parts[i]); count++; }
    }
  }
  return { count, sum };
}

async function child(mode) {
  if (mode === 'idle') {
    await import('tbp-dicom/tbp');
    return {};
  }
  if (mode === 'split') {
    const t0 = performance.now();
    const r = splitOnly();
    return { seconds: (performance.now() - t0) / 1000, numbers: r.count };
  }
  const { buildMeshObjects, exportMesh } = await import('tbp-dicom/tbp');
  rmSync(OUT, { recursive: true, force: true });
  const t0 = performance.now();
  const r = await buildMeshObjects({ obj: OBJ, meta: META, out: OUT, encoding: 'surface' });
  const seconds = (performance.now() - t0) / 1000;
  if (mode === 'export') {
    const surface = r.objects.find((o) => o.role === 'surface-mesh');
    const t1 = performance.now();
    await exportMesh(surface.path, join(OUT, 'back'));
    const exportSeconds = (performance.now() - t1) / 1000;
    // The floor: as many float32 values as the OBJ holds (xyz, normals, uv per point) turned into text by String()
    // and written out, with the face lines as integers.
    const t2 = performance.now();
    const values = new Float32Array(r.points * 8).map((_, i) => Math.fround(Math.sin(i) * 1000));
    const lines = [];
    for (let p = 0; p < values.length; p += 8) lines.push(`v ${values[p]} ${values[p + 1]} ${values[p + 2]}\nvn ${values[p + 3]} ${values[p + 4]} ${values[p + 5]}\nvt ${values[p + 6]} ${values[p + 7]}`);
    for (let t = 0; t < r.triangles; t++) lines.push(`f ${t + 1}/${t + 1}/${t + 1} ${t + 2}/${t + 2}/${t + 2} ${t + 3}/${t + 3}/${t + 3}`);
    writeFileSync(join(OUT, 'floor.obj'), lines.join('\n'));
    return { exportSeconds, floorSeconds: (performance.now() - t2) / 1000 };
  }
  return { seconds, points: r.points, triangles: r.triangles, file: statSync(r.objects[0].path).size };
}

async function main() {
  if (!existsSync(OBJ)) {
    const { gridObj } = await import(join(ROOT, 'dist/test/mesh/mesh-fixtures.js'));
    writeFileSync(OBJ, gridObj({ side: SIDE, normals: true, uvs: true, comments: true }));
  }
  writeFileSync(META, JSON.stringify({
    patient: { name: 'Doe^Jane', id: 'P001' }, study: { date: '2024-09-01' },
    equipment: { manufacturer: 'ACME', model: 'Body 3D', serialNumber: 'SN1', softwareVersions: '1.0' },
  }));
  const idle = measure(process.execPath, [join(ROOT, 'bench/mesh.mjs'), 'idle']);
  const split = JSON.parse(runOut('split'));
  const convert = JSON.parse(runOut('convert'));
  const splitMem = measure(process.execPath, [join(ROOT, 'bench/mesh.mjs'), 'split']);
  const convertMem = measure(process.execPath, [join(ROOT, 'bench/mesh.mjs'), 'convert']);
  // Binary size: points (xyz), normals (xyz) and texture coordinates (uv) as float32, triangles as uint32.
  const binary = convert.points * (12 + 12 + 8) + convert.triangles * 12;
  const extraMiB = convertMem.peakMiB - idle.peakMiB;
  console.log(`OBJ ${(statSync(OBJ).size / 2 ** 20).toFixed(0)} MiB, ${convert.points} points, ${convert.triangles} triangles; mesh binary ${(binary / 2 ** 20).toFixed(1)} MiB; DICOM ${(convert.file / 2 ** 20).toFixed(1)} MiB`);
  console.log(`read + split into numbers   ${split.seconds.toFixed(3)} s   (peak ${splitMem.peakMiB.toFixed(0)} MiB)`);
  console.log(`OBJ → Surface Scan Mesh     ${convert.seconds.toFixed(3)} s   ${(convert.seconds / split.seconds).toFixed(2)}x  (target ≤ 2x)`);
  console.log(`peak memory above idle Node ${extraMiB.toFixed(1)} MiB = ${(extraMiB / (binary / 2 ** 20)).toFixed(2)}x the mesh binary (target < 3x; idle ${idle.peakMiB.toFixed(0)} MiB)`);
  const back = JSON.parse(runOut('export'));
  console.log(`Surface Scan Mesh → OBJ     ${back.exportSeconds.toFixed(3)} s   ${(back.exportSeconds / back.floorSeconds).toFixed(2)}x the floor: the same count of float32s written with String() in ${back.floorSeconds.toFixed(3)} s (String() is not exact for float32; ours is the shortest exact text)`);
  rmSync(OUT, { recursive: true, force: true });
}

function runOut(mode) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bench/mesh.mjs'), mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const mode = process.argv[2];
if (mode) process.stdout.write(JSON.stringify(await child(mode)) + '\n');
else await main();
