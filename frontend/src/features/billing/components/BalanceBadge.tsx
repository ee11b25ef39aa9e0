import { Badge } from "@mantine/core";
import { Link } from "@tanstack/react-router";

import { formatMoney } from "@/lib/money";

import { useBilling } from "../hooks/useBilling";

/** The signed-in client's available credit, in the shell's header; a link to its balance page. */
export function BalanceBadge({ userId }: { userId: string }) {
  const billing = useBilling(userId);
  if (!billing.data) return null;
  const negative = billing.data.available.trim().startsWith("-");
  return (
    <Badge component={Link} to="/balance" variant="light" color={negative ? "red" : "green"} size="lg" tt="none" style={{ cursor: "pointer" }} data-testid="header-balance">
      {formatMoney(billing.data.available, billing.data.currency)}
    </Badge>
  );
}
