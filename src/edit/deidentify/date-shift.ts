const DAY_MS = 86_400_000;

/** Shifts a YYYYMMDD (or shorter YYYY / YYYYMM) date by whole days, keeping the precision it was given in. */
function shiftDatePart(date: string, days: number): string {
  if (!/^\d{4}(\d{2}(\d{2})?)?$/.test(date)) return date;
  const y = Number(date.slice(0, 4));
  const m = date.length >= 6 ? Number(date.slice(4, 6)) : 1;
  const d = date.length >= 8 ? Number(date.slice(6, 8)) : 1;
  const shifted = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  const full =
    String(shifted.getUTCFullYear()).padStart(4, '0') +
    String(shifted.getUTCMonth() + 1).padStart(2, '0') +
    String(shifted.getUTCDate()).padStart(2, '0');
  return full.slice(0, date.length);
}

/** Shifts one DA or DT value (or a range "A-B"); the time of day and any UTC offset of a DT are kept. */
export function shiftDateValue(value: string, vr: 'DA' | 'DT', days: number): string {
  if (value.includes('-') && !/[+-]\d{4}$/.test(value)) return value.split('-').map((v) => (v ? shiftDateValue(v, vr, days) : v)).join('-');
  if (vr === 'DA') return shiftDatePart(value.replaceAll('.', ''), days);
  const dateLength = Math.min(8, value.search(/[^0-9]|$/));
  return shiftDatePart(value.slice(0, dateLength), days) + value.slice(dateLength);
}
