import { Encapsulated, isBulkRef, loadBulk } from '../core/element.js';
import { ITEM, SEQUENCE_DELIMITATION } from '../core/tag.js';

/** Encoded size of the items of an encapsulated value: an item header per fragment, offset table included. */
export function encapsulatedLength(value: Encapsulated): number {
  return value.fragments.reduce((n, f) => n + 8 + f.length, 8 + value.offsetTable.length);
}

function itemHeader(out: Buffer, offset: number, tag: number, length: number): void {
  out.writeUInt16LE(tag >>> 16, offset);
  out.writeUInt16LE(tag & 0xffff, offset + 2);
  out.writeUInt32LE(length, offset + 4);
}

/**
 * The items of encapsulated pixel data as they are encoded (little endian): the offset table item and one item per
 * fragment, without the sequence delimiter that ends them in a file. DICOM JSON carries encapsulated pixel data
 * inline in this form, as pydicom reads and writes it: pydicom keeps InlineBinary as the value and writes the
 * delimiter after it, so a delimiter inside the value was written twice and dcmdump could not read the file.
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
  return out;
}

/** The sequence delimiter that ends encapsulated pixel data in a file, as encoded (little endian). */
export const SEQUENCE_DELIMITER_BYTES: Buffer = Buffer.alloc(8);
itemHeader(SEQUENCE_DELIMITER_BYTES, 0, SEQUENCE_DELIMITATION, 0);

/**
 * Reads bytes made by encodeEncapsulated back into fragments. Returns undefined unless the bytes are exactly a
 * chain of an offset table and fragments, or such a chain ending with the sequence delimiter (as our DICOM JSON had
 * it before, and a value field copied from a file has it), so native pixel data is never mistaken for fragments.
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
