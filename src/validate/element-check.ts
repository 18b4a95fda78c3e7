import { valueBytes, type Dataset } from '../core/dataset.js';
import { Encapsulated, Sequence, type Element } from '../core/element.js';
import { lookupTag } from '../core/dictionary.js';
import { isPrivateTag, isGroupLength } from '../core/tag.js';
import { decodeStrings } from '../core/value-codec.js';
import { isStringVR, isVR, numericWidth, usesCharacterSet, type VR } from '../core/vr.js';
import { checkStringValue, shownValue, vmAllows } from '../core/values/vr-rules.js';
import { beyondDefaultRepertoire } from '../core/values/repertoire.js';
import { c1ControlProblem } from './c1-controls.js';
import { invalidUtf8Problem } from './utf8-check.js';
import { where, type FindingSink } from './context.js';

const CHECK = 'Data Element';

/** VRs whose values are one string even with backslashes, so VM is always 1. */
const SINGLE = new Set<VR>(['LT', 'ST', 'UT', 'UR', 'OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN', 'SQ']);

/** The value's strings, decoded as `vr` (an element's own VR, or the dictionary's for one encoded as UN). */
const stringsAs = (ds: Dataset, el: Element, vr: VR): string[] =>
  decodeStrings(valueBytes(el), vr, ds.characterSets());

function valueCount(ds: Dataset, el: Element, vr: VR): number {
  if (isStringVR(vr)) return stringsAs(ds, el, vr).length;
  const width = vr === 'AT' ? 4 : numericWidth(vr);
  return width ? Math.floor(el.length / width) : 1;
}

/**
 * The VR a value is checked as: its own, or for a standard attribute encoded as UN the data dictionary's, when that
 * is one VR. PS3.5 6.2.2 has UN stand for a VR the writer did not know, and for a value too long for the 16-bit length
 * of its VR (an LT of 70,000 characters): the value must still be what the attribute's VR allows.
 */
function checkedVr(el: Element, dictionaryVr: string | undefined): VR | undefined {
  if (el.vr !== 'UN') return el.vr;
  return dictionaryVr && dictionaryVr !== 'SQ' && isVR(dictionaryVr) ? dictionaryVr : undefined;
}

/**
 * Checks every element of a data set tree against the dictionary and its VR: the VR itself, the value form
 * (dates, times, UIDs, numbers, lengths, person names), binary value lengths, and the dictionary's VM.
 */
export function checkElements(ds: Dataset, sink: FindingSink, prefix = ''): void {
  for (const el of ds) {
    const tag = el.tag;
    if (isGroupLength(tag)) continue;
    const entry = isPrivateTag(tag) ? undefined : lookupTag(tag);
    const at = where(prefix, tag, entry?.keyword || undefined);
    if (el.value instanceof Sequence) {
      if (entry && entry.vr !== 'SQ' && el.vr !== 'UN') sink.at('error', 'VR', CHECK, at, `is encoded as a sequence but its VR is ${entry.vr}`);
      el.value.items.forEach((item, i) => checkElements(item, sink, `${at.path}[${i}]`));
      continue;
    }
    if (!entry && !isPrivateTag(tag)) {
      sink.at('warning', 'UNKNOWN_ATTRIBUTE', CHECK, at, "is not a standard attribute (an even group, but not in the data dictionary, PS3.6 2024e); private data goes in odd groups");
      continue;
    }
    if (el.value instanceof Encapsulated) continue;
    // Lengths are even (PS3.5 7.1.1), a value padded to one: an odd one is read by some readers and refused by others.
    if (el.length % 2 === 1) sink.at('error', 'BAD_VALUE', CHECK, at, `has an odd length of ${el.length} bytes; PS3.5 7.1.1 requires an even one (the value padded)`);
    // A private value is checked for its repertoire alone (in the VR it came with): nothing here knows its form.
    if (!entry) {
      checkRepertoire(ds, el, el.vr, sink, at);
      checkCharacters(ds, el, el.vr, sink, at);
      continue;
    }
    // A sequence held as UN is its items in Implicit VR Little Endian (PS3.5 6.2.2); one still UN holds bytes that are
    // none, so nothing in it can be read (dciodvfy: "Bad tag in sequence").
    if (el.vr === 'UN' && entry.vr === 'SQ') {
      sink.at('error', 'BAD_VALUE', CHECK, at, 'is a sequence held as UN whose bytes are not sequence items (PS3.5 6.2.2: its items in Implicit VR Little Endian)');
      continue;
    }
    const vr = checkedVr(el, entry.vr);
    if (!vr) continue;
    if (el.vr !== 'UN' && entry.vr && !entry.vr.split(' or ').includes(el.vr) && entry.vr !== 'SQ') {
      sink.at('error', 'VR', CHECK, at, `has VR ${el.vr}; the data dictionary gives ${entry.vr}`);
      continue;
    }
    if (isStringVR(vr)) checkStrings(ds, el, vr, sink, at);
    else {
      const width = vr === 'AT' ? 4 : numericWidth(vr);
      if (width && el.length % width !== 0) sink.at('error', 'BAD_VALUE', CHECK, at, `has a length of ${el.length} bytes, not a multiple of ${width} as ${vr} requires`);
    }
    if (!SINGLE.has(vr) && el.length > 0 && entry.vm && !entry.retired) {
      const n = valueCount(ds, el, vr);
      if (n > 0 && !vmAllows(entry.vm, n)) sink.at('error', 'VM', CHECK, at, `has ${n} value${n === 1 ? '' : 's'}; the data dictionary allows ${entry.vm}`);
    }
  }
}

/** Says an 8-bit byte in a value held to the default repertoire (a CS or AE), as an error; whether there was one. */
function checkRepertoire(ds: Dataset, el: Element, vr: VR, sink: FindingSink, at: ReturnType<typeof where>): boolean {
  const beyond = beyondDefaultRepertoire(vr, valueBytes(el), ds);
  if (beyond) sink.at('error', 'BAD_VALUE', CHECK, at, beyond);
  return beyond !== undefined;
}

/**
 * Says, as an error, bytes of a text value in Specific Character Set that are no character of it: not UTF-8 where
 * UTF-8 is declared (invalidUtf8Problem), else the C1 control codes 80H-9FH (c1ControlProblem).
 */
function checkCharacters(ds: Dataset, el: Element, vr: VR, sink: FindingSink, at: ReturnType<typeof where>): void {
  if (!usesCharacterSet(vr)) return;
  const bytes = valueBytes(el);
  const sets = ds.characterSets();
  const problem = invalidUtf8Problem(bytes, sets) ?? c1ControlProblem(bytes, sets, at.path);
  if (problem) sink.at('error', 'BAD_VALUE', CHECK, at, problem);
}

function checkStrings(ds: Dataset, el: Element, vr: VR, sink: FindingSink, at: ReturnType<typeof where>): void {
  // Said once, for the byte itself: the value's form (CS letters, say) would fail for the same byte.
  if (checkRepertoire(ds, el, vr, sink, at)) return;
  checkCharacters(ds, el, vr, sink, at);
  // Text is padded with a space, UI alone with a NUL (PS3.5 6.2); decoding trims either, so the bytes tell. A NUL
  // within is a control character no text VR holds (PS3.5 6.1.3). dciodvfy: "Trailing character invalid for this VR".
  if (vr !== 'UI' && valueBytes(el).includes(0)) {
    sink.at('error', 'BAD_VALUE', CHECK, at, `holds a NUL byte (0x00): ${vr} values are padded with a space, only UI values with a NUL (PS3.5 6.2)`);
    return;
  }
  let values: string[];
  try {
    values = stringsAs(ds, el, vr);
  } catch {
    sink.at('error', 'BAD_VALUE', CHECK, at, 'cannot be decoded in the declared character set');
    return;
  }
  if (values.length > 1 && SINGLE.has(vr)) return;
  // A DA is 8 bytes fixed (PS3.5 Table 6.2-1; 18 only in a range query): decoding trims the spaces that make one longer.
  if (vr === 'DA') {
    const padded = valueBytes(el).toString('latin1').split('\\').find((v) => v.trim() !== '' && v.trim() !== v);
    if (padded !== undefined) sink.at('error', 'BAD_VALUE', CHECK, at, `value "${shownValue(padded)}" holds spaces; a DA is 8 bytes (YYYYMMDD), unpadded`);
  }
  // Decoding trims leading spaces where they are padding; a UR takes trailing ones only (PS3.5 Table 6.2-1).
  if (vr === 'UR' && valueBytes(el)[0] === 0x20) sink.at('error', 'BAD_VALUE', CHECK, at, 'starts with a space: a UR is padded with trailing spaces only');
  // Decoding trims the padding; UI is padded with a NUL only (PS3.5 6.2), and holds no space anywhere.
  if (vr === 'UI' && valueBytes(el).includes(0x20)) sink.at('error', 'BAD_VALUE', CHECK, at, 'contains a space: UI values are digits and dots, padded with a NUL byte');
  values.forEach((v, i) => {
    if (v === '') return;
    const problem = checkStringValue(vr, vr === 'UI' ? v.replace(/\0+$/, '') : v);
    if (problem) sink.at('error', 'BAD_VALUE', CHECK, at, `value ${values.length > 1 ? `${i + 1} ` : ''}"${shownValue(v)}" ${problem}`);
  });
}
