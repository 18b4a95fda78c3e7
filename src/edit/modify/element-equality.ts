import type { Dataset, Earlier } from '../../core/dataset.js';
import { Element, Encapsulated, Sequence, isBulkRef } from '../../core/element.js';

/**
 * Whether two elements would encode to the same bytes (same VR, same value, same item structure); with `earlier`, `a`
 * as its data sets and sequences were before a change.
 */
export function sameElement(a: Element, b: Element, earlier?: Earlier): boolean {
  if (a.vr !== b.vr) return false;
  const x = a.value;
  const y = b.value;
  // A sequence is compared item by item even with itself: what its items held before a change is in `earlier`.
  if (x instanceof Sequence && y instanceof Sequence) {
    const items = earlier ? earlier.items(x) : x.items;
    return x.undefinedLength === y.undefinedLength && items.length === y.items.length && items.every((item, i) => sameDataset(item, y.items[i]!, earlier));
  }
  if (a === b || x === y) return true;
  if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) return x.equals(y);
  if (isBulkRef(x) && isBulkRef(y)) return x.source === y.source && x.offset === y.offset && x.length === y.length;
  if (x instanceof Encapsulated && y instanceof Encapsulated) {
    return x.offsetTable.equals(y.offsetTable) && x.fragments.length === y.fragments.length && x.fragments.every((f, i) => f === y.fragments[i]);
  }
  return false;
}

export function sameDataset(a: Dataset, b: Dataset, earlier?: Earlier): boolean {
  if (a.undefinedLength !== b.undefinedLength) return false;
  let count = 0;
  for (const el of earlier ? earlier.elements(a) : a) {
    const other = b.getElementByTag(el.tag);
    if (!other || !sameElement(el, other, earlier)) return false;
    count++;
  }
  return count === b.size;
}
