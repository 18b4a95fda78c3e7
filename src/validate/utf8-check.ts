/**
 * The offset of the first byte that begins no UTF-8 character (RFC 3629: no stray continuation byte, no overlong
 * form, no surrogate, nothing past U+10FFFF, no sequence cut short), or -1 when every byte is part of one.
 */
function firstInvalid(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes after the lead, and the least code point that needs them (a smaller one is overlong).
    const [more, least] = lead >= 0xc2 && lead <= 0xdf ? [1, 0x80] : lead >= 0xe0 && lead <= 0xef ? [2, 0x800] : lead >= 0xf0 && lead <= 0xf4 ? [3, 0x10000] : [0, 0];
    if (!more) return i;
    let code = lead & (0x3f >> more);
    for (let k = 1; k <= more; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < least || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += more + 1;
  }
  return -1;
}

/**
 * What is wrong with a text value under Specific Character Set ISO_IR 192 (UTF-8) whose bytes are not UTF-8: a reader
 * turns them into replacement characters, so the text is lost. Undefined when the set is another, or the bytes are
 * UTF-8. Bytes that are all Latin-1 characters (A0H-FFH, no C1 code) are most likely a Latin-1 text labelled UTF-8,
 * which `modify --declare-charset "ISO_IR 100"` relabels (docs/modify.md).
 */
export function invalidUtf8Problem(bytes: Uint8Array, characterSets: readonly string[]): string | undefined {
  if (characterSets[0]?.trim() !== 'ISO_IR 192') return undefined;
  const at = firstInvalid(bytes);
  if (at < 0) return undefined;
  const what = `is not UTF-8, which Specific Character Set ISO_IR 192 declares: byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')} at offset ${at} begins no character`;
  const latin1 = bytes.every((b) => b < 0x80 || b >= 0xa0);
  return latin1 ? `${what}; its bytes are Latin-1 letters, so the text is likely Latin-1 labelled UTF-8: \`tbp-dicom modify --declare-charset "ISO_IR 100"\` relabels it` : what;
}
