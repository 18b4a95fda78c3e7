import { Dataset, valueBytes } from '../../core/dataset.js';
import { Element, Sequence } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { isPrivateCreator, isPrivateTag, privateCreatorOf, tag, type Tag } from '../../core/tag.js';
import { formatDT } from '../../core/values/date-time.js';
import { checkStringValue, shownValue } from '../../core/values/vr-rules.js';
import { decodeTags, encodeTags } from '../../core/value-codec.js';
import { sameElement } from './element-equality.js';
import { INSERTED_ATTRIBUTES } from './edit-private.js';
import { PreviousValues } from './previous-values.js';

export type ModificationReason = 'CORRECT' | 'COERCE';

/** What PS3.3 C.12.1 asks to be said about a modification. */
export interface ModificationRecord {
  reason: ModificationReason;
  /** Source of Previous Values (0400,0564), e.g. the institution the objects came from; empty when unknown. */
  source?: string;
  /** Modifying System (0400,0563); default "tbp-dicom". */
  modifyingSystem?: string;
  /** Attribute Modification DateTime; default now. */
  when?: Date;
}

export const ORIGINAL_ATTRIBUTES = tag(0x0400, 0x0561);

/**
 * Source of Previous Values and Modifying System are one LO value each (at most 64 characters, no backslash, no
 * control character), and Modifying System is Type 1 (PS3.3 Table C.12-1): checked before anything is changed.
 */
export function checkRecord(record: ModificationRecord): void {
  if (record.modifyingSystem === '') throw new DicomError('INVALID_ARGUMENT', 'Modifying System (--system) is Type 1 and cannot be empty: give a name, or leave it out for "tbp-dicom"');
  const fields = [['Source of Previous Values (--source)', record.source], ['Modifying System (--system)', record.modifyingSystem]] as const;
  for (const [attribute, value] of fields) {
    if (value === undefined) continue;
    const problem = value.includes('\\') ? 'contains a backslash, which would make it two values' : checkStringValue('LO', value);
    if (problem) throw new DicomError('INVALID_ARGUMENT', `${attribute} "${shownValue(value)}" ${problem}`);
  }
}


/**
 * Runs `change` on `ds` and records, as one new item of Original Attributes Sequence (0400,0561), every top-level
 * attribute it replaced, removed or inserted, with its previous value. Side effects count too (a switch to UTF-8
 * re-encodes text; a new private block adds its creator). Returns the tags that changed; nothing is recorded
 * when nothing changed. What the change touches is kept as it was before it (PreviousValues), not the whole data set:
 * a sequence it leaves alone is neither copied nor recorded. `change` edits through Dataset's methods (watchChanges):
 * an item pushed onto a sequence's items array by hand would go unrecorded.
 */
export function recordModification(ds: Dataset, change: (ds: Dataset) => void, record: ModificationRecord): Tag[] {
  checkRecord(record);
  const was = PreviousValues.during(() => change(ds));
  const before = new Map([...was.elements(ds)].map((el) => [el.tag, el]));
  const previous = new Dataset();
  const inserted: Tag[] = [];
  const tags = new Set([...before.keys(), ...ds.tags()]);
  tags.delete(ORIGINAL_ATTRIBUTES);
  for (const t of [...tags].sort((a, b) => a - b)) {
    const old = before.get(t);
    const now = ds.getElementByTag(t);
    if (old && now && sameElement(old, now, was)) continue;
    if (old) previous.addElement(asItWas(old, was));
    else {
      previous.addElement(new Element(t, now!.vr, now!.value instanceof Sequence ? new Sequence([]) : Buffer.alloc(0)));
      inserted.push(t);
    }
  }
  const changed = [...previous.tags()];
  if (changed.length === 0) return [];
  // A private value needs its creator to be read back; an unchanged creator is included for context.
  for (const t of changed) {
    const creator = privateCreatorOf(t);
    if (isPrivateTag(t) && !isPrivateCreator(t) && !previous.getElementByTag(creator)) {
      const el = before.get(creator);
      if (el) previous.addElement(asItWas(el, was));
    }
  }
  const item = new Dataset(ds);
  item.set('SourceOfPreviousValues', record.source ?? '');
  item.set('AttributeModificationDateTime', formatDT(record.when ?? new Date()));
  item.set('ModifyingSystem', record.modifyingSystem ?? 'tbp-dicom');
  item.set('ReasonForTheAttributeModification', record.reason);
  item.set('ModifiedAttributesSequence', [previous]);
  if (inserted.length) item.set(INSERTED_ATTRIBUTES, encodeTags(inserted), 'AT');
  ds.set(ORIGINAL_ATTRIBUTES, [...ds.items(ORIGINAL_ATTRIBUTES), item]);
  return changed;
}

/** An element as it was before a change, a tree of its own: the data set it is in keeps its items. */
function asItWas(el: Element, was: PreviousValues): Element {
  const v = el.value;
  const value = v instanceof Sequence ? new Sequence(was.items(v).map((item) => item.clone(undefined, was)), v.undefinedLength) : v;
  return new Element(el.tag, el.vr, value);
}

/**
 * Undoes the most recent recorded modification (or all of them): every attribute in its Modified Attributes
 * Sequence gets its previous value back, inserted ones are removed, and the item is dropped (the whole sequence
 * when it empties). Returns the tags restored.
 */
export function revertModification(ds: Dataset, options: { all?: boolean } = {}): Tag[] {
  const restored: Tag[] = [];
  do {
    const items = ds.items(ORIGINAL_ATTRIBUTES);
    const item = items[items.length - 1];
    if (!item) {
      if (restored.length) break;
      throw new DicomError('INVALID_ARGUMENT', 'nothing to revert: the data set has no Original Attributes Sequence (0400,0561) item');
    }
    const previous = item.items('ModifiedAttributesSequence')[0];
    if (!previous) throw new DicomError('BAD_VALUE', 'the last Original Attributes item has no Modified Attributes Sequence', { tag: ORIGINAL_ATTRIBUTES });
    const insertedEl = item.element(INSERTED_ATTRIBUTES);
    const inserted = new Set(insertedEl ? decodeTags(valueBytes(insertedEl)) : []);
    for (const el of previous) {
      if (inserted.has(el.tag)) ds.removeTag(el.tag);
      else ds.addElement(el);
      restored.push(el.tag);
    }
    items.pop();
    if (items.length === 0) ds.removeTag(ORIGINAL_ATTRIBUTES);
  } while (options.all);
  return restored;
}
