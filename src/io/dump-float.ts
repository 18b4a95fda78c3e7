/**
 * Formats a floating point value the way dcmdump prints FL (9 significant digits) and FD (17): printf's "%g" style as
 * produced by dcmtk's own ftoa, which derives from the 4.4BSD printf conversion. That conversion extracts digits by
 * repeated division and multiplication by ten, so its last digits differ from a correctly rounded "%.17g"
 * (1e300 prints as 1.0000000000000007e+300, 0.1 as 0.1); the same steps are repeated here so dumps match dcmdump.
 */
export function formatFloatLikeDcmtk(value: number, precision: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value < 0 ? '-inf' : 'inf';
  const out = new GDigits(value < 0);
  convert(out, Math.abs(value), precision);
  return out.text();
}

const digit = (n: number): string => String.fromCharCode(48 + n);

/** The characters being produced, with the sign kept aside because rounding may drop a negative zero's sign. */
class GDigits {
  chars: string[] = [];
  constructor(public negative: boolean) {}

  push(c: string): void {
    this.chars.push(c);
  }

  /**
   * Rounds the characters produced so far by the next digit (from `fract`, else `next`): five and above carries into
   * the digits; a carry past the first digit adds a leading 1, or with `exponent` bumps the exponent instead.
   */
  round(fract: number, next: number, exponent?: { value: number }): void {
    const decider = fract ? Math.trunc(fract * 10) : next;
    const c = this.chars;
    if (decider > 4) {
      for (let i = c.length - 1; ; i--) {
        if (c[i] === '.') i--;
        if (c[i] !== '9') {
          c[i] = digit(c[i]!.charCodeAt(0) - 47);
          return;
        }
        c[i] = '0';
        if (i === 0) {
          if (exponent) {
            c[0] = '1';
            exponent.value++;
          } else {
            c.unshift('1');
          }
          return;
        }
      }
    }
    if (this.negative && c.every((ch) => ch === '0' || ch === '.')) this.negative = false;
  }

  /** Removes trailing zeros of the fraction, and the point when nothing follows it. */
  trimFraction(): void {
    const c = this.chars;
    if (!c.includes('.')) return;
    while (c[c.length - 1] === '0') c.pop();
    if (c[c.length - 1] === '.') c.pop();
  }

  text(): string {
    return (this.negative ? '-' : '') + this.chars.join('');
  }
}

function convert(out: GDigits, value: number, precision: number): void {
  let prec = precision || 1;
  let integer = Math.trunc(value);
  let fract = value - integer;
  // Integer digits, least significant first; the 0.01 guards against 356.0 / 10 giving .59999.
  const intDigits: number[] = [];
  while (integer) {
    const q = integer / 10;
    integer = Math.trunc(q);
    intDigits.push(Math.trunc((q - integer + 0.01) * 10));
  }
  intDigits.reverse();
  const exponent = { value: intDigits.length };

  if (exponent.value > prec || (!exponent.value && fract && fract < 0.0001)) {
    exponential(out, intDigits, fract, prec - 1, exponent);
    return;
  }
  if (intDigits.length) for (const d of intDigits) (out.push(digit(d)), prec--);
  else out.push('0');
  if (prec) out.push('.');
  if (fract) {
    if (prec) {
      let d: number;
      do {
        const scaled = fract * 10;
        d = Math.trunc(scaled);
        fract = scaled - d;
        out.push(digit(d));
      } while (!d);
      while (--prec && fract) {
        const scaled = fract * 10;
        d = Math.trunc(scaled);
        fract = scaled - d;
        out.push(digit(d));
      }
    }
    if (fract) out.round(fract, 0);
  }
  out.trimFraction();
}

/** The "e" style of %g: one digit, the point, up to `prec` more digits (trailing zeros trimmed), then e±NN. */
function exponential(out: GDigits, intDigits: number[], fract: number, prec: number, exponent: { value: number }): void {
  if (intDigits.length) {
    out.push(digit(intDigits[0]!));
    if (prec) out.push('.');
    let i = 1;
    for (; prec && i < intDigits.length; prec--, i++) out.push(digit(intDigits[i]!));
    if (!prec && i < intDigits.length) {
      fract = 0;
      out.round(0, intDigits[i]!, exponent);
    }
    exponent.value--;
  } else {
    let d: number;
    exponent.value = 0;
    do {
      exponent.value--;
      const scaled = fract * 10;
      d = Math.trunc(scaled);
      fract = scaled - d;
    } while (!d);
    out.push(digit(d));
    if (prec) out.push('.');
  }
  if (fract) {
    if (prec) {
      do {
        const scaled = fract * 10;
        const d = Math.trunc(scaled);
        fract = scaled - d;
        out.push(digit(d));
      } while (--prec && fract);
    }
    if (fract) out.round(fract, 0, exponent);
  }
  out.trimFraction();
  const e = exponent.value;
  out.push(`e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`);
}
