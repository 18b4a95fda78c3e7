import type { Tag } from '../tag.js';
import { badValue } from './checks.js';

/** Reads AT values: each is a group then an element, two uint16 in the dataset's byte order (PS3.5 6.2). */
export function readAttributeTags(bytes: Uint8Array, littleEndian: boolean): Tag[] {
  if (bytes.length % 4 !== 0) badValue('AT', `${bytes.length} bytes`, 'length is not a multiple of 4');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tags: Tag[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) {
    tags.push(((view.getUint16(offset, littleEndian) << 16) | view.getUint16(offset + 2, littleEndian)) >>> 0);
  }
  return tags;
}

/** Writes AT values in the given byte order. Throws BAD_VALUE for a number that is not a 32-bit tag. */
export function writeAttributeTags(tags: readonly Tag[], littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(tags.length * 4);
  const view = new DataView(bytes.buffer);
  tags.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t > 0xffffffff) badValue('AT', String(t), 'not a tag (0 to 0xFFFFFFFF)');
    view.setUint16(i * 4, t >>> 16, littleEndian);
    view.setUint16(i * 4 + 2, t & 0xffff, littleEndian);
  });
  return bytes;
}
