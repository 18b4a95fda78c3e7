import { isPlainAscii } from '../../core/charset.js';
import type { Dataset } from '../../core/dataset.js';
import { defaultVR, lookupTag } from '../../core/dictionary.js';
import { Sequence } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { checkNesting } from '../../core/limits-in-force.js';
import { formatTag, tag } from '../../core/tag.js';
import { usesCharacterSet } from '../../core/vr.js';
import { undecodableByte } from './undecodable-text.js';

const SPECIFIC_CHARACTER_SET = tag(0x0008, 0x0005);

/**
 * Declares `terms` as the data set's Specific Character Set, keeping every byte: for a file whose text is already in
 * that set but was labelled wrongly, or not at all (a device writing UTF-8 and declaring nothing). Setting the
 * attribute re-encodes the text instead (Dataset.convertCharacterSet), which for such a file encodes it twice. A text
 * value whose bytes are not valid in `terms` fails (BAD_CHARSET, naming it) before anything changes: the set is not
 * the one the bytes are in, and declared, their text would be misread. Items that declare their own set keep it.
 */
export function declareCharacterSet(ds: Dataset, terms: readonly string[]): void {
  checkBytesIn(ds, terms, 0);
  ds.set(SPECIFIC_CHARACTER_SET, [...terms], 'CS');
}

function checkBytesIn(ds: Dataset, terms: readonly string[], depth: number): void {
  checkNesting(depth);
  for (const el of ds) {
    if (el.value instanceof Sequence) {
      for (const item of el.value.items) if (!item.getElementByTag(SPECIFIC_CHARACTER_SET)) checkBytesIn(item, terms, depth + 1);
      continue;
    }
    // A UN text value (a converter on the way did not know it) is read in its dictionary VR, as a re-encoding reads it.
    const vr = el.vr === 'UN' ? defaultVR(el.tag) : el.vr;
    if (!Buffer.isBuffer(el.value) || !usesCharacterSet(vr) || isPlainAscii(el.value)) continue;
    if (!undecodableByte(el.value, terms, vr)) continue;
    const name = lookupTag(el.tag)?.name ?? formatTag(el.tag);
    throw new DicomError('BAD_CHARSET', `the bytes of ${name} are not valid in Specific Character Set "${terms.join('\\')}": its text is in another set, which this declaration would misread`, { tag: el.tag });
  }
}
