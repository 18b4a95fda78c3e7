import type { Dataset } from '../../../core/dataset.js';
import { formatDA, formatTM } from '../../../core/values/date-time.js';
import { k } from '../keyword-tags.js';

export interface StudyInfo {
  instanceUid: string;
  id?: string;
  /** DA or ISO date. */
  date?: string;
  /** TM or "HH:MM[:SS]". */
  time?: string;
  description?: string;
  accessionNumber?: string;
  /** Person Name in DICOM form. */
  referringPhysician?: string;
}

/** General Study Module (C.7.2.1). */
export function setGeneralStudy(ds: Dataset, s: StudyInfo): void {
  ds.set(k('StudyInstanceUID'), s.instanceUid);
  ds.set(k('StudyDate'), s.date ? formatDA(s.date) : null);
  ds.set(k('StudyTime'), s.time ? formatTM(s.time) : null);
  ds.set(k('ReferringPhysicianName'), s.referringPhysician ?? null);
  ds.set(k('StudyID'), s.id ?? null);
  ds.set(k('AccessionNumber'), s.accessionNumber ?? null);
  if (s.description) ds.set(k('StudyDescription'), s.description);
}
