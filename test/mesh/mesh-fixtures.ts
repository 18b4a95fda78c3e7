// Synthetic OBJ meshes for the mesh tests and the bench: a wavy grid with the features a body scanner's export has.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export interface GridOptions {
  /** Quads per side; triangles = 2 * side * side (or side * side quads). */
  side: number;
  normals?: boolean;
  uvs?: boolean;
  /** Write quads (`f a b c d`) instead of two triangles. */
  quads?: boolean;
  /** Give the last column its own texture coordinates (a seam: those vertices get a second vt). */
  seam?: boolean;
  comments?: boolean;
  /** An object (`o body`, before the vertices as Blender writes it) and groups of faces (`g band_…`). */
  groups?: boolean;
  mtllib?: string;
}

const num = (x: number): string => x.toFixed(6);

/** OBJ text of a grid mesh. */
export function gridObj(o: GridOptions): string {
  const n = o.side + 1;
  const lines: string[] = [];
  if (o.comments) lines.push('# synthetic TBP body mesh', '# units: mm');
  if (o.mtllib) lines.push(`mtllib ${o.mtllib}`);
  if (o.groups) lines.push('o body');
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) lines.push(`v ${num(i * 1.5 - 300.25)} ${num(j * 1.5 + 0.1)} ${num(Math.sin(i / 7) * Math.cos(j / 5) * 20)}`);
  if (o.uvs) {
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) lines.push(`vt ${num(i / o.side)} ${num(j / o.side)}`);
    if (o.seam) for (let j = 0; j < n; j++) lines.push(`vt ${num(0.999)} ${num(j / o.side)}`);
  }
  if (o.normals) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    const a = Math.cos(i / 7) * 0.3;
    const len = Math.hypot(a, 0.2, 1);
    lines.push(`vn ${num(a / len)} ${num(0.2 / len)} ${num(1 / len)}`);
  }
  if (o.mtllib) lines.push('usemtl skin');
  const seamBase = n * n;
  const corner = (i: number, j: number, lastColumn: boolean): string => {
    const v = j * n + i + 1;
    const t = o.seam && lastColumn && i === o.side ? seamBase + j + 1 : v;
    return o.uvs && o.normals ? `${v}/${t}/${v}` : o.uvs ? `${v}/${t}` : o.normals ? `${v}//${v}` : `${v}`;
  };
  for (let j = 0; j < o.side; j++) {
    if (o.groups && j % Math.max(1, Math.floor(o.side / 3)) === 0) lines.push(`g band_${j}`);
    for (let i = 0; i < o.side; i++) {
      const last = i === o.side - 1;
      const [a, b, c, d] = [corner(i, j, last), corner(i + 1, j, last), corner(i + 1, j + 1, last), corner(i, j + 1, last)];
      if (o.quads) lines.push(`f ${a} ${b} ${c} ${d}`);
      else lines.push(`f ${a} ${b} ${c}`, `f ${a} ${c} ${d}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Writes a textured mesh (OBJ + MTL + JPEG texture) into `dir`; returns the OBJ's path. */
export async function writeTexturedMesh(dir: string, o: Omit<GridOptions, 'mtllib' | 'uvs'>, name = 'body'): Promise<string> {
  const obj = join(dir, `${name}.obj`);
  writeFileSync(obj, gridObj({ ...o, uvs: true, mtllib: `${name}.mtl` }));
  writeFileSync(join(dir, `${name}.mtl`), `newmtl skin\nKd 1 1 1\nmap_Kd ${name}.jpg\n`);
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 150, b: 120 } } }).jpeg().toFile(join(dir, `${name}.jpg`));
  return obj;
}

export const META = {
  patient: { name: 'Doe^Jane', id: 'P001', birthDate: '1980-04-02', sex: 'F' as const },
  study: { date: '2024-09-01', time: '12:00:00', id: '1234', accessionNumber: 'A1', description: 'Total Body Photography' },
  equipment: { manufacturer: 'ACME', model: 'Body 3D', serialNumber: 'SN-1', softwareVersions: '1.0' },
  mesh: {
    captureProcedure: 'instant capture' as const, bodyCoverage: 92.5, missingBodyParts: ['scalp', 'left foot'],
    reconstructionError: 0.4, reconstructionAlgorithm: 'ACME Recon 2.1',
    photogrammetry: { focalLengthMm: 35, exposureTimeS: 0.004, aperture: 8 },
  },
};
