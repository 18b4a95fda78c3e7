import { meshError } from './mesh-error.js';

/** Statements of an MTL file that name an image file (the file name is the last word; options come before it). */
const MAP_STATEMENTS = new Set(['map_ka', 'map_kd', 'map_ks', 'map_ns', 'map_d', 'map_bump', 'bump', 'disp', 'decal', 'refl', 'norm', 'map_pr', 'map_pm', 'map_ke']);

export interface MaterialLibrary {
  materials: string[];
  /** Image files the materials use, with the statement and line naming each; `diffuse` is true for map_Kd. */
  maps: { file: string; statement: string; line: number; diffuse: boolean }[];
}

/** Reads an MTL file's material names and texture map references; binary data is refused with the line it is on. */
export function parseMtl(bytes: Buffer, name: string): MaterialLibrary {
  const lib: MaterialLibrary = { materials: [], maps: [] };
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const bad = /[\x00-\x08\x0e-\x1f\x7f]/.exec(line);
    if (bad) throw meshError(name, i + 1, `binary data (byte 0x${bad[0].charCodeAt(0).toString(16).padStart(2, '0')}): this is not an MTL text file`);
    const words = line.trim().split(/\s+/);
    const head = words[0]?.toLowerCase() ?? '';
    if (head === 'newmtl') lib.materials.push(words.slice(1).join(' '));
    else if (MAP_STATEMENTS.has(head)) {
      if (words.length < 2) throw meshError(name, i + 1, `${words[0]} names no image file`);
      lib.maps.push({ file: words[words.length - 1]!, statement: words[0]!, line: i + 1, diffuse: head === 'map_kd' });
    }
  });
  if (!lib.materials.length && text.trim()) throw meshError(name, undefined, 'no "newmtl" statement: this is not an MTL material library');
  return lib;
}

/** A minimal MTL for a textured mesh exported from a Surface Scan Mesh. */
export function textureMtl(material: string, texture: string): string {
  return `newmtl ${material}\nKa 1 1 1\nKd 1 1 1\nKs 0 0 0\nillum 1\nmap_Kd ${texture}\n`;
}
