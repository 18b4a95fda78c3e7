import { valueBytes, type Dataset } from '../core/dataset.js';
import { Element, Sequence } from '../core/element.js';
import { knownVR } from '../core/known-vr.js';
import { keywordOf } from '../core/dictionary.js';
import { formatTag, type Tag } from '../core/tag.js';
import type { VR } from '../core/vr.js';
import { readDataset } from './part10-reader.js';

const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';

/**
 * Puts every UN element of `ds` whose VR is known here (knownVR), in its items too, in that VR, as the reader reads
 * one from a file (dataset-parser): for a data set built in memory, or read before its private block was registered.
 * A known sequence whose bytes are no items stays UN, as the reader leaves it.
 */
export function readUnknownInKnownVR(ds: Dataset): void {
  for (const el of [...ds]) {
    const known = (el.vr === 'UN' && inKnownVR(el, knownVR(ds, el.tag), ds)) || el;
    if (known !== el) ds.addElement(known);
    if (known.value instanceof Sequence) for (const item of known.value.items) readUnknownInKnownVR(item);
  }
}

/** A known sequence still held as UN after readUnknownInKnownVR, where it lies (ReferencedImageSequence[0].PurposeOfReferenceCodeSequence). */
export interface UnreadableSequence {
  path: string;
  /** The data set or item holding it. */
  holder: Dataset;
  tag: Tag;
}

/**
 * Every known sequence of `ds`, in its items too, still held as UN after readUnknownInKnownVR: its bytes are no items,
 * which nothing can read (dciodvfy: "Bad Sequence number of Items 0").
 */
export function unreadableSequences(ds: Dataset, prefix = ''): UnreadableSequence[] {
  const found: UnreadableSequence[] = [];
  for (const el of ds) {
    const path = `${prefix}${keywordOf(el.tag) ?? formatTag(el.tag)}`;
    if (el.vr === 'UN' && !(el.value instanceof Sequence) && knownVR(ds, el.tag) === 'SQ') found.push({ path, holder: ds, tag: el.tag });
    else if (el.value instanceof Sequence) el.value.items.forEach((item, i) => found.push(...unreadableSequences(item, `${path}[${i}].`)));
  }
  return found;
}

/**
 * Removes from `ds` its unreadable sequences (unreadableSequences), for an object made from `ds`, which must not carry
 * them; returns where each was.
 */
export function dropUnreadableSequences(ds: Dataset): string[] {
  const found = unreadableSequences(ds);
  for (const { holder, tag } of found) holder.removeTag(tag);
  return found.map((f) => f.path);
}

/**
 * An element that arrived as UN, in the VR a dictionary knows for it. A system that did not know the attribute wrote
 * it as UN from an Implicit VR original (PS3.5 6.2.2): its value is the original's bytes, little endian, so other VRs
 * only take the known one; a sequence's value, when its length is defined, is its items in Implicit VR Little Endian,
 * read here, and when undefined, its items read already. Undefined when a sequence's bytes are no items (nothing in
 * it can be read, or checked). Elements that are not UN are returned as they are. `parent`: the data set the element
 * is in, whose character set the items inherit.
 */
export function inKnownVR(el: Element, vr: VR, parent: Dataset): Element | undefined {
  if (el.vr !== 'UN' || vr === 'UN') return el;
  if (el.value instanceof Sequence) return vr === 'SQ' ? new Element(el.tag, vr, el.value) : el;
  if (vr !== 'SQ') return new Element(el.tag, vr, el.value);
  const bytes = valueBytes(el);
  // The value under an 8-byte Implicit VR header, which the reader takes as a sequence when it holds items.
  const header = Buffer.alloc(8);
  header.writeUInt16LE(el.tag >>> 16, 0);
  header.writeUInt16LE(el.tag & 0xffff, 2);
  header.writeUInt32LE(bytes.length, 4);
  try {
    const read = readDataset(Buffer.concat([header, bytes]), IMPLICIT_VR_LITTLE_ENDIAN).getElementByTag(el.tag);
    if (!(read?.value instanceof Sequence)) return undefined;
    for (const item of read.value.items) item.parent = parent;
    return new Element(el.tag, 'SQ', new Sequence(read.value.items, false));
  } catch {
    return undefined;
  }
}
