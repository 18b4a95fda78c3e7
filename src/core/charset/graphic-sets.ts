import { iconv } from './codecs.js';

/**
 * One ISO 2022 graphic character set as DICOM uses it (PS3.5 6.1.2.5, PS3.3 C.12.1.1.2): the register it is
 * designated to, the escape sequence that designates it, its byte range, and the iconv-lite codec its bytes map onto.
 */
export interface GraphicSet {
  readonly name: string;
  /** G0 sets are invoked into GL (bytes below 0x80), G1 sets into GR (bytes from 0x80). */
  readonly slot: 0 | 1;
  readonly escape: readonly number[];
  /** Bytes per character. */
  readonly width: 1 | 2;
  /** Lowest and highest byte of a character, as the set itself is coded (GL or GR). */
  readonly range: readonly [number, number];
  readonly codec: string;
  /** Byte the codec needs before each character (JIS X 0212 is code set 3 of EUC-JP). */
  readonly prefix?: number;
}

const ESC = 0x1b;
const esc = (text: string): number[] => [ESC, ...Buffer.from(text, 'latin1')];
const GL94: [number, number] = [0x21, 0x7e];
const GR94: [number, number] = [0xa1, 0xfe];

// Both single-byte G0 sets decode as ASCII: in practice 05/12 of JIS X 0201 Romaji is the DICOM value delimiter.
export const ASCII: GraphicSet = { name: 'ISO-IR 6', slot: 0, escape: esc('(B'), width: 1, range: [0, 0x7f], codec: 'latin1' };
export const ROMAJI: GraphicSet = { ...ASCII, name: 'JIS X 0201 Romaji', escape: esc('(J') };
export const KATAKANA: GraphicSet = { name: 'JIS X 0201 Katakana', slot: 1, escape: esc(')I'), width: 1, range: [0xa1, 0xdf], codec: 'shift_jis' };
export const JIS_X_0208: GraphicSet = { name: 'JIS X 0208', slot: 0, escape: esc('$B'), width: 2, range: GL94, codec: 'euc-jp' };
export const JIS_X_0212: GraphicSet = { name: 'JIS X 0212', slot: 0, escape: esc('$(D'), width: 2, range: GL94, codec: 'euc-jp', prefix: 0x8f };
export const KS_X_1001: GraphicSet = { name: 'KS X 1001', slot: 1, escape: esc('$)C'), width: 2, range: GR94, codec: 'euc-kr' };
export const GB_2312: GraphicSet = { name: 'GB 2312', slot: 1, escape: esc('$)A'), width: 2, range: GR94, codec: 'gb2312' };

/** The right-hand half of a single-byte code page: a 96-character G1 set designated by ESC 02/13 F. */
const upper96 = (name: string, final: string, codec: string): GraphicSet =>
  ({ name, slot: 1, escape: esc(`-${final}`), width: 1, range: [0xa0, 0xff], codec });

/** G1 sets of the single-byte Specific Character Sets, by ISO-IR registration number. */
export const UPPER_HALVES: Readonly<Record<string, GraphicSet>> = {
  '100': upper96('ISO 8859-1', 'A', 'iso-8859-1'),
  '101': upper96('ISO 8859-2', 'B', 'iso-8859-2'),
  '109': upper96('ISO 8859-3', 'C', 'iso-8859-3'),
  '110': upper96('ISO 8859-4', 'D', 'iso-8859-4'),
  '144': upper96('ISO 8859-5', 'L', 'iso-8859-5'),
  '127': upper96('ISO 8859-6', 'G', 'iso-8859-6'),
  '126': upper96('ISO 8859-7', 'F', 'iso-8859-7'),
  '138': upper96('ISO 8859-8', 'H', 'iso-8859-8'),
  '148': upper96('ISO 8859-9', 'M', 'iso-8859-9'),
  '203': upper96('ISO 8859-15', 'b', 'iso-8859-15'),
  '166': upper96('TIS 620', 'T', 'tis620'),
};

const ALL_SETS = [ASCII, ROMAJI, KATAKANA, JIS_X_0208, JIS_X_0212, KS_X_1001, GB_2312, ...Object.values(UPPER_HALVES)];
const BY_ESCAPE = new Map(ALL_SETS.map((set) => [String.fromCharCode(...set.escape), set]));

/** The set an escape sequence (ESC included) designates, or undefined for sequences DICOM does not use. */
export const setForEscape = (sequence: Uint8Array): GraphicSet | undefined => BY_ESCAPE.get(String.fromCharCode(...sequence));

export const inRange = (set: GraphicSet, byte: number): boolean => byte >= set.range[0] && byte <= set.range[1];

/** The set's bytes for one character rewritten as the codec expects them (GL two-byte sets get the EUC high bit). */
export function toCodecBytes(set: GraphicSet, bytes: Uint8Array): number[] {
  const shifted = set.slot === 0 ? [...bytes].map((b) => b | 0x80) : [...bytes];
  return set.prefix === undefined ? shifted : [set.prefix, ...shifted];
}

/** JIS X 0208 assigns rows 1-8 and 16-84; the codec also maps vendor rows (NEC 13, IBM 89-92) other readers reject. */
const isJisX0208Row = (lead: number): boolean => (lead >= 0x21 && lead <= 0x28) || (lead >= 0x30 && lead <= 0x74);

/**
 * iconv-lite has no GB 2312 of its own: it encodes with GBK, which fills cells GB 2312 leaves empty in its symbol rows
 * (small Roman numerals, vertical forms, a few Latin letters). Those 33 codes are no GB 2312 character.
 */
const GBK_ONLY_RANGES: readonly [number, number][] = [
  [0xa2a1, 0xa2aa], [0xa6e0, 0xa6eb], [0xa6ee, 0xa6f2], [0xa6f4, 0xa6f5], [0xa8bb, 0xa8bb], [0xa8bd, 0xa8be], [0xa8c0, 0xa8c0],
];
const isGbkOnly = (lead: number, trail: number): boolean => {
  const code = (lead << 8) | trail;
  return GBK_ONLY_RANGES.some(([from, to]) => code >= from && code <= to);
};

/** Asking iconv costs microseconds per character; text reuses few characters, so answers are remembered (bounded). */
const MEMO_LIMIT = 16_384;
const memos = new Map(ALL_SETS.map((set) => [set, new Map<string, readonly number[] | undefined>()]));

/** The set's bytes for one character (one code point), or undefined when the set cannot represent it. */
export function encodeChar(set: GraphicSet, char: string): readonly number[] | undefined {
  const code = char.codePointAt(0)!;
  if (set.codec === 'latin1') return code < 0x80 && code !== ESC ? [code] : undefined;
  if (code < 0x80) return undefined;
  const memo = memos.get(set)!;
  if (memo.has(char)) return memo.get(char);
  const bytes = encodeWithCodec(set, char);
  if (memo.size < MEMO_LIMIT) memo.set(char, bytes);
  return bytes;
}

function encodeWithCodec(set: GraphicSet, char: string): number[] | undefined {
  const encoded = iconv().encode(char, set.codec);
  const hasPrefix = set.prefix !== undefined;
  if (hasPrefix && encoded[0] !== set.prefix) return undefined;
  // For G0 sets, XOR brings EUC's high bytes down into GL and pushes anything else out of range.
  const bytes = [...encoded.subarray(hasPrefix ? 1 : 0)].map((b) => (set.slot === 0 ? b ^ 0x80 : b));
  if (bytes.length !== set.width || !bytes.every((b) => inRange(set, b))) return undefined;
  if (set === JIS_X_0208 && !isJisX0208Row(bytes[0]!)) return undefined;
  if (set === GB_2312 && isGbkOnly(bytes[0]!, bytes[1]!)) return undefined;
  // iconv substitutes unmappable characters; only an exact round trip proves the set holds the character.
  return iconv().decode(encoded, set.codec, { stripBOM: false }) === char ? bytes : undefined;
}
