import { DicomError } from './errors.js';
import { DICTIONARY, EXACT_LINES, EXACT_TAGS, KEYWORD_ORDER, KEYWORD_STARTS, KEYWORDS, LINE_STARTS, REPEATING } from './generated/dictionary.js';
import { isGroupLength, isPrivateCreator, isPrivateTag, parseTag, tag, type Tag } from './tag.js';
import { isVR, type VR } from './vr.js';
import type { PrivateKey } from './attribute-path.js';

/** One attribute of the PS3.6 data dictionary (shared: callers must not change it). */
export interface DictionaryEntry {
  readonly tag: Tag;
  /** For repeating-group entries such as (60xx,3000): the bits of `tag` that are fixed. Absent for single tags. */
  readonly mask?: number;
  readonly keyword: string;
  readonly name: string;
  /** PS3.6's VR text: 'PN', or 'US or SS' and the like where the VR depends on context; '' for item and delimiter tags. */
  readonly vr: string;
  readonly vm: string;
  readonly retired: boolean;
}

/** Entries parsed so far, by line: a line is parsed when it is first looked up. */
const entries: (DictionaryEntry | undefined)[] = [];

/** "60xx3000" → 0x60003000, the tag with its varying digits zeroed. */
const baseTag = (tagText: string): Tag => parseInt(tagText.replaceAll('x', '0'), 16);
/** "60xx3000" → 0xff00ffff, the bits that are fixed. */
const maskOf = (tagText: string): number => parseInt(tagText.replace(/[0-9A-F]/g, 'F').replaceAll('x', '0'), 16);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A generated table of little-endian integers on its decoded bytes (Node aligns a decoded Buffer for any typed array). */
function decoded(base64: string, swap: (buf: Buffer) => Buffer): Buffer {
  const buf = Buffer.from(base64, 'base64');
  return LITTLE_ENDIAN ? buf : swap(buf);
}
const uint32s = (base64: string): Uint32Array => {
  const buf = decoded(base64, (b) => b.swap32());
  return new Uint32Array(buf.buffer, buf.byteOffset, buf.length / 4);
};
const uint16s = (base64: string): Uint16Array => {
  const buf = decoded(base64, (b) => b.swap16());
  return new Uint16Array(buf.buffer, buf.byteOffset, buf.length / 2);
};

/**
 * The generator's tables, decoded on first use. They are searched as they are (binary search) and each hit
 * remembered: a process builds no index of 5,000 entries before its first lookup, which took 7-9 ms (a tenth of a
 * short command's run), and no line is split off until it is looked up.
 */
interface Tables {
  lineStarts: Uint32Array;
  keywordStarts: Uint32Array;
  exactTags: Uint32Array;
  exactLines: Uint16Array;
  keywordOrder: Uint16Array;
}
let tables: Tables | undefined;
const decodeTables = (): Tables => (tables ??= {
  lineStarts: uint32s(LINE_STARTS), keywordStarts: uint32s(KEYWORD_STARTS),
  exactTags: uint32s(EXACT_TAGS), exactLines: uint16s(EXACT_LINES), keywordOrder: uint16s(KEYWORD_ORDER),
});
const lineOfTag = new Map<Tag, number>();
const lineOfKeyword = new Map<string, number>();

/** Line `i` of DICTIONARY (its newline left off). */
function lineOf(i: number): string {
  const { lineStarts } = decodeTables();
  return DICTIONARY.slice(lineStarts[i], lineStarts[i + 1]! - 1);
}

/** The keyword on line `i` ('' for none). */
function keywordAt(i: number): string {
  const { keywordStarts } = decodeTables();
  return KEYWORDS.slice(keywordStarts[i], keywordStarts[i + 1]! - 1);
}

/** Where in a sorted table of `n` entries the one sought is (`compare` orders an entry against it), or -1. */
function search(n: number, compare: (i: number) => number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const order = compare(mid);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The line of an exact (not repeating-group) tag, if the dictionary has it. */
function exactLine(t: Tag): number | undefined {
  const known = lineOfTag.get(t);
  if (known !== undefined) return known;
  const { exactTags, exactLines } = decodeTables();
  const i = search(exactTags.length, (k) => exactTags[k]! - t);
  if (i < 0) return undefined;
  lineOfTag.set(t, exactLines[i]!);
  return exactLines[i];
}

/** The line of a keyword (exact, case-sensitive), if the dictionary has it. */
function keywordLine(keyword: string): number | undefined {
  const known = lineOfKeyword.get(keyword);
  if (known !== undefined) return known;
  const { keywordOrder } = decodeTables();
  const i = search(keywordOrder.length, (k) => {
    const at = keywordAt(keywordOrder[k]!);
    return at < keyword ? -1 : at > keyword ? 1 : 0;
  });
  if (i < 0) return undefined;
  lineOfKeyword.set(keyword, keywordOrder[i]!);
  return keywordOrder[i];
}

function entryAt(i: number | undefined): DictionaryEntry | undefined {
  if (i === undefined) return undefined;
  const parsed = entries[i];
  if (parsed) return parsed;
  const [tagText, vr, vm, retired, name] = lineOf(i).split('|') as [string, string, string, string, string];
  const entry: DictionaryEntry = { tag: baseTag(tagText), keyword: keywordAt(i), name, vr, vm, retired: retired === 'R' };
  return (entries[i] = tagText.includes('x') ? { ...entry, mask: maskOf(tagText) } : entry);
}

const groupLength = (t: Tag): DictionaryEntry => ({ tag: t, keyword: '', name: 'Group Length', vr: 'UL', vm: '1', retired: false });
const privateCreator = (t: Tag): DictionaryEntry => ({ tag: t, keyword: 'PrivateCreator', name: 'Private Creator', vr: 'LO', vm: '1', retired: false });

/**
 * The dictionary entry of a tag: an exact entry, else a group length (gggg,0000), a private creator (gggg,0010-00FF)
 * or a repeating-group entry ((60xx,3000) for (6002,3000)). Private data elements need their creator: see lookupPrivate.
 */
export function lookupTag(t: Tag): DictionaryEntry | undefined {
  const entry = entryAt(exactLine(t));
  if (entry) return entry;
  if (isGroupLength(t)) return groupLength(t);
  if (isPrivateTag(t)) return isPrivateCreator(t) ? privateCreator(t) : undefined;
  for (const [mask, base, line] of REPEATING) if (((t & mask) >>> 0) === base) return entryAt(line);
  return undefined;
}

/** The entry with this exact, case-sensitive keyword; repeating-group entries give their first group (OverlayData → (6000,3000)). */
export function lookupKeyword(keyword: string): DictionaryEntry | undefined {
  return entryAt(keywordLine(keyword));
}

export function keywordOf(t: Tag): string | undefined {
  return lookupTag(t)?.keyword || undefined;
}

/** Implicit VR streams give no VR, so readers take the value-agnostic choice for attributes whose VR depends on context. */
const IMPLICIT_CHOICE = new Map<string, VR>([['US or SS', 'US'], ['OB or OW', 'OW'], ['US or OW', 'US'], ['US or SS or OW', 'US']]);

/** The VR to assume for a tag read in Implicit VR: the dictionary's, 'UN' for unknown and private data elements and for item tags. */
export function defaultVR(t: Tag): VR {
  const vr = lookupTag(t)?.vr;
  if (vr === undefined) return 'UN';
  return IMPLICIT_CHOICE.get(vr) ?? (isVR(vr) ? vr : 'UN');
}

/** The tag named by a keyword ("PatientName") or written as a tag ("(0010,0010)", "0010,0010", "00100010"). */
export function tagOf(keywordOrTag: string): Tag | undefined {
  return lookupKeyword(keywordOrTag)?.tag ?? parseTag(keywordOrTag);
}

// ---------------------------------------------------------------------------------------------------------------
// Private dictionaries: what a private creator's block holds, registered by the code that defines the block.

export interface PrivateDictionaryEntry {
  readonly creator: string;
  /** The odd group the block is written in, e.g. 0x0013. */
  readonly group: number;
  /** Low byte of the element (0x00-0xFF); the high byte is the block the creator reserved. */
  readonly element: number;
  readonly keyword: string;
  readonly name: string;
  readonly vr: VR;
  readonly vm: string;
}

export type PrivateEntryDefinition = Omit<PrivateDictionaryEntry, 'creator'>;

/** creator → element byte → entries (one per group the creator is registered in). */
const privateByCreator = new Map<string, Map<number, PrivateDictionaryEntry[]>>();
const privateByKeyword = new Map<string, PrivateDictionaryEntry>();

const sameSlot = (a: PrivateDictionaryEntry, creator: string, e: PrivateEntryDefinition): boolean =>
  a.creator === creator && a.group === e.group && a.element === e.element;

function checkPrivate(creator: string, e: PrivateEntryDefinition): void {
  const owner = privateByKeyword.get(e.keyword);
  const problem =
    !creator ? 'an empty private creator'
    : !Number.isInteger(e.group) || e.group > 0xffff || !isPrivateTag(tag(e.group, 0)) ? `group ${e.group.toString(16)}, which is not private (odd, above 0008)`
    : !Number.isInteger(e.element) || e.element < 0 || e.element > 0xff ? `element byte ${e.element}, outside 0x00-0xFF`
    : !e.keyword ? 'an empty keyword'
    : (owner && !sameSlot(owner, creator, e)) || lookupKeyword(e.keyword) ? `keyword ${e.keyword}, which is already taken`
    : undefined;
  if (problem) throw new DicomError('INVALID_ARGUMENT', `private dictionary "${creator}" has ${problem}`);
}

/**
 * Registers the elements of a private block; registering the same creator, group and element again replaces the entry.
 * Creators are compared without the space padding LO values carry.
 */
export function registerPrivateDictionary(creator: string, entries: readonly PrivateEntryDefinition[]): void {
  const name = creator.trim();
  for (const e of entries) {
    checkPrivate(name, e);
    let byElement = privateByCreator.get(name);
    if (!byElement) privateByCreator.set(name, (byElement = new Map()));
    const inSlot = byElement.get(e.element) ?? [];
    const replaced = inSlot.find((old) => old.group === e.group);
    if (replaced) privateByKeyword.delete(replaced.keyword);
    const entry: PrivateDictionaryEntry = { ...e, creator: name };
    byElement.set(e.element, [...inSlot.filter((old) => old !== replaced), entry]);
    privateByKeyword.set(e.keyword, entry);
  }
}

/** One element of a private block, addressed by its low byte. */
export interface PrivateElementSpec {
  element: number;
  vr: VR;
  vm: string;
  name: string;
}

/** A registered private block: keys for Dataset get/set and the VR of each of its keywords. */
export interface PrivateBlockDefinition<K extends string> {
  key(keyword: K): PrivateKey;
  vr(keyword: K): VR;
}

/** Registers a private block (creator, group, elements by keyword) and returns how to address its elements. */
export function definePrivateBlock<K extends string>(creator: string, group: number, elements: Record<K, PrivateElementSpec>): PrivateBlockDefinition<K> {
  const specs = Object.entries(elements) as [K, PrivateElementSpec][];
  registerPrivateDictionary(creator, specs.map(([keyword, e]) => ({ group, element: e.element, keyword, name: e.name, vr: e.vr, vm: e.vm })));
  return {
    key: (keyword) => ({ group, creator, element: elements[keyword].element }),
    vr: (keyword) => elements[keyword].vr,
  };
}

/** The registered entry for a creator's element byte; with `group`, only an entry registered in that group. */
export function lookupPrivate(creator: string, elementByte: number, group?: number): PrivateDictionaryEntry | undefined {
  const candidates = privateByCreator.get(creator.trim())?.get(elementByte);
  return group === undefined ? candidates?.[0] : candidates?.find((e) => e.group === group);
}

/** Whether a dictionary is registered for the creator (in any group). */
export function hasPrivateDictionary(creator: string): boolean {
  return privateByCreator.has(creator.trim());
}

export function lookupPrivateKeyword(keyword: string): PrivateDictionaryEntry | undefined {
  return privateByKeyword.get(keyword);
}
