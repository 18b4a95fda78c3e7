import { Encapsulated, isBulkRef, loadBulk } from '../core/element.js';
import { ITEM, SEQUENCE_DELIMITATION } from '../core/tag.js';

/** Encoded size of an encapsulated value field: an item header per fragment (offset table included) and the delimiter. */
export function encapsulatedLength(value: Encapsulated): number {
  return value.fragments.reduce((n, f) => n + 8 + f.length, 8 + value.offsetTable.length) + 8;
}

function itemHeader(out: Buffer, offset: number, tag: number, length: number): void {
  out.writeUInt16LE(tag >>> 16, offset);
  out.writeUInt16LE(tag & 0xffff, offset + 2);
  out.writeUInt32LE(length, offset + 4);
}

/**
 * The value field of encapsulated pixel data as it is encoded (little endian): the offset table item, one item per
 * fragment and the sequence delimiter. DICOM JSON carries encapsulated pixel data inline in this form.
 */
export function encodeEncapsulated(value: Encapsulated): Buffer {
  const out = Buffer.alloc(encapsulatedLength(value));
  let pos = 0;
  for (const part of [value.offsetTable, ...value.fragments]) {
    const bytes = isBulkRef(part) ? loadBulk(part) : part;
    itemHeader(out, pos, ITEM, bytes.length);
    bytes.copy(out, pos + 8);
    pos += 8 + bytes.length;
  }
  itemHeader(out, pos, SEQUENCE_DELIMITATION, 0);
  return out;
}

/**
 * Reads bytes made by encodeEncapsulated back into fragments. Returns undefined unless the bytes are exactly a
 * chain of items ending with the sequence delimiter, or a chain of an offset table and fragments that fills them
 * without it (pydicom's DICOM JSON leaves the delimiter out), so native pixel data is never mistaken for fragments.
 */
export function decodeEncapsulated(bytes: Buffer): Encapsulated | undefined {
  const items: Buffer[] = [];
  let pos = 0;
  while (pos + 8 <= bytes.length) {
    const tag = ((bytes.readUInt16LE(pos) << 16) | bytes.readUInt16LE(pos + 2)) >>> 0;
    const length = bytes.readUInt32LE(pos + 4);
    if (tag === SEQUENCE_DELIMITATION) {
      const [offsetTable, ...fragments] = items;
      return pos + 8 === bytes.length && offsetTable ? new Encapsulated(offsetTable, fragments) : undefined;
    }
    if (tag !== ITEM || pos + 8 + length > bytes.length) return undefined;
    items.push(bytes.subarray(pos + 8, pos + 8 + length));
    pos += 8 + length;
  }
  const [offsetTable, ...fragments] = items;
  return pos === bytes.length && offsetTable && fragments.length > 0 ? new Encapsulated(offsetTable, fragments) : undefined;
}
