import { DicomError } from './errors.js';
import { decodeText, encodeText, isPlainAscii } from './charset.js';
import { isMultiValuedText, numericWidth, padByte, usesCharacterSet, type VR } from './vr.js';

/** Text VRs whose leading spaces are significant (PS3.5 Table 6.2-1). */
const KEEPS_LEADING_SPACE = new Set<VR>(['LT', 'ST', 'UT', 'UC', 'PN', 'SH', 'LO']);

/** Where a value's trailing padding (spaces, NULs: never significant, PS3.5 6.2) begins. */
function paddingStart(s: string): number {
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === 0x20 || s.charCodeAt(end - 1) === 0)) end--;
  return end;
}

function trimValue(s: string, vr: VR): string {
  const end = paddingStart(s);
  let start = 0;
  if (!KEEPS_LEADING_SPACE.has(vr)) while (start < end && s.charCodeAt(start) === 0x20) start++;
  return s.slice(start, end);
}

/** The bytes as a Buffer: themselves when they are one (values read from files are), else a view on them. */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));

/**
 * The whole text of a string value, trailing padding removed. 8-bit bytes in a VR held to the default repertoire
 * (a CS or AE some writer put them in) are read in the data set's character set, as its writer meant them and as
 * dcmtk's dcm2xml and dcm2json hand them on: under ISO_IR 192, "Zürich", not "ZÃ¼rich".
 */
export function decodeString(bytes: Uint8Array, vr: VR, charsets: readonly string[]): string {
  const text = usesCharacterSet(vr) || !isPlainAscii(bytes) ? decodeText(bytes, charsets, vr) : asBuffer(bytes).toString('latin1');
  // A multi-valued text loses only the padding at its end here: its values' leading spaces are trimmed value by value
  // (decodeStrings). Kept, the pad of a value re-encoded into another set became text, padded once more.
  return isMultiValuedText(vr) ? text.slice(0, paddingStart(text)) : trimValue(text, vr);
}

/** The values of a string element: split on backslash for multi-valued VRs, each trimmed as PS3.5 allows. */
export function decodeStrings(bytes: Uint8Array, vr: VR, charsets: readonly string[]): string[] {
  if (bytes.length === 0) return [];
  const text = decodeString(bytes, vr, charsets);
  // Most values are single: no split, as readers ask for every file (the transfer syntax, say).
  if (!isMultiValuedText(vr) || !text.includes('\\')) return [trimValue(text, vr)];
  return text.split('\\').map((v) => trimValue(v, vr));
}

/** Pads to even length with the VR's pad byte. */
export function padEven(bytes: Buffer, vr: VR): Buffer {
  if (bytes.length % 2 === 0) return bytes;
  const out = Buffer.allocUnsafe(bytes.length + 1);
  bytes.copy(out);
  out[bytes.length] = padByte(vr);
  return out;
}

/** Whether text holds characters beyond the default repertoire's (ASCII, which encodeAscii writes). */
export const isBeyondAscii = (text: string): boolean => /[^\0-\x7e]/.test(text);

/**
 * Text values as bytes: in the character set for the VRs that follow it, else in the default repertoire. With
 * `beyondRepertoire`, other characters in a VR held to the default repertoire (a file's 8-bit CS, kept as it came) are
 * encoded in the character set too, as decodeString reads such bytes back, instead of refused.
 */
export function encodeStrings(values: readonly string[], vr: VR, charsets: readonly string[], beyondRepertoire = false): Buffer {
  if (!isMultiValuedText(vr) && values.length > 1) {
    throw new DicomError('BAD_VALUE', `${vr} holds one value; got ${values.length}`);
  }
  const text = values.join('\\');
  const inCharset = usesCharacterSet(vr) || (beyondRepertoire && isBeyondAscii(text));
  return inCharset ? padEven(encodeText(text, charsets, vr), vr) : encodeAscii(text, vr);
}

/** Default-repertoire text, written straight into a buffer of even length (most values set are of these VRs). */
function encodeAscii(text: string, vr: VR): Buffer {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7e) {
      throw new DicomError('BAD_VALUE', `${vr} allows only the default character repertoire; "${text}" has "${text[i]}"`);
    }
  }
  const out = Buffer.allocUnsafe(text.length + (text.length % 2));
  out.write(text, 0, 'latin1');
  if (text.length % 2) out[text.length] = padByte(vr);
  return out;
}

export type NumberReader = (buf: Buffer, offset: number) => number | bigint;
const READERS: Partial<Record<VR, NumberReader>> = {
  US: (b, o) => b.readUInt16LE(o),
  OW: (b, o) => b.readUInt16LE(o),
  SS: (b, o) => b.readInt16LE(o),
  UL: (b, o) => b.readUInt32LE(o),
  OL: (b, o) => b.readUInt32LE(o),
  SL: (b, o) => b.readInt32LE(o),
  FL: (b, o) => b.readFloatLE(o),
  OF: (b, o) => b.readFloatLE(o),
  FD: (b, o) => b.readDoubleLE(o),
  OD: (b, o) => b.readDoubleLE(o),
  SV: (b, o) => b.readBigInt64LE(o),
  UV: (b, o) => b.readBigUInt64LE(o),
  OV: (b, o) => b.readBigUInt64LE(o),
};

/** Reads one value of a numeric binary VR (bytes little endian); undefined for the other VRs. */
export const numberReader = (vr: VR): NumberReader | undefined => READERS[vr];

/** Numeric values of a binary element (bytes little endian); a trailing partial value is ignored. */
export function decodeNumbers(bytes: Buffer, vr: VR): (number | bigint)[] {
  const read = READERS[vr];
  const width = numericWidth(vr);
  if (!read || width === 0) throw new DicomError('BAD_VALUE', `${vr} is not a numeric binary VR`);
  const out: (number | bigint)[] = new Array(Math.floor(bytes.length / width));
  for (let i = 0; i < out.length; i++) out[i] = read(bytes, i * width);
  return out;
}

type NumberWriter = (buf: Buffer, value: number | bigint, offset: number) => void;
const int = (v: number | bigint): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new DicomError('BAD_VALUE', `${v} is not an integer`);
  return n;
};
const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(int(v)));
const WRITERS: Partial<Record<VR, NumberWriter>> = {
  US: (b, v, o) => b.writeUInt16LE(int(v), o),
  OW: (b, v, o) => b.writeUInt16LE(int(v), o),
  SS: (b, v, o) => b.writeInt16LE(int(v), o),
  UL: (b, v, o) => b.writeUInt32LE(int(v), o),
  OL: (b, v, o) => b.writeUInt32LE(int(v), o),
  SL: (b, v, o) => b.writeInt32LE(int(v), o),
  FL: (b, v, o) => b.writeFloatLE(Number(v), o),
  OF: (b, v, o) => b.writeFloatLE(Number(v), o),
  FD: (b, v, o) => b.writeDoubleLE(Number(v), o),
  OD: (b, v, o) => b.writeDoubleLE(Number(v), o),
  SV: (b, v, o) => b.writeBigInt64LE(big(v), o),
  UV: (b, v, o) => b.writeBigUInt64LE(big(v), o),
  OV: (b, v, o) => b.writeBigUInt64LE(big(v), o),
};

export function encodeNumbers(values: readonly (number | bigint)[], vr: VR): Buffer {
  const write = WRITERS[vr];
  const width = numericWidth(vr);
  if (!write || width === 0) throw new DicomError('BAD_VALUE', `${vr} is not a numeric binary VR`);
  const out = Buffer.allocUnsafe(values.length * width);
  values.forEach((v, i) => {
    try {
      write(out, v, i * width);
    } catch (e) {
      if (e instanceof DicomError) throw e;
      throw new DicomError('BAD_VALUE', `${v} does not fit ${vr}`);
    }
  });
  return out;
}

/** AT values: tags as (group, element) pairs of 16-bit words. */
export function decodeTags(bytes: Buffer): number[] {
  const out: number[] = [];
  for (let o = 0; o + 4 <= bytes.length; o += 4) out.push(((bytes.readUInt16LE(o) << 16) | bytes.readUInt16LE(o + 2)) >>> 0);
  return out;
}

export function encodeTags(tags: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(tags.length * 4);
  tags.forEach((t, i) => {
    out.writeUInt16LE(t >>> 16, i * 4);
    out.writeUInt16LE(t & 0xffff, i * 4 + 2);
  });
  return out;
}

/**
 * A little-endian OF/OL value copied into an aligned typed array (a value read from a file may sit at any offset), on
 * the little-endian hosts Node runs on; undefined for an absent or empty value.
 */
export function float32Values(bytes: Buffer | undefined): Float32Array | undefined {
  return bytes?.length ? alignedCopy(bytes, new Float32Array(bytes.length >> 2)) : undefined;
}

export function uint32Values(bytes: Buffer | undefined): Uint32Array | undefined {
  return bytes?.length ? alignedCopy(bytes, new Uint32Array(bytes.length >> 2)) : undefined;
}

function alignedCopy<T extends Float32Array | Uint32Array>(bytes: Buffer, out: T): T {
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 4));
  return out;
}
