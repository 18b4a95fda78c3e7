import { iconv } from './codecs.js';
import type { VR } from '../vr.js';
import { resetsState } from './delimiters.js';
import { inRange, setForEscape, toCodecBytes } from './graphic-sets.js';
import type { CharsetPlan } from './terms.js';

const ESC = 0x1b;

/** Decoded text built from runs of codec bytes; ASCII bytes join any run, since every codec used reads them as ASCII. */
class TextBuilder {
  private readonly parts: string[] = [];
  private run: number[] = [];
  private codec = 'latin1';

  ascii(byte: number): void {
    this.run.push(byte);
  }

  add(codec: string, bytes: readonly number[]): void {
    if (codec !== this.codec) this.flush(codec);
    this.run.push(...bytes);
  }

  replacement(): void {
    this.flush(this.codec);
    this.parts.push('\uFFFD');
  }

  text(): string {
    this.flush(this.codec);
    return this.parts.join('');
  }

  private flush(nextCodec: string): void {
    if (this.run.length > 0) this.parts.push(iconv().decode(Buffer.from(this.run), this.codec, { stripBOM: false }));
    this.run = [];
    this.codec = nextCodec;
  }
}

/** Length of the escape sequence at `start` (intermediates 02/00-02/15, then a final byte), and whether it is complete. */
function escapeLength(bytes: Uint8Array, start: number): { length: number; complete: boolean } {
  let end = start + 1;
  while (end < bytes.length && bytes[end]! >= 0x20 && bytes[end]! <= 0x2f) end++;
  const final = bytes[end];
  const complete = final !== undefined && final >= 0x30 && final <= 0x7e;
  return { length: end - start + (complete ? 1 : 0), complete };
}

/**
 * Decodes a value coded with ISO 2022 code extensions (PS3.5 6.1.2.5): escape sequences designate G0/G1 sets and
 * the state returns to value 1's sets at each delimiter. Bytes no designated set can hold become U+FFFD.
 */
export function decodeIso2022(bytes: Uint8Array, plan: CharsetPlan, vr: VR): string {
  const out = new TextBuilder();
  let { g0, g1 } = plan.initial;
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i]!;
    if (byte === ESC) {
      const { length, complete } = escapeLength(bytes, i);
      const set = complete ? setForEscape(bytes.subarray(i, i + length)) : undefined;
      if (set?.slot === 0) g0 = set;
      else if (set) g1 = set;
      else out.replacement();
      i += length;
      continue;
    }
    const set = byte < 0x80 ? g0 : g1;
    // Control codes and space are the same in every set; single-byte G0 sets are read as ASCII.
    if (byte <= 0x20 || byte === 0x7f || (byte < 0x80 && g0.width === 1)) {
      out.ascii(byte);
      if (resetsState(byte, vr)) ({ g0, g1 } = plan.initial);
      i++;
      continue;
    }
    const char = bytes.subarray(i, i + (set?.width ?? 1));
    if (set && char.length === set.width && char.every((b) => inRange(set, b))) {
      out.add(set.codec, toCodecBytes(set, char));
      i += set.width;
    } else {
      out.replacement();
      i++;
    }
  }
  return out.text();
}
