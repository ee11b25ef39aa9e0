import { Button, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";

import { saveBlob } from "@/lib/download";
import { errorMessage } from "@/lib/problem";

import type { Invoice } from "../api/invoicing";
import { useInvoiceDownload } from "../hooks/useInvoicing";

function fileBase(invoice: Invoice): string {
  return (invoice.number ?? `draft-${invoice.id.slice(0, 8)}`).replace(/[^A-Za-z0-9._-]/g, "_");
}

/** The PDF, and (for an invoice with usage) the call records behind its usage lines as CSV. */
export function InvoiceDownloads({ invoice }: { invoice: Invoice }) {
  const pdf = useInvoiceDownload("pdf");
  const cdrs = useInvoiceDownload("cdrs");
  const failed = (error: unknown) => notifications.show({ color: "red", title: "The download failed", message: errorMessage(error) });
  const hasUsage = invoice.lines.some((line) => line.kind === "usage");
  return (
    <Group gap="xs">
      <Button variant="light" loading={pdf.isPending} onClick={() => pdf.mutate(invoice.id, { onSuccess: (blob) => saveBlob(blob, `${fileBase(invoice)}.pdf`), onError: failed })} data-testid="invoice-pdf">
        Download PDF
      </Button>
      {hasUsage ? (
        <Button variant="light" loading={cdrs.isPending} onClick={() => cdrs.mutate(invoice.id, { onSuccess: (blob) => saveBlob(blob, `${fileBase(invoice)}-calls.csv`), onError: failed })} data-testid="invoice-cdrs">
          Call details (CSV)
        </Button>
      ) : null}
    </Group>
  );
}
