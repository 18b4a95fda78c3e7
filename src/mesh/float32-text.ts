/**
 * The shortest decimal text that reads back (decimal → double → float32) as the same float32. Mesh values are
 * float32 in DICOM (OF), so this is what makes OBJ → DICOM → OBJ exact: re-reading the written OBJ gives bit-identical
 * float32 values, and an input written with float32 precision ("0.123456") usually comes back as the same text.
 */
export function float32Text(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const f = Math.fround(value);
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
