import { dateTimeToJsDate, fieldsAtOffset, formatDA, formatTM, parseDT } from '../../../core/values/date-time.js';

/**
 * A DT (or ISO 8601 date-time) split into the DA and TM of attribute pairs such as Content Date/Time. With the object's
 * Timezone Offset From UTC (`offsetMinutes`), which DA and TM are read in, a DT at another offset is moved to it.
 */
export function splitDateTime(value: string, offsetMinutes?: number): { date: string; time?: string } | undefined {
  let dt = parseDT(value);
  if (offsetMinutes !== undefined && dt.offsetMinutes !== undefined && dt.offsetMinutes !== offsetMinutes && dt.minute !== undefined) {
    dt = { ...fieldsAtOffset(dateTimeToJsDate(dt)!, offsetMinutes), ...(dt.second === undefined ? { second: undefined, fraction: undefined } : {}) };
  }
  if (dt.month === undefined || dt.day === undefined) return undefined;
  const date = formatDA({ year: dt.year, month: dt.month, day: dt.day });
  if (dt.hour === undefined) return { date };
  return { date, time: formatTM({ hour: dt.hour, minute: dt.minute, second: dt.second, fraction: dt.fraction }) };
}
