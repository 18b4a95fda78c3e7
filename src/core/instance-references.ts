import type { Dataset } from './dataset.js';
import { Sequence } from './element.js';
import { keywordOf } from './dictionary.js';
import { formatTag } from './tag.js';

/** A reference to another instance: its SOP Instance UID, SOP Class UID when given, and where the reference is. */
export interface InstanceReference {
  uid: string;
  classUid?: string;
  /** Path inside sequences: "ReferencedImageSequence[0].ReferencedSOPInstanceUID". */
  path: string;
}

const REFERENCED_SOP_CLASS_UID = 0x00081150;
const REFERENCED_SOP_INSTANCE_UID = 0x00081155;

/** Every Referenced SOP Instance UID in the sequence items of a data set, at any depth, in the order of the file. */
export function instanceReferences(ds: Dataset): InstanceReference[] {
  const out: InstanceReference[] = [];
  collect(ds, '', out);
  return out;
}

function collect(ds: Dataset, prefix: string, out: InstanceReference[]): void {
  const uid = prefix ? ds.getString(REFERENCED_SOP_INSTANCE_UID)?.replace(/\0+$/, '') : undefined;
  if (uid) {
    const reference: InstanceReference = { uid, path: `${prefix}ReferencedSOPInstanceUID` };
    const classUid = ds.getString(REFERENCED_SOP_CLASS_UID)?.replace(/\0+$/, '');
    if (classUid) reference.classUid = classUid;
    out.push(reference);
  }
  for (const el of ds) {
    if (!(el.value instanceof Sequence)) continue;
    const name = keywordOf(el.tag) ?? formatTag(el.tag);
    el.value.items.forEach((item, i) => collect(item, `${prefix}${name}[${i}].`, out));
  }
}
