import { Dataset } from '../../src/core/dataset.js';
import { Element } from '../../src/core/element.js';
import { tagGroup, type Tag } from '../../src/core/tag.js';
import { encodeDataset } from '../../src/io/part10-writer.js';

/**
 * What a system that did not know these attributes makes of them, from an Implicit VR copy, when it writes Explicit
 * VR (dcmconv +ti then +te; an archive on the way): each becomes UN holding its value's bytes as encoded there, a
 * sequence its items in Implicit VR with defined lengths.
 */
export function asUnknown(ds: Dataset, tags: readonly Tag[]): void {
  for (const tag of tags) {
    const alone = new Dataset();
    alone.addElement(ds.getElementByTag(tag)!);
    // After the 8-byte Implicit VR header: the tag and the length.
    ds.addElement(new Element(tag, 'UN', encodeDataset(alone, '1.2.840.10008.1.2', 'defined').subarray(8)));
  }
}

/** `asUnknown` for a private block: each of its elements, its creators left as they are. */
export function privateBlockAsUnknown(ds: Dataset, group: number): void {
  asUnknown(ds, [...ds].filter((el) => tagGroup(el.tag) === group && (el.tag & 0xffff) >= 0x1000).map((el) => el.tag));
}
