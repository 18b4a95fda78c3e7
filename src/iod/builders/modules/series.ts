import type { Dataset } from '../../../core/dataset.js';
import { formatDA, formatTM } from '../../../core/values/date-time.js';

export interface SeriesInfo {
  instanceUid: string;
  number?: number;
  description?: string;
  date?: string;
  time?: string;
}

/** General Series Module (C.7.3.1). */
export function setGeneralSeries(ds: Dataset, modality: string, s: SeriesInfo): void {
  ds.set('Modality', modality);
  ds.set('SeriesInstanceUID', s.instanceUid);
  ds.set('SeriesNumber', s.number ?? null);
  if (s.date) ds.set('SeriesDate', formatDA(s.date));
  if (s.time) ds.set('SeriesTime', formatTM(s.time));
  if (s.description) ds.set('SeriesDescription', s.description);
}
