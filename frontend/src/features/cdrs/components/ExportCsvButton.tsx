import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";

import { saveBlob } from "@/lib/download";
import { errorMessage } from "@/lib/problem";

import type { CdrSelection, CdrSort } from "../api/cdrs";
import { useCdrExport } from "../hooks/useCdrs";

/** Download the whole filtered selection (every page) as the API's CSV. */
export function ExportCsvButton({ query, filename, disabled }: { query: CdrSelection & { sort?: CdrSort }; filename: string; disabled?: boolean }) {
  const exporting = useCdrExport();
  return (
    <Button
      variant="light"
      loading={exporting.isPending}
      disabled={disabled}
      onClick={() =>
        exporting.mutate(query, {
          onSuccess: (blob) => saveBlob(blob, filename),
          onError: (error) => notifications.show({ color: "red", title: "The export failed", message: errorMessage(error) }),
        })
      }
      data-testid="export-csv"
    >
      Export CSV
    </Button>
  );
}
