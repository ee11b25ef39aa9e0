/**
 * Exact decimal strings, as the API sends money ("12.345600"). They are never turned into
 * floats: rounding and formatting work on the digits.
 */
export interface Decimal {
  negative: boolean;
  /** Integer digits, no leading zeros ("0" for zero). */
  integer: string;
  /** Fraction digits as sent (may be empty). */
  fraction: string;
}

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

export function parseDecimal(text: string): Decimal {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal number: ${JSON.stringify(text)}`);
  const sign = match[1] ?? match[4];
  const integer = (match[2] ?? "0").replace(/^0+(?=\d)/, "");
  const fraction = match[3] ?? match[5] ?? "";
  const isZero = /^0*$/.test(integer) && /^0*$/.test(fraction);
  return { negative: sign === "-" && !isZero, integer, fraction };
}

/** Round to `places` fraction digits, half away from zero (the backend's ROUND_HALF_UP). */
export function roundDecimal(value: Decimal, places: number): Decimal {
  if (value.fraction.length <= places) {
    return { ...value, fraction: value.fraction.padEnd(places, "0") };
  }
  const kept = value.integer + value.fraction.slice(0, places);
  const roundsUp = (value.fraction[places] ?? "0") >= "5";
  const digits = roundsUp ? incrementDigits(kept) : kept;
  const integerLength = digits.length - places;
  const integer = digits.slice(0, integerLength).replace(/^0+(?=\d)/, "") || "0";
  const fraction = digits.slice(integerLength);
  const isZero = /^0*$/.test(integer) && /^0*$/.test(fraction);
  return { negative: value.negative && !isZero, integer, fraction };
}

function incrementDigits(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === "9") {
      out[i] = "0";
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
  }
  return "1" + out.join("");
}

/** Drop trailing fraction zeros beyond `minimum` digits. */
export function trimDecimal(value: Decimal, minimum: number): Decimal {
  let fraction = value.fraction;
  while (fraction.length > minimum && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  return { ...value, fraction: fraction.padEnd(minimum, "0") };
}

export function decimalToString(value: Decimal): string {
  const body = value.fraction ? `${value.integer}.${value.fraction}` : value.integer;
  return value.negative ? `-${body}` : body;
}

/** A decimal string without trailing fraction zeros: "10.0000" → "10", "0.050" → "0.05". */
export function plainDecimal(text: string): string {
  return decimalToString(trimDecimal(parseDecimal(text), 0));
}

export function isZeroDecimal(text: string): boolean {
  const value = parseDecimal(text);
  return /^0*$/.test(value.integer) && /^0*$/.test(value.fraction);
}

/** The exact sum of decimal strings ("0" for none), with as many fraction digits as the longest. */
export function sumDecimals(texts: readonly string[]): string {
  const values = texts.map(parseDecimal);
  const places = Math.max(0, ...values.map((value) => value.fraction.length));
  let total = 0n;
  for (const value of values) {
    const digits = BigInt(value.integer + value.fraction.padEnd(places, "0"));
    total += value.negative ? -digits : digits;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(places + 1, "0");
  const integer = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places);
  return decimalToString({ negative, integer, fraction });
}
