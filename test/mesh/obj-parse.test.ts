import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32Text } from '../../src/mesh/float32-text.js';
import { parseObj, readObjFile } from '../../src/mesh/obj-parse.js';
import { DicomError } from '../../src/core/errors.js';
import { tempDir } from '../tbp/tools.js';
import { parseMtl } from '../../src/mesh/mtl.js';
import { gridObj } from './mesh-fixtures.js';

const dir = tempDir('obj');

test('vertices, texture coordinates, normals, groups and comments are read into typed arrays', () => {
  const m = parseObj('# made by hand\nmtllib a.mtl\nv 1 2 3\nv -1.5 2e-3 .25\nv 0 0 1\nvt 0 0\nvt 1 0\nvt 0.5 1\nvn 0 0 1\ng front\nusemtl skin\nf 1/1/1 2/2/1 3/3/1\n');
  assert.deepEqual([...m.positions], [1, 2, 3, -1.5, Math.fround(2e-3), 0.25, 0, 0, 1]);
  assert.deepEqual([...m.triangles], [1, 2, 3]);
  assert.deepEqual([...m.uvs!], [0, 0, 1, 0, 0.5, 1]);
  assert.deepEqual([...m.normals!], [0, 0, 1, 0, 0, 1, 0, 0, 1]);
  assert.deepEqual(m.groups, [{ statement: 'g', name: 'front', firstTriangle: 0 }]);
  assert.deepEqual(m.comments, ['made by hand']);
  assert.deepEqual(m.materialLibraries, [{ name: 'a.mtl', line: 2 }]);
  assert.deepEqual(m.materials, ['skin']);
});

test('quads and polygons are fan-triangulated and said so; relative indices resolve', () => {
  const m = parseObj('v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nv 0.5 1.5 0\nf -5 -4 -3 -2 -1\n');
  assert.deepEqual([...m.triangles], [1, 2, 3, 1, 3, 4, 1, 4, 5]);
  assert.equal(m.polygonsTriangulated, 1);
  assert.deepEqual(m.warnings, ['1 face with more than three corners was triangulated (fan from the first corner)']);
  assert.deepEqual(parseObj('v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\nf 4 3 2 1\n').warnings, ['2 faces with more than three corners were triangulated (fan from the first corner)']);
});

test('the counts in warnings are said in the singular for one: a vertex with a colour, a corner without vt or vn, a comment line dropped', () => {
  const one = parseObj('v 0 0 0 1 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvn 0 0 1\nf 1/1/1 2/1/1 3\n');
  assert.deepEqual(one.warnings, [
    '1 vertex carries values after x y z (w or colour); they are not kept',
    '1 face corner has no texture coordinate while others do; it gets (0, 0)',
    '1 face corner has no normal while others do; it gets (0, 0, 0)',
  ]);
  const comments = `# ${'x'.repeat(9990)}\n# one too many\n`;
  assert.deepEqual(parseObj(`${comments}v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n`).warnings, ['1 comment line is not kept: a mesh keeps the first 1000 lines, 10000 bytes (UTF-8) in all']);
});

test('a vertex used with two texture coordinates (a seam) gets a copy after the OBJ vertices', () => {
  const m = parseObj('v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nvt 0.9 0.9\nf 1/1 2/2 3/3\nf 2/4 4/2 3/3\n');
  assert.equal(m.sourceVertexCount, 4);
  assert.deepEqual([...m.duplicateSources], [2]);
  assert.deepEqual([...m.triangles], [1, 2, 3, 5, 4, 3]);
  assert.deepEqual([...m.positions.subarray(12)], [1, 0, 0]);
  assert.deepEqual([...m.uvs!.subarray(8)].map((x) => +x.toFixed(4)), [0.9, 0.9]);
});

test('a vertex shared by hundreds of flat-shaded faces gets one copy per normal, found again when reused', () => {
  const rim = 200;
  const lines = ['v 0 0 1'];
  for (let k = 0; k < rim; k++) lines.push(`v ${Math.cos((2 * Math.PI * k) / rim)} ${Math.sin((2 * Math.PI * k) / rim)} 0`);
  for (let k = 0; k < rim; k++) lines.push(`vn 0 0 ${k + 1}`);
  const fan = Array.from({ length: rim }, (_, k) => `f 1//${k + 1} ${k + 2}//${k + 1} ${((k + 1) % rim) + 2}//${k + 1}`);
  const m = parseObj([...lines, ...fan, ...fan].join('\n'));
  // The centre: its first face's normal, then a copy for each other face; each rim vertex: a copy for its second face.
  assert.equal(m.duplicateSources.length, rim - 1 + rim);
  assert.equal(m.duplicateSources.filter((s) => s === 1).length, rim - 1);
  const half = m.triangles.length / 2;
  assert.deepEqual([...m.triangles.subarray(half)], [...m.triangles.subarray(0, half)]);
  assert.equal(new Set(m.triangles.subarray(0, half).filter((_, i) => i % 3 === 0)).size, rim);
});

test('a file is read in chunks: a large generated OBJ parses the same as in memory', () => {
  const text = gridObj({ side: 120, normals: true, uvs: true, comments: true, groups: true });
  const file = join(dir, 'grid.obj');
  writeFileSync(file, text);
  const a = readObjFile(file);
  const b = parseObj(text);
  assert.deepEqual(a.positions, b.positions);
  assert.deepEqual(a.triangles, b.triangles);
  assert.equal(a.triangles.length / 3, 2 * 120 * 120);
});

const fails = (text: string | Buffer, pattern: RegExp): void => {
  assert.throws(() => parseObj(text, 'bad.obj'), (e: unknown) => e instanceof DicomError && pattern.test(e.describe()));
};

test('a comment may follow a value, after a blank or right after it, as tinyobjloader and Blender read it', () => {
  for (const gap of [' ', '']) {
    const m = parseObj(`v 0 0 0${gap}# a\nv 1.5 0 0${gap}#b\nv 0 1 1e2${gap}#\nvt 0.5 1${gap}#uv\nvn 0 0 1${gap}#n\nf 1/1/1 2/1/1 3/1/1${gap}# c\nf 3/1/1 2/1/1 1/1/1${gap}#\n`, 'c.obj');
    assert.deepEqual([...m.positions], [0, 0, 0, 1.5, 0, 0, 0, 1, 100]);
    assert.deepEqual([...m.triangles], [1, 2, 3, 3, 2, 1]);
    assert.deepEqual([...m.uvs!.subarray(0, 2)], [0.5, 1]);
  }
  fails('v 0 0 # only two\n', /^bad\.obj: line 1: a vertex needs x, y and z \(found 2 numbers\)$/);
  fails('v 0 0 0x#\n', /^bad\.obj: line 1: expected a number for a vertex coordinate, found "0x#"$/);
});

test('a Ctrl-Z ending the file (the DOS end-of-file mark) is passed over; one before the end is named', () => {
  const triangle = 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3';
  for (const text of [`${triangle}\n\x1a`, `${triangle}\x1a`, `${triangle} # end\r\n\x1a`]) {
    assert.deepEqual([...parseObj(text, 'dos.obj').triangles], [1, 2, 3], JSON.stringify(text));
    const file = join(dir, 'dos.obj');
    writeFileSync(file, text);
    assert.deepEqual([...readObjFile(file).triangles], [1, 2, 3], JSON.stringify(text));
  }
  assert.deepEqual(parseMtl(Buffer.from('newmtl skin\nmap_Kd skin.jpg\r\n\x1a'), 'dos.mtl').maps.map((m) => m.file), ['skin.jpg']);
  const named = /a Ctrl-Z \(byte 0x1a, the DOS end-of-file mark\) before the file's end: only its last byte may be one$/;
  fails(`${triangle}\n\x1a\n`, new RegExp(`^bad\\.obj: line 5: ${named.source}`));
  fails(`v 0 0 0\x1a\n${triangle}\n`, new RegExp(`^bad\\.obj: line 1: ${named.source}`));
  fails(`${triangle}\n\x1a\x1a`, /^bad\.obj: line 5: a Ctrl-Z/);
  assert.throws(() => parseMtl(Buffer.from('newmtl skin\x1a\nmap_Kd skin.jpg\n'), 'dos.mtl'), (e: unknown) => e instanceof DicomError && named.test(e.describe()) && /^dos\.mtl: line 1:/.test(e.describe()));
});

test('a plus sign before an index or a number is read, as C\'s strtol and strtod read it', () => {
  const m = parseObj('v +1.5 +0 -0\nv +.5 1e+1 0\nv 0 +2E-1 0\nvt +0.25 +1\nvn +0 0 +1\nf +1/+1/+1 2/1/+1 +3/+1/1\n', 'plus.obj');
  assert.deepEqual([...m.positions], [1.5, 0, -0, 0.5, 10, 0, 0, Math.fround(0.2), 0]);
  assert.deepEqual([...m.triangles], [1, 2, 3]);
  assert.deepEqual([...m.uvs!.subarray(0, 2)], [0.25, 1]);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 +4\n', /^bad\.obj: line 4: face refers to vertex \+4, but only 3 vertices/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 +0\n', /^bad\.obj: line 4: vertex index 0: OBJ indices start at 1/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 +-3\n', /^bad\.obj: line 4: expected a vertex index, found "\+-3"/);
  fails('v 0 0 0\nv 1 0 0\nv ++1 1 0\n', /^bad\.obj: line 3: expected a number for a vertex coordinate, found "\+\+1"/);
});

test('an index written as a float with a fraction of zeros (f 3.0, as some exporters print it) is that index; 3.5 is refused', () => {
  const m = parseObj('v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvn 0 0 1\nf 1.0/1.00/1.0 2.0/1/1 3.000/1/1 # c\nf 3.0/1/1 2/1/1.0 1.0/1/1#c\nf -1.0/-1/-1 -2.0/1/1 -3.0/1.0/1\n', 'float.obj');
  assert.deepEqual([...m.triangles], [1, 2, 3, 3, 2, 1, 3, 2, 1]);
  assert.deepEqual(m.warnings, []);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3.5\n', /^bad\.obj: line 4: vertex index 3\.5 is not a whole number$/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nf 1/1.01 2/1 3/1\n', /^bad\.obj: line 5: texture coordinate index 1\.01 is not a whole number$/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4.0\n', /^bad\.obj: line 4: face refers to vertex 4\.0, but only 3 vertices/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3.\n', /^bad\.obj: line 4: expected a face corner/);
});

test('faces that use a vertex twice (zero area) are kept, said in one warning with their count and the first one\'s line', () => {
  const square = 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 1 1 0\nf 1 2 3\n';
  const many = parseObj(`${square}f 2 2 4\nf 2 4 3\nf 4 3 4\nf 1 2 4 1\nf 3 4 3 2\n`, 'd.obj');
  assert.deepEqual([...many.triangles], [1, 2, 3, 2, 2, 4, 2, 4, 3, 4, 3, 4, 1, 2, 4, 1, 4, 1, 3, 4, 3, 3, 3, 2]);
  assert.deepEqual(many.warnings.filter((w) => /twice/.test(w)), ['4 faces use a vertex twice (zero area), the first on line 6; they are kept as written']);
  assert.deepEqual(parseObj(`${square}f 3 -1 -1\n`, 'd.obj').warnings, ['1 face uses a vertex twice (zero area), on line 6; it is kept as written']);
  // One vertex with two texture coordinates (a seam) is two points but still one position.
  assert.match(parseObj(`${square}vt 0 0\nvt 1 1\nf 1/1 1/2 2/1\n`, 'd.obj').warnings.join('\n'), /1 face uses a vertex twice \(zero area\), on line 8/);
  assert.deepEqual(parseObj(`${square}f 2 4 3\n`, 'd.obj').warnings, []);
});

test('faces of distinct vertices whose corners lie on one line (zero area) are kept, said in one warning with their count and the first one\'s line', () => {
  // 1-3 on the x axis; 4 off it; 5 at the place of 1 (a distinct vertex at the same position).
  const verts = 'v 0 0 0\nv 1 0 0\nv 2.5 0 0\nv 0 1 0\nv 0 0 0\n';
  const flat = parseObj(`${verts}f 1 2 4\nf 1 2 3\nf 2 4 1\nf 3 1 2\nf 1 5 4\nf 1 2 3 4\nf 1 1 2\n`, 'flat.obj');
  assert.equal(flat.triangles.length, 3 * 8, 'all kept');
  assert.deepEqual(flat.warnings, [
    '1 face with more than three corners was triangulated (fan from the first corner)',
    '1 face uses a vertex twice (zero area), on line 12; it is kept as written',
    '4 faces have zero area though their vertices are distinct (the corners lie on one line), the first on line 7; they are kept as written',
  ]);
  assert.deepEqual(parseObj(`${verts}f 2 3 1\n`, 'flat.obj').warnings, ['1 face has zero area though its vertices are distinct (the corners lie on one line), on line 6; it is kept as written']);
  // A sliver is no line: a face with the smallest of areas is a face.
  assert.deepEqual(parseObj('v 0 0 0\nv 1000 0 0\nv 500 0.001 0\nf 1 2 3\n', 'thin.obj').warnings, []);
});

test('an OBJ saved with a UTF-8 byte order mark is read as text', () => {
  const mesh = parseObj(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n')]), 'bom.obj');
  assert.equal(mesh.triangles.length, 3);
});

test('a face corner index left empty (1/1/, 1//, 1/) is none, as Blender, tinyobjloader and trimesh read it', () => {
  const verts = 'v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\n';
  const same = (a: string, b: string): void => {
    const [x, y] = [parseObj(verts + a), parseObj(verts + b)];
    assert.deepEqual([x.positions, x.triangles, x.uvs, x.normals, x.warnings], [y.positions, y.triangles, y.uvs, y.normals, y.warnings], a);
  };
  same('f 1/1/ 2/2/ 3/3/\n', 'f 1/1 2/2 3/3\n');
  same('f 1// 2// 3//\n', 'f 1 2 3\n');
  same('f 1/ 2/ 3/\r\n', 'f 1 2 3\r\n');
  same('f 1/1/ 2/2/ 3/3/# a comment\n', 'f 1/1 2/2 3/3\n');
  same('f 1/1/ 2/2/ 3/3/', 'f 1/1 2/2 3/3');
  // Among corners with normals, it is one without, said as any is.
  const mixed = parseObj(`${verts}vn 0 0 1\nf 1/1/1 2/2/ 3/3/1\n`);
  assert.deepEqual(mixed.warnings, ['1 face corner has no normal while others do; it gets (0, 0, 0)']);
});

test('bad OBJ input fails with one message naming the line', () => {
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n', /^bad\.obj: line 4: face refers to vertex 4, but only 3 vertices are defined/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 0\n', /bad\.obj: line 4: vertex index 0/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 99999999999999999999\n', /bad\.obj: line 4: face refers to vertex 99999999999999999999, but only 3 vertices/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -4\n', /bad\.obj: line 4: face refers to vertex -4, but only 3 vertices/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nf 1/1/x 2/1 3/1\n', /^bad\.obj: line 5: expected a normal index, found "x"$/);
  fails('v 0 0 0\nv nan 0 0\nv 0 1 0\nf 1 2 3\n', /bad\.obj: line 2: a vertex coordinate is nan/);
  fails('v 0 0 0\nv 1 0 inf\n', /bad\.obj: line 2: .*inf/);
  fails('v 0 0 0\nv 1 0 x1\n', /bad\.obj: line 2: expected a number/);
  fails('v 0 0 0\nv 1e39 0 0\n', /bad\.obj: line 2: a vertex coordinate is 1e39: beyond the range of the 32-bit floats/);
  fails('v 0 0 0\nv 1 -1e400 0\n', /bad\.obj: line 2: a vertex coordinate is -1e400: beyond the range of the 32-bit floats/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nvt -4e38 0\nf 1/1 2/1 3/1\n', /bad\.obj: line 4: .* is -4e38: beyond the range/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nf 1/2 2/1 3/1\n', /bad\.obj: line 5: face refers to texture coordinate 2/);
  fails('v 0 0 0\nv 1 0\n', /bad\.obj: line 2: a vertex needs x, y and z/);
  fails('v 0 0 0\nv 1 0 0\nf 1 2\n', /at least 3 corners/);
  fails('v 0 0 0\n', /no faces/);
  fails(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /bad\.obj: line 1: binary data/);
  fails(Buffer.concat([Buffer.from('v 0 0 0\nv 1'), Buffer.from([0, 1, 2]), Buffer.from(' 0 0\n')]), /bad\.obj: line 2: binary data \(byte 0x00\)/);
  fails('v 0 0 0\rv 1 0 0\rv 0 1 0\rf 1 2 3\r', /bad\.obj: line 1: lines end in CR alone \(classic Mac OS line endings\)/);
  fails('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 \\\r\n 3\n', /bad\.obj: line 4: the line ends in a backslash \(a line continued on the next\)/);
  fails('v 0 0 \\\n0\n', /bad\.obj: line 1: the line ends in a backslash/);
});

test('float32 values are written as the shortest text that reads back identically', () => {
  assert.equal(float32Text(Math.fround(0.1)), '0.1');
  assert.equal(float32Text(-0), '-0');
  assert.equal(float32Text(Math.fround(-300.25)), '-300.25');
  // From 1e-6 to 1e7 without an exponent, as a scanner's coordinates in millimetres or micrometres are written.
  assert.equal(float32Text(10000), '10000');
  assert.equal(float32Text(Math.fround(1234567.5)), '1234567.5');
  assert.equal(float32Text(Math.fround(0.000001)), '0.000001');
  assert.equal(float32Text(Math.fround(-0.0123456)), '-0.0123456');
  assert.equal(float32Text(Math.fround(1e-7)), '1e-7');
  assert.equal(float32Text(Math.fround(3e12)), '3e+12');
  const bits = new Uint32Array(1);
  const f = new Float32Array(bits.buffer);
  for (let i = 0; i < 40000; i++) {
    // Half of them random bits, half in the magnitudes meshes hold, with as many digits as a float32 has.
    if (i % 2) f[0] = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 13 - 6);
    else bits[0] = (Math.random() * 0xffffffff) >>> 0;
    if (!Number.isFinite(f[0]!)) continue;
    const text = float32Text(f[0]!);
    // None shorter reads back: the text has the fewest significant digits.
    const digits = text.replace(/^-|e.*$/g, '').replace('.', '').replace(/^0+|0+$/g, '').length;
    if (digits > 1) assert.ok(Math.fround(Number(f[0]!.toPrecision(digits - 1))) !== f[0], `${f[0]} → ${text}: ${digits - 1} digits read back`);
    assert.ok(Object.is(Math.fround(Number(text)), f[0]), `${f[0]} → ${text}`);
    assert.ok(Object.is(parseObj(`v ${text} 0 0\nf 1 1 1\n`).positions[0], f[0]), `parser reads ${text} back as ${f[0]}`);
  }
});

test('comments are kept as whole lines up to what the mesh holds, and the rest are said to be dropped', () => {
  const comments = Array.from({ length: 300 }, (_, i) => `exported by SomeScanner v1.2 line ${String(i).padStart(4, '0')} ${'.'.repeat(24)}`);
  const mesh = parseObj(`${comments.map((c) => `# ${c}`).join('\n')}\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n`, 'c.obj');
  const kept = mesh.comments.length;
  assert.deepEqual(mesh.comments, comments.slice(0, kept));
  assert.ok(mesh.comments.join('\n').length <= 10_000 && kept > 100, String(kept));
  assert.ok(mesh.warnings.includes(`${300 - kept} comment lines are not kept: a mesh keeps the first 1000 lines, 10000 bytes (UTF-8) in all`), mesh.warnings.join('\n'));
});

test('an MTL map names the file after its options, spaces included', () => {
  const lib = parseMtl(Buffer.from('newmtl a\nmap_Kd -s 2 2 -o 0.5 -clamp on skin photo.png\nnewmtl b\nmap_Bump -bm 0.3 bump.png\nmap_Kd tex.jpg\n'), 'm.mtl');
  assert.deepEqual(lib.maps.map((m) => [m.statement, m.file, m.diffuse]), [['map_Kd', 'skin photo.png', true], ['map_Bump', 'bump.png', false], ['map_Kd', 'tex.jpg', true]]);
});

test('an MTL map with options and no file after them is refused naming its line, not looked for as the MTL\'s folder', () => {
  const refused = (text: string, message: string): void => {
    assert.throws(() => parseMtl(Buffer.from(text), 'm.mtl'), (e: unknown) => e instanceof DicomError && e.describe() === message);
  };
  refused('newmtl a\nmap_Kd -clamp on\n', 'm.mtl: line 2: map_Kd names no image file after its options (-clamp on)');
  refused('newmtl a\nmap_Kd -s 1 1 1 -mm 0 1\n', 'm.mtl: line 2: map_Kd names no image file after its options (-s 1 1 1 -mm 0 1)');
  refused('newmtl a\nmap_Kd\n', 'm.mtl: line 2: map_Kd names no image file');
});

test('comments and names that are not UTF-8 (a Windows code page) are read as Latin-1, said once; UTF-8 ones stay UTF-8', () => {
  const cp1252 = parseObj(Buffer.from('# K\xf6rper scan\no K\xf6rper\nv 0 0 0\nv 1 0 0\nv 0 1 0\ng r\xfccken\nf 1 2 3\n', 'latin1'), 'w.obj');
  assert.deepEqual(cp1252.comments, ['Körper scan']);
  assert.deepEqual(cp1252.groups.map((g) => g.name), ['Körper', 'rücken']);
  assert.deepEqual(cp1252.warnings, ['the text of 3 lines (comments, names), the first line 1, is not UTF-8: it is read as Latin-1 (ISO 8859-1)']);
  const utf8 = parseObj('# Körper 中\no Körper\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
  assert.deepEqual([utf8.comments, utf8.groups.map((g) => g.name), utf8.warnings], [['Körper 中'], ['Körper'], []]);
});

test('a texture coordinate with a w other than 0 is said to lose it; a w of 0, as exporters write it, is not', () => {
  const obj = (w: string): string => `v 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0 ${w}\nvt 1 0 0\nvt 0 1 0.0\nf 1/1 2/2 3/3\n`;
  assert.deepEqual(parseObj(obj('0')).warnings, []);
  assert.deepEqual(parseObj(obj('0.5')).warnings, ["1 texture coordinate has a w other than 0 (a 3D texture's depth); only u and v are kept"]);
});
