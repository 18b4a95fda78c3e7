/**
 * Number scanning over the bytes of an OBJ line. A decimal of up to 15 significant digits and a power of ten within
 * ±22 is converted as one exact integer divided (or multiplied) by an exact power of ten: IEEE division rounds
 * correctly, so the result equals `Number(text)` (Clinger's fast path). Anything else falls back to `Number`.
 */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_DIGITS = 15;

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
/**
 * Where a value ends: a blank, or a "#" starting a comment right after it (`v 1 2 3#note`), which tinyobjloader and
 * Blender read as the value and a comment.
 */
export const endsValue = (c: number): boolean => isBlank(c) || c === 35;

/**
 * Result of a scan: the value and where the token ended; `bad` set when it is no finite number, with a `NaN` value when
 * the token is not a number and ±Infinity when it is one beyond a double's range (1e400).
 */
export interface Scan {
  value: number;
  end: number;
  bad: boolean;
}

function slowNumber(buf: Buffer, start: number, end: number, out: Scan): Scan {
  let e = start;
  while (e < end && !endsValue(buf[e]!)) e++;
  const text = buf.toString('latin1', start, e);
  // Number('') is 0 and Number('0x10') is 16: accept only decimal forms.
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
  out.value = value;
  out.end = e;
  out.bad = !Number.isFinite(value);
  return out;
}

/** Scans one decimal number starting at `start` (blanks already skipped). */
export function scanNumber(buf: Buffer, start: number, end: number, out: Scan): Scan {
  let i = start;
  let c = buf[i]!;
  let negative = false;
  if (c === 45 || c === 43) {
    negative = c === 45;
    c = buf[++i]!;
  }
  let mantissa = 0;
  let digits = 0;
  let seen = 0;
  let scale = 0;
  while (i < end && isDigit(c)) {
    if (digits > 0 || c !== 48) digits++;
    mantissa = mantissa * 10 + (c - 48);
    seen++;
    c = buf[++i]!;
  }
  if (i < end && c === 46) {
    c = buf[++i]!;
    while (i < end && isDigit(c)) {
      if (digits > 0 || c !== 48) digits++;
      mantissa = mantissa * 10 + (c - 48);
      scale--;
      seen++;
      c = buf[++i]!;
    }
  }
  if (seen === 0 || digits > MAX_DIGITS) return slowNumber(buf, start, end, out);
  if (i < end && (c === 101 || c === 69)) {
    let j = i + 1;
    let expNegative = false;
    if (buf[j] === 45 || buf[j] === 43) expNegative = buf[j++] === 45;
    let exp = 0;
    const expStart = j;
    while (j < end && isDigit(buf[j]!) && exp < 10000) exp = exp * 10 + (buf[j++]! - 48);
    if (j === expStart) return slowNumber(buf, start, end, out);
    scale += expNegative ? -exp : exp;
    i = j;
  }
  if (i < end && !endsValue(buf[i]!)) return slowNumber(buf, start, end, out);
  if (scale < -22 || scale > 22) return slowNumber(buf, start, end, out);
  const magnitude = scale < 0 ? mantissa / POW10[-scale]! : mantissa * POW10[scale]!;
  out.value = negative ? -magnitude : magnitude;
  out.end = i;
  out.bad = false;
  return out;
}
