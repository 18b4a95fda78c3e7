import type { Dataset } from '../core/dataset.js';
import { lookupPrivate, lookupTag } from '../core/dictionary.js';
import { uidName } from '../core/uid-registry.js';
import { isGroupLength, isPrivateTag, tagGroup, type Tag } from '../core/tag.js';

const UNKNOWN = 'Unknown Tag & Data';

const publicNames = new Map<Tag, string>();

/**
 * The name dcmdump ends a line with: the keyword (RETIRED_ prefixed when retired), or dcmtk's names for the rest.
 * A private data element's name depends on its block's creator; the others are remembered, as a dump of many files
 * names the same tags again and again.
 */
export function attributeName(ds: Dataset, t: Tag): string {
  if (isPrivateTag(t)) return nameOf(ds, t);
  let name = publicNames.get(t);
  if (name === undefined) {
    name = nameOf(ds, t);
    if (publicNames.size < 65536) publicNames.set(t, name);
  }
  return name;
}

function nameOf(ds: Dataset, t: Tag): string {
  const entry = lookupTag(t);
  if (entry?.keyword) return entry.retired ? `RETIRED_${entry.keyword}` : entry.keyword;
  if (isGroupLength(t)) return tagGroup(t) % 2 === 1 ? 'PrivateGroupLength' : 'GenericGroupLength';
  if (!isPrivateTag(t)) return UNKNOWN;
  const creator = ds.privateCreator(t);
  return (creator !== undefined && lookupPrivate(creator, t & 0xff, tagGroup(t))?.keyword) || UNKNOWN;
}

/** dcmtk's names for the transfer syntaxes it prints most; others get their PS3.6 name. A map: the UID is the file's. */
const DCMTK_SYNTAX_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10008.1.2', 'Little Endian Implicit'],
  ['1.2.840.10008.1.2.1', 'Little Endian Explicit'],
  ['1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian'],
  ['1.2.840.10008.1.2.2', 'Big Endian Explicit'],
  ['1.2.840.10008.1.2.4.50', 'JPEG Baseline'],
]);

export const transferSyntaxName = (uid: string): string => DCMTK_SYNTAX_NAMES.get(uid) ?? uidName(uid) ?? 'Unknown Transfer Syntax';
