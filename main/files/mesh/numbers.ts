const POW10 = Array.from({ length: 40 }, (_, k) => 10 ** k);

/**
 * Reads a decimal number (sign, digits, fraction, exponent) from bytes at `cursor.at`, moving the cursor past it.
 * Returns NaN when there is no number there. Text formats (ASCII STL, OBJ, 3MF) all need exponents ("1.5e-03").
 */
export function readNumber(buf: Uint8Array, cursor: { at: number }, end: number): number {
  let i = cursor.at;
  let neg = false;
  let c = buf[i];
  if (c === 45) {
    neg = true;
    c = buf[++i];
  } else if (c === 43) c = buf[++i];
  let mant = 0;
  let digits = 0;
  let exp = 0;
  while (i < end && c !== undefined && c >= 48 && c <= 57) {
    mant = mant * 10 + (c - 48);
    digits++;
    c = buf[++i];
  }
  if (c === 46) {
    c = buf[++i];
    while (i < end && c !== undefined && c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      exp--;
      c = buf[++i];
    }
  }
  if (digits === 0) return NaN;
  if (c === 101 || c === 69) {
    let j = i + 1;
    let eneg = false;
    let d = buf[j];
    if (d === 45) {
      eneg = true;
      d = buf[++j];
    } else if (d === 43) d = buf[++j];
    let e = 0;
    let ed = 0;
    while (j < end && d !== undefined && d >= 48 && d <= 57) {
      e = e * 10 + (d - 48);
      ed++;
      d = buf[++j];
    }
    if (ed > 0) {
      exp += eneg ? -e : e;
      i = j;
    }
  }
  cursor.at = i;
  let v = exp === 0 ? mant : exp < 0 ? mant / (POW10[-exp] ?? 10 ** -exp) : mant * (POW10[exp] ?? 10 ** exp);
  if (neg) v = -v;
  return v;
}
