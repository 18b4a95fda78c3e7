import type { Dataset } from '../../../core/dataset.js';
import { formatDA, formatTM } from '../../../core/values/date-time.js';

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
  /**
   * The UTC offset (minutes, east positive) of the study's local times, when known: every object then carries it as
   * Timezone Offset From UTC, which covers its DA and TM values and its DT values without an offset of their own.
   */
  timezoneOffsetMinutes?: number;
}

/** General Study Module (C.7.2.1). */
export function setGeneralStudy(ds: Dataset, s: StudyInfo): void {
  ds.set('StudyInstanceUID', s.instanceUid);
  ds.set('StudyDate', s.date ? formatDA(s.date) : null);
  ds.set('StudyTime', s.time ? formatTM(s.time) : null);
  ds.set('ReferringPhysicianName', s.referringPhysician ?? null);
  ds.set('StudyID', s.id ?? null);
  ds.set('AccessionNumber', s.accessionNumber ?? null);
  if (s.description) ds.set('StudyDescription', s.description);
}
