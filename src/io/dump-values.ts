import { isBulkRef, swapBytes, type BulkRef } from '../core/element.js';
import { decodeText, isPlainAscii } from '../core/charset.js';
import { uidInfo } from '../core/uid-registry.js';
import { VRS, isMultiValuedText, isNumericBinaryVR, isStringVR, numericWidth, usesCharacterSet, type VR } from '../core/vr.js';
import { numberReader } from '../core/value-codec.js';
import { formatFloatLikeDcmtk } from './dump-float.js';

/** What dcmdump shows in the value column, and the VM it reports. */
export interface ValueText {
  text: string;
  vm: number;
}

const NO_VALUE = '(no value available)';
/** A value shorter than one number (or OW word) of its VR, as dcmdump shows it. */
const INVALID_VALUE = '(invalid value)';
export const NOT_LOADED = '(not loaded)';

/** One number (or tag) of a binary value as dcmdump prints it, from its bytes at `offset`. */
type NumberText = (bytes: Buffer, offset: number) => string;

/**
 * How dcmdump shows the values of one VR. Worked out once per VR: a dump asks for every value it prints.
 * Text VRs are decoded; numbers and tags printed one by one (`number`); the other VRs in hex.
 */
export interface ValueFormat {
  readonly vr: VR;
  readonly text: boolean;
  /** Text whose bytes follow Specific Character Set. */
  readonly charset: boolean;
  /** Text in which backslashes separate values. */
  readonly multiValued: boolean;
  /** Numbers and tags: bytes per value, and how each is printed. */
  readonly width: number;
  readonly number: NumberText | undefined;
  /** "Other" numbers (OF, OD, OL, OV): one value however many numbers it holds. */
  readonly other: boolean;
}

const FLOAT_DIGITS: Partial<Record<VR, number>> = { FL: 9, OF: 9, FD: 17, OD: 17 };
const OTHER_NUMBERS = new Set<VR>(['OF', 'OD', 'OL', 'OV']);

function numberTextOf(vr: VR): NumberText | undefined {
  if (vr === 'AT') return (b, o) => tagText(((b.readUInt16LE(o) << 16) | b.readUInt16LE(o + 2)) >>> 0);
  if (!isNumericBinaryVR(vr) && !OTHER_NUMBERS.has(vr)) return undefined;
  const read = numberReader(vr)!;
  const digits = FLOAT_DIGITS[vr];
  return digits ? (b, o) => formatFloatLikeDcmtk(read(b, o) as number, digits) : (b, o) => String(read(b, o));
}

function formatOf(vr: VR): ValueFormat {
  const number = numberTextOf(vr);
  return {
    vr,
    text: isStringVR(vr),
    charset: usesCharacterSet(vr),
    multiValued: isMultiValuedText(vr),
    width: vr === 'AT' ? 4 : numericWidth(vr),
    number,
    other: OTHER_NUMBERS.has(vr),
  };
}

const FORMATS = new Map<string, ValueFormat>(VRS.map((vr) => [vr, formatOf(vr)]));
/** An element given a VR that is none (built in memory, unchecked) prints in hex. */
const UNKNOWN_FORMAT = formatOf('UN');

export const valueFormat = (vr: VR): ValueFormat => FORMATS.get(vr) ?? UNKNOWN_FORMAT;

/** The first `n` bytes of a value (all of it when shorter), reading only those from a value left on disk. */
function valuePrefix(value: Buffer | BulkRef, n: number): Buffer {
  if (!isBulkRef(value)) return n >= value.length ? value : value.subarray(0, n);
  const want = Math.min(n, value.length);
  const buf = Buffer.alloc(want);
  value.source.readInto(buf, 0, want, value.offset);
  return value.swapUnit > 1 ? swapBytes(buf, value.swapUnit) : buf;
}

/** Control characters would break the one-line-per-element layout (and reach the terminal), so they are shown as &#N;. */
const CONTROL = /[\x00-\x1f\x7f]/g;
const CONTROL_TEST = /[\x00-\x1f\x7f]/;
const showControls = (text: string): string => text.replace(CONTROL, (c) => `&#${c.charCodeAt(0)};`);

/** The decoded text without trailing spaces and NULs (8-bit bytes in any text VR in the data set's character set). */
function trimmedText(bytes: Buffer, format: ValueFormat, charsets: readonly string[]): string {
  if (charsets.length > 0 && (format.charset || !isPlainAscii(bytes))) {
    const text = decodeText(bytes, charsets, format.vr);
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0)) end--;
    return end === text.length ? text : text.slice(0, end);
  }
  // One byte per character: the padding is trimmed before decoding, which then makes the text in one step.
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  return bytes.toString('latin1', 0, end);
}

/** Values in a text: one more than its backslashes (counted in place: dumps compute this for every line). */
function textVM(text: string, format: ValueFormat): number {
  if (text === '') return 0;
  if (!format.multiValued) return 1;
  let vm = 1;
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', i + 1)) vm++;
  return vm;
}

/**
 * Text VRs: the decoded text in brackets with trailing padding removed (leading spaces kept, as dcmdump does); a
 * well-known UID shown as =Keyword. Longer than `limit` characters: cut to `limit` with "..." and no closing bracket.
 */
export function stringText(bytes: Buffer, format: ValueFormat, charsets: readonly string[], limit: number, uidNames: boolean): ValueText {
  const text = trimmedText(bytes, format, charsets);
  if (text === '') return { text: NO_VALUE, vm: 0 };
  const vm = textVM(text, format);
  const keyword = uidNames && format.vr === 'UI' && vm === 1 ? uidInfo(text)?.keyword : undefined;
  if (keyword) return { text: `=${keyword}`, vm };
  const shown = CONTROL_TEST.test(text) ? showControls(text) : text;
  // Code units bound characters from above, so the characters are counted only near the limit, and only up to it: a
  // value of millions (a DS of 10,000,000 numbers) split whole into characters took a gigabyte.
  if (shown.length + 2 <= limit) return { text: `[${shown}]`, vm };
  const kept = Math.max(0, limit - 4);
  let chars = 0;
  /** Code units of the first `kept` characters. */
  let cut = 0;
  for (const c of shown) {
    if (++chars + 2 > limit) return { text: `[${shown.slice(0, cut)}...`, vm };
    if (chars <= kept) cut += c.length;
  }
  return { text: `[${shown}]`, vm };
}

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');
const tagTexts = new Map<number, string>();
/** "(gggg,eeee)"; remembered, since a dump of many files prints the same tags again and again. */
export function tagText(t: number): string {
  let text = tagTexts.get(t);
  if (text === undefined) {
    text = `(${hex(t >>> 16, 4)},${hex(t & 0xffff, 4)})`;
    if (tagTexts.size < 65536) tagTexts.set(t, text);
  }
  return text;
}

/** The VM dcmdump reports for a binary value: one for bytes and "other" numbers, else the count of numbers. */
const binaryVM = (length: number, format: ValueFormat): number => (format.number && !format.other ? Math.floor(length / format.width) : 1);

/**
 * Binary numbers (US … UV, OF/OD/OL/OV) and AT: decimal, floats as dcmtk prints them, tags as (gggg,eeee), joined
 * with backslashes as dcmdump joins them: a value is printed only if it fits within `limit` and, when more follow,
 * still leaves room for "...".
 */
function numberText(value: Buffer | BulkRef, format: ValueFormat, number: NumberText, limit: number): ValueText {
  const width = format.width;
  const count = Math.floor(value.length / width);
  const vm = binaryVM(value.length, format);
  // dcmdump says a value too short for one number is invalid, but one too short for one tag has none.
  if (count === 0) return { text: value.length === 0 || format.vr === 'AT' ? NO_VALUE : INVALID_VALUE, vm };
  // Each value shown takes at least two characters, so a limited line never needs more than this many.
  const needed = Number.isFinite(limit) ? Math.min(count, Math.ceil(limit / 2) + 1) : count;
  const bytes = valuePrefix(value, needed * width);
  let out = '';
  for (let i = 0; i < count; i++) {
    const next = i === 0 ? number(bytes, 0) : '\\' + number(bytes, i * width);
    const length = out.length + next.length;
    if (length <= limit && (i + 1 === count || length + 3 <= limit)) {
      out += next;
      continue;
    }
    if (i + 1 < count) out += '...';
    break;
  }
  return { text: out, vm };
}

/** Any value that is not text: numbers and tags as numbers, the rest (OB, OW, UN) as hex. */
export function binaryText(value: Buffer | BulkRef, format: ValueFormat, limit: number): ValueText {
  if (format.number) return numberText(value, format, format.number, limit);
  return hexText(value, format.vr === 'OW', limit);
}

/**
 * A value dcmdump -M leaves unread. Binary values are not touched; text is decoded for its VM, as dcmtk does.
 */
export function notLoadedText(value: Buffer | BulkRef, format: ValueFormat, charsets: readonly string[]): ValueText {
  if (isBulkRef(value) || !format.text) return { text: NOT_LOADED, vm: binaryVM(value.length, format) };
  return { text: NOT_LOADED, vm: textVM(trimmedText(value, format, charsets), format) };
}

/**
 * OB, OW, UN and encapsulated fragments: hex bytes (words for OW) joined by backslashes. dcmdump decides up front how
 * many fit in `limit` with room for "...", so the cut falls on a whole value.
 */
export function hexText(value: Buffer | BulkRef, words: boolean, limit: number): ValueText {
  const size = words ? 4 : 2;
  const count = words ? Math.floor(value.length / 2) : value.length;
  if (count === 0) return { text: value.length === 0 ? NO_VALUE : INVALID_VALUE, vm: 1 };
  const full = count * (size + 1) - 1;
  const shown = full > limit ? Math.max(0, Math.floor((limit - 2) / (size + 1))) : count;
  const bytes = valuePrefix(value, shown * (words ? 2 : 1));
  const parts: string[] = new Array(shown);
  for (let i = 0; i < shown; i++) parts[i] = words ? hex(bytes.readUInt16LE(i * 2), 4) : hex(bytes[i]!, 2);
  return { text: parts.join('\\') + (shown < count ? '...' : ''), vm: 1 };
}
