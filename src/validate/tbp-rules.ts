import { DRAFT_TAGS, TBP_CREATOR, TBP_ELEMENTS, TBP_GROUP } from '../tbp/private-dictionary.js';
import type { PrivateBlockRules } from './types.js';

/** The TBP private block ("TBP DICOM 1.0", group 0013) as validation rules; always checked. */
export const TBP_BLOCK_RULES: PrivateBlockRules = {
  creator: TBP_CREATOR,
  group: TBP_GROUP,
  entries: Object.entries(TBP_ELEMENTS).map(([keyword, e]) => ({ element: e.element, keyword, vr: e.vr, vm: e.vm })),
};

/** The draft TBP Dermoscopic Module tags in group 0010, which the standard does not define. */
export const TBP_DRAFT_TAGS: ReadonlyMap<number, string> = new Map(Object.entries(DRAFT_TAGS).map(([k, t]) => [t!, k]));
