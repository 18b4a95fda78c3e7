import { writeSync } from 'node:fs';
import { replaceFileSync } from '../io/durable-write.js';
import { float32Text } from './float32-text.js';
import { pointCount, triangleCount, type SurfaceMesh } from './surface-mesh.js';

const BUFFER_SIZE = 1 << 20;

/**
 * Encodes text into a ~1 MiB buffer and writes it to a file descriptor when full: no string of the whole piece is
 * built (joining the pieces' strings, then encoding them, left most of a big export's time to the garbage collector).
 */
class TextOut {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;
  constructor(private readonly fd: number) {}
  put(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (this.used + 3 * text.length > BUFFER_SIZE) {
      this.flush();
      if (3 * text.length > BUFFER_SIZE) return this.writeAll(Buffer.from(text, 'utf8'));
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }
  flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
  /** Writes all of it: a write may take part (a disk filling up), and the next one then fails. */
  private writeAll(bytes: Buffer): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
  }
}

export interface ObjWriteOptions {
  /** `mtllib` and `usemtl` lines: the material library file name and the material to use. */
  material?: { library: string; name: string };
}

/**
 * Writes a SurfaceMesh as OBJ: the OBJ vertices in order, then one `vt`/`vn` per point, and faces naming for each
 * corner its source vertex and the point's vt/vn, so that reading the file again gives the same vertices, triangles,
 * normals and texture coordinates (bit-identical float32s). Comments, groups and objects are written back.
 */
function writeObjTo(out: TextOut, mesh: SurfaceMesh, options: ObjWriteOptions): void {
  for (const c of mesh.comments) out.put(`#${c ? ` ${c}` : ''}\n`);
  if (options.material) out.put(`mtllib ${options.material.library}\n`);
  const { positions, uvs, normals, sourceVertexCount: vertices, duplicateSources } = mesh;
  for (let p = 0; p < vertices; p++) {
    out.put(`v ${float32Text(positions[3 * p]!)} ${float32Text(positions[3 * p + 1]!)} ${float32Text(positions[3 * p + 2]!)}\n`);
  }
  const points = pointCount(mesh);
  if (uvs) for (let p = 0; p < points; p++) out.put(`vt ${float32Text(uvs[2 * p]!)} ${float32Text(uvs[2 * p + 1]!)}\n`);
  if (normals) for (let p = 0; p < points; p++) out.put(`vn ${float32Text(normals[3 * p]!)} ${float32Text(normals[3 * p + 1]!)} ${float32Text(normals[3 * p + 2]!)}\n`);
  if (options.material) out.put(`usemtl ${options.material.name}\n`);
  const corner = (point: number): string => {
    const v = point <= vertices ? point : duplicateSources[point - vertices - 1]!;
    return uvs && normals ? `${v}/${point}/${point}` : uvs ? `${v}/${point}` : normals ? `${v}//${point}` : `${v}`;
  };
  const groups = [...mesh.groups].sort((a, b) => a.firstTriangle - b.firstTriangle);
  const groupLine = ({ statement, name }: SurfaceMesh['groups'][number]): string => (name ? `${statement} ${name}\n` : `${statement}\n`);
  let g = 0;
  const { triangles } = mesh;
  for (let t = 0, count = triangleCount(mesh); t < count; t++) {
    while (g < groups.length && groups[g]!.firstTriangle <= t) out.put(groupLine(groups[g++]!));
    out.put(`f ${corner(triangles[3 * t]!)} ${corner(triangles[3 * t + 1]!)} ${corner(triangles[3 * t + 2]!)}\n`);
  }
  while (g < groups.length) out.put(groupLine(groups[g++]!));
}

/** Writes the OBJ text to an open file (for files written as a set: io/staged-files.ts). */
export function writeObjToDescriptor(fd: number, mesh: SurfaceMesh, options: ObjWriteOptions = {}): void {
  const out = new TextOut(fd);
  writeObjTo(out, mesh, options);
  out.flush();
}

/** Writes the OBJ atomically (temporary file beside it, flushed, renamed; a file replaced keeps its owner and permissions). */
export function writeObjFile(path: string, mesh: SurfaceMesh, options: ObjWriteOptions = {}): void {
  replaceFileSync(path, (fd) => writeObjToDescriptor(fd, mesh, options));
}
