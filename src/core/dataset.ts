import { DicomError } from './errors.js';
import { checkNesting } from './limits-in-force.js';
import { Element, Encapsulated, Sequence, isBulkRef, loadBulk, type ElementValue } from './element.js';
import { isPrivateKey, parseAttributePath, type AttributeKey, type PathStep, type PrivateKey } from './attribute-path.js';
import { defaultVR, lookupKeyword } from './dictionary.js';
import { encodeText, isPlainAscii, parseSpecificCharacterSet } from './charset.js';
import { pixelValueVR } from './pixel-value-vr.js';
import { formatTag, parseTag, privateCreatorOf, tag as makeTag, tagGroup, type Tag } from './tag.js';
import { isNumericBinaryVR, isStringVR, usesCharacterSet, type VR } from './vr.js';
import {
  decodeNumbers, decodeString, decodeStrings, decodeTags, encodeNumbers, encodeStrings, encodeTags, padEven,
} from './value-codec.js';
import { formatDS, formatIS, isValidDS, parseIS } from './values/number-strings.js';
import { assertValidUid } from './values/uid-syntax.js';
import { parseDA, parseDT, parseTM, type DicomDate, type DicomDateTime, type DicomTime } from './values/date-time.js';
import { parsePersonName, type PersonName } from './values/person-name.js';

const SPECIFIC_CHARACTER_SET = 0x00080005;
const NO_CHARACTER_SETS: readonly string[] = Object.freeze([]);
/**
 * What a data set holds until its first element: shared, as a sequence may hold a million empty items, and a Map and an
 * array of their own cost each 300 bytes where the item itself costs 80. Only addElement writes, and it makes its own.
 */
const NO_ELEMENTS: ReadonlyMap<Tag, Element> = new Map();
const NO_TAGS: readonly Tag[] = Object.freeze([]);
/**
 * Told of each data set and sequence just before it changes in place, while a change is watched (watchChanges): a data
 * set when an element is added, replaced, removed or re-encoded, a sequence when an item is added to it or taken off.
 */
let changing: ((what: Dataset | Sequence) => void) | undefined;
/** "Other" VRs whose values can be given as numbers. */
const OTHER_NUMBERS = new Set<VR>(['OW', 'OF', 'OD', 'OL', 'OV']);

/** What a caller can name an attribute with: a tag number, a keyword, a tag text, a private key, or a path. */
export type AttributeName = Tag | string | PrivateKey;

/** A typed value as returned by `get`: one value unwrapped, several as an array. */
export type Value = string | number | bigint | Buffer | Dataset[] | (string | number | bigint)[] | Encapsulated;

/** What `set` accepts. Strings are parsed per VR; numbers for DS/IS are formatted. */
export type SettableValue =
  | string
  | number
  | bigint
  | readonly (string | number | bigint)[]
  | readonly Dataset[]
  | Buffer
  | Uint8Array
  | Encapsulated
  | null;

/**
 * A DICOM data set: every element read is kept (standard, private, unknown, retired), values stay as raw bytes until
 * asked for, and sequences hold nested data sets that inherit the Specific Character Set of their parent.
 */
export class Dataset {
  private elements = NO_ELEMENTS as Map<Tag, Element>;
  private sorted: readonly Tag[] | null = NO_TAGS;
  /** The data set this one is an item of, for character set inheritance. */
  parent: Dataset | undefined;
  /** How this data set was encoded as an item (undefined length with delimiter, or explicit length). */
  undefinedLength = false;
  /** The parsed Specific Character Set, and the value it was parsed from (characterSets). */
  private charsets: readonly string[] = NO_CHARACTER_SETS;
  private charsetsParsedFrom: Buffer | undefined;

  constructor(parent?: Dataset) {
    this.parent = parent;
  }

  // ---- elements -------------------------------------------------------------------------------------------------

  get size(): number {
    return this.elements.size;
  }

  /** Tags in ascending order (the order they are encoded in). */
  tags(): readonly Tag[] {
    if (!this.sorted) this.sorted = [...this.elements.keys()].sort((a, b) => a - b);
    return this.sorted;
  }

  [Symbol.iterator](): IterableIterator<Element> {
    // A plain iterator, not a generator: data sets are walked element by element all the time (encoding, lengths,
    // searches), and resuming a generator cost more than the work done on most elements.
    const tags = this.tags();
    const elements = this.elements;
    let i = 0;
    const iterator: IterableIterator<Element> = {
      next: () => (i < tags.length ? { value: elements.get(tags[i++]!)!, done: false } : { value: undefined, done: true }),
      [Symbol.iterator]: () => iterator,
    };
    return iterator;
  }

  /** Adds an element as read; used by parsers, which already produce ascending tags. */
  addElement(element: Element): void {
    changing?.(this);
    if (element.value instanceof Sequence) for (const item of element.value.items) item.parent = this;
    if (this.elements === NO_ELEMENTS) this.elements = new Map();
    const known = this.elements.has(element.tag);
    this.elements.set(element.tag, element);
    if (known) return;
    const sorted = this.sorted;
    if (sorted === NO_TAGS) this.sorted = [element.tag];
    else if (sorted && sorted[sorted.length - 1]! < element.tag) (sorted as Tag[]).push(element.tag);
    else this.sorted = null;
  }

  removeTag(t: Tag): boolean {
    if (changing && this.elements.has(t)) changing(this);
    const removed = this.elements.delete(t);
    if (removed && this.sorted) this.sorted = null;
    return removed;
  }

  getElementByTag(t: Tag): Element | undefined {
    return this.elements.get(t);
  }

  // ---- naming ---------------------------------------------------------------------------------------------------

  /** The data set and tag a name designates, following a path through sequence items. */
  private locate(name: AttributeName, create: boolean, made?: (() => void)[]): { ds: Dataset; tag: Tag } | undefined {
    // A tag names an element of this data set: the common case, found without parsing a path.
    if (typeof name === 'number') return { ds: this, tag: name };
    const steps: readonly PathStep[] = typeof name === 'string' ? parseAttributePath(name) : [{ key: name }];
    let ds: Dataset = this;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      const t = ds.resolveKey(step.key, create, made);
      if (t === undefined) return undefined;
      if (i === steps.length - 1) {
        if (step.index !== undefined) throw new DicomError('BAD_PATH', `path "${String(name)}" ends with an item index`);
        return { ds, tag: t };
      }
      const index = step.index ?? 0;
      let element = ds.elements.get(t);
      if (!element && create) {
        element = new Element(t, 'SQ', new Sequence([]));
        ds.addElement(element);
        const within = ds;
        made?.push(() => within.removeTag(t));
      }
      if (!element || !(element.value instanceof Sequence)) {
        if (!element) return undefined;
        // A UN not read as its known VR (readUnknownInKnownVR), or whose bytes are no items, which the reader leaves UN.
        const why = element.vr === 'UN' ? 'is UN (unknown VR), whose bytes were not read as sequence items' : 'is not a sequence';
        throw new DicomError('BAD_PATH', `${formatTag(t)} in "${String(name)}" ${why}`, { tag: t });
      }
      const sequence = element.value;
      const items = sequence.items;
      if (index === items.length && create) {
        changing?.(sequence);
        items.push(new Dataset(ds));
        made?.push(() => {
          changing?.(sequence);
          items.pop();
        });
      }
      const item = items[index];
      if (!item) {
        if (!create) return undefined;
        throw new DicomError('BAD_PATH', `item ${index} of ${formatTag(t)} does not exist (it has ${items.length})`, { tag: t });
      }
      ds = item;
    }
    return undefined;
  }

  /** Resolves a key to a tag in this data set; private keys find (or, with create, reserve) their creator's block. */
  private resolveKey(key: AttributeKey, create: boolean, made?: (() => void)[]): Tag | undefined {
    if (!isPrivateKey(key)) return key;
    let block = this.privateBlock(key.group, key.creator);
    if (block === undefined && create) {
      block = this.privateBlock(key.group, key.creator, true)!;
      const creatorTag = makeTag(key.group, block);
      made?.push(() => this.removeTag(creatorTag));
    }
    return block === undefined ? undefined : makeTag(key.group, (block << 8) | key.element);
  }

  /**
   * The block number (0x10–0xFF) reserved for `creator` in an odd group; with `create`, reserves the first free block
   * when the creator has none.
   */
  privateBlock(group: number, creator: string, create = false): number | undefined {
    let free: number | undefined;
    for (let b = 0x10; b <= 0xff; b++) {
      const el = this.elements.get(makeTag(group, b));
      if (!el) {
        free ??= b;
        continue;
      }
      if (this.readString(el).trim() === creator.trim()) return b;
    }
    if (!create) return undefined;
    if (free === undefined) throw new DicomError('LIMIT_EXCEEDED', `no free private block in group ${group.toString(16)}`);
    this.addElement(new Element(makeTag(group, free), 'LO', encodeStrings([creator], 'LO', this.characterSets())));
    return free;
  }

  /**
   * The creator of the private block the element `t` lies in: its Private Creator value without padding (spaces, and
   * the NULs some writers pad with); undefined when the block has no creator.
   */
  privateCreator(t: Tag): string | undefined {
    const el = this.elements.get(privateCreatorOf(t));
    return el && Buffer.isBuffer(el.value) ? this.readString(el).replace(/\0+$/, '').trim() : undefined;
  }

  // ---- reading values -------------------------------------------------------------------------------------------

  element(name: AttributeName): Element | undefined {
    const loc = this.locate(name, false);
    return loc && loc.ds.elements.get(loc.tag);
  }

  has(name: AttributeName): boolean {
    return this.element(name) !== undefined;
  }

  /**
   * Specific Character Set in effect here: this data set's own, or inherited from the enclosing one. Every text value
   * set or read asks for it, so the parse of the own value is kept until that value is replaced.
   */
  characterSets(): readonly string[] {
    const own = this.elements.get(SPECIFIC_CHARACTER_SET);
    if (!own || !Buffer.isBuffer(own.value)) return this.parent ? this.parent.characterSets() : NO_CHARACTER_SETS;
    if (own.value !== this.charsetsParsedFrom) {
      this.charsets = parseSpecificCharacterSet(own.value.toString('latin1'));
      this.charsetsParsedFrom = own.value;
    }
    return this.charsets;
  }

  /** The value's bytes (little endian), loading a bulk value from its file when needed. */
  bytes(name: AttributeName): Buffer | undefined {
    const el = this.element(name);
    if (!el) return undefined;
    return valueBytes(el);
  }

  private readString(el: Element): string {
    return decodeString(valueBytes(el), el.vr, this.characterSets());
  }

  /** The values of an element as strings (numbers formatted; empty array when absent or empty). */
  getStrings(name: AttributeName): string[] {
    const loc = this.locate(name, false);
    const el = loc && loc.ds.elements.get(loc.tag);
    if (!loc || !el || el.value instanceof Sequence || el.value instanceof Encapsulated) return [];
    if (isStringVR(el.vr)) return decodeStrings(valueBytes(el), el.vr, loc.ds.characterSets());
    if (el.vr === 'AT') return decodeTags(valueBytes(el)).map(formatTag);
    if (isNumericBinaryVR(el.vr)) return decodeNumbers(valueBytes(el), el.vr).map(String);
    return [];
  }

  /** The first value as a string, or undefined when absent or empty. */
  getString(name: AttributeName): string | undefined {
    const values = this.getStrings(name);
    return values.length ? values[0] : undefined;
  }

  /** Numeric values: binary numbers as they are, DS/IS parsed; NaN for a value that is not a number. */
  getNumbers(name: AttributeName): number[] {
    const el = this.element(name);
    if (!el || el.value instanceof Sequence || el.value instanceof Encapsulated) return [];
    if (isNumericBinaryVR(el.vr) || el.vr === 'OW' || el.vr === 'OF' || el.vr === 'OD' || el.vr === 'OL') {
      return decodeNumbers(valueBytes(el), el.vr).map(Number);
    }
    return this.getStrings(name).filter((s) => s !== '').map(Number);
  }

  getNumber(name: AttributeName): number | undefined {
    const values = this.getNumbers(name);
    return values.length ? values[0] : undefined;
  }

  /** A DA value parsed (legacy YYYY.MM.DD accepted); undefined when absent or empty. */
  getDate(name: AttributeName): DicomDate | undefined {
    const text = this.getString(name);
    return text ? parseDA(text) : undefined;
  }

  getTime(name: AttributeName): DicomTime | undefined {
    const text = this.getString(name);
    return text ? parseTM(text) : undefined;
  }

  getDateTime(name: AttributeName): DicomDateTime | undefined {
    const text = this.getString(name);
    return text ? parseDT(text) : undefined;
  }

  /** A PN value split into its component groups and components. */
  getPersonName(name: AttributeName): PersonName | undefined {
    const text = this.getString(name);
    return text ? parsePersonName(text) : undefined;
  }

  /** The items of a sequence (empty when absent). */
  items(name: AttributeName): Dataset[] {
    const el = this.element(name);
    return el && el.value instanceof Sequence ? el.value.items : [];
  }

  /** The typed value: strings/numbers unwrapped when single, arrays when several; items; bytes for binary data. */
  get(name: AttributeName): Value | undefined {
    const el = this.element(name);
    if (!el) return undefined;
    const v = el.value;
    if (v instanceof Sequence) return v.items;
    if (v instanceof Encapsulated) return v;
    if (isStringVR(el.vr) || el.vr === 'AT') return unwrap(this.getStrings(name));
    if (isNumericBinaryVR(el.vr)) return unwrap(decodeNumbers(valueBytes(el), el.vr));
    return valueBytes(el);
  }

  // ---- writing values -------------------------------------------------------------------------------------------

  /**
   * Sets an element. The VR comes from the dictionary unless given (private and unknown attributes need one); a new
   * "US or SS" pixel value (Smallest Image Pixel Value, Pixel Padding Value …) is SS where the nearest Pixel
   * Representation is 1 (signed), else US.
   * Text that the data set's character set cannot represent switches the data set to UTF-8 (ISO_IR 192).
   * UI, DS and IS text is checked against its VR's form unless `options.verbatim` (values read from another encoding,
   * such as DICOM JSON, are kept as they came, as a file's are).
   */
  set(name: AttributeName, value: SettableValue, vr?: VR, options?: { verbatim?: boolean }): Element {
    // What the path made on the way (a private block's creator, a sequence, an item) goes again if the value fails.
    const made: (() => void)[] = [];
    const loc = this.locate(name, true, made)!;
    const existing = loc.ds.elements.get(loc.tag);
    // A new "US or SS" pixel value takes the VR a reader of Implicit VR would give it back, from Pixel Representation.
    const useVR = vr ?? existing?.vr ?? pixelValueVR(loc.ds, loc.tag) ?? defaultVR(loc.tag);
    // Items keep the meaning of their text wherever they came from (adoptItem); one that belongs to another data set
    // is copied, rather than taken from it.
    const items = useVR === 'SQ' && Array.isArray(value) ? (value as unknown[]) : [];
    const origins = items.map((item) => (item instanceof Dataset ? item.characterSets() : []));
    const elsewhere = (item: unknown): item is Dataset => item instanceof Dataset && item.parent !== undefined && item.parent !== loc.ds;
    if (items.some(elsewhere)) value = items.map((item) => (elsewhere(item) ? item.clone() : item)) as SettableValue;
    let encoded: ElementValue;
    try {
      encoded = loc.ds.encodeValue(loc.tag, useVR, value, options?.verbatim === true);
    } catch (e) {
      for (const undo of made.reverse()) undo();
      throw e;
    }
    const element = new Element(loc.tag, useVR, encoded);
    loc.ds.addElement(element);
    if (element.value instanceof Sequence) {
      element.value.items.forEach((item, i) => loc.ds.adoptItem(item, origins[i] ?? []));
      loc.ds.adoptCharacterSets(element.value.items);
    }
    return element;
  }

  /**
   * Items made on their own declare the character set their text needed (UTF-8); put where the default repertoire is
   * in effect, the whole tree goes to UTF-8 instead, so that the data set declares it at its top, where readers look.
   */
  private adoptCharacterSets(items: readonly Dataset[]): void {
    if (this.characterSets().length > 0 || !items.some((item) => item.elements.has(SPECIFIC_CHARACTER_SET))) return;
    this.root().convertToUtf8();
  }

  /** The top-level data set this one is an item of (itself, when it is no item). */
  private root(): Dataset {
    let root: Dataset = this;
    while (root.parent) root = root.parent;
    return root;
  }

  /** Removes an attribute; returns whether it was there. */
  delete(name: AttributeName): boolean {
    const loc = this.locate(name, false);
    return loc ? loc.ds.removeTag(loc.tag) : false;
  }

  private encodeValue(t: Tag, vr: VR, value: SettableValue, verbatim: boolean): ElementValue {
    if (value === null) return vr === 'SQ' ? new Sequence([]) : Buffer.alloc(0);
    if (value instanceof Encapsulated) return value;
    if (Buffer.isBuffer(value)) return value;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const list = Array.isArray(value) ? value : [value];
    if (vr === 'SQ') {
      if (!list.every((v) => v instanceof Dataset)) throw new DicomError('BAD_VALUE', `${formatTag(t)} is a sequence: give data sets`, { tag: t });
      return new Sequence(list as Dataset[]);
    }
    const scalars = list as (string | number | bigint)[];
    if (vr === 'AT') return encodeTags(scalars.map((v) => tagValue(t, v)));
    if (!isNumericBinaryVR(vr) && !OTHER_NUMBERS.has(vr) && !isStringVR(vr)) throw new DicomError('BAD_VALUE', `${formatTag(t)} (${vr}) takes bytes`, { tag: t });
    // Whatever the value's VR refuses (NaN, a number out of range, a character), the error names the attribute.
    try {
      if (!isStringVR(vr)) return encodeNumbers(scalars.map((v) => (typeof v === 'string' ? Number(v) : v)), vr);
      const strings = scalars.map((v) => (typeof v === 'string' ? v : vr === 'DS' ? formatDS(Number(v)) : vr === 'IS' ? formatIS(Number(v)) : String(v)));
      if (!verbatim) for (const s of strings) checkText(vr, s);
      return this.encodeText(strings, vr, verbatim);
    } catch (e) {
      if (e instanceof DicomError) throw new DicomError(e.code, `${formatTag(t)}: ${e.message}`, { tag: t });
      throw e;
    }
  }

  /**
   * Text in the character set in effect; text that set cannot represent switches the root data set to UTF-8 first.
   * Encoding is attempted straight away: asking first whether it would succeed encoded every value twice. Text kept
   * `verbatim` in a VR held to the default repertoire may hold other characters, as a file's may: they go in the
   * character set too (encodeStrings).
   */
  private encodeText(strings: string[], vr: VR, verbatim: boolean): Buffer {
    try {
      return encodeStrings(strings, vr, this.characterSets(), verbatim);
    } catch (e) {
      // Only text in the character set fails for it (default-repertoire text fails as BAD_VALUE).
      if (!(e instanceof DicomError) || e.code !== 'BAD_CHARSET') throw e;
    }
    this.root().convertToUtf8();
    return encodeStrings(strings, vr, this.characterSets(), verbatim);
  }

  /** Re-encodes every text value of this data set tree in UTF-8 and declares ISO_IR 192 (convertCharacterSet). */
  convertToUtf8(): void {
    this.convertCharacterSet(UTF8);
  }

  /**
   * Re-encodes every text value of this data set tree from the character set in effect into `terms` (parsed Specific
   * Character Set terms; none is the default repertoire, declared by no element) and declares them, so that the text
   * means what it meant. The items of Original Attributes Sequence keep their bytes, which are the record of what the
   * values were, and declare the set they are in instead (a later revert puts those bytes back under the set it
   * restores). A value `terms` cannot represent fails (BAD_CHARSET, naming its attribute) before anything changes.
   */
  convertCharacterSet(terms: readonly string[]): void {
    if (!sameCharsets(this.characterSets(), terms)) for (const write of recodeText(this, this.characterSets(), terms, 0)) write();
    if (terms.length > 0) this.addElement(charsetElement(terms));
    else this.removeTag(SPECIFIC_CHARACTER_SET);
  }

  /**
   * An item put into this data set keeps what its text means: text read in another character set (`from`, the set in
   * effect where the item came from) is re-encoded into UTF-8 when that is the set here, or else the item declares
   * `from` as its own (PS3.5 allows a Specific Character Set in an item).
   */
  private adoptItem(item: Dataset, from: readonly string[]): void {
    const here = this.characterSets();
    if (item.elements.has(SPECIFIC_CHARACTER_SET) || sameCharsets(from, here) || from.length === 0) return;
    if (sameCharsets(here, UTF8)) for (const write of recodeText(item, from, UTF8, 0)) write();
    else item.addElement(charsetElement(from));
  }

  /**
   * A deep copy; bulk values stay references to the same file. With `earlier`, of the tree as it was before a change
   * (watchChanges), as `earlier` says its data sets and sequences were.
   */
  clone(parent?: Dataset, earlier?: Earlier): Dataset {
    const copy = new Dataset(parent);
    copy.undefinedLength = this.undefinedLength;
    for (const el of earlier ? earlier.elements(this) : this) {
      const v = el.value;
      const value =
        v instanceof Sequence ? new Sequence((earlier ? earlier.items(v) : v.items).map((item) => item.clone(copy, earlier)), v.undefinedLength)
        : v instanceof Encapsulated ? new Encapsulated(v.offsetTable, [...v.fragments])
        : v;
      copy.addElement(new Element(el.tag, el.vr, value));
    }
    return copy;
  }

  /** Elements of one group (e.g. 0x0002 for file meta information). */
  group(group: number): Element[] {
    return [...this].filter((el) => tagGroup(el.tag) === group);
  }
}

/**
 * What a data set tree held before a change, for the data sets and sequences the change touched (watchChanges); the
 * others hold what they held.
 */
export interface Earlier {
  elements(ds: Dataset): Iterable<Element>;
  items(sequence: Sequence): readonly Dataset[];
}

/**
 * Runs `change`, telling `listener` of each data set and sequence just before it changes in place (each time): modify
 * keeps what those held, to record the previous values of what changed, instead of a copy of the whole tree. Changes
 * made through Dataset's methods are told; a sequence's items array changed by hand is not.
 */
export function watchChanges<T>(listener: (what: Dataset | Sequence) => void, change: () => T): T {
  const outer = changing;
  changing = outer ? (what) => { outer(what); listener(what); } : listener;
  try {
    return change();
  } finally {
    changing = outer;
  }
}

/** The value bytes of a non-sequence element (little endian), loading bulk data. */
export function valueBytes(el: Element): Buffer {
  const v = el.value;
  if (Buffer.isBuffer(v)) return v;
  if (isBulkRef(v)) return loadBulk(v);
  throw new DicomError('BAD_VALUE', `${formatTag(el.tag)} holds items, not bytes`, { tag: el.tag });
}

function unwrap<T>(values: T[]): T | T[] {
  return values.length === 1 ? values[0]! : values;
}

const UTF8: readonly string[] = ['ISO_IR 192'];
const ORIGINAL_ATTRIBUTES = 0x04000561;
const sameCharsets = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((term, i) => term === b[i]);
/** A Specific Character Set element declaring `terms`. */
const charsetElement = (terms: readonly string[]): Element => new Element(SPECIFIC_CHARACTER_SET, 'CS', encodeStrings([...terms], 'CS', []));

/**
 * The writes that re-encode a data set tree's text from `charsets` (or an item's own set) into `to`, dropping the
 * items' own declarations; Original Attributes items declare the set they are in instead, keeping their bytes (the
 * record of what was there). Returned rather than made, so that a value `to` cannot hold changes nothing.
 */
function recodeText(ds: Dataset, charsets: readonly string[], to: readonly string[], depth: number): (() => void)[] {
  checkNesting(depth);
  const own = ds.getElementByTag(SPECIFIC_CHARACTER_SET);
  const here = own && Buffer.isBuffer(own.value) ? ds.characterSets() : charsets;
  const writes: (() => void)[] = [];
  for (const el of ds) {
    if (el.value instanceof Sequence) {
      for (const item of el.value.items) {
        if (el.tag !== ORIGINAL_ATTRIBUTES) writes.push(...recodeText(item, here, to, depth + 1));
        else if (!item.getElementByTag(SPECIFIC_CHARACTER_SET) && here.length > 0) {
          writes.push(() => item.addElement(charsetElement(here)));
        }
      }
    } else if (Buffer.isBuffer(el.value)) {
      // A UN value of a text attribute the dictionary knows (written by a tool that did not) is text in `here` too;
      // so are 8-bit bytes in a VR held to the default repertoire (decodeString reads them in `here`).
      const vr = el.vr === 'UN' ? defaultVR(el.tag) : el.vr;
      if (usesCharacterSet(vr) || (isStringVR(vr) && !isPlainAscii(el.value))) {
        let value: Buffer;
        try {
          value = padEven(encodeText(decodeString(el.value, vr, here), to, vr), vr);
        } catch (e) {
          throw e instanceof DicomError ? new DicomError(e.code, e.message, { tag: el.tag }) : e;
        }
        writes.push(() => {
          changing?.(ds);
          el.value = value;
        });
      }
    }
  }
  if (ds.parent) writes.push(() => ds.removeTag(SPECIFIC_CHARACTER_SET));
  return writes;
}

/**
 * Text set by hand is checked as a file's reader would check it: a UID's syntax and 64-character limit, and DS/IS as
 * finite numbers that fit their VR ("NaN" or "Infinity" given as text would otherwise be written as they are). An
 * empty value (Type 2) passes.
 */
function checkText(vr: VR, text: string): void {
  if (text === '') return;
  if (vr === 'UI') assertValidUid(text);
  else if (vr === 'DS' && !isValidDS(text)) throw new DicomError('BAD_VALUE', `"${text}" is not a DS value: a finite decimal number of at most 16 characters`);
  else if (vr === 'IS') parseIS(text);
}

/** An AT value: a tag as a number, as text ("(0018,1063)", "00181063") or as a keyword ("FrameTime"). */
function tagValue(t: Tag, value: string | number | bigint): number {
  const n = typeof value === 'string' ? parseTag(value) ?? lookupKeyword(value.trim())?.tag : Number(value);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new DicomError('BAD_VALUE', `${formatTag(t)} (AT): "${String(value)}" is not a tag ((gggg,eeee), ggggeeee or a keyword)`, { tag: t });
  }
  return n;
}
