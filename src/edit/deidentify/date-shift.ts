const DAY_MS = 86_400_000;

/** Shifts a YYYYMMDD (or shorter YYYY / YYYYMM) date by whole days, keeping the precision it was given in. */
function shiftDatePart(date: string, days: number): string | undefined {
  if (!/^\d{4}(\d{2}(\d{2})?)?$/.test(date)) return undefined;
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

/** What may follow a DT's date: the time of day (HHMMSS.FFFFFF, shortened at any part) and a UTC offset. */
const DT_REST = /^(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?([+-]\d{4})?$/;

/**
 * Shifts one DA or DT value (or a range "A-B"); the time of day and any UTC offset of a DT are kept. Undefined when
 * the value is not a date: kept as it is, it would carry the unshifted date, and whatever follows it (a NUL, then any
 * text), into the output.
 */
export function shiftDateValue(value: string, vr: 'DA' | 'DT', days: number): string | undefined {
  const single = shiftOne(value, vr, days);
  if (single !== undefined) return single;
  // A range, either end of which may be open; in a DT a "-" may also begin a UTC offset, so each one is tried.
  for (let i = value.indexOf('-'); i >= 0; i = value.indexOf('-', i + 1)) {
    const from = value.slice(0, i) && shiftOne(value.slice(0, i), vr, days);
    const to = value.slice(i + 1) && shiftOne(value.slice(i + 1), vr, days);
    if (from !== undefined && to !== undefined) return `${from}-${to}`;
  }
  return undefined;
}

function shiftOne(value: string, vr: 'DA' | 'DT', days: number): string | undefined {
  if (vr === 'DA') return shiftDatePart(value.replaceAll('.', ''), days);
  const dateLength = Math.min(8, value.search(/[^0-9]|$/));
  const rest = value.slice(dateLength);
  const date = shiftDatePart(value.slice(0, dateLength), days);
  return date !== undefined && DT_REST.test(rest) ? date + rest : undefined;
}
