import { parseDecimal, roundDecimal, trimDecimal, type Decimal } from "./decimal";

export interface MoneyFormatOptions {
  locale?: string;
  /**
   * Fraction digits to show: a number rounds half away from zero to that many; "exact" keeps
   * every significant digit sent (at least the currency's minor units) — for rates such as
   * 0.0125/min. Default: the currency's minor units (2 for USD, 0 for JPY).
   */
  fractionDigits?: number | "exact";
}

/** The number of minor-unit digits of a currency (ISO 4217), as Intl knows it. */
export function currencyDigits(currency: string, locale?: string): number {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
}

/**
 * Format an exact decimal string as money in `currency`, for `locale`.
 *
 * Intl lays out the sign, symbol, grouping and decimal separator; the digits come from the
 * string itself. The integer part is formatted as a BigInt (exact at any size) and the
 * fraction digits are put in place of Intl's, so no value passes through a float.
 */
export function formatMoney(amount: string, currency: string, options: MoneyFormatOptions = {}): string {
  const minor = currencyDigits(currency, options.locale);
  const parsed = parseDecimal(amount);
  const value: Decimal =
    options.fractionDigits === "exact"
      ? trimDecimal(parsed, minor)
      : roundDecimal(parsed, options.fractionDigits ?? minor);
  const places = value.fraction.length;

  const layout = new Intl.NumberFormat(options.locale, {
    style: "currency",
    currency,
    minimumFractionDigits: places,
    maximumFractionDigits: places,
  });
  const grouping = new Intl.NumberFormat(options.locale, { maximumFractionDigits: 0 });
  const integerText = grouping
    .formatToParts(BigInt(value.integer))
    .filter((part) => part.type === "integer" || part.type === "group")
    .map((part) => part.value)
    .join("");

  // Lay out ±1 with the right number of fraction digits, then put the real digits in.
  return layout
    .formatToParts(value.negative ? -1n : 1n)
    .map((part) => {
      if (part.type === "integer") return integerText;
      if (part.type === "fraction") return value.fraction;
      return part.value;
    })
    .join("");
}
