import { isPlainAscii } from '../../core/charset.js';
import type { Dataset } from '../../core/dataset.js';
import { defaultVR, keywordOf, lookupTag } from '../../core/dictionary.js';
import { Sequence, type Element } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { checkNesting } from '../../core/limits-in-force.js';
import { formatTag } from '../../core/tag.js';
import { isStringVR, usesCharacterSet, type VR } from '../../core/vr.js';
import { shownByte, undecodableByte, type UndecodableByte } from './undecodable-text.js';

const ORIGINAL_ATTRIBUTES = 0x04000561;

/** A text value whose bytes are no text in the character set in effect where it sits, as it was read. */
type Undecodable = UndecodableByte & { bytes: Buffer; terms: readonly string[]; path: string };

/**
 * The text values a re-encoding of the data set's text reads (Dataset.convertCharacterSet, and the switch to UTF-8 a
 * value beyond the set makes), with the data set each sits in: Original Attributes items keep their bytes.
 */
function* recodedText(ds: Dataset, prefix: string, depth: number): Generator<{ el: Element; vr: VR; holder: Dataset; path: string }> {
  checkNesting(depth);
  for (const el of ds) {
    const path = `${prefix}${keywordOf(el.tag) ?? formatTag(el.tag)}`;
    if (el.value instanceof Sequence) {
      if (el.tag === ORIGINAL_ATTRIBUTES) continue;
      for (const [i, item] of el.value.items.entries()) yield* recodedText(item, `${path}[${i}].`, depth + 1);
    } else if (Buffer.isBuffer(el.value)) {
      const vr = el.vr === 'UN' ? defaultVR(el.tag) : el.vr;
      if (usesCharacterSet(vr) || (isStringVR(vr) && !isPlainAscii(el.value))) yield { el, vr, holder: ds, path };
    }
  }
}

/**
 * The text values of a data set that a re-encoding would lose: their bytes are no character in their set (C1 controls
 * under an ISO 8859 set or none, a sequence UTF-8 cannot decode), so they are decoded as U+FFFD or a C1 control, which
 * the new set then writes as a character of its own. Taken before the changes, checked after them (refuseLostText).
 */
export function undecodableText(ds: Dataset): Map<Element, Undecodable> {
  const found = new Map<Element, Undecodable>();
  for (const { el, vr, holder, path } of recodedText(ds, '', 0)) {
    const bytes = el.value as Buffer;
    if (isPlainAscii(bytes)) continue;
    const terms = holder.characterSets();
    const at = undecodableByte(bytes, terms, vr);
    if (at) found.set(el, { ...at, bytes, terms, path });
  }
  return found;
}

/**
 * Refuses changes that re-encoded one of the `undecodable` values still in the data set (an element given a new value,
 * or deleted, is not): its text would have been lost, the U+FFFD or C1 control written in place of what its bytes
 * were, with no word. Names the attribute, the byte, and the two ways on.
 */
export function refuseLostText(ds: Dataset, undecodable: ReadonlyMap<Element, Undecodable>): void {
  if (undecodable.size === 0) return;
  for (const { el } of recodedText(ds, '', 0)) {
    const was = undecodable.get(el);
    if (!was || el.value === was.bytes) continue;
    const name = lookupTag(el.tag)?.name ?? formatTag(el.tag);
    const where = was.byte === undefined ? 'bytes that are' : `byte ${shownByte(was.byte)} at offset ${was.offset} that is`;
    const c1 = was.byte !== undefined && was.byte >= 0x80 && was.byte <= 0x9f ? ' (a C1 control code; Windows-1252 text has its quotes and dashes there)' : '';
    throw new DicomError(
      'BAD_CHARSET',
      `${name} holds ${where} no character in ${shownSet(was.terms)}${c1}; re-encoded into ${shownSet(ds.characterSets())} for this change, its text would be lost: give it a new value (--set ${was.path}=TEXT) or delete it, or, if its bytes are text in another set, declare that set first (--declare-charset)`,
      { tag: el.tag },
    );
  }
}

const shownSet = (terms: readonly string[]): string => (terms.length ? `Specific Character Set "${terms.join('\\')}"` : 'the default repertoire');
