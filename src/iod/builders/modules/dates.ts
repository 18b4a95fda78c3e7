import { formatDA, formatTM, parseDT } from '../../../core/values/date-time.js';

/** A DT (or ISO 8601 date-time) split into the DA and TM of attribute pairs such as Content Date/Time. */
export function splitDateTime(value: string): { date: string; time?: string } | undefined {
  const dt = parseDT(value);
  if (dt.month === undefined || dt.day === undefined) return undefined;
  const date = formatDA({ year: dt.year, month: dt.month, day: dt.day });
  if (dt.hour === undefined) return { date };
  return { date, time: formatTM({ hour: dt.hour, minute: dt.minute, second: dt.second, fraction: dt.fraction }) };
}
