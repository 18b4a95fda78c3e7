import { DicomError } from '../core/errors.js';
import { uidInfo } from '../core/uid-registry.js';

/** How a transfer syntax encodes a data set. */
export interface TransferSyntax {
  uid: string;
  explicitVR: boolean;
  littleEndian: boolean;
  deflated: boolean;
  /** Pixel data is encapsulated (compressed or otherwise fragmented). */
  encapsulated: boolean;
}

export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LE = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BE = '1.2.840.10008.1.2.2';
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
export const JPEG_LOSSLESS_SV1 = '1.2.840.10008.1.2.4.70';
/** The syntaxes whose frames are JPEG 2000 codestreams: Part 1, Part 2 multi-component, and High-Throughput (HTJ2K). */
export const JPEG_2000_SYNTAXES: readonly string[] = [
  '1.2.840.10008.1.2.4.90', // JPEG 2000 Lossless
  '1.2.840.10008.1.2.4.91', // JPEG 2000
  '1.2.840.10008.1.2.4.92', // JPEG 2000 Part 2 Multi-component Lossless
  '1.2.840.10008.1.2.4.93', // JPEG 2000 Part 2 Multi-component
  '1.2.840.10008.1.2.4.201', // HTJ2K Lossless
  '1.2.840.10008.1.2.4.202', // HTJ2K Lossless RPCL
  '1.2.840.10008.1.2.4.203', // HTJ2K
];

// Maps, not object literals: the keys looked up come from files and command lines, and a UID such as "constructor"
// would otherwise find an object's inherited members.
const NATIVE: ReadonlyMap<string, TransferSyntax> = new Map([
  [IMPLICIT_VR_LE, { uid: IMPLICIT_VR_LE, explicitVR: false, littleEndian: true, deflated: false, encapsulated: false }],
  [EXPLICIT_VR_LE, { uid: EXPLICIT_VR_LE, explicitVR: true, littleEndian: true, deflated: false, encapsulated: false }],
  [DEFLATED_EXPLICIT_VR_LE, { uid: DEFLATED_EXPLICIT_VR_LE, explicitVR: true, littleEndian: true, deflated: true, encapsulated: false }],
  [EXPLICIT_VR_BE, { uid: EXPLICIT_VR_BE, explicitVR: true, littleEndian: false, deflated: false, encapsulated: false }],
]);

/** The uncompressed syntaxes, by the short names the command line uses. */
export const UNCOMPRESSED_BY_NAME: ReadonlyMap<string, string> = new Map([
  ['implicit-le', IMPLICIT_VR_LE],
  ['explicit-le', EXPLICIT_VR_LE],
  ['explicit-be', EXPLICIT_VR_BE],
  ['deflated', DEFLATED_EXPLICIT_VR_LE],
]);

/** The short names, for messages and help. */
export const uncompressedNames = (): string => [...UNCOMPRESSED_BY_NAME.keys()].join(', ');

/**
 * Resolves a transfer syntax UID. Every other registered syntax (JPEG, JPEG-LS, JPEG 2000, RLE, MPEG, HTJ2K …) is
 * Explicit VR Little Endian with encapsulated pixel data; an unknown UID is read the same way, as DICOM requires of
 * all new syntaxes, unless `strict` is set.
 */
export function transferSyntax(uid: string, strict = false): TransferSyntax {
  // Readers and dumps ask for every file, nearly always with a UID as clean as these.
  const known = NATIVE.get(uid);
  if (known) return known;
  const clean = uid.replace(/\0+$/, '').trim();
  const native = NATIVE.get(clean);
  if (native) return native;
  if (strict && uidInfo(clean)?.type !== 'Transfer Syntax') {
    throw new DicomError('UNSUPPORTED_TRANSFER_SYNTAX', `${clean} is not a transfer syntax of PS3.6 (uncompressed: ${uncompressedNames()})`);
  }
  return { uid: clean, explicitVR: true, littleEndian: true, deflated: false, encapsulated: true };
}

export const isUncompressed = (uid: string): boolean => NATIVE.has(uid);
