import { Text, type TextProps } from "@mantine/core";

import { formatMoney } from "@/lib/money";

/**
 * An amount the API sent as a decimal string, in its currency. `exact` keeps every digit sent
 * (rates such as 0.0125/min); otherwise it is rounded to the currency's minor units.
 */
export function Money({ amount, currency, exact = false, ...props }: TextProps & { amount: string | null | undefined; currency: string; exact?: boolean }) {
  if (amount === null || amount === undefined) {
    return (
      <Text span {...props}>
        —
      </Text>
    );
  }
  return (
    <Text span {...props} style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>
      {formatMoney(amount, currency, { fractionDigits: exact ? "exact" : undefined })}
    </Text>
  );
}
