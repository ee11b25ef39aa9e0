import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";

import { saveBlob } from "@/lib/download";
import { errorMessage } from "@/lib/problem";

import { useVoucherCsv } from "../hooks/usePayments";

/** The batch's codes as CSV (treat the file like cash). */
export function VoucherCsvButton({ batchId, label = "CSV", size = "xs" }: { batchId: string; label?: string; size?: "xs" | "sm" }) {
  const csv = useVoucherCsv();
  return (
    <Button
      size={size}
      variant="light"
      loading={csv.isPending}
      onClick={() =>
        csv.mutate(batchId, {
          onSuccess: (blob) => saveBlob(blob, `vouchers-${batchId.slice(0, 8)}.csv`),
          onError: (error) => notifications.show({ color: "red", title: "The download failed", message: errorMessage(error) }),
        })
      }
      data-testid="voucher-csv"
    >
      {label}
    </Button>
  );
}
