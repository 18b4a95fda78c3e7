import { definePrivateBlock, type PrivateElementSpec } from '../../core/dictionary.js';
import type { PrivateKey } from '../../core/attribute-path.js';

/**
 * modify's private block (docs/private-dictionary.md), in the items of Original Attributes Sequence it appends. Its
 * own creator and group beside the TBP blocks: it belongs to the edit operations, not to the TBP objects, and is
 * written into any object modify changes. Registered, so that dump (and any read of an Implicit VR file) knows its VR.
 */
export const EDIT_PRIVATE_CREATOR = 'TBP DICOM EDIT 1.0';
export const EDIT_GROUP = 0x0401;

export const EDIT_ELEMENTS = {
  /**
   * The tags the modification inserted (absent before): Modified Attributes Sequence holds them with an empty value,
   * which cannot be told from one that was present and empty, so revert removes exactly these.
   */
  TBPEditInsertedAttributes: { element: 0x01, vr: 'AT', vm: '1-n', name: 'TBP Edit Inserted Attributes' },
} as const satisfies Record<string, PrivateElementSpec>;

const block = definePrivateBlock(EDIT_PRIVATE_CREATOR, EDIT_GROUP, EDIT_ELEMENTS);

/** Names the block's element for Dataset get/set: (0401,"TBP DICOM EDIT 1.0",01). */
export const INSERTED_ATTRIBUTES: PrivateKey = block.key('TBPEditInsertedAttributes');
