import { meshError } from './mesh-error.js';
import { controlByteProblem, textEnd } from './text-bytes.js';

/** Statements of an MTL file that name an image file (options first, then the file name). */
const MAP_STATEMENTS = new Set(['map_ka', 'map_kd', 'map_ks', 'map_ns', 'map_d', 'map_bump', 'bump', 'disp', 'decal', 'refl', 'norm', 'map_pr', 'map_pm', 'map_ke']);

/**
 * How many values each map option takes (the MTL specification's, and the common -bm and -cc): -o, -s and -t take one
 * to three numbers, which are counted as they come.
 */
const OPTION_VALUES: Record<string, number | 'up to 3 numbers'> = {
  '-blendu': 1, '-blendv': 1, '-boost': 1, '-mm': 2, '-o': 'up to 3 numbers', '-s': 'up to 3 numbers', '-t': 'up to 3 numbers',
  '-texres': 1, '-clamp': 1, '-bm': 1, '-imfchan': 1, '-type': 1, '-cc': 1,
};

/** The file a map statement names: what follows its options, spaces included ("map_Kd -s 1 1 skin photo.png"). */
function mapFile(words: readonly string[]): string {
  let i = 1;
  while (i < words.length - 1 && OPTION_VALUES[words[i]!.toLowerCase()] !== undefined) {
    const takes = OPTION_VALUES[words[i]!.toLowerCase()]!;
    i++;
    if (takes === 'up to 3 numbers') for (let n = 0; n < 3 && i < words.length - 1 && Number.isFinite(Number(words[i])); n++) i++;
    else i += takes;
  }
  return words.slice(i).join(' ');
}

export interface MaterialLibrary {
  materials: string[];
  /**
   * Image files the materials use, with the statement and line naming each and the material it belongs to (the last
   * `newmtl` before it; empty before any); `diffuse` is true for map_Kd.
   */
  maps: { file: string; statement: string; line: number; material: string; diffuse: boolean }[];
}

/** Reads an MTL file's material names and texture map references; binary data is refused with the line it is on. */
export function parseMtl(bytes: Buffer, name: string): MaterialLibrary {
  const lib: MaterialLibrary = { materials: [], maps: [] };
  const text = bytes.toString('utf8', 0, textEnd(bytes));
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const bad = /[\x00-\x08\x0e-\x1f\x7f]/.exec(line);
    if (bad) throw meshError(name, i + 1, controlByteProblem(bad[0].charCodeAt(0), 'MTL'));
    const words = line.trim().split(/\s+/);
    const head = words[0]?.toLowerCase() ?? '';
    if (head === 'newmtl') lib.materials.push(words.slice(1).join(' '));
    else if (MAP_STATEMENTS.has(head)) {
      const file = words.length < 2 ? '' : mapFile(words);
      // Options with their values and nothing after them (`map_Kd -clamp on`): no file to look for.
      if (!file) throw meshError(name, i + 1, `${words[0]} names no image file${words.length < 2 ? '' : ` after its options (${words.slice(1).join(' ')})`}`);
      lib.maps.push({ file, statement: words[0]!, line: i + 1, material: lib.materials[lib.materials.length - 1] ?? '', diffuse: head === 'map_kd' });
    }
  });
  if (!lib.materials.length && text.trim()) throw meshError(name, undefined, 'no "newmtl" statement: this is not an MTL material library');
  return lib;
}

/** A minimal MTL for a textured mesh exported from a Surface Scan Mesh. */
export function textureMtl(material: string, texture: string): string {
  return `newmtl ${material}\nKa 1 1 1\nKd 1 1 1\nKs 0 0 0\nillum 1\nmap_Kd ${texture}\n`;
}
