import { DicomError } from './errors.js';
import { DICTIONARY, KEYWORDS } from './generated/dictionary.js';
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

/** The generated lines, split on first use; entries are parsed from them as they are looked up. */
let lines: string[] | undefined;
let keywords: string[] | undefined;
const entries: (DictionaryEntry | undefined)[] = [];

interface TagIndex {
  exact: Map<Tag, number>;
  /** Repeating-group lines, one map per mask (keyed by tag & mask), most specific mask first. */
  repeating: { mask: number; lines: Map<Tag, number> }[];
}

let tagIndex: TagIndex | undefined;
let keywordIndex: Map<string, number> | undefined;

const bitCount = (n: number): number => n.toString(2).replaceAll('0', '').length;
/** "60xx3000" → 0x60003000, the tag with its varying digits zeroed. */
const baseTag = (tagText: string): Tag => parseInt(tagText.replaceAll('x', '0'), 16);
/** "60xx3000" → 0xff00ffff, the bits that are fixed. */
const maskOf = (tagText: string): number => parseInt(tagText.replace(/[0-9A-F]/g, 'F').replaceAll('x', '0'), 16);

const dictionaryLines = (): string[] => (lines ??= DICTIONARY.split('\n'));
const keywordLines = (): string[] => (keywords ??= KEYWORDS.split('\n'));

/**
 * Indexes the generated table by tag on first use, leaving each line unparsed until it is looked up: importing the
 * module costs only its string literals, and the first lookup a few milliseconds. Keyword lookups (writers) and tag
 * lookups (readers, dumps) build separate indexes, so a command pays only for the one it uses.
 */
function indexByTag(): TagIndex {
  if (tagIndex) return tagIndex;
  const all = dictionaryLines();
  const exact = new Map<Tag, number>();
  const repeating = new Map<number, Map<Tag, number>>();
  for (let i = 0; i < all.length; i++) {
    const tagText = all[i]!.slice(0, 8);
    if (!tagText.includes('x')) {
      exact.set(parseInt(tagText, 16), i);
      continue;
    }
    const mask = maskOf(tagText);
    let byTag = repeating.get(mask);
    if (!byTag) repeating.set(mask, (byTag = new Map()));
    byTag.set(baseTag(tagText), i);
  }
  const masks = [...repeating.keys()].sort((a, b) => bitCount(b) - bitCount(a));
  return (tagIndex = { exact, repeating: masks.map((mask) => ({ mask, lines: repeating.get(mask)! })) });
}

function indexByKeyword(): Map<string, number> {
  if (keywordIndex) return keywordIndex;
  const all = keywordLines();
  keywordIndex = new Map();
  for (let i = 0; i < all.length; i++) if (all[i]) keywordIndex.set(all[i]!, i);
  return keywordIndex;
}

function entryAt(i: number | undefined): DictionaryEntry | undefined {
  if (i === undefined) return undefined;
  const parsed = entries[i];
  if (parsed) return parsed;
  const [tagText, vr, vm, retired, name] = dictionaryLines()[i]!.split('|') as [string, string, string, string, string];
  const entry: DictionaryEntry = { tag: baseTag(tagText), keyword: keywordLines()[i]!, name, vr, vm, retired: retired === 'R' };
  return (entries[i] = tagText.includes('x') ? { ...entry, mask: maskOf(tagText) } : entry);
}

const groupLength = (t: Tag): DictionaryEntry => ({ tag: t, keyword: '', name: 'Group Length', vr: 'UL', vm: '1', retired: false });
const privateCreator = (t: Tag): DictionaryEntry => ({ tag: t, keyword: 'PrivateCreator', name: 'Private Creator', vr: 'LO', vm: '1', retired: false });

/**
 * The dictionary entry of a tag: an exact entry, else a group length (gggg,0000), a private creator (gggg,0010-00FF)
 * or a repeating-group entry ((60xx,3000) for (6002,3000)). Private data elements need their creator: see lookupPrivate.
 */
export function lookupTag(t: Tag): DictionaryEntry | undefined {
  const { exact, repeating } = indexByTag();
  const entry = entryAt(exact.get(t));
  if (entry) return entry;
  if (isGroupLength(t)) return groupLength(t);
  if (isPrivateTag(t)) return isPrivateCreator(t) ? privateCreator(t) : undefined;
  for (const { mask, lines } of repeating) {
    const masked = entryAt(lines.get((t & mask) >>> 0));
    if (masked) return masked;
  }
  return undefined;
}

/** The entry with this exact, case-sensitive keyword; repeating-group entries give their first group (OverlayData → (6000,3000)). */
export function lookupKeyword(keyword: string): DictionaryEntry | undefined {
  return entryAt(indexByKeyword().get(keyword));
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

export function lookupPrivateKeyword(keyword: string): PrivateDictionaryEntry | undefined {
  return privateByKeyword.get(keyword);
}
