// Data elements written byte by byte, for inputs the writer refuses to make (short values, unknown VRs, odd headers).
import { hasLongHeader, isVR } from '../../src/core/vr.js';

/**
 * One Explicit VR Little Endian element: `vr` is written as given (any two bytes), with the long header for the VRs
 * that have one and for VRs that are none (as dcmtk reads them); `length` replaces the value's, e.g. 0xFFFFFFFF.
 */
export function explicitLE(tag: number, vr: string, value: Buffer = Buffer.alloc(0), length = value.length): Buffer {
  const long = !isVR(vr) || hasLongHeader(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(tag >>> 16, 0);
  header.writeUInt16LE(tag & 0xffff, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(length, 8);
  else header.writeUInt16LE(length, 6);
  return Buffer.concat([header, value]);
}

/** One Implicit VR Little Endian element, or an item or delimiter header (tag and 32-bit length). */
export function implicitLE(tag: number, value: Buffer = Buffer.alloc(0), length = value.length): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(tag >>> 16, 0);
  header.writeUInt16LE(tag & 0xffff, 2);
  header.writeUInt32LE(length, 4);
  return Buffer.concat([header, value]);
}

/** A Part 10 file: preamble, "DICM", a meta information of one Transfer Syntax UID (Explicit VR LE), then `body`. */
export function part10Of(transferSyntaxUid: string, ...body: Buffer[]): Buffer {
  const uid = Buffer.from(transferSyntaxUid.length % 2 ? `${transferSyntaxUid}\0` : transferSyntaxUid, 'latin1');
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), explicitLE(0x00020010, 'UI', uid), ...body]);
}

/** Where the VR of the top-level Pixel Data (the last (7FE0,0010) header of an Explicit VR LE file) is. */
const pixelDataVRAt = (file: Buffer): number => file.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00])) + 4;

/** The VR an Explicit VR Little Endian file gives its Pixel Data, as written. */
export const pixelDataVR = (file: Buffer): string => file.toString('latin1', pixelDataVRAt(file), pixelDataVRAt(file) + 2);

/** A copy of the file with its Pixel Data labelled `vr` (a hex edit of the two VR bytes). */
export function relabelPixelData(file: Buffer, vr: string): Buffer {
  const copy = Buffer.from(file);
  copy.write(vr, pixelDataVRAt(copy), 'latin1');
  return copy;
}

/**
 * A Part 10 file (Explicit VR LE) of an SC instance whose Referenced Image Sequence holds `count` empty items of
 * defined length: 8 bytes an item, made in one fill.
 */
export function emptyItemsFile(count: number, instanceUid = '2.25.7'): Buffer {
  const uid = (text: string): Buffer => Buffer.from(text.length % 2 ? `${text}\0` : text, 'latin1');
  return part10Of(
    '1.2.840.10008.1.2.1',
    explicitLE(0x00080016, 'UI', uid('1.2.840.10008.5.1.4.1.1.7')),
    explicitLE(0x00080018, 'UI', uid(instanceUid)),
    explicitLE(0x00081140, 'SQ', Buffer.alloc(8 * count, implicitLE(0xfffee000)), 8 * count),
  );
}
