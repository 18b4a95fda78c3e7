import type { Dataset } from '../../core/dataset.js';
import { Element, Encapsulated, Sequence, isBulkRef } from '../../core/element.js';

/** Whether two elements would encode to the same bytes (same VR, same value, same item structure). */
export function sameElement(a: Element, b: Element): boolean {
  if (a === b) return true;
  if (a.vr !== b.vr) return false;
  const x = a.value;
  const y = b.value;
  if (x === y) return true;
  if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) return x.equals(y);
  if (isBulkRef(x) && isBulkRef(y)) return x.source === y.source && x.offset === y.offset && x.length === y.length;
  if (x instanceof Sequence && y instanceof Sequence) {
    return x.undefinedLength === y.undefinedLength && x.items.length === y.items.length && x.items.every((item, i) => sameDataset(item, y.items[i]!));
  }
  if (x instanceof Encapsulated && y instanceof Encapsulated) {
    return x.offsetTable.equals(y.offsetTable) && x.fragments.length === y.fragments.length && x.fragments.every((f, i) => f === y.fragments[i]);
  }
  return false;
}

export function sameDataset(a: Dataset, b: Dataset): boolean {
  if (a.size !== b.size || a.undefinedLength !== b.undefinedLength) return false;
  for (const el of a) {
    const other = b.getElementByTag(el.tag);
    if (!other || !sameElement(el, other)) return false;
  }
  return true;
}
