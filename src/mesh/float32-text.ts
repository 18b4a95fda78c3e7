/**
 * The shortest decimal text that reads back (decimal → double → float32) as the same float32. Mesh values are
 * float32 in DICOM (OF), so this is what makes OBJ → DICOM → OBJ exact: re-reading the written OBJ gives bit-identical
 * float32 values, and an input written with float32 precision ("0.123456") usually comes back as the same text.
 */
export function float32Text(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const f = Math.fround(value);
  // Digits needed grow monotonically in practice; search 1..9 (9 always suffices for float32).
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(f.toPrecision(mid))) === f) hi = mid;
    else lo = mid + 1;
  }
  let text = f.toPrecision(lo);
  if (Math.fround(Number(text)) !== f) text = f.toPrecision(9);
  return tidy(text);
}

/** "1.500" → "1.5", "1.0e+2" → "100" when short; keeps exponent form for very large or small magnitudes. */
function tidy(text: string): string {
  const n = Number(text);
  const plain = String(n);
  // String(n) is the shortest double text of the same number; it reads back to the same double, hence float32.
  return plain.length <= text.length ? plain : text;
}
