import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { meshError } from '../../mesh/mesh-error.js';
import { parseMtl, type MaterialLibrary } from '../../mesh/mtl.js';
import { readObjFile } from '../../mesh/obj-parse.js';
import { fileBulkRef } from '../../io/byte-source.js';
import type { BulkRef } from '../../core/element.js';
import type { SurfaceMesh } from '../../mesh/surface-mesh.js';
import { probeImage, type ImageProbe } from '../../pixel/image-source.js';
import { DicomError, NO_SUCH_FILE } from '../../core/errors.js';
import { whyNotAFile } from '../../io/regular-file.js';

export interface MeshFiles {
  obj: string;
  /** The material library; by default the one the OBJ names (`mtllib`), looked for beside the OBJ. */
  mtl?: string;
  /**
   * The texture image; by default each one the MTL names (`map_Kd` of its materials), looked for beside the MTL. Given,
   * it is the only texture, in place of the MTL's first.
   */
  texture?: string;
}

/** A diffuse texture image, read and checked. */
export interface MeshTexture {
  path: string;
  probe: ImageProbe;
  /** How the MTL names it (its `map_Kd`), when it does. */
  name?: string;
  /** The MTL's materials whose diffuse colour it is. */
  materials: string[];
}

/** Everything read and checked from a mesh's files: building and writing can then only fail on I/O. */
export interface MeshInputs {
  objPath: string;
  /**
   * The OBJ file as it was when parsed, left on disk (the Encapsulated OBJ's document): taken before the parse, so a
   * change to the file after it (or during it) fails the write instead of embedding other bytes than the mesh's.
   */
  objDocument: BulkRef;
  mesh: SurfaceMesh;
  mtl?: { path: string; bytes: Buffer; library: MaterialLibrary };
  /** The diffuse textures in the order the MTL names them; the first is the one a Surface Scan Mesh maps. */
  textures: MeshTexture[];
  warnings: string[];
}

/**
 * `why` says who wants the file ("the OBJ file", "material library named by body.obj line 2"). A file that is not
 * there fails as an input of any command does (IO), not as one whose content is wrong.
 */
function existingFile(path: string, why: string): string {
  const notAFile = whyNotAFile(path);
  if (notAFile) throw new DicomError('IO', `${notAFile} (${why})`, { file: path });
  return path;
}

/** A Windows absolute path: on a drive (`C:\scan\skin.jpg`) or a share (`\\server\scans\skin.jpg`). */
const WINDOWS_ABSOLUTE = /^(?:[a-z]:[\\/]|[\\/]{2})/i;

/**
 * `name` in the folder of `namedBy`, as `namedBy` was given (body.obj's "body.mtl" is scan/body.mtl for --obj
 * scan/body.obj, relative staying relative), or `name` itself when it is an absolute path.
 */
const besideFile = (namedBy: string, name: string): string => (isAbsolute(name) ? name : join(dirname(namedBy), name));

/**
 * The file an OBJ or MTL names (`name`, relative to the folder of the file naming it, `namedBy`). Files made on
 * Windows separate folders with backslashes (`textures\skin.jpg`), which are separators here too, as export-mesh
 * takes them. A name that is an absolute path where nothing is (the folder was moved from the machine that wrote it:
 * `C:\scan\skin.jpg`) is looked for beside the file naming it, and a warning says which file was taken.
 */
function namedFile(namedBy: string, name: string, why: string, warnings: string[]): string {
  const path = besideFile(namedBy, name);
  if (whyNotAFile(path) !== NO_SUCH_FILE) return existingFile(path, why);
  const portable = name.replace(/\\/g, '/');
  if (isAbsolute(portable) || WINDOWS_ABSOLUTE.test(portable)) {
    const beside = besideFile(namedBy, basename(portable));
    if (whyNotAFile(beside) === NO_SUCH_FILE) throw new DicomError('IO', `${NO_SUCH_FILE}, nor is ${name} there (${why})`, { file: beside });
    warnings.push(`${name} (${why}): ${NO_SUCH_FILE}; ${basename(beside)} beside ${basename(namedBy)} is used`);
    return existingFile(beside, why);
  }
  return existingFile(besideFile(namedBy, portable), why);
}

function materialLibrary(objPath: string, mesh: SurfaceMesh, given: string | undefined, warnings: string[]): MeshInputs['mtl'] {
  const named = mesh.materialLibraries[0];
  if (!given && !named) return undefined;
  const path = given
    ? existingFile(given, 'the material library (--mtl)')
    : namedFile(objPath, named!.name, `material library named by ${basename(objPath)} line ${named!.line}`, warnings);
  const bytes = readFileSync(path);
  return { path, bytes, library: parseMtl(bytes, path) };
}

/** The MTL's diffuse textures, one per file name (materials may share one), with the materials using each. */
function diffuseTextures(maps: MaterialLibrary['maps']): { file: string; line: number; materials: string[] }[] {
  const byName = new Map<string, { file: string; line: number; materials: string[] }>();
  for (const m of maps) {
    if (!m.diffuse) continue;
    const known = byName.get(m.file);
    if (known) known.materials.push(m.material);
    else byName.set(m.file, { file: m.file, line: m.line, materials: [m.material] });
  }
  return [...byName.values()];
}

/**
 * What of the MTL's image maps is not stored: a texture given in place of several the MTL names leaves the others out,
 * and maps other than the diffuse colour (bump, specular …) are not kept; each is named, so that none goes unsaid.
 */
function mapWarnings(maps: MaterialLibrary['maps'], given: boolean): string[] {
  const diffuse = diffuseTextures(maps).map((t) => t.file);
  const others = maps.filter((m) => !m.diffuse);
  const warnings: string[] = [];
  if (!given && diffuse.length === 0 && others.length) warnings.push('the MTL names no diffuse texture (map_Kd): no texture is stored');
  if (given && diffuse.length > 1) {
    warnings.push(`the MTL names ${diffuse.length} diffuse textures (${diffuse.join(', ')}): the one given (--texture) is stored in place of ${diffuse[0]}, and ${diffuse.slice(1).join(', ')} ${diffuse.length > 2 ? 'are' : 'is'} not stored`);
  }
  if (others.length) warnings.push(`${others.length} other image map${others.length > 1 ? 's' : ''} of the MTL (${[...new Set(others.map((m) => m.statement))].join(', ')}) ${others.length > 1 ? 'are' : 'is'} not stored`);
  return warnings;
}

async function readTexture(path: string, name: string | undefined, materials: string[], warnings: string[]): Promise<MeshTexture> {
  let probe: ImageProbe;
  try {
    // As stored: the texture coordinates point into the image as the file holds it, whatever its EXIF Orientation.
    probe = await probeImage(path, { asStored: true });
  } catch (e) {
    throw meshError(path, undefined, `texture: ${(e as Error).message}`);
  }
  warnings.push(...probe.warnings.map((w) => `texture ${basename(path)}: ${w}`));
  return { path, probe, ...(name === undefined ? {} : { name }), materials };
}

/**
 * Reads and checks a mesh's OBJ, its MTL and textures: the OBJ parses (indices in range, finite numbers, text), the
 * MTL the OBJ names exists and parses, each texture the MTL names exists and is a JPEG/PNG/TIFF. Throws one
 * DicomError naming the file (and line) of the first problem; nothing is written.
 */
export async function loadMeshInputs(files: MeshFiles): Promise<MeshInputs> {
  const objPath = existingFile(files.obj, 'the OBJ file');
  const objDocument = fileBulkRef(objPath);
  const mesh = readObjFile(objPath);
  const warnings = [...mesh.warnings];
  const mtl = materialLibrary(objPath, mesh, files.mtl, warnings);
  if (mesh.materialLibraries.length > 1) warnings.push(`${mesh.materialLibraries.length} material libraries named; only "${basename(mtl!.path)}" is kept`);
  const maps = mtl?.library.maps ?? [];
  const named = diffuseTextures(maps);
  const textures: MeshTexture[] = [];
  if (files.texture) {
    const path = existingFile(files.texture, 'the texture (--texture)');
    textures.push(await readTexture(path, named[0]?.file, named[0]?.materials ?? [], warnings));
  } else {
    for (const t of named) {
      const path = namedFile(mtl!.path, t.file, `texture named by ${basename(mtl!.path)} line ${t.line}`, warnings);
      textures.push(await readTexture(path, t.file, t.materials, warnings));
    }
  }
  warnings.push(...mapWarnings(maps, files.texture !== undefined));
  if (textures.length && !mesh.uvs) warnings.push('a texture was given but the OBJ faces have no texture coordinates; the texture is stored without a UV mapping');
  return { objPath, objDocument, mesh, ...(mtl ? { mtl } : {}), textures, warnings };
}
