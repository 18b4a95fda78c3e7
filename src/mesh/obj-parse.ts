import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { Growable } from './growable.js';
import { meshError } from './mesh-error.js';
import { endsValue, isBlank, isDigit, scanNumber, type Scan } from './obj-numbers.js';
import type { SurfaceMesh } from './surface-mesh.js';
import { controlByteProblem, textEnd } from './text-bytes.js';

/** Bytes read per step: the OBJ is never held whole (a body scan's OBJ is several times the mesh's binary size). */
const CHUNK = 4 * 1024 * 1024;
/** A longer line is not an OBJ a scanner wrote. */
const MAX_LINE = 64 * 1024 * 1024;
/**
 * Comment lines kept, and their bytes of UTF-8: the mesh keeps them in one LT value (10,240 characters, which dciodvfy
 * counts in bytes), with room left for a note of what was done to the faces. Whole lines are kept; the rest are
 * dropped with a warning.
 */
const MAX_COMMENTS = 1000;
const MAX_COMMENT_BYTES = 10_000;
const UNSET = -2;
const NONE = -1;
/** Seam copies of one vertex walked before they are indexed in a map instead. */
const LONG_CHAIN = 16;

/** One key for a (vt, vn) pair, each NONE or an index: a number while both fit in 26 bits, else a string. */
function pairKey(t: number, n: number): number | string {
  return t < 0x3ffffff && n < 0x3ffffff ? (t + 1) * 0x4000000 + (n + 1) : `${t}/${n}`;
}

const enum Ch { Tab = 9, LF = 10, CR = 13, Space = 32, Hash = 35, Plus = 43, Minus = 45, Dot = 46, Slash = 47, Zero = 48, Backslash = 92 }

/**
 * A streaming OBJ reader into typed arrays. It keeps what the Surface Mesh module can hold (see SurfaceMesh): vertex
 * order, triangles (polygons fan-triangulated and counted), per-corner normals and texture coordinates resolved to
 * per-point values, groups, comments and material names. Errors name the file and line and stop the parse.
 */
class ObjParser {
  private buf: Buffer = Buffer.alloc(0);
  private line = 0;
  private readonly scan: Scan = { value: 0, end: 0, bad: false };
  private readonly positions = new Growable(Float32Array, 3 * 4096);
  private readonly texCoords = new Growable(Float32Array, 2 * 4096);
  private readonly normalList = new Growable(Float32Array, 3 * 4096);
  private readonly triangles = new Growable(Int32Array, 3 * 8192);
  // Per OBJ vertex and per seam copy: the vt/vn index (0-based, NONE, or UNSET) and the next copy of the same vertex.
  private readonly vertexTex = new Growable(Int32Array, 4096);
  private readonly vertexNormal = new Growable(Int32Array, 4096);
  private readonly vertexNext = new Growable(Int32Array, 4096);
  private readonly copyTex = new Growable(Int32Array);
  private readonly copyNormal = new Growable(Int32Array);
  private readonly copyNext = new Growable(Int32Array);
  private readonly copySource = new Growable(Uint32Array);
  /** Vertices with more than LONG_CHAIN seam copies: (vt, vn) → copy, in place of walking the chain. */
  private readonly copyIndex = new Map<number, Map<number | string, number>>();
  private readonly corners: number[] = [];
  /** The OBJ vertex of each corner of the face being read, to find one used twice. */
  private readonly cornerVertices: number[] = [];
  /** Faces that use a vertex twice (zero area, `f 1 1 2`), and the line of the first. */
  private degenerateFaces = 0;
  private firstDegenerateLine = 0;
  /** Faces of distinct vertices whose corners lie on one line (zero area all the same), and the line of the first. */
  private flatFaces = 0;
  private firstFlatLine = 0;
  private usesTex = false;
  private usesNormals = false;
  /** Face corners without a vt, and without a vn: they get zeros when other corners have them. */
  private cornersWithoutTex = 0;
  private cornersWithoutNormal = 0;
  private vertexExtras = 0;
  /** Texture coordinates with a w other than 0, which the mesh does not keep. */
  private texDepths = 0;
  private ignored = new Map<string, number>();
  private commentsDropped = 0;
  /** Lines whose text (a comment, a name) is not UTF-8 and was read as Latin-1, and the first of them. */
  private latin1Lines = 0;
  private firstLatin1Line = 0;
  private commentBytes = 0;
  readonly mesh: Omit<SurfaceMesh, 'positions' | 'triangles' | 'duplicateSources' | 'sourceVertexCount'> = {
    groups: [], comments: [], materialLibraries: [], materials: [], polygonsTriangulated: 0, warnings: [],
  };

  constructor(private readonly file: string) {}

  private fail(message: string): never {
    throw meshError(this.file, this.line, message);
  }

  private unexpected(at: number, wanted: string): never {
    // Binary bytes anywhere in the offending token mean the file is not OBJ text at all: say that, not "expected …".
    for (let k = at; k < this.buf.length && k < at + 64 && this.buf[k] !== Ch.Space && this.buf[k] !== Ch.LF; k++) {
      const c = this.buf[k]!;
      if ((c < 32 && c !== Ch.Tab && c !== Ch.CR) || c === 127) this.fail(controlByteProblem(c, 'OBJ'));
    }
    // A CR where a line should have ended: the file has classic Mac OS line endings, which OBJ readers do not take.
    let back = at - 1;
    while (back >= 0 && (this.buf[back] === Ch.Space || this.buf[back] === Ch.Tab)) back--;
    if (back >= 0 && this.buf[back] === Ch.CR) this.fail('lines end in CR alone (classic Mac OS line endings): save the file with LF or CRLF line endings');
    // A backslash ending the line: the old Wavefront line continuation, which few readers follow and this one does not.
    let after = at + 1;
    while (after < this.buf.length && (this.buf[after] === Ch.Space || this.buf[after] === Ch.Tab || this.buf[after] === Ch.CR)) after++;
    if (this.buf[at] === Ch.Backslash && (after >= this.buf.length || this.buf[after] === Ch.LF)) {
      this.fail('the line ends in a backslash (a line continued on the next): join the two lines into one');
    }
    const token = this.buf.toString('latin1', at, Math.min(at + 24, this.buf.length)).split(/[\s]/)[0];
    this.fail(`expected ${wanted}, found ${token ? `"${token}"` : 'none'}`);
  }

  private skipBlanks(i: number, end: number): number {
    while (i < end && isBlank(this.buf[i]!)) i++;
    return i;
  }

  private number(i: number, end: number, what: string): number {
    const s = scanNumber(this.buf, i, end, this.scan);
    // A decimal too large even for a double (1e400) scans as infinity: out of range below, not "expected a number".
    if (s.bad && Number.isNaN(s.value)) {
      const text = this.buf.toString('latin1', i, s.end);
      if (/^[+-]?(nan|inf(inity)?)$/i.test(text)) this.fail(`${what} is ${text}: coordinates must be finite numbers`);
      this.unexpected(i, `a number for ${what}`);
    }
    // The mesh stores 32-bit floats: a number past their range would become Infinity there.
    if (!Number.isFinite(Math.fround(s.value))) this.fail(`${what} is ${this.buf.toString('latin1', i, s.end)}: beyond the range of the 32-bit floats a mesh stores (±3.4e38)`);
    return s.value;
  }

  /** Reads the numbers up to the line's end or a comment; returns how many were read and leaves them in `out`. */
  private numbers(i: number, end: number, out: Float64Array, what: string): number {
    let n = 0;
    i = this.skipBlanks(i, end);
    while (i < end && this.buf[i] !== Ch.Hash) {
      const v = this.number(i, end, what);
      if (n < out.length) out[n] = v;
      n++;
      i = this.skipBlanks(this.scan.end, end);
    }
    return n;
  }

  private readonly values = new Float64Array(7);

  private vertex(i: number, end: number): void {
    const n = this.numbers(i, end, this.values, 'a vertex coordinate');
    if (n < 3) this.fail(`a vertex needs x, y and z (found ${n} numbers)`);
    if (n > 3) this.vertexExtras++;
    const p = this.positions;
    p.reserve(3);
    p.array[p.length++] = this.values[0]!;
    p.array[p.length++] = this.values[1]!;
    p.array[p.length++] = this.values[2]!;
    this.vertexTex.push(UNSET);
    this.vertexNormal.push(UNSET);
    this.vertexNext.push(NONE);
  }

  private texCoord(i: number, end: number): void {
    const n = this.numbers(i, end, this.values, 'a texture coordinate');
    if (n < 1) this.fail('a texture coordinate needs u (and v)');
    this.texCoords.push(this.values[0]!);
    this.texCoords.push(n > 1 ? this.values[1]! : 0);
    // A w of 0 (what exporters write as the third value) is nothing lost; another is a 3D texture's depth.
    if (n > 2 && this.values[2] !== 0) this.texDepths++;
  }

  private normal(i: number, end: number): void {
    const n = this.numbers(i, end, this.values, 'a normal component');
    if (n !== 3) this.fail(`a normal needs x, y and z (found ${n} numbers)`);
    for (let k = 0; k < 3; k++) this.normalList.push(this.values[k]!);
  }

  /**
   * A 1-based index of a face corner, relative (negative) indices resolved; returns it 0-based. A plus sign is taken
   * (`+3`), as the strtol and from_chars of tinyobjloader and Blender take it.
   */
  private index(i: number, end: number, count: number, what: string): number {
    const buf = this.buf;
    const signed = i;
    const negative = buf[i] === Ch.Minus;
    if (negative || buf[i] === Ch.Plus) i++;
    const start = i;
    let value = 0;
    while (i < end && isDigit(buf[i]!)) value = value * 10 + (buf[i++]! - 48);
    if (i === start) this.unexpected(signed, `a ${what} index`);
    // Exporters that print every number as a float write an index as "3.0": a fraction of zeros is the same index.
    if (i + 1 < end && buf[i] === Ch.Dot && isDigit(buf[i + 1]!)) {
      let k = i + 1;
      while (k < end && buf[k] === Ch.Zero) k++;
      if (k < end && isDigit(buf[k]!)) {
        while (k < end && isDigit(buf[k]!)) k++;
        this.fail(`${what} index ${buf.toString('latin1', signed, k)} is not a whole number`);
      }
      i = k;
    }
    this.scan.end = i;
    const resolved = negative ? count - value : value - 1;
    if (value === 0) this.fail(`${what} index 0: OBJ indices start at 1`);
    if (resolved < 0 || resolved >= count) {
      const plural = what === 'vertex' ? 'vertices' : `${what}s`;
      // The index as written: past 2^53 its digits no longer survive as a number.
      this.fail(`face refers to ${what} ${this.buf.toString('latin1', signed, i)}, but only ${count} ${plural} are defined before this line`);
    }
    return resolved;
  }

  /** The point a corner (vertex, vt, vn) uses: the vertex itself, or a seam copy of it with that vt/vn. */
  private point(v: number, t: number, n: number): number {
    if (this.vertexTex.array[v] === UNSET) {
      this.vertexTex.array[v] = t;
      this.vertexNormal.array[v] = n;
      return v + 1;
    }
    if (this.vertexTex.array[v] === t && this.vertexNormal.array[v] === n) return v + 1;
    const indexed = this.copyIndex.get(v);
    if (indexed) {
      const key = pairKey(t, n);
      let copy = indexed.get(key);
      if (copy === undefined) indexed.set(key, (copy = this.newCopy(v, t, n)));
      return -(copy + 1);
    }
    let next = this.vertexNext.array[v]!;
    let last = -1;
    let chain = 0;
    while (next !== NONE) {
      if (this.copyTex.array[next] === t && this.copyNormal.array[next] === n) return -(next + 1);
      last = next;
      next = this.copyNext.array[next]!;
      chain++;
    }
    const copy = this.newCopy(v, t, n);
    if (last === -1) this.vertexNext.array[v] = copy;
    else this.copyNext.array[last] = copy;
    if (chain >= LONG_CHAIN) this.indexCopies(v);
    // Seam copies are numbered after all OBJ vertices once the file is read; negative until then.
    return -(copy + 1);
  }

  /** A new seam copy of vertex v with this vt/vn, out of any chain; returns its number among the copies. */
  private newCopy(v: number, t: number, n: number): number {
    const copy = this.copySource.length;
    this.copySource.push(v + 1);
    this.copyTex.push(t);
    this.copyNormal.push(n);
    this.copyNext.push(NONE);
    return copy;
  }

  /**
   * Moves a vertex's seam copies into a map, so a vertex shared by thousands of differently textured or flat-shaded
   * faces (a fan's centre, a pole) is not found by walking all of them. Its later copies go in the map only.
   */
  private indexCopies(v: number): void {
    const map = new Map<number | string, number>();
    for (let c = this.vertexNext.array[v]!; c !== NONE; c = this.copyNext.array[c]!) {
      map.set(pairKey(this.copyTex.array[c]!, this.copyNormal.array[c]!), c);
    }
    this.copyIndex.set(v, map);
  }

  private face(i: number, end: number): void {
    const buf = this.buf;
    const corners = this.corners;
    const cornerVertices = this.cornerVertices;
    corners.length = 0;
    cornerVertices.length = 0;
    const vertices = this.positions.length / 3;
    const texCount = this.texCoords.length / 2;
    const normalCount = this.normalList.length / 3;
    i = this.skipBlanks(i, end);
    while (i < end && buf[i] !== Ch.Hash) {
      const v = this.index(i, end, vertices, 'vertex');
      i = this.scan.end;
      let t = NONE;
      let n = NONE;
      // An index left empty ("1/1/", "1//", "1/") is none, as Blender, tinyobjloader and trimesh read it.
      if (buf[i] === Ch.Slash && i < end) {
        i++;
        if (buf[i] !== Ch.Slash && !emptyIndex(buf, i, end)) {
          t = this.index(i, end, texCount, 'texture coordinate');
          i = this.scan.end;
          this.usesTex = true;
        }
        if (buf[i] === Ch.Slash && i < end) {
          i++;
          if (!emptyIndex(buf, i, end)) {
            n = this.index(i, end, normalCount, 'normal');
            i = this.scan.end;
            this.usesNormals = true;
          }
        }
      }
      if (i < end && !endsValue(buf[i]!)) this.unexpected(i, 'a face corner (v, v/vt, v//vn or v/vt/vn)');
      if (t === NONE) this.cornersWithoutTex++;
      if (n === NONE) this.cornersWithoutNormal++;
      corners.push(this.point(v, t, n));
      cornerVertices.push(v);
      i = this.skipBlanks(i, end);
    }
    if (corners.length < 3) this.fail(`a face needs at least 3 corners (found ${corners.length})`);
    if (repeatsAVertex(cornerVertices)) {
      if (this.degenerateFaces++ === 0) this.firstDegenerateLine = this.line;
    } else if (this.hasFlatTriangle(cornerVertices) && this.flatFaces++ === 0) this.firstFlatLine = this.line;
    if (corners.length > 3) this.mesh.polygonsTriangulated++;
    const tri = this.triangles;
    tri.reserve(3 * (corners.length - 2));
    for (let k = 2; k < corners.length; k++) {
      tri.array[tri.length++] = corners[0]!;
      tri.array[tri.length++] = corners[k - 1]!;
      tri.array[tri.length++] = corners[k]!;
    }
  }

  /**
   * Whether a triangle the face becomes (fan from the first corner) has no area: the cross product of two of its edges
   * is zero, computed from the float32 coordinates the mesh stores, so a face is flat exactly when it is flat there.
   */
  private hasFlatTriangle(vertices: readonly number[]): boolean {
    const p = this.positions.array;
    const a = 3 * vertices[0]!;
    const ax = p[a]!, ay = p[a + 1]!, az = p[a + 2]!;
    for (let k = 2; k < vertices.length; k++) {
      const b = 3 * vertices[k - 1]!;
      const c = 3 * vertices[k]!;
      const ux = p[b]! - ax, uy = p[b + 1]! - ay, uz = p[b + 2]! - az;
      const vx = p[c]! - ax, vy = p[c + 1]! - ay, vz = p[c + 2]! - az;
      if (uy * vz === uz * vy && uz * vx === ux * vz && ux * vy === uy * vx) return true;
    }
    return false;
  }

  private text(i: number, end: number): string {
    return this.decode(this.skipBlanks(i, end), end).trim();
  }

  /**
   * Text of a comment or name: UTF-8, or Latin-1 where its bytes are not UTF-8 (exporters on Windows wrote their code
   * page, "K\xfcrper"), which UTF-8 would turn into replacement characters; the lines read so are counted for a warning.
   */
  private decode(start: number, end: number): string {
    const bytes = this.buf.subarray(start, end);
    if (isUtf8(bytes)) return bytes.toString('utf8');
    if (this.latin1Lines++ === 0) this.firstLatin1Line = this.line;
    return bytes.toString('latin1');
  }

  private ignore(what: string): void {
    this.ignored.set(what, (this.ignored.get(what) ?? 0) + 1);
  }

  private keyword(i: number, end: number): string {
    let e = i;
    while (e < end && !isBlank(this.buf[e]!)) e++;
    return this.buf.toString('latin1', i, e);
  }

  /** One line, [start, end) without its newline. */
  private parseLine(start: number, end: number): void {
    const buf = this.buf;
    let i = start;
    // A UTF-8 byte order mark, as Windows editors save text (the MTL reader takes one too).
    if (this.line === 1 && end - i >= 3 && buf[i] === 0xef && buf[i + 1] === 0xbb && buf[i + 2] === 0xbf) i += 3;
    while (i < end && (buf[i] === Ch.Space || buf[i] === Ch.Tab)) i++;
    if (i >= end || buf[i] === Ch.CR) return;
    const c = buf[i]!;
    const c1 = i + 1 < end ? buf[i + 1]! : Ch.Space;
    if (c === 118 /* v */) {
      if (isBlank(c1)) return this.vertex(i + 1, end);
      if (c1 === 116 /* t */ && isBlank(buf[i + 2] ?? Ch.Space)) return this.texCoord(i + 2, end);
      if (c1 === 110 /* n */ && isBlank(buf[i + 2] ?? Ch.Space)) return this.normal(i + 2, end);
    } else if (c === 102 /* f */ && isBlank(c1)) {
      return this.face(i + 1, end);
    } else if (c === Ch.Hash) {
      const comment = this.decode(i + 1, end).replace(/\r$/, '').replace(/^ /, '');
      // Each kept line costs its bytes and the newline that joins it to the others.
      const bytes = Buffer.byteLength(comment) + 1;
      if (this.mesh.comments.length < MAX_COMMENTS && this.commentBytes + bytes <= MAX_COMMENT_BYTES) {
        this.mesh.comments.push(comment);
        this.commentBytes += bytes;
      } else this.commentsDropped++;
      for (let k = i; k < end; k++) if (buf[k]! < 32 && buf[k] !== Ch.Tab && buf[k] !== Ch.CR) this.unexpected(k, 'text');
      return;
    }
    if (c < 32 || c >= 127) this.fail(controlByteProblem(c, 'OBJ', ' where a statement should start'));
    const word = this.keyword(i, end);
    const rest = i + word.length;
    for (let k = rest; k < end; k++) if (buf[k]! < 32 && buf[k] !== Ch.Tab && buf[k] !== Ch.CR) this.unexpected(k, 'text');
    switch (word) {
      case 'g':
      case 'o':
        this.mesh.groups.push({ statement: word, name: this.text(rest, end), firstTriangle: this.triangles.length / 3 });
        return;
      case 's':
        return;
      case 'usemtl': {
        const name = this.text(rest, end);
        if (!this.mesh.materials.includes(name)) this.mesh.materials.push(name);
        return;
      }
      case 'mtllib':
        // Names are separated by spaces, but exporters (Blender) write a name with spaces as it is: a run of words
        // ending in ".mtl" is one name.
        for (const name of this.text(rest, end).match(MTLLIB_NAMES) ?? []) this.mesh.materialLibraries.push({ name, line: this.line });
        return;
      default:
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) this.unexpected(i, 'an OBJ statement');
        this.ignore(word);
    }
  }

  /** Parses every complete line in buf[0, end); returns where the unfinished last line starts. */
  private parseLines(end: number, final: boolean): number {
    const buf = this.buf;
    if (final) end = textEnd(buf, end);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(Ch.LF, start);
      if (nl === -1 || nl >= end) {
        if (final && start < end) {
          this.line++;
          this.parseLine(start, end);
          return end;
        }
        return start;
      }
      this.line++;
      this.parseLine(start, nl > start && buf[nl - 1] === Ch.CR ? nl - 1 : nl);
      start = nl + 1;
    }
  }

  parseFile(path: string): void {
    const fd = openSync(path, 'r');
    try {
      this.buf = Buffer.allocUnsafe(CHUNK);
      let filled = 0;
      for (;;) {
        if (filled === this.buf.length) {
          if (this.buf.length >= MAX_LINE) this.fail(`a line longer than ${MAX_LINE} bytes: this is not an OBJ text file`);
          const bigger = Buffer.allocUnsafe(this.buf.length * 2);
          this.buf.copy(bigger, 0, 0, filled);
          this.buf = bigger;
        }
        const n = readSync(fd, this.buf, filled, this.buf.length - filled, null);
        filled += n;
        const consumed = this.parseLines(filled, n === 0);
        if (n === 0) break;
        this.buf.copy(this.buf, 0, consumed, filled);
        filled -= consumed;
      }
    } finally {
      closeSync(fd);
    }
  }

  parseBuffer(bytes: Buffer): void {
    this.buf = bytes;
    this.parseLines(bytes.length, true);
  }

  finish(): SurfaceMesh {
    if (this.positions.length === 0) throw meshError(this.file, undefined, 'no vertices ("v" lines): this is not an OBJ mesh');
    if (this.triangles.length === 0) throw meshError(this.file, undefined, 'no faces ("f" lines): a surface mesh needs triangles');
    const vertices = this.positions.length / 3;
    const copies = this.copySource.length;
    const source = this.copySource.finish();
    // Seam copies are appended in place: the growable array becomes the point list without a second copy.
    this.positions.reserve(3 * copies);
    const all = this.positions.array;
    for (let c = 0; c < copies; c++) all.copyWithin(3 * (vertices + c), 3 * (source[c]! - 1), 3 * source[c]!);
    this.positions.length += 3 * copies;
    const positions = this.positions.finish();
    const triangles = this.triangles.finish();
    if (copies) for (let k = 0; k < triangles.length; k++) if (triangles[k]! < 0) triangles[k] = vertices - triangles[k]!;
    const mesh: SurfaceMesh = {
      ...this.mesh,
      positions,
      sourceVertexCount: vertices,
      duplicateSources: source,
      triangles: new Uint32Array(triangles.buffer, triangles.byteOffset, triangles.length),
    };
    if (this.usesTex) mesh.uvs = this.perPoint(this.texCoords, 2, this.vertexTex.array, this.copyTex.array, vertices, copies);
    if (this.usesNormals) mesh.normals = this.perPoint(this.normalList, 3, this.vertexNormal.array, this.copyNormal.array, vertices, copies);
    this.describeIgnored(mesh);
    return mesh;
  }

  /**
   * Spreads the vt or vn list over the points; a point no face gave one keeps zeros. When point p uses entry p
   * throughout (exporters that write `f 7/7/7`), the list already is the per-point array.
   */
  private perPoint(values: Growable<Float32Array>, width: number, ofVertex: Int32Array, ofCopy: Int32Array, vertices: number, copies: number): Float32Array {
    if (copies === 0 && values.length === width * vertices) {
      let identity = true;
      for (let p = 0; p < vertices && identity; p++) identity = ofVertex[p] === p;
      if (identity) return values.finish();
    }
    const list = values.array;
    const out = new Float32Array(width * (vertices + copies));
    for (let p = 0; p < vertices + copies; p++) {
      const k = p < vertices ? ofVertex[p]! : ofCopy[p - vertices]!;
      if (k >= 0) for (let j = 0; j < width; j++) out[width * p + j] = list[width * k + j]!;
    }
    return out;
  }

  private describeIgnored(mesh: SurfaceMesh): void {
    const w = mesh.warnings;
    const polygons = mesh.polygonsTriangulated;
    if (polygons) w.push(`${polygons} ${polygons > 1 ? 'faces' : 'face'} with more than three corners ${polygons > 1 ? 'were' : 'was'} triangulated (fan from the first corner)`);
    if (this.degenerateFaces) {
      const n = this.degenerateFaces;
      const line = this.firstDegenerateLine;
      w.push(n > 1 ? `${n} faces use a vertex twice (zero area), the first on line ${line}; they are kept as written` : `1 face uses a vertex twice (zero area), on line ${line}; it is kept as written`);
    }
    if (this.flatFaces) {
      const n = this.flatFaces;
      const line = this.firstFlatLine;
      w.push(n > 1 ? `${n} faces have zero area though their vertices are distinct (the corners lie on one line), the first on line ${line}; they are kept as written` : `1 face has zero area though its vertices are distinct (the corners lie on one line), on line ${line}; it is kept as written`);
    }
    const extras = this.vertexExtras;
    if (extras) w.push(extras > 1 ? `${extras} vertices carry values after x y z (w or colour); they are not kept` : '1 vertex carries values after x y z (w or colour); they are not kept');
    const depths = this.texDepths;
    if (depths) w.push(depths > 1 ? `${depths} texture coordinates have a w other than 0 (a 3D texture's depth); only u and v are kept` : '1 texture coordinate has a w other than 0 (a 3D texture\'s depth); only u and v are kept');
    const dropped = this.commentsDropped;
    if (dropped) w.push(`${dropped} comment ${dropped > 1 ? 'lines are' : 'line is'} not kept: a mesh keeps the first ${MAX_COMMENTS} lines, ${MAX_COMMENT_BYTES} bytes (UTF-8) in all`);
    if (!this.usesTex && this.texCoords.length) w.push('texture coordinates ("vt") are defined but no face uses them; they are not kept');
    if (!this.usesNormals && this.normalList.length) w.push('normals ("vn") are defined but no face uses them; they are not kept');
    const corners = (n: number, what: string, zeros: string): string =>
      n > 1 ? `${n} face corners have no ${what} while others do; they get ${zeros}` : `1 face corner has no ${what} while others do; it gets ${zeros}`;
    if (this.usesTex && this.cornersWithoutTex) w.push(corners(this.cornersWithoutTex, 'texture coordinate', '(0, 0)'));
    if (this.usesNormals && this.cornersWithoutNormal) w.push(corners(this.cornersWithoutNormal, 'normal', '(0, 0, 0)'));
    const latin1 = this.latin1Lines;
    if (latin1) w.push(`${latin1 > 1 ? `the text of ${latin1} lines (comments, names), the first line ${this.firstLatin1Line},` : `the text of line ${this.firstLatin1Line}`} is not UTF-8: it is read as Latin-1 (ISO 8859-1)`);
    for (const [word, n] of this.ignored) w.push(`${n} "${word}" statement${n > 1 ? 's' : ''} not supported; ignored`);
  }
}

/** Whether a face corner's index at `at` is left empty: the corner ends there. */
const emptyIndex = (buf: Buffer, at: number, end: number): boolean => at >= end || endsValue(buf[at]!);

/** Whether a face names one vertex at two corners: a triangle of it has no area. */
function repeatsAVertex(vertices: readonly number[]): boolean {
  if (vertices.length === 3) return vertices[0] === vertices[1] || vertices[1] === vertices[2] || vertices[0] === vertices[2];
  return new Set(vertices).size < vertices.length;
}

/** `mtllib` names: words up to one ending in ".mtl" make one name (spaces kept); other words are names each. */
const MTLLIB_NAMES = /\S(?:[^\n]*?\S)??\.mtl(?=\s|$)|\S+/gi;

/** Reads an OBJ file (streamed in chunks) into a SurfaceMesh; throws a DicomError naming the line on bad input. */
export function readObjFile(path: string): SurfaceMesh {
  const parser = new ObjParser(path);
  parser.parseFile(path);
  return parser.finish();
}

/** Parses OBJ text held in memory (an encapsulated OBJ, a test). */
export function parseObj(bytes: Buffer | string, name = 'OBJ'): SurfaceMesh {
  const parser = new ObjParser(name);
  parser.parseBuffer(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  return parser.finish();
}
