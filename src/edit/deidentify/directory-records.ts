import type { Dataset } from '../../core/dataset.js';
import { tag, type Tag } from '../../core/tag.js';
import type { Action } from './profile.js';

const DIRECTORY_RECORD_TYPE = tag(0x0004, 0x1430);

/** Attributes Type 1 in DICOMDIR patient, study and series records (PS3.3 F.5), which a record must keep filled. */
const TYPE_1 = new Set<Tag>([tag(0x0008, 0x0020), tag(0x0008, 0x0030), tag(0x0020, 0x0010), tag(0x0010, 0x0020)]);
/** Attributes Type 2 in those records: present, possibly empty. */
const TYPE_2 = new Set<Tag>([tag(0x0008, 0x1030), tag(0x0008, 0x0050), tag(0x0010, 0x0010)]);

/**
 * Table E.1-1 offers X, Z or D so the result stays conformant; inside a directory record the record's own types
 * decide: its Type 1 keys get dummies, its Type 2 attributes stay present with no value.
 */
export function directoryRecordAction(ds: Dataset, t: Tag, action: Action): Action {
  if (!ds.getElementByTag(DIRECTORY_RECORD_TYPE)) return action;
  if (TYPE_1.has(t) && (action === 'X' || action === 'Z' || action === 'XZ')) return 'D';
  if (TYPE_2.has(t) && (action === 'X' || action === 'XZ')) return 'Z';
  return action;
}
