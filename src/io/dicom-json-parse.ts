import { Dataset, type SettableValue } from '../core/dataset.js';
import { Element, Sequence } from '../core/element.js';
import { DicomError } from '../core/errors.js';
import { PIXEL_DATA, formatTag, parseTag, tagGroup, type Tag } from '../core/tag.js';
import { isBulkVR, isVR, numericWidth, usesCharacterSet, type VR } from '../core/vr.js';
import { formatDS, formatIS } from '../core/values/number-strings.js';
import { personNameFromJson, type PersonNameJson } from '../core/values/person-name.js';
import { isBeyondAscii, padEven } from '../core/value-codec.js';
import { pathName } from './dicom-json-values.js';
import { decodeEncapsulated } from './encapsulated-bytes.js';

export interface JsonReadOptions {
  /** Fetches the bytes a BulkDataURI names (the raw value, little endian); without it a BulkDataURI is an error. */
  resolveBulkData?: (uri: string) => Buffer;
  /**
   * Collects what is kept against PS3.5 rather than refused (text beyond the default repertoire in a CS, AE or other
   * VR held to it): one line each, naming the attribute.
   */
  warnings?: string[];
}

const SPECIFIC_CHARACTER_SET = '00080005';
const KEY = /^[0-9A-Fa-f]{8}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Thrown for anything that does not follow PS3.18 F.2; names the attribute (and its place in sequences). */
class JsonProblem extends DicomError {
  constructor(t: Tag, where: string, problem: string) {
    super('BAD_JSON', `${formatTag(t)}${where ? ` in ${where}` : ''}: ${problem}`, { tag: t });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Builds a data set from the DICOM JSON model (PS3.18 F.2), given parsed or as text. Text values are encoded in the
 * data set's Specific Character Set; text that set cannot hold switches the data set to ISO_IR 192 (see
 * Dataset.set). InlineBinary and resolved BulkDataURI bytes become the value as they are; for Pixel Data, bytes
 * that form an item sequence become encapsulated fragments. Throws DicomError('BAD_JSON') naming the attribute.
 */
export function datasetFromJson(json: unknown, options: JsonReadOptions = {}): Dataset {
  let parsed = json;
  if (typeof json === 'string') {
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw new DicomError('BAD_JSON', `not JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  const ds = new Dataset();
  new JsonReader(options).fill(ds, parsed, '');
  return ds;
}

class JsonReader {
  constructor(private readonly options: JsonReadOptions) {}

  fill(ds: Dataset, json: unknown, where: string): void {
    if (!isObject(json)) throw new DicomError('BAD_JSON', `${where || 'the data set'} is not a JSON object`);
    const keys = Object.keys(json);
    const tags = new Set<Tag>();
    for (const key of keys) {
      const problem = !KEY.test(key) ? 'is not a tag (8 hex digits)' : keyProblem(parseTag(key)!, tags);
      if (problem) throw new DicomError('BAD_JSON', `"${key}"${where ? ` in ${where}` : ''} ${problem}`);
    }
    // Specific Character Set first: the text values after it are encoded in it.
    keys.sort((a, b) => (a.toUpperCase() === SPECIFIC_CHARACTER_SET ? -1 : b.toUpperCase() === SPECIFIC_CHARACTER_SET ? 1 : 0));
    for (const key of keys) this.attribute(ds, parseTag(key)!, json[key], where);
  }

  private attribute(ds: Dataset, t: Tag, attr: unknown, where: string): void {
    const fail = (problem: string): never => {
      throw new JsonProblem(t, where, problem);
    };
    if (!isObject(attr)) return fail('is not a JSON object');
    const vr = attr.vr;
    if (typeof vr !== 'string' || !isVR(vr)) return fail(`has ${vr === undefined ? 'no "vr"' : `an invalid "vr" ${JSON.stringify(vr)}`}`);
    const forms = ['Value', 'InlineBinary', 'BulkDataURI'].filter((f) => attr[f] !== undefined);
    if (forms.length > 1) return fail(`has both ${forms.join(' and ')}`);
    if (attr.InlineBinary !== undefined) return this.bytes(ds, t, vr, this.inline(attr.InlineBinary, fail), fail);
    if (attr.BulkDataURI !== undefined) return this.bytes(ds, t, vr, this.resolve(attr.BulkDataURI, fail), fail);
    const values = attr.Value ?? [];
    if (!Array.isArray(values)) return fail('"Value" is not an array');
    if (vr === 'SQ') return this.sequence(ds, t, values, where);
    if (vr === 'OB' || vr === 'UN') return values.length ? fail(`${vr} takes InlineBinary or BulkDataURI, not "Value"`) : this.bytes(ds, t, vr, Buffer.alloc(0), fail);
    const settable = scalars(vr, values, fail);
    try {
      // Values as they came (a UID with a leading zero, an IS of "1A", a CS of "GRÖSSE"), as reading a file keeps
      // them: what datasetToJson wrote from a file comes back.
      ds.set(t, settable, vr, { verbatim: true });
    } catch (e) {
      if (e instanceof DicomError && e.code !== 'BAD_JSON') fail(e.message.replace(/^\(\w{4},\w{4}\): /, ''));
      throw e;
    }
    if (!usesCharacterSet(vr) && Array.isArray(settable)) this.warnBeyondRepertoire(ds, t, vr, settable, where);
  }

  /** A value of a VR held to the default repertoire that holds other characters, which PS3.5 forbids, is told. */
  private warnBeyondRepertoire(ds: Dataset, t: Tag, vr: VR, values: unknown[], where: string): void {
    const beyond = values.find((v): v is string => typeof v === 'string' && isBeyondAscii(v));
    if (beyond === undefined) return;
    this.options.warnings?.push(`${formatTag(t)}${where ? ` in ${where}` : ''}: ${vr} value ${JSON.stringify(beyond)} holds characters beyond the default repertoire, the only one PS3.5 allows in ${vr}; kept, in the data set's character set (${ds.characterSets().join('\\')})`);
  }

  /** Items are attached before they are filled, so that a switch to UTF-8 while filling one re-encodes it too. */
  private sequence(ds: Dataset, t: Tag, values: unknown[], where: string): void {
    const items: Dataset[] = [];
    ds.addElement(new Element(t, 'SQ', new Sequence(items)));
    const name = pathName(t);
    values.forEach((json, i) => {
      const item = new Dataset(ds);
      items.push(item);
      this.fill(item, json, `${where ? `${where}.` : ''}${name}[${i}]`);
    });
  }

  private inline(text: unknown, fail: (problem: string) => never): Buffer {
    if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) return fail('InlineBinary is not base64');
    return Buffer.from(text, 'base64');
  }

  private resolve(uri: unknown, fail: (problem: string) => never): Buffer {
    if (typeof uri !== 'string') return fail('BulkDataURI is not a string');
    if (!this.options.resolveBulkData) return fail(`has BulkDataURI ${uri}, but no resolveBulkData was given`);
    return this.options.resolveBulkData(uri);
  }

  /** Raw value bytes: whole values for the VR, padded to even length; Pixel Data items become fragments. */
  private bytes(ds: Dataset, t: Tag, vr: VR, bytes: Buffer, fail: (problem: string) => never): void {
    if (vr === 'SQ') fail('a sequence cannot take InlineBinary or BulkDataURI');
    const width = numericWidth(vr) || (vr === 'AT' ? 4 : 1);
    if (bytes.length % width !== 0) fail(`${bytes.length} bytes is not a whole number of ${vr} values`);
    const encapsulated = t === PIXEL_DATA && isBulkVR(vr) ? decodeEncapsulated(bytes) : undefined;
    ds.addElement(new Element(t, vr, encapsulated ?? padEven(bytes, vr)));
  }
}

/** What makes a key no attribute of a data set, if anything; `seen` collects the tags (keys differing in case are one). */
function keyProblem(t: Tag, seen: Set<Tag>): string | undefined {
  const group = tagGroup(t);
  if (seen.has(t)) return 'names a tag given already (keys differing only in case)';
  seen.add(t);
  if (group === 0x0002) return 'is File Meta Information (group 0002), which is not part of a data set';
  if (group === 0x0000) return 'is a command element (group 0000), which is not part of a data set';
  if (group === 0xfffe) return 'is an item or delimiter tag, not an attribute';
  if (group === 0x0001 || group === 0x0003 || group === 0x0005 || group === 0x0007 || group === 0xffff) return `is in group ${formatTag(t).slice(1, 5)}, which PS3.5 7.8.1 forbids`;
  return undefined;
}

/** VRs whose values DICOM separates with a backslash: a backslash inside one JSON string would split it. */
const SPLIT_BY_BACKSLASH = new Set<VR>(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'PN', 'SH', 'TM', 'UC', 'UI']);

const PN_GROUPS = new Set(['Alphabetic', 'Ideographic', 'Phonetic']);

/**
 * One PN value from its JSON object (PS3.18 F.2.2): only the three group names, each a string. A name of more than
 * three groups, which datasetToJson gives as its whole text under Alphabetic, comes back as it was.
 */
function personName(v: Record<string, unknown>, fail: (problem: string) => never): string {
  for (const [key, group] of Object.entries(v)) {
    if (!PN_GROUPS.has(key)) fail(`person name key "${key}" is none of Alphabetic, Ideographic, Phonetic`);
    if (typeof group !== 'string') fail(`person name ${key} is not a string`);
  }
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'Alphabetic' && !(v.Alphabetic as string).includes('\\')) return v.Alphabetic as string;
  return personNameFromJson(v as PersonNameJson);
}

/** Math.fround of a finite number past the 32-bit range is Infinity: a value FL and OF cannot hold. */
const fitsFloat32 = (v: number): boolean => !Number.isFinite(v) || Number.isFinite(Math.fround(v));

/** The JSON values of one attribute as Dataset.set takes them; null (an empty value) only where text can be empty. */
function scalars(vr: VR, values: unknown[], fail: (problem: string) => never): SettableValue {
  const each = <T>(convert: (v: unknown) => T | undefined, expected: string): T[] =>
    values.map((v, i) => convert(v) ?? fail(`value ${i + 1} (${JSON.stringify(v)}) is not ${expected}`));
  // PS3.18 F.2.4: each value is its own array element; one with a backslash would come back as several.
  const text = (v: string): string =>
    SPLIT_BY_BACKSLASH.has(vr) && v.includes('\\') ? fail(`value ${JSON.stringify(v)} holds a backslash, which separates ${vr} values: give each value as its own element of "Value"`) : v;
  switch (vr) {
    case 'PN':
      return each((v) => (v === null ? '' : isObject(v) ? personName(v, fail) : typeof v === 'string' ? text(v) : undefined), 'a person name object');
    case 'DS':
      return each((v) => (v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? formatDS(v) : undefined), 'a number');
    case 'IS':
      return each((v) => (v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? formatIS(v) : undefined), 'an integer');
    case 'AT':
      return each((v) => (typeof v === 'string' && KEY.test(v) ? parseTag(v) : undefined), 'a tag "GGGGEEEE"');
    case 'SV':
    case 'UV':
      return each((v) => ((typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v)) ? BigInt(v) : undefined), 'an integer');
    case 'FL':
    case 'OF':
      return each((v) => (typeof v === 'number' ? (fitsFloat32(v) ? v : fail(`value ${JSON.stringify(v)} is beyond what a 32-bit float (${vr}) holds`)) : special(v)), 'a number');
    case 'FD':
    case 'OD':
      return each((v) => (typeof v === 'number' ? v : special(v)), 'a number');
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'OW':
    case 'OL':
    case 'OV':
      return each((v) => (typeof v === 'number' ? v : undefined), 'a number');
    default:
      return each((v) => (v === null ? '' : typeof v === 'string' ? text(v) : undefined), 'a string');
  }
}

/** NaN and the infinities, which JSON numbers cannot write, as the strings datasetToJson writes them. */
function special(v: unknown): number | undefined {
  return typeof v === 'string' && /^(NaN|-?Infinity)$/.test(v) ? Number(v) : undefined;
}
