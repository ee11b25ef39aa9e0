import type { SpecialDirection, SpecialRateWrite } from "../api/bundles";

/**
 * An allowance typed in minutes, as operators think of it: "240" (minutes), "1.5" (minutes,
 * as long as that is whole seconds) or "1:30" (minutes:seconds). The API counts seconds.
 * Null for anything else, or for nothing at all.
 */
export function allowanceSeconds(text: string): number | null {
  const value = text.trim();
  const clock = /^(\d{1,7}):([0-5]\d)$/.exec(value);
  if (clock) return positive(Number(clock[1]) * 60 + Number(clock[2]));
  const minutes = /^(\d{1,7})(?:\.(\d{1,4}))?$/.exec(value);
  if (!minutes) return null;
  const fraction = minutes[2] ?? "";
  const scale = 10 ** fraction.length;
  const fractionSeconds = (Number(fraction || "0") * 60) / scale;
  if (!Number.isInteger(fractionSeconds)) return null;
  return positive(Number(minutes[1]) * 60 + fractionSeconds);
}

function positive(seconds: number): number | null {
  return seconds > 0 ? seconds : null;
}

/** The way back into the form: "240" for whole minutes, else "1:30". */
export function allowanceText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? String(minutes) : `${minutes}:${String(rest).padStart(2, "0")}`;
}

/** "240 min", "1 min 30 s", "45 s": an allowance's size in a table. */
export function allowanceLabel(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes.toLocaleString("en")} min` : `${minutes.toLocaleString("en")} min ${rest} s`;
}

/**
 * A special-number pattern as typed ("1300 *", "1300-123*") in the API's form: digits with an
 * optional trailing `*`. Spaces and dashes are dropped; a `+` or letters are refused, since
 * patterns are national numbers.
 */
export function parseSpecialPattern(text: string): { pattern: string } | { error: string } {
  const pattern = text.replace(/[\s-]+/g, "");
  if (pattern === "") return { error: "Enter the digits the numbers start with, e.g. 1300*" };
  if (pattern.startsWith("+")) return { error: "A national number: no + or country code (1300*, not +611300*)" };
  if (!/^[0-9]{1,20}\*?$/.test(pattern)) return { error: "Digits (up to 20), optionally ending in *" };
  return { pattern };
}

export type SpecialPricing = "flat" | "metered";

export interface SpecialRateDraft {
  pattern: string;
  label: string;
  direction: SpecialDirection;
  pricing: SpecialPricing;
  flat_price: string;
  rate_per_minute: string;
  connect_fee: string;
  initial_block: string;
  increment: string;
}

export const EMPTY_SPECIAL_RATE: SpecialRateDraft = {
  pattern: "",
  label: "",
  direction: "outbound",
  pricing: "flat",
  flat_price: "",
  rate_per_minute: "",
  connect_fee: "0",
  initial_block: "60",
  increment: "60",
};

/** Whole seconds as typed; NaN (refused by the API, which names the field) when not a number. */
function wholeSeconds(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number.parseInt(text, 10) : Number.NaN;
}

/**
 * The request for a draft, or the pattern's error. A flat rule sends only its per-call price
 * (the per-minute fields keep their defaults); a metered one sends no flat price. Amounts stay
 * the strings typed: the API checks them, exactly.
 */
export function specialRateBody(draft: SpecialRateDraft): { body: SpecialRateWrite } | { error: string } {
  const parsed = parseSpecialPattern(draft.pattern);
  if ("error" in parsed) return parsed;
  const common = { pattern: parsed.pattern, label: draft.label.trim(), direction: draft.direction };
  if (draft.pricing === "flat") return { body: { ...common, flat_price: draft.flat_price.trim() } };
  return {
    body: {
      ...common,
      flat_price: null,
      rate_per_minute: draft.rate_per_minute.trim(),
      connect_fee: draft.connect_fee.trim() || "0",
      initial_block: wholeSeconds(draft.initial_block),
      increment: wholeSeconds(draft.increment),
    },
  };
}
