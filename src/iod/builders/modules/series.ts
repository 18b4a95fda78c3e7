import type { Dataset } from '../../../core/dataset.js';
import { formatDA, formatTM } from '../../../core/values/date-time.js';
import { k } from '../keyword-tags.js';

export interface SeriesInfo {
  instanceUid: string;
  number?: number;
  description?: string;
  date?: string;
  time?: string;
}

/** General Series Module (C.7.3.1). */
export function setGeneralSeries(ds: Dataset, modality: string, s: SeriesInfo): void {
  ds.set(k('Modality'), modality);
  ds.set(k('SeriesInstanceUID'), s.instanceUid);
  ds.set(k('SeriesNumber'), s.number ?? null);
  if (s.date) ds.set(k('SeriesDate'), formatDA(s.date));
  if (s.time) ds.set(k('SeriesTime'), formatTM(s.time));
  if (s.description) ds.set(k('SeriesDescription'), s.description);
}
