/**
 * The shortest decimal text that reads back (decimal → double → float32) as the same float32, without an exponent
 * from 1e-6 to 1e7 (10000, not 1e+4: not every OBJ reader takes exponents). Mesh values are float32 in DICOM (OF), so
 * this is what makes OBJ → DICOM → OBJ exact: re-reading the written OBJ gives bit-identical float32 values, and an
 * input written with float32 precision ("0.123456") usually comes back as the same text.
 */
export function float32Text(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const f = Math.fround(value);
  return fixedText(f) ?? precisionText(f);
}

/** 10^0 … 10^15, each exact as a double. */
const POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * From 1e-6 to 1e7, the magnitudes meshes hold: the fewest decimal places k
 * whose rounding m / 10^k reads back as `f` (m / 10^k is the double Number() makes of that text, both being exact
 * doubles and the division correctly rounded), as text. Fewest places is fewest significant digits at a fixed
 * magnitude, so this is the text precisionText finds, built from integers where toPrecision took a microsecond a call
 * (a mesh of a million points took seconds to export). Undefined where no k up to 15 reads back (a tie the product
 * f * 10^k rounded away): precisionText decides.
 */
function fixedText(f: number): string | undefined {
  const magnitude = Math.abs(f);
  if (magnitude < 1e-6 || magnitude >= 1e7) return undefined;
  for (let k = 0; k < POWERS.length; k++) {
    const m = Math.round(magnitude * POWERS[k]!);
    if (Math.fround(m / POWERS[k]!) !== magnitude) continue;
    const digits = String(m).padStart(k + 1, '0');
    const text = k === 0 ? digits : `${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
    return f < 0 ? `-${text}` : text;
  }
  return undefined;
}

/** The shortest toPrecision text that reads back, tidied: for any magnitude. */
function precisionText(f: number): string {
  const readsBack = (digits: number): boolean => Math.fround(Number(f.toPrecision(digits))) === f;
  // Digits needed grow monotonically in practice (9 always suffice). Most values need 6 to 9: start at 7 and walk to
  // the shortest, two or three tries, where a search over 1-9 took four.
  let digits = 7;
  if (readsBack(digits)) while (digits > 1 && readsBack(digits - 1)) digits--;
  else while (digits < 9 && !readsBack(digits)) digits++;
  return tidy(f.toPrecision(digits));
}

/** "1.500" → "1.5", "1.0e+2" → "100" when short; keeps exponent form for very large or small magnitudes. */
function tidy(text: string): string {
  // The shortest digits end in a non-zero digit; plain text without an exponent is then already as short as it gets.
  if (!text.includes('e') && !text.endsWith('0')) return text;
  const n = Number(text);
  const plain = String(n);
  // String(n) is the shortest double text of the same number; it reads back to the same double, hence float32.
  return plain.length <= text.length ? plain : text;
}
