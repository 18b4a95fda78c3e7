import type { Dataset } from './dataset.js';
import { defaultVR, lookupPrivate, lookupTag } from './dictionary.js';
import { pixelValueVR } from './pixel-value-vr.js';
import { isPrivateTag, tagGroup, type Tag } from './tag.js';
import type { VR } from './vr.js';

/**
 * The VR known here for an element of `ds` whose encoding names none (Implicit VR, or UN: a value in its Implicit VR
 * encoding, PS3.5 6.2.2): the data dictionary's, a pixel value's as Pixel Representation says, or in a private block
 * the one its creator's registered dictionary gives (the TBP block, say), as dcmtk does with its private dictionary.
 * UN for an attribute nothing here describes.
 */
export function knownVR(ds: Dataset, tag: Tag): VR {
  if (!isPrivateTag(tag) || (tag & 0xffff) < 0x1000) return pixelValueVR(ds, tag) ?? defaultVR(tag);
  const creator = ds.privateCreator(tag);
  return (creator !== undefined && lookupPrivate(creator, tag & 0xff, tagGroup(tag))?.vr) || 'UN';
}

/**
 * The VR known here for an element of `ds` when its attribute has that one alone (knownVR's, not one taken from a
 * choice such as "US or SS" that only an encoding tells); undefined for an attribute nothing here describes. The VR
 * an element whose encoded VR is damaged was written in, most likely.
 */
export function onlyKnownVR(ds: Dataset, tag: Tag): VR | undefined {
  const vr = knownVR(ds, tag);
  if (vr === 'UN') return undefined;
  if (isPrivateTag(tag) && (tag & 0xffff) >= 0x1000) return vr;
  return lookupTag(tag)?.vr === vr ? vr : undefined;
}
