import { shownValue } from '../core/values/vr-rules.js';

/**
 * Windows-1252's characters at 80H-9FH ('' where it has none), to tell a Windows-1252 text labelled ISO_IR 100 (or
 * nothing), the usual source of such bytes, from bytes that are no text at all.
 */
const WINDOWS_1252 = ['€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '', '', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ'];

/**
 * What is wrong with a text value's C1 control codes (ISO 6429: 80H-9FH, U+0080-U+009F), which no DICOM text VR holds
 * (PS3.5 6.1.3: only LF, FF, CR, TAB and ESC are used; the ISO 8859 sets have their G1 characters at A0H-FFH only,
 * PS3.5 6.1.2.3): the bytes 80H-9FH in the default repertoire or an ISO 2022 set (ISO 8859, JIS X 0201 …), the pairs
 * C2H 80H-9FH in UTF-8. Names each and its offset in the value; `path` is what the hint's --set names. Undefined
 * when there is none, or the set is GB18030 or GBK (whose bytes 80H-9FH are parts of characters).
 */
export function c1ControlProblem(bytes: Uint8Array, characterSets: readonly string[], path: string): string | undefined {
  const terms = characterSets.map((t) => t.trim());
  if (terms.includes('GB18030') || terms.includes('GBK')) return undefined;
  const utf8 = terms.includes('ISO_IR 192');
  // [code, offset]: in UTF-8 a C1 code is the second byte of a pair led by C2H.
  const found: [code: number, offset: number][] = [];
  bytes.forEach((b, i) => {
    if (b < 0x80 || b > 0x9f) return;
    if (!utf8) found.push([b, i]);
    else if (i > 0 && bytes[i - 1] === 0xc2) found.push([b, i - 1]);
  });
  if (found.length === 0) return undefined;
  const code = (c: number): string => (utf8 ? `U+00${c.toString(16).toUpperCase()}` : `0x${c.toString(16).toUpperCase()}`);
  const listed = found.slice(0, 5).map(([c, i]) => `${code(c)} at offset ${i}`).join(', ') + (found.length > 5 ? ` and ${found.length - 5} more` : '');
  const what = `holds ${found.length === 1 ? 'a C1 control code' : `${found.length} C1 control codes`} (${listed}), which no DICOM text VR holds (PS3.5 6.1.3${utf8 ? '' : `; ${declared(terms)} has no character at 80H-9FH`})`;
  if (!found.every(([c]) => WINDOWS_1252[c - 0x80])) return what;
  const letters = [...new Set(found.map(([c]) => WINDOWS_1252[c - 0x80]!))].join(' ');
  const source = utf8 ? 'converted from a Windows-1252 text read as Latin-1' : `written in Windows-1252 ${terms.length ? `and labelled ${declared(terms)}` : 'with no Specific Character Set'}`;
  return `${what}; ${found.length === 1 ? 'it is' : 'each is'} a Windows-1252 character (${shownValue(letters)}), so the text was likely ${source}: no DICOM character set has these characters at these codes, so \`tbp-dicom modify --declare-charset\` cannot relabel it (it refuses them); give the text again (\`--set ${path}=TEXT\`, which writes what ${declared(terms)} lacks in UTF-8; docs/modify.md, Specific Character Set)`;
}

const declared = (terms: readonly string[]): string => (terms.every((t) => t === '') ? 'the default repertoire' : `"${terms.join('\\')}"`);
