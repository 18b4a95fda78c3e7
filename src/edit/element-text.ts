import { canEncode } from '../core/charset.js';
import type { Dataset } from '../core/dataset.js';
import { valueBytes } from '../core/dataset.js';
import { Element } from '../core/element.js';
import { decodeStrings, encodeStrings, padEven } from '../core/value-codec.js';
import { usesCharacterSet } from '../core/vr.js';

/** The text values of an element, decoded with the character set in effect where it sits. */
export function readStrings(ds: Dataset, el: Element): string[] {
  return decodeStrings(valueBytes(el), el.vr, ds.characterSets());
}

/**
 * Replaces an element's text values in place of the old element. Values the data set's character set cannot hold
 * go through Dataset.set, which switches the data set to UTF-8.
 */
export function writeStrings(ds: Dataset, el: Element, values: readonly string[]): void {
  const text = values.join('\\');
  // Printable ASCII is the same bytes in every character set DICOM allows (all start in ASCII).
  if (PRINTABLE_ASCII.test(text)) {
    ds.addElement(new Element(el.tag, el.vr, padEven(Buffer.from(text, 'latin1'), el.vr)));
    return;
  }
  const charsets = usesCharacterSet(el.vr) ? ds.characterSets() : [];
  if (canEncode(text, charsets)) ds.addElement(new Element(el.tag, el.vr, encodeStrings(values, el.vr, charsets)));
  else ds.set(el.tag, values, el.vr);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
