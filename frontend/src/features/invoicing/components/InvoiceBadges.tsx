import { Badge } from "@mantine/core";

const STATUS_COLORS: Record<string, string> = { draft: "gray", issued: "blue", paid: "green", void: "red" };

export function InvoiceStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={STATUS_COLORS[status] ?? "gray"} data-testid="invoice-status">
      {status}
    </Badge>
  );
}

export function InvoiceKindLabel(kind: string): string {
  return kind === "credit_note" ? "Credit note" : "Invoice";
}
