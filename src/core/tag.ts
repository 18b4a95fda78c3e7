import { DicomError } from './errors.js';

/** A tag is a 32-bit number: group in the high 16 bits, element in the low 16. */
export type Tag = number;

export const tag = (group: number, element: number): Tag => ((group << 16) | element) >>> 0;
export const tagGroup = (t: Tag): number => t >>> 16;
export const tagElement = (t: Tag): number => t & 0xffff;
export const isPrivateTag = (t: Tag): boolean => (t >>> 16) % 2 === 1 && (t >>> 16) > 0x0008;
/** Private creator elements (gggg,0010-00FF) reserve blocks of private elements. */
export const isPrivateCreator = (t: Tag): boolean => isPrivateTag(t) && (t & 0xffff) >= 0x10 && (t & 0xffff) <= 0xff;
/** For a private data element (gggg,xxyy) the private creator element that owns it is (gggg,00xx). */
export const privateCreatorOf = (t: Tag): Tag => tag(tagGroup(t), (t & 0xff00) >>> 8);
export const isGroupLength = (t: Tag): boolean => (t & 0xffff) === 0;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** "(0010,0010)" */
export const formatTag = (t: Tag): string => `(${hex4(t >>> 16)},${hex4(t & 0xffff)})`;
/** "00100010", the form DICOM JSON uses. */
export const tagHex = (t: Tag): string => hex4(t >>> 16) + hex4(t & 0xffff);

const TAG_FORMS = [/^\(?\s*([0-9a-f]{4})\s*,\s*([0-9a-f]{4})\s*\)?$/i, /^([0-9a-f]{4})([0-9a-f]{4})$/i];

/** Parses "(0010,0010)", "0010,0010" or "00100010"; returns undefined for anything else. */
export function parseTag(text: string): Tag | undefined {
  for (const form of TAG_FORMS) {
    const m = form.exec(text.trim());
    if (m) return tag(parseInt(m[1]!, 16), parseInt(m[2]!, 16));
  }
  return undefined;
}

export function requireTag(text: string): Tag {
  const t = parseTag(text);
  if (t === undefined) throw new DicomError('BAD_TAG', `"${text}" is not a tag (expected (gggg,eeee))`);
  return t;
}

/** Item and delimiter tags used in sequence and encapsulated encoding. */
export const ITEM = 0xfffee000;
export const ITEM_DELIMITATION = 0xfffee00d;
export const SEQUENCE_DELIMITATION = 0xfffee0dd;
export const PIXEL_DATA = 0x7fe00010;
export const UNDEFINED_LENGTH = 0xffffffff;
