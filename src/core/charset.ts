import { DicomError } from './errors.js';
import type { VR } from './vr.js';
import { decodeIso2022 } from './charset/iso2022-decode.js';
import { encodeIso2022, type EncodeResult } from './charset/iso2022-encode.js';
import { decodeStandalone, encodeStandalone } from './charset/standalone.js';
import { isKnownCharset, planFor, type CharsetPlan } from './charset/terms.js';

export { CHARSET_TERMS, isKnownCharset, parseSpecificCharacterSet } from './charset/terms.js';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
/** True when the bytes are 7-bit without ESC: the same text in every Specific Character Set that starts in ASCII. */
export function isPlainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80 || bytes[i] === 0x1b) return false;
  return true;
}

/**
 * Terms whose text is read as the default repertoire: none, ISO_IR 6, its code-extension twin, and terms no reader
 * knows (PS3.5 gives no fallback; reading them as the default keeps their 8-bit bytes as Latin-1, as pydicom does,
 * where U+FFFD would lose them for good when the data set is written in UTF-8).
 */
const isDefaultRepertoire = (term: string): boolean => term === '' || term === 'ISO_IR 6' || term === 'ISO 2022 IR 6' || !isKnownCharset(term);

/**
 * Decodes the bytes of a text value. `charsets` is the split, trimmed value of Specific Character Set (0008,0005)
 * ([] for the default repertoire); `vr` decides which delimiters reset ISO 2022 state. Never throws: bytes that
 * cannot be decoded become U+FFFD (8-bit bytes under the default repertoire are read as Latin-1). Split multi-valued text on '\' after decoding (in GBK a trail byte can be 0x5C).
 */
export function decodeText(bytes: Uint8Array, charsets: readonly string[], vr: VR): string {
  // 8-bit text in a file that declares no character set is, in practice, Latin-1: show it rather than U+FFFD.
  if (charsets.every(isDefaultRepertoire)) return latin1(bytes);
  const plan = planFor(charsets);
  if (plan.initial.g0.width === 1 && isPlainAscii(bytes)) return latin1(bytes);
  return plan.standalone ? decodeStandalone(bytes, plan.standalone) : decodeIso2022(bytes, plan, vr);
}

const ASCII_TEXT = /^[\0-\x1a\x1c-\x7f]*$/;

function encodeWith(text: string, plan: CharsetPlan, vr: VR): EncodeResult {
  if (plan.initial.g0.width === 1 && ASCII_TEXT.test(text)) return { bytes: Buffer.from(text, 'latin1') };
  return plan.standalone ? encodeStandalone(text, plan.standalone) : encodeIso2022(text, plan, vr);
}

const describeChar = (char: string): string =>
  `"${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;

/**
 * Encodes text for a Specific Character Set, with ISO 2022 escape sequences where the set list needs them.
 * Throws DicomError BAD_CHARSET for an unknown term or a character the sets cannot represent.
 */
export function encodeText(text: string, charsets: readonly string[], vr: VR): Buffer {
  const plan = planFor(charsets);
  // ASCII is the same bytes under any term, an unknown one included: only other text needs the set.
  if (plan.unknown.length > 0 && !ASCII_TEXT.test(text)) throw new DicomError('BAD_CHARSET', `unknown Specific Character Set term "${plan.unknown[0]}"`);
  const result = encodeWith(text, plan, vr);
  if ('unrepresentable' in result) {
    const shown = charsets.some((term) => term !== '') ? `Specific Character Set "${charsets.join('\\')}"` : 'the default repertoire';
    throw new DicomError('BAD_CHARSET', `${describeChar(result.unrepresentable)} cannot be represented in ${shown}; use ISO_IR 192 (UTF-8)`);
  }
  return result.bytes;
}

/** Whether encodeText would succeed (delimiters only place escape sequences, so the VR does not matter). */
export function canEncode(text: string, charsets: readonly string[]): boolean {
  const plan = planFor(charsets);
  return (plan.unknown.length === 0 || ASCII_TEXT.test(text)) && 'bytes' in encodeWith(text, plan, 'UT');
}
