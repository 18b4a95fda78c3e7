/** Value representations of PS3.5 Table 6.2-1. */
export const VRS = [
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW',
  'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
] as const;
export type VR = (typeof VRS)[number];

const VR_SET = new Set<string>(VRS);
export const isVR = (s: string): s is VR => VR_SET.has(s);

/** VRs by their two ASCII bytes as one 16-bit number, so a parser can recognise a VR without making a string. */
const VR_BY_CODE = new Map<number, VR>(VRS.map((vr) => [(vr.charCodeAt(0) << 8) | vr.charCodeAt(1), vr]));
export const vrFromCode = (code: number): VR | undefined => VR_BY_CODE.get(code);

/** VRs whose explicit-VR header has two reserved bytes and a 32-bit length. */
const LONG_HEADER = new Set<VR>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);
export const hasLongHeader = (vr: VR): boolean => LONG_HEADER.has(vr);

/**
 * Whether two bytes that are no VR of PS3.5 are two capital letters ("XY"): a VR added to the standard after this
 * toolkit. VRs added since the first edition all take the long header, so dcmtk reads such an element as UN with a
 * 32-bit length; so does every reader here.
 */
export const isLaterVRCode = (code: number): boolean =>
  !VR_BY_CODE.has(code) && code >> 8 >= 0x41 && code >> 8 <= 0x5a && (code & 0xff) >= 0x41 && (code & 0xff) <= 0x5a;

/**
 * The header length of an Explicit VR element whose VR bytes are `code` (as one 16-bit number): 8 (a 16-bit
 * length), 12 (two reserved bytes and a 32-bit length: the long-header VRs and later ones, see isLaterVRCode), or
 * undefined for bytes that are no VR. The one rule for the data set, the meta group and the guess of a syntax.
 */
export function explicitHeaderLength(code: number): 8 | 12 | undefined {
  const vr = VR_BY_CODE.get(code);
  if (vr) return LONG_HEADER.has(vr) ? 12 : 8;
  return isLaterVRCode(code) ? 12 : undefined;
}

/** Text VRs: values are character strings, padded with a space. */
const STRING_VRS = new Set<VR>(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
export const isStringVR = (vr: VR): boolean => STRING_VRS.has(vr);

/** Text VRs whose bytes follow Specific Character Set (the others are always the default repertoire). */
const CHARSET_VRS = new Set<VR>(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
export const usesCharacterSet = (vr: VR): boolean => CHARSET_VRS.has(vr);

/** Text VRs that hold a single value even when it contains a backslash. */
const SINGLE_VALUED_TEXT = new Set<VR>(['LT', 'ST', 'UT', 'UR']);
export const isMultiValuedText = (vr: VR): boolean => STRING_VRS.has(vr) && !SINGLE_VALUED_TEXT.has(vr);

/** Byte width of one value for numeric binary VRs (and AT); 0 for the others. */
const WIDTH: Partial<Record<VR, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 2, SV: 8, UV: 8, OW: 2, OF: 4, OD: 8, OL: 4, OV: 8 };
/** Byte-swap unit: how many bytes are reversed together when converting byte order (AT swaps per 16-bit half). */
export const swapUnit = (vr: VR): number => WIDTH[vr] ?? 1;
export const numericWidth = (vr: VR): number => (vr === 'AT' ? 0 : WIDTH[vr] ?? 0);
const NUMERIC_BINARY = new Set<VR>(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']);
export const isNumericBinaryVR = (vr: VR): boolean => NUMERIC_BINARY.has(vr);
/** Bulk binary VRs ("other" data): typically large, never split into values by backslash. */
const BULK = new Set<VR>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
export const isBulkVR = (vr: VR): boolean => BULK.has(vr);

/** Padding byte used to make a value even length: NUL for UI and binary, space for other text. */
export const padByte = (vr: VR): number => (STRING_VRS.has(vr) && vr !== 'UI' ? 0x20 : 0x00);

/** Maximum value length in characters (or bytes) per value for length-limited text VRs. */
export const MAX_LENGTH: Partial<Record<VR, number>> = {
  AE: 16, AS: 4, CS: 16, DA: 8, DS: 16, DT: 26, IS: 12, LO: 64, LT: 10240, PN: 64 * 3 + 2, SH: 16, ST: 1024, TM: 14, UI: 64,
};
