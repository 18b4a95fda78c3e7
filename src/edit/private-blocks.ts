import type { Dataset } from '../core/dataset.js';
import { isPrivateCreator, isPrivateTag, privateCreatorOf } from '../core/tag.js';
import { readStrings } from './element-text.js';

/**
 * Removes the top-level private attributes `keep` does not accept (given the block's creator and the element
 * byte), and the creators left without elements.
 */
export function dropPrivate(ds: Dataset, keep: (creator: string, elementByte: number, group: number) => boolean = () => false): void {
  const used = new Set<number>();
  for (const el of [...ds]) {
    if (!isPrivateTag(el.tag) || isPrivateCreator(el.tag)) continue;
    const creatorEl = ds.getElementByTag(privateCreatorOf(el.tag));
    const creator = creatorEl ? (readStrings(ds, creatorEl)[0] ?? '').trim() : '';
    if ((el.tag & 0xffff) >= 0x1000 && creatorEl && keep(creator, el.tag & 0xff, el.tag >>> 16)) used.add(creatorEl.tag);
    else ds.removeTag(el.tag);
  }
  for (const el of [...ds]) if (isPrivateCreator(el.tag) && !used.has(el.tag)) ds.removeTag(el.tag);
}
