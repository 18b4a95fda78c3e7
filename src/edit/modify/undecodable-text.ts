import { decodeText, encodeText } from '../../core/charset.js';
import type { VR } from '../../core/vr.js';

/**
 * What decodeText gives for bytes that are no text in the set: U+FFFD for a sequence it cannot decode, and C1 control
 * characters (U+0080-U+009F) for 8-bit bytes an ISO 8859 set has no letter at (UTF-8's continuation bytes, read as
 * Latin-1, or Windows-1252's quotes and dashes).
 */
const NOT_TEXT = /[\uFFFD\u0080-\u009F]/;

/** The first byte of a text value that is no character in its set and its offset, or neither when they cannot be told. */
export type UndecodableByte = { byte: number; offset: number } | { byte?: never; offset?: never };

/** The first byte of `bytes` that is no text in the character set `terms`, or undefined when they all are. */
export function undecodableByte(bytes: Buffer, terms: readonly string[], vr: VR): UndecodableByte | undefined {
  const text = decodeText(bytes, terms, vr);
  const at = text.search(NOT_TEXT);
  if (at < 0) return undefined;
  // One character a byte (a single-byte set, Latin-1 for the default repertoire): the character's index is the offset.
  if (text.length === bytes.length) return { byte: bytes[at]!, offset: at };
  // Otherwise the text before it, which decoded cleanly, encodes back to the bytes before it.
  try {
    const offset = encodeText(text.slice(0, at), terms, vr).length;
    return { byte: bytes[offset]!, offset };
  } catch {
    return {}; // an ISO 2022 text whose escapes encode otherwise: which byte is not known
  }
}

/** A byte as a message shows it: 0x93. */
export const shownByte = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
