// pydicom as a second, independent reader of what we write: runs test/helpers/pydicom-read.py on a batch of files
// and puts our reader's view of a file in the same form, so the two can be compared value for value.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../../src/core/dataset.js';
import { Encapsulated, Sequence, loadBulk, isBulkRef, type Fragment } from '../../src/core/element.js';
import { tagHex } from '../../src/core/tag.js';
import { decodeTags } from '../../src/core/value-codec.js';
import type { DicomFile } from '../../src/io/part10-reader.js';

/** Debian's Python, where python3-pydicom, python3-numpy and python3-pil are installed (not a pyenv on PATH). */
export const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../../test/helpers/pydicom-read.py', import.meta.url));

const hasPydicom = spawnSync(PYTHON, ['-c', 'import pydicom, numpy, PIL']).status === 0;
/** Why tests that need pydicom, numpy and Pillow skip; false when they can be imported. */
export const NO_PYDICOM = hasPydicom ? false : `${PYTHON} cannot import pydicom, numpy and PIL (apt-get install python3-pydicom python3-numpy python3-pil)`;

/** Text as a list of values; binary numbers and DS/IS as numbers; SV/UV as text; other binary data by its digest. */
export type ElementValue = (string | number)[] | { length: number; sha256: string } | { offsetTable: string; fragments: string[] };
export type ElementView = { vr: string; value: ElementValue } | { vr: 'SQ'; items: number };
/** Every element under its flattened path: "00100010", "00081115[0].0020000E". */
export type Elements = Record<string, ElementView>;

export interface PydicomRead {
  path: string;
  /** Exceptions, warnings and log messages; empty when pydicom read the file strictly without complaint. */
  problems: string[];
  transferSyntax?: string;
  elements?: Elements;
  pixels?: { shape: number[]; dtype: string; sha256: string; mean: number[] };
}

/**
 * Reads the files with pydicom in one process. With `pixelsDir`, the pixel_array of the Nth file is written to
 * `${pixelsDir}/N.raw` (little endian; YBR JPEGs converted to RGB). `privateDictionary` is a JSON file of private
 * element VRs ({"CREATOR": {"00091001": "LO"}}) for Implicit VR files.
 */
export function pydicomRead(files: readonly string[], pixelsDir?: string, privateDictionary?: string): PydicomRead[] {
  const args = [SCRIPT, ...(pixelsDir ? ['--pixels', pixelsDir] : []), ...(privateDictionary ? ['--private-dictionary', privateDictionary] : []), ...files];
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pydicom-read.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PydicomRead[];
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const fragmentBytes = (f: Fragment): Buffer => (isBulkRef(f) ? loadBulk(f) : f);

const INTEGER = new Set(['US', 'SS', 'UL', 'SL', 'IS']);
const REAL = new Set(['FL', 'FD', 'DS']);
const TEXT = new Set(['AE', 'AS', 'CS', 'DA', 'DT', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);

function view(ds: Dataset, prefix: string, out: Elements): void {
  for (const el of ds) {
    const path = `${prefix}${tagHex(el.tag)}`;
    const v = el.value;
    if (v instanceof Sequence) {
      out[path] = { vr: 'SQ', items: v.items.length };
      v.items.forEach((item, i) => view(item, `${path}[${i}].`, out));
    } else if (v instanceof Encapsulated) {
      out[path] = { vr: el.vr, value: { offsetTable: sha256(v.offsetTable), fragments: v.fragments.map((f) => sha256(fragmentBytes(f))) } };
    } else if (el.vr === 'AT') {
      out[path] = { vr: el.vr, value: decodeTags(ds.bytes(el.tag)!).map(tagHex) };
    } else if (TEXT.has(el.vr) || el.vr === 'SV' || el.vr === 'UV') {
      out[path] = { vr: el.vr, value: ds.getStrings(el.tag) };
    } else if (INTEGER.has(el.vr) || REAL.has(el.vr)) {
      out[path] = { vr: el.vr, value: ds.getNumbers(el.tag) };
    } else {
      const bytes = ds.bytes(el.tag)!;
      out[path] = { vr: el.vr, value: { length: bytes.length, sha256: sha256(bytes) } };
    }
  }
}

/** Our reader's view of a file (meta information and data set) in the form pydicom-read.py prints. */
export function ourElements(file: DicomFile): Elements {
  const out: Elements = {};
  view(file.meta, '', out);
  view(file.dataset, '', out);
  return out;
}

/** The value pydicom decoded at a path (text and numbers), or undefined when absent. */
export const pyValue = (read: PydicomRead, path: string): (string | number)[] | undefined => {
  const el = read.elements?.[path];
  return el && 'value' in el && Array.isArray(el.value) ? el.value : undefined;
};
