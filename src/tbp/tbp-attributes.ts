import { Dataset, valueBytes } from '../core/dataset.js';
import type { Element } from '../core/element.js';
import { decodeString } from '../core/value-codec.js';
import type { Calibration } from './manifest-schema.js';
import { DRAFT_TAGS, tbpKey, tbpVR, type TbpKeyword } from './private-dictionary.js';

/** The TBP Dermoscopic Module facts about one lesion image. */
export interface LesionFacts {
  lesionId: string;
  vertexId?: number;
  position2d?: [number, number];
  position3d?: [number, number, number];
}

export function setTbp(ds: Dataset, keyword: TbpKeyword, value: string | number | readonly number[] | Dataset[]): void {
  ds.set(tbpKey(keyword), value as string, tbpVR(keyword));
}

/** Writes Lesion ID, Vertex ID and 2D/3D Coordinate Data into the TBP private block. */
export function setLesionFacts(ds: Dataset, facts: LesionFacts): void {
  setTbp(ds, 'TBPLesionID', facts.lesionId);
  if (facts.vertexId !== undefined) setTbp(ds, 'TBPVertexID', facts.vertexId);
  if (facts.position2d) setTbp(ds, 'TBP2DCoordinateData', facts.position2d);
  if (facts.position3d) setTbp(ds, 'TBP3DCoordinateData', facts.position3d);
}

/** Writes the camera calibration of a regional image ("VL Image Calibration"). */
export function setCalibration(ds: Dataset, c: Calibration): void {
  if (c.focalLengthPx !== undefined) setTbp(ds, 'TBPFocalLengthPixels', Array.isArray(c.focalLengthPx) ? c.focalLengthPx : [c.focalLengthPx]);
  if (c.principalPoint) setTbp(ds, 'TBPPrincipalPoint', c.principalPoint);
  if (c.radialDistortion?.length) setTbp(ds, 'TBPRadialDistortion', c.radialDistortion);
  if (c.parfocal !== undefined) setTbp(ds, 'TBPParfocal', c.parfocal ? 'YES' : 'NO');
  if (c.focusDistanceM !== undefined) setTbp(ds, 'TBPFocusDistance', c.focusDistanceM);
}

// ---- reading: the private block as we write it, or the draft (0010,1301-1304) tags as other tools wrote them ----

const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * Text of a value whatever VR it arrived with (UN when read as Implicit VR or unknown), in the data set's character
 * set (a lesion ID may be any text); numbers as text are ASCII in every character set DICOM allows.
 */
function textOf(el: Element, charsets: readonly string[] = []): string {
  return decodeString(valueBytes(el), 'LO', charsets).replace(/[\0 ]+$/, '').trim();
}

/**
 * Numbers of a value whose VR may be what we wrote (UL, FD), a string VR (IS, DS) in a draft file, or UN: UN bytes
 * that read as text are parsed as a backslash list, otherwise as little-endian binary of the expected width. Text VRs
 * pad with spaces, never NUL: a value with NUL bytes is binary (56 as UL is "8" and three NULs).
 */
function numbersOf(el: Element, binary: 'UL' | 'FD'): number[] {
  const bytes = valueBytes(el);
  const asText = (s: string): number[] => s.split('\\').map((v) => Number(v.trim())).filter((n) => !Number.isNaN(n));
  switch (el.vr) {
    case 'UL': return Array.from({ length: bytes.length >> 2 }, (_, i) => bytes.readUInt32LE(i * 4));
    case 'US': return Array.from({ length: bytes.length >> 1 }, (_, i) => bytes.readUInt16LE(i * 2));
    case 'SL': return Array.from({ length: bytes.length >> 2 }, (_, i) => bytes.readInt32LE(i * 4));
    case 'FD': return Array.from({ length: bytes.length >> 3 }, (_, i) => bytes.readDoubleLE(i * 8));
    case 'FL': return Array.from({ length: bytes.length >> 2 }, (_, i) => bytes.readFloatLE(i * 4));
    default: {
      const width = binary === 'UL' ? 4 : 8;
      if ((el.vr !== 'UN' && el.vr !== 'OB') || PRINTABLE.test(bytes.toString('latin1')) || bytes.length % width) return asText(textOf(el));
      return numbersOf({ ...el, vr: binary } as Element, binary);
    }
  }
}

export interface TbpFacts extends Partial<LesionFacts> {
  /** Where the facts came from: our private block, or the draft group-0010 tags. */
  source?: 'private' | 'draft';
}

function fromElements(ds: Dataset, get: (k: TbpKeyword) => Element | undefined): Partial<LesionFacts> {
  const facts: Partial<LesionFacts> = {};
  const id = get('TBPLesionID');
  if (id) facts.lesionId = textOf(id, ds.characterSets());
  const vertex = get('TBPVertexID');
  if (vertex) facts.vertexId = numbersOf(vertex, 'UL')[0];
  const p2 = get('TBP2DCoordinateData');
  if (p2) facts.position2d = numbersOf(p2, 'FD').slice(0, 2) as [number, number];
  const p3 = get('TBP3DCoordinateData');
  if (p3) facts.position3d = numbersOf(p3, 'FD').slice(0, 3) as [number, number, number];
  return facts;
}

/** Reads the lesion facts of an object: the TBP private block first, else the draft (0010,1301-1304) tags. */
export function readLesionFacts(ds: Dataset): TbpFacts {
  const own = fromElements(ds, (k) => ds.element(tbpKey(k)));
  if (Object.keys(own).length) return { ...own, source: 'private' };
  const draft = fromElements(ds, (k) => (DRAFT_TAGS[k] === undefined ? undefined : ds.getElementByTag(DRAFT_TAGS[k]!)));
  return Object.keys(draft).length ? { ...draft, source: 'draft' } : {};
}

/** Reads a numeric TBP private value list (calibration and the like). */
export function readTbpNumbers(ds: Dataset, keyword: TbpKeyword): number[] | undefined {
  const el = ds.element(tbpKey(keyword));
  return el ? numbersOf(el, 'FD') : undefined;
}

export function readTbpText(ds: Dataset, keyword: TbpKeyword): string | undefined {
  const el = ds.element(tbpKey(keyword));
  return el ? textOf(el, ds.characterSets()) : undefined;
}
