import { valueBytes, type Dataset } from '../core/dataset.js';
import { Encapsulated, Sequence, isBulkRef, type Element } from '../core/element.js';
import { DicomError } from '../core/errors.js';
import { checkNesting } from '../core/limits-in-force.js';
import { isGroupLength, tagHex } from '../core/tag.js';
import { isBulkVR } from '../core/vr.js';
import { jsonValues, pathName, type JsonScalar } from './dicom-json-values.js';
import { encapsulatedLength, encodeEncapsulated } from './encapsulated-bytes.js';

export { datasetFromJson, type JsonReadOptions } from './dicom-json-parse.js';

export interface JsonOptions {
  /** Binary values (and encapsulated pixel data) of at least this many bytes become a BulkDataURI; default: never. */
  bulkDataThreshold?: number;
  /**
   * Names the place a bulk value can be fetched from; `path` is the attribute path ("Seq[0].PixelData"). Undefined
   * when the value has no such place (its bytes are nowhere as they are): it is then inlined.
   */
  bulkDataUri?: (el: Element, path: string) => string | undefined;
  /** false: every non-empty binary value becomes a BulkDataURI, none is inlined (default true). */
  inlineBinary?: boolean;
  /** Most bytes of binary values inlined in one data set (default MAX_INLINE_BINARY); more is LIMIT_EXCEEDED. */
  maxInlineBinary?: number;
}

/**
 * The default of maxInlineBinary, 256 MiB: its base64 (358 million characters) leaves room under V8's longest string
 * (2^29 characters), which the JSON text of the whole data set must fit in.
 */
export const MAX_INLINE_BINARY = 256 * 1024 ** 2;

/** One attribute of the DICOM JSON model (PS3.18 F.2.2). */
export interface JsonAttribute {
  vr: string;
  Value?: (JsonScalar | JsonDataset)[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

export type JsonDataset = Record<string, JsonAttribute>;

/**
 * A data set in the DICOM JSON model (PS3.18 F.2): keys are 8 upper-case hex digits in tag order, "vr" always,
 * "Value" only for non-empty values. Group lengths are left out (they describe an encoding, as dcm2json also
 * decides); private creators and private elements are kept. Specific Character Set is kept as it was, so that
 * datasetFromJson writes the text back in the same character set (dcm2json rewrites it to ISO_IR 192).
 *
 * Binary VRs (OB OD OF OL OV OW UN) go as InlineBinary, or as BulkDataURI under `bulkDataThreshold`/`inlineBinary`;
 * past `maxInlineBinary` inlined bytes the data set is refused (LIMIT_EXCEEDED) before its text grows too long.
 * Encapsulated pixel data goes the same way as its items (offset table and fragments, without the sequence delimiter,
 * as pydicom reads and writes them), which datasetFromJson turns back into fragments. Undefined-length UN read as items is written as SQ, as dcmtk reads it.
 *
 * Keys such as "20000010" (all decimal digits, no leading zero) are array-index-like: JavaScript lists them before
 * the others, so JSON.stringify breaks the ascending order PS3.18 F.2.2 asks for; `dicomJsonText` keeps it.
 */
export function datasetToJson(ds: Dataset, options: JsonOptions = {}): Record<string, unknown> {
  return new JsonWriter(options).dataset(ds, '');
}

/**
 * The DICOM JSON text of a data set (dicomJsonText of datasetToJson, the same characters) handed to `write` attribute
 * by attribute as it is made, `level` the nesting it starts at: only one attribute, or one item's, is held as text or as
 * JSON at a time, where the whole data set's JSON and text took 8-10 times the size of the text.
 *
 * What can fail fails before a character is written, so that a reader of the text gets the data set whole or not at
 * all: binary values that do not fit inline (LIMIT_EXCEEDED), and values left on disk that can no longer be read,
 * which are loaded first (those the text holds: not those given as a BulkDataURI), within the limits that hold any
 * one value and the inlined binary values. Should anything fail later (a bug), the text written is closed where it
 * stopped, a data set missing its later attributes, so that it still parses; the error is thrown.
 */
export function writeDicomJson(ds: Dataset, write: (text: string) => void, options: JsonOptions = {}, level = 0): void {
  const loaded = new JsonWriter(options).prepare(ds, '', 0);
  new JsonWriter(options, loaded).text(ds, '', 0, level, write);
}

const indent = (level: number): string => '  '.repeat(level);

class JsonWriter {
  /** Bytes of binary values inlined so far. */
  private inlined = 0;

  /**
   * @param loaded values left on disk, loaded by `prepare` (encapsulated pixel data as encodeEncapsulated encodes it),
   *   used in place of reading them again
   */
  constructor(
    private readonly options: JsonOptions,
    private readonly loaded = new Map<Element, Buffer>(),
  ) {
    const wantsUris = options.bulkDataThreshold !== undefined || options.inlineBinary === false;
    if (wantsUris && !options.bulkDataUri) {
      throw new DicomError('INVALID_ARGUMENT', 'bulkDataThreshold and inlineBinary: false need a bulkDataUri function');
    }
  }

  dataset(ds: Dataset, prefix: string, depth = 0): JsonDataset {
    checkNesting(depth);
    const out: JsonDataset = {};
    for (const el of ds) {
      if (isGroupLength(el.tag)) continue;
      out[tagHex(el.tag)] = this.attribute(ds, el, prefix + pathName(el.tag), depth);
    }
    return out;
  }

  /**
   * A data set's text at `level`, laid out as dicomJsonText lays it out; items are written as they come. An attribute's
   * key is written with its value, made first: a failure then stops the text between attributes, or items, where
   * closing what is open (finally) leaves it whole JSON.
   */
  text(ds: Dataset, prefix: string, depth: number, level: number, write: (text: string) => void): void {
    let empty = true;
    try {
      checkNesting(depth);
      for (const el of ds) {
        if (isGroupLength(el.tag)) continue;
        const key = `${empty ? '{\n' : ',\n'}${indent(level + 1)}"${tagHex(el.tag)}": `;
        const path = prefix + pathName(el.tag);
        const v = el.value;
        if (!(v instanceof Sequence) || v.items.length === 0) {
          write(key + dicomJsonText(this.attribute(ds, el, path, depth), level + 1));
          empty = false;
          continue;
        }
        write(`${key}{\n${indent(level + 2)}"vr": "SQ",\n${indent(level + 2)}"Value": [\n`);
        empty = false;
        try {
          v.items.forEach((item, i) => {
            write(i === 0 ? indent(level + 3) : `,\n${indent(level + 3)}`);
            this.text(item, `${path}[${i}].`, depth + 1, level + 3, write);
          });
        } finally {
          write(`\n${indent(level + 2)}]\n${indent(level + 1)}}`);
        }
      }
    } finally {
      write(empty ? '{}' : `\n${indent(level)}}`);
    }
  }

  /**
   * Counts the binary values of a data set that would be inlined against maxInlineBinary, and loads the values left on
   * disk that its text holds (not those given as a BulkDataURI): the values `text` uses, returned.
   */
  prepare(ds: Dataset, prefix: string, depth: number): Map<Element, Buffer> {
    checkNesting(depth);
    for (const el of ds) {
      if (isGroupLength(el.tag)) continue;
      const path = prefix + pathName(el.tag);
      const v = el.value;
      if (v instanceof Sequence) v.items.forEach((item, i) => this.prepare(item, `${path}[${i}].`, depth + 1));
      else if (v instanceof Encapsulated ? v.fragments.some(isBulkRef) : isBulkRef(v)) {
        const binary = v instanceof Encapsulated || isBulkVR(el.vr);
        if (!binary || this.binary({ vr: el.vr }, el, path, false).BulkDataURI === undefined) this.loaded.set(el, this.bytes(el));
      } else if (isBulkVR(el.vr)) this.binary({ vr: el.vr }, el, path, false);
    }
    return this.loaded;
  }

  /** A value's bytes (encapsulated pixel data as encodeEncapsulated encodes it): loaded by prepare, or read now. */
  private bytes(el: Element): Buffer {
    const v = el.value;
    return this.loaded.get(el) ?? (v instanceof Encapsulated ? encodeEncapsulated(v) : valueBytes(el));
  }

  private attribute(ds: Dataset, el: Element, path: string, depth: number): JsonAttribute {
    const v = el.value;
    if (v instanceof Sequence) {
      const attr: JsonAttribute = { vr: 'SQ' };
      if (v.items.length) attr.Value = v.items.map((item, i) => this.dataset(item, `${path}[${i}].`, depth + 1));
      return attr;
    }
    const attr: JsonAttribute = { vr: el.vr };
    if (v instanceof Encapsulated || isBulkVR(el.vr)) return this.binary(attr, el, path);
    if (v.length > 0) {
      const values = jsonValues(ds, el, this.bytes(el));
      // A value of padding alone is empty, not one null value.
      if (values.length > 1 || (values.length === 1 && values[0] !== null)) attr.Value = values;
    }
    return attr;
  }

  /** `load` false: the value is counted against maxInlineBinary, not made text (prepare). */
  private binary(attr: JsonAttribute, el: Element, path: string, load = true): JsonAttribute {
    const v = el.value;
    const length = v instanceof Encapsulated ? encapsulatedLength(v) : el.length;
    if (length === 0) return attr;
    const { bulkDataThreshold, bulkDataUri, inlineBinary, maxInlineBinary = MAX_INLINE_BINARY } = this.options;
    const wantsUri = inlineBinary === false || (bulkDataThreshold !== undefined && length >= bulkDataThreshold);
    const uri = wantsUri ? bulkDataUri!(el, path) : undefined;
    if (uri !== undefined) {
      attr.BulkDataURI = uri;
      return attr;
    }
    // Checked before the value is loaded: a value left on disk can be larger than any string.
    this.inlined += length;
    if (this.inlined > maxInlineBinary) {
      const remedy = wantsUri
        ? 'it could not be given a BulkDataURI either (bulkDataUri gave none: for a file, its bytes are not there as they are, as in a deflated data set or the words of a big-endian file)'
        : 'print large values as BulkDataURIs instead (bulkDataThreshold; dump --json --bulk-data-threshold BYTES)';
      throw new DicomError('LIMIT_EXCEEDED', `${path} (${length} bytes) does not fit inline: DICOM JSON inlines at most ${maxInlineBinary} bytes of binary values per data set; ${remedy}`, { tag: el.tag });
    }
    if (load) attr.InlineBinary = this.bytes(el).toString('base64');
    return attr;
  }
}

const TAG_KEY = /^[0-9A-F]{8}$/;

/**
 * DICOM JSON as text, laid out as JSON.stringify(json, null, 2) lays it out, but with each data set's attributes in
 * ascending tag order (PS3.18 F.2.2), which a JavaScript object cannot hold for keys that look like array indexes,
 * and −0 as -0 (JSON.stringify writes 0, and the FD read back would lose its sign). `level` is the nesting the text
 * starts at (its lines after the first are indented by it).
 */
export function dicomJsonText(json: unknown, level = 0): string {
  if (typeof json === 'number') return Object.is(json, -0) ? '-0' : JSON.stringify(json);
  if (json === null || typeof json !== 'object') return JSON.stringify(json) ?? 'null';
  const inner = '  '.repeat(level + 1);
  const close = '  '.repeat(level);
  if (Array.isArray(json)) {
    if (json.length === 0) return '[]';
    return `[\n${json.map((v) => inner + dicomJsonText(v, level + 1)).join(',\n')}\n${close}]`;
  }
  const keys = Object.keys(json);
  if (keys.length === 0) return '{}';
  if (keys.every((k) => TAG_KEY.test(k))) keys.sort();
  const entries = keys.map((k) => `${inner}${JSON.stringify(k)}: ${dicomJsonText((json as Record<string, unknown>)[k], level + 1)}`);
  return `{\n${entries.join(',\n')}\n${close}}`;
}
