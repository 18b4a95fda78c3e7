import { Dataset } from '../../src/core/dataset.js';
import { Element } from '../../src/core/element.js';
import { tagGroup } from '../../src/core/tag.js';
import { encodeDataset } from '../../src/io/part10-writer.js';

/**
 * What a system that did not know a private block makes of it, from an Implicit VR copy, when it writes Explicit VR
 * (dcmconv +ti then +te; an archive on the way): each element of the block becomes UN holding its value's bytes as
 * encoded there, a sequence its items in Implicit VR with defined lengths.
 */
export function privateBlockAsUnknown(ds: Dataset, group: number): void {
  for (const el of [...ds]) {
    if (tagGroup(el.tag) !== group || (el.tag & 0xffff) < 0x1000) continue;
    const alone = new Dataset();
    alone.addElement(el);
    // After the 8-byte Implicit VR header: the tag and the length.
    ds.addElement(new Element(el.tag, 'UN', encodeDataset(alone, '1.2.840.10008.1.2', 'defined').subarray(8)));
  }
}
