import { formatDA, formatTM } from '../core/values/date-time.js';

/**
 * The visit's date and time (study date, and time when given) as a DT: the Content Date/Time of an object whose own
 * acquisition time nothing gives, so that every object of a capture is dated by the capture, never by the import
 * (Instance Creation Date/Time say when the object was made). The check has parsed both values already.
 */
export const studyDateTime = (study: { date: string; time?: string }): string =>
  formatDA(study.date) + (study.time ? formatTM(study.time) : '');
