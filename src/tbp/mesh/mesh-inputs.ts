import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { meshError } from '../../mesh/mesh-error.js';
import { parseMtl, type MaterialLibrary } from '../../mesh/mtl.js';
import { readObjFile } from '../../mesh/obj-parse.js';
import type { SurfaceMesh } from '../../mesh/surface-mesh.js';
import { probeImage, type ImageProbe } from '../../pixel/image-source.js';
import { whyNotAFile } from '../../io/regular-file.js';

export interface MeshFiles {
  obj: string;
  /** The material library; by default the one the OBJ names (`mtllib`), looked for beside the OBJ. */
  mtl?: string;
  /** The texture image; by default the one the MTL names (`map_Kd`), looked for beside the MTL. */
  texture?: string;
}

/** Everything read and checked from a mesh's files: building and writing can then only fail on I/O. */
export interface MeshInputs {
  objPath: string;
  mesh: SurfaceMesh;
  mtl?: { path: string; bytes: Buffer; library: MaterialLibrary };
  texture?: { path: string; probe: ImageProbe };
  warnings: string[];
}

/** `why` says who wants the file ("the OBJ file", "material library named by body.obj line 2"). */
function existingFile(path: string, why: string): string {
  const notAFile = whyNotAFile(path);
  if (notAFile) throw meshError(path, undefined, `${notAFile} (${why})`);
  return path;
}

/** A Windows absolute path: on a drive (`C:\scan\skin.jpg`) or a share (`\\server\scans\skin.jpg`). */
const WINDOWS_ABSOLUTE = /^(?:[a-z]:[\\/]|[\\/]{2})/i;

/**
 * The file an OBJ or MTL names (`name`, relative to the folder of the file naming it, `namedBy`). Files made on
 * Windows separate folders with backslashes (`textures\skin.jpg`), which are separators here too, as export-mesh
 * takes them. A name that is an absolute path where nothing is (the folder was moved from the machine that wrote it:
 * `C:\scan\skin.jpg`) is looked for beside the file naming it, and a warning says which file was taken.
 */
function namedFile(namedBy: string, name: string, why: string, warnings: string[]): string {
  const path = resolve(dirname(namedBy), name);
  if (whyNotAFile(path) !== 'does not exist') return existingFile(path, why);
  const portable = name.replace(/\\/g, '/');
  if (isAbsolute(portable) || WINDOWS_ABSOLUTE.test(portable)) {
    const beside = resolve(dirname(namedBy), basename(portable));
    if (whyNotAFile(beside) === 'does not exist') throw meshError(beside, undefined, `does not exist, nor does ${name} (${why})`);
    warnings.push(`${name} (${why}) does not exist: ${basename(beside)} beside ${basename(namedBy)} is used`);
    return existingFile(beside, why);
  }
  return existingFile(resolve(dirname(namedBy), portable), why);
}

function materialLibrary(objPath: string, mesh: SurfaceMesh, given: string | undefined, warnings: string[]): MeshInputs['mtl'] {
  const named = mesh.materialLibraries[0];
  if (!given && !named) return undefined;
  const path = given
    ? existingFile(resolve(given), 'the material library (--mtl)')
    : namedFile(objPath, named!.name, `material library named by ${basename(objPath)} line ${named!.line}`, warnings);
  const bytes = readFileSync(path);
  return { path, bytes, library: parseMtl(bytes, path) };
}

/**
 * What of the MTL's image maps is not stored: a mesh has one texture image, the diffuse colour (map_Kd). Other
 * diffuse textures (materials of their own) and other maps (bump, specular …) are named, so that none goes unsaid.
 */
function mapWarnings(maps: MaterialLibrary['maps'], fromMtl: boolean): string[] {
  const diffuse = [...new Set(maps.filter((m) => m.diffuse).map((m) => m.file))];
  const others = maps.filter((m) => !m.diffuse);
  const warnings: string[] = [];
  if (fromMtl && diffuse.length === 0 && others.length) warnings.push('the MTL names no diffuse texture (map_Kd): no texture is stored');
  if (diffuse.length > 1) {
    warnings.push(`the MTL names ${diffuse.length} diffuse textures (${diffuse.join(', ')}), a mesh holds one: ${fromMtl ? diffuse[0] : 'the one given'} is stored, and the faces of the other materials are mapped onto it`);
  }
  if (others.length) warnings.push(`${others.length} other image map${others.length > 1 ? 's' : ''} of the MTL (${[...new Set(others.map((m) => m.statement))].join(', ')}) ${others.length > 1 ? 'are' : 'is'} not stored`);
  return warnings;
}

/**
 * Reads and checks a mesh's OBJ, its MTL and texture: the OBJ parses (indices in range, finite numbers, text), the
 * MTL the OBJ names exists and parses, the texture the MTL names exists and is a JPEG/PNG/TIFF. Throws one
 * DicomError naming the file (and line) of the first problem; nothing is written.
 */
export async function loadMeshInputs(files: MeshFiles): Promise<MeshInputs> {
  const objPath = existingFile(resolve(files.obj), 'the OBJ file');
  const mesh = readObjFile(objPath);
  const warnings = [...mesh.warnings];
  const mtl = materialLibrary(objPath, mesh, files.mtl, warnings);
  if (mesh.materialLibraries.length > 1) warnings.push(`${mesh.materialLibraries.length} material libraries named; only "${basename(mtl!.path)}" is kept`);
  const maps = mtl?.library.maps ?? [];
  const diffuse = maps.find((m) => m.diffuse);
  let texturePath: string | undefined;
  if (files.texture) texturePath = existingFile(resolve(files.texture), 'the texture (--texture)');
  else if (diffuse) texturePath = namedFile(mtl!.path, diffuse.file, `texture named by ${basename(mtl!.path)} line ${diffuse.line}`, warnings);
  warnings.push(...mapWarnings(maps, files.texture === undefined));
  let texture: MeshInputs['texture'];
  if (texturePath) {
    try {
      texture = { path: texturePath, probe: await probeImage(texturePath) };
    } catch (e) {
      throw meshError(texturePath, undefined, `texture: ${(e as Error).message}`);
    }
    warnings.push(...texture.probe.warnings.map((w) => `texture: ${w}`));
  }
  if (texture && !mesh.uvs) warnings.push('a texture was given but the OBJ faces have no texture coordinates; the texture is stored without a UV mapping');
  return { objPath, mesh, ...(mtl ? { mtl } : {}), ...(texture ? { texture } : {}), warnings };
}
