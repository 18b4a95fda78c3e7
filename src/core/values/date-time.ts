import { badValue, succeeds, unpad } from './checks.js';

/** A DA value (PS3.5 Table 6.2-1). */
export interface DicomDate {
  year: number;
  month: number;
  day: number;
}

/** A TM value; precision ends at the first missing component. `fraction` is in microseconds. */
export interface DicomTime {
  hour: number;
  minute?: number;
  second?: number;
  fraction?: number;
}

/** A DT value; precision ends at the first missing component. `offsetMinutes` is the &ZZXX suffix (east positive). */
export interface DicomDateTime {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction?: number;
  offsetMinutes?: number;
}

const DA = /^(\d{4})(\d{2})(\d{2})$/;
const TM = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,6}))?)?)?$/;
const DT = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,6}))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;
/** ACR-NEMA "YYYY.MM.DD" (old files) and ISO "YYYY-MM-DD": DA with separators. */
const DA_SEPARATED = /^\d{4}([.-])\d{2}\1\d{2}$/;
/** Pre-2003 TM and ISO times: "HH:MM[:SS[.F]]", TM with colons. */
const TM_SEPARATED = /^\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?$/;
/**
 * ISO 8601 date-times. A fraction of a second past the six digits DT holds (.NET's round-trip form writes seven, others
 * nine) is cut to six: the digits past a microsecond are matched outside the seconds group.
 */
const ISO_DATE_TIME = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d{1,6})?)(?:(?<=\.\d{6})\d+)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const num = (digits: string | undefined): number | undefined => (digits === undefined ? undefined : Number(digits));
/** ".1" is 100000 microseconds. */
const micros = (digits: string | undefined): number | undefined => num(digits?.padEnd(6, '0'));
/** Drops absent components so values compare and serialize cleanly. */
function compact<T extends object>(value: T): T {
  const out = {} as T;
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

const isLeapYear = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInMonth = (y: number, m: number): number => (m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

function checkRanges(vr: string, text: string, v: Partial<DicomDateTime>): void {
  // A TM has no year, and no month either, so the default never reaches daysInMonth.
  const { year = 2000, month, day, hour, minute, second } = v;
  if (month !== undefined && (month < 1 || month > 12)) badValue(vr, text, `month ${month} is not 01-12`);
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(year, month))) badValue(vr, text, `day ${day} is not in ${year}-${month}`);
  if (hour !== undefined && hour > 23) badValue(vr, text, `hour ${hour} is not 00-23`);
  if (minute !== undefined && minute > 59) badValue(vr, text, `minute ${minute} is not 00-59`);
  // 60 allows a leap second (PS3.5 Table 6.2-1).
  if (second !== undefined && second > 60) badValue(vr, text, `second ${second} is not 00-60`);
}

/**
 * DA exactly as PS3.5 writes it. The strict parsers name the text as given (`shown`) in their errors: "2024-13-45",
 * not the "20241345" checked.
 */
function strictDA(text: string, shown = text): DicomDate {
  const m = DA.exec(text) ?? badValue('DA', shown, 'expected YYYYMMDD');
  const value = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  checkRanges('DA', shown, value);
  return value;
}

function strictTM(text: string, shown = text): DicomTime {
  const m = TM.exec(text) ?? badValue('TM', shown, 'expected HH[MM[SS[.FFFFFF]]]');
  const value = compact({ hour: Number(m[1]), minute: num(m[2]), second: num(m[3]), fraction: micros(m[4]) });
  checkRanges('TM', shown, value);
  return value;
}

function strictDT(text: string, shown = text): DicomDateTime {
  const m = DT.exec(text) ?? badValue('DT', shown, 'expected YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]][&ZZXX]');
  const offset = m[8] === undefined ? undefined : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  if (Number(m[10]) > 59 || (offset !== undefined && (offset < -12 * 60 || offset > 14 * 60))) {
    badValue('DT', shown, 'offset is not -1200 to +1400');
  }
  const value = compact({
    year: Number(m[1]), month: num(m[2]), day: num(m[3]), hour: num(m[4]), minute: num(m[5]), second: num(m[6]),
    fraction: micros(m[7]), offsetMinutes: offset,
  });
  checkRanges('DT', shown, value);
  return value;
}

/** ISO 8601 date-time to DT text: separators dropped, "Z" as +0000, "+02:00" or "+02" as +0200. */
function isoToDT(text: string): string {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return text;
  const zone = m[7]?.toUpperCase() === 'Z' ? '+0000' : m[7]?.replace(':', '').padEnd(5, '0') ?? '';
  return m.slice(1, 7).join('') + zone;
}

/** Parses DA; accepts surrounding spaces and the "YYYY.MM.DD" / "YYYY-MM-DD" forms found in old files. Throws BAD_VALUE. */
export function parseDA(text: string): DicomDate {
  const trimmed = text.trim();
  return strictDA(DA_SEPARATED.test(trimmed) ? trimmed.replace(/[.-]/g, '') : trimmed, text);
}

/** Parses TM; accepts surrounding spaces and the "HH:MM[:SS[.F]]" form. Throws BAD_VALUE. */
export function parseTM(text: string): DicomTime {
  const trimmed = text.trim();
  return strictTM(TM_SEPARATED.test(trimmed) ? trimmed.replaceAll(':', '') : trimmed, text);
}

/** Parses DT (reduced precision allowed); also accepts ISO 8601 such as "2024-09-01T12:00:00+02:00". Throws BAD_VALUE. */
export const parseDT = (text: string): DicomDateTime => strictDT(isoToDT(text.trim()), text);

/** Whether a value is valid as written today: trailing padding allowed, legacy forms not. */
export const isValidDA = (text: string): boolean => succeeds(() => strictDA(unpad(text)));
export const isValidTM = (text: string): boolean => succeeds(() => strictTM(unpad(text)));
export const isValidDT = (text: string): boolean => succeeds(() => strictDT(unpad(text)));

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Joins components in order; a component after a missing one has no DICOM form. */
function chain(vr: string, parts: ReadonlyArray<readonly [number | undefined, number]>): string {
  let text = '';
  let ended = false;
  for (const [value, width] of parts) {
    if (value === undefined) ended = true;
    else if (ended) badValue(vr, text, 'a component follows a missing one');
    else if (!Number.isInteger(value) || value < 0) badValue(vr, text, `component ${value} is not a non-negative integer`);
    else text += pad(value, width);
  }
  return text;
}

function withFraction(vr: string, text: string, second: number | undefined, fraction: number | undefined): string {
  if (!fraction) return text;
  if (second === undefined) badValue(vr, text, 'a fraction needs seconds');
  if (!Number.isInteger(fraction) || fraction < 0 || fraction > 999_999) badValue(vr, text, `fraction ${fraction} is not 0-999999 microseconds`);
  return `${text}.${pad(fraction, 6).replace(/0+$/, '')}`;
}

function offsetText(minutes: number, separator = ''): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}${separator}${pad(abs % 60, 2)}`;
}

const checked = (date: Date): Date => (Number.isNaN(date.getTime()) ? badValue('date', String(date), 'not a date') : date);

/** The local calendar fields of a JS Date, milliseconds as the fraction. */
const localFields = (d: Date): Required<DicomDateTime> => ({
  year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(),
  hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), fraction: d.getMilliseconds() * 1000,
  offsetMinutes: -d.getTimezoneOffset(),
});

/** The calendar fields of the instant `d` at a UTC offset (east positive), milliseconds as the fraction. */
export function fieldsAtOffset(d: Date, offsetMinutes: number): Required<DicomDateTime> {
  const at = new Date(checked(d).getTime() + offsetMinutes * 60_000);
  return {
    year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate(),
    hour: at.getUTCHours(), minute: at.getUTCMinutes(), second: at.getUTCSeconds(), fraction: at.getUTCMilliseconds() * 1000,
    offsetMinutes,
  };
}

/** A UTC offset in minutes as Timezone Offset From UTC (0008,0201) and DT write it: "+0200", "-0530". */
export const formatUtcOffset = (minutes: number): string => offsetText(minutes);

/** The minutes of a Timezone Offset From UTC value ("+0200"); undefined for one that is not &ZZXX in -1200 to +1400. */
export function parseUtcOffset(text: string | undefined): number | undefined {
  const m = /^([+-])(\d{2})([0-5]\d)$/.exec(text?.trim() ?? '');
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
  return minutes !== undefined && minutes >= -12 * 60 && minutes <= 14 * 60 ? minutes : undefined;
}

/** Formats DA from a JS Date (its local calendar day), a DA/ISO date string, or parts. Throws BAD_VALUE. */
export function formatDA(value: Date | string | DicomDate): string {
  const d = value instanceof Date ? localFields(checked(value)) : typeof value === 'string' ? parseDA(value) : value;
  const text = chain('DA', [[d.year, 4], [d.month, 2], [d.day, 2]]);
  strictDA(text);
  return text;
}

/** Formats TM from a JS Date (local time), "HH:MM[:SS[.F]]" or TM text, or parts; a zero fraction is left out. Throws BAD_VALUE. */
export function formatTM(value: Date | string | DicomTime): string {
  const t = value instanceof Date ? localFields(checked(value)) : typeof value === 'string' ? parseTM(value) : value;
  const text = withFraction('TM', chain('TM', [[t.hour, 2], [t.minute, 2], [t.second, 2]]), t.second, t.fraction);
  strictTM(text);
  return text;
}

/** Formats DT from a JS Date (local time with its UTC offset), ISO 8601 or DT text, or parts. Throws BAD_VALUE. */
export function formatDT(value: Date | string | DicomDateTime): string {
  const v = value instanceof Date ? localFields(checked(value)) : typeof value === 'string' ? parseDT(value) : value;
  const fields = [[v.year, 4], [v.month, 2], [v.day, 2], [v.hour, 2], [v.minute, 2], [v.second, 2]] as const;
  const text = withFraction('DT', chain('DT', fields), v.second, v.fraction) + (v.offsetMinutes === undefined ? '' : offsetText(v.offsetMinutes));
  strictDT(text);
  return text;
}

/** The instant of the given wall-clock fields: local time, or at a UTC offset. Leap second 60 runs into the next minute. */
function instant(v: Required<Omit<DicomDateTime, 'offsetMinutes'>>, offsetMinutes?: number): Date {
  const date = `${pad(v.year, 4)}-${pad(v.month, 2)}-${pad(v.day, 2)}`;
  const clock = `${pad(v.hour, 2)}:${pad(v.minute, 2)}:${pad(Math.min(v.second, 59), 2)}.${pad(Math.floor(v.fraction / 1000), 3)}`;
  const zone = offsetMinutes === undefined ? '' : offsetText(offsetMinutes, ':');
  // An ISO string without a zone is local time (ECMA-262 21.4.3.2), the reading DICOM gives a DA/TM without offset.
  return new Date(Date.parse(`${date}T${clock}${zone}`) + (v.second === 60 ? 1000 : 0));
}

/** The local JS Date of a DA, at midnight or at the time of a TM. */
export function toJsDate(date: DicomDate, time?: DicomTime): Date {
  return instant({ ...date, hour: time?.hour ?? 0, minute: time?.minute ?? 0, second: time?.second ?? 0, fraction: time?.fraction ?? 0 });
}

/** The JS Date of a DT, or undefined when it stops before the day; without an offset it is local time. */
export function dateTimeToJsDate(dt: DicomDateTime): Date | undefined {
  if (dt.month === undefined || dt.day === undefined) return undefined;
  const { year, month, day, hour = 0, minute = 0, second = 0, fraction = 0 } = dt;
  return instant({ year, month, day, hour, minute, second, fraction }, dt.offsetMinutes);
}
