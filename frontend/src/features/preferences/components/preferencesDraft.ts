import type { Preferences, PreferencesUpdate } from "../api/preferences";

export interface PreferencesDraft {
  mask_digits: boolean;
  notify_low_credit: boolean;
  notify_spend_cap: boolean;
  notify_invoices: boolean;
  notification_email: string;
  low_credit_threshold: string;
}

export type PreferencesField = keyof PreferencesDraft;

export function preferencesDraft(preferences: Preferences): PreferencesDraft {
  return {
    mask_digits: preferences.mask_digits,
    notify_low_credit: preferences.notify_low_credit,
    notify_spend_cap: preferences.notify_spend_cap,
    notify_invoices: preferences.notify_invoices,
    notification_email: preferences.notification_email ?? "",
    low_credit_threshold: preferences.low_credit_threshold ?? "",
  };
}

const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Two decimal strings name the same amount ("10" and "10.000000"). */
function sameAmount(a: string, b: string): boolean {
  const strip = (text: string) => (text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text).replace(/^0+(?=\d)/, "");
  return strip(a) === strip(b);
}

/**
 * What changed between the stored preferences and the draft, as the partial PATCH body (so the
 * audit log shows only those), and the draft's errors. An emptied e-mail or threshold is sent as
 * `null`: "the account's own address" and "no low-credit alert".
 */
export function preferencesPatch(stored: Preferences, draft: PreferencesDraft): { patch: PreferencesUpdate; errors: Partial<Record<PreferencesField, string>> } {
  const patch: PreferencesUpdate = {};
  const errors: Partial<Record<PreferencesField, string>> = {};
  for (const flag of ["mask_digits", "notify_low_credit", "notify_spend_cap", "notify_invoices"] as const) {
    if (draft[flag] !== stored[flag]) patch[flag] = draft[flag];
  }
  const email = draft.notification_email.trim();
  if (email !== "" && !EMAIL.test(email)) errors.notification_email = "Not an e-mail address";
  else if (email !== (stored.notification_email ?? "")) patch.notification_email = email === "" ? null : email;
  const threshold = draft.low_credit_threshold.trim();
  if (threshold !== "" && !AMOUNT.test(threshold)) errors.low_credit_threshold = "Not an amount";
  else if (threshold === "" ? stored.low_credit_threshold !== null : stored.low_credit_threshold === null || !sameAmount(threshold, stored.low_credit_threshold)) {
    patch.low_credit_threshold = threshold === "" ? null : threshold;
  }
  return { patch, errors };
}
