import { iconv } from './codecs.js';
import type { EncodeResult } from './iso2022-encode.js';

// A value never carries a byte order mark; U+FEFF at its start is text and must survive.
const KEEP_BOM = { stripBOM: false };

const view = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Decodes a value in a character set without code extensions (UTF-8, GB18030, GBK): one codec for every byte. */
export const decodeStandalone = (bytes: Uint8Array, codec: string): string => iconv().decode(view(bytes), codec, KEEP_BOM);

export function encodeStandalone(text: string, codec: string): EncodeResult {
  const bytes = iconv().encode(text, codec);
  if (iconv().decode(bytes, codec, KEEP_BOM) === text) return { bytes };
  // iconv substituted something it cannot map (a lone surrogate, a character outside GBK): name it.
  const bad = [...text].find((char) => iconv().decode(iconv().encode(char, codec), codec, KEEP_BOM) !== char);
  return bad === undefined ? { bytes } : { unrepresentable: bad };
}
