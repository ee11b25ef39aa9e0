import { Button, Checkbox, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { today } from "@/lib/zoned";

import type { BillingRun } from "../api/invoicing";
import { useStartBillingRun } from "../hooks/useInvoicing";
import { recentMonths } from "./runReport";

const FIELDS = ["period", "dry_run", "as_of", "client_ids"] as const;
const LAST_CLOSED = "last-closed";

/**
 * Start a billing run: for each client's last closed period (the default), or for the period
 * containing a chosen month; a dry run writes nothing but its report.
 */
export function StartRunForm({ timeZone, onStarted }: { timeZone: string; onStarted: (run: BillingRun) => void }) {
  const [period, setPeriod] = useState(LAST_CLOSED);
  const [dryRun, setDryRun] = useState(true);
  const start = useStartBillingRun();
  const months = recentMonths(today(timeZone));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ period: period === LAST_CLOSED ? null : period, dry_run: dryRun }, { onSuccess: onStarted });
  };
  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate data-testid="start-run-form">
        <Stack gap="sm">
          <Title order={4}>Start a billing run</Title>
          <ProblemAlert error={start.error} fields={FIELDS} title="Could not start the run" />
          <Group align="flex-end" gap="md" wrap="wrap">
            <Select
              label="Period"
              description="In each client's own timezone and billing cycle"
              allowDeselect={false}
              data={[{ value: LAST_CLOSED, label: "Each client's last closed period" }, ...months.map((month) => ({ value: month, label: `The period containing ${month}` }))]}
              value={period}
              onChange={(value) => setPeriod(value ?? LAST_CLOSED)}
              error={fieldError(start.error, "period", FIELDS)}
              style={{ flex: "1 1 260px" }}
              data-testid="run-period"
            />
            <Checkbox label="Dry run" description="Preview the invoices; write nothing" checked={dryRun} onChange={(event) => setDryRun(event.currentTarget.checked)} data-testid="run-dry" />
            <Button type="submit" loading={start.isPending} data-testid="start-run">
              {dryRun ? "Preview" : "Bill now"}
            </Button>
          </Group>
          {!dryRun ? (
            <Text size="sm" c="orange.8">
              A real run creates the invoices and, when the invoicing profile says so, issues them at once (numbers and ledger charges). Running it again for the same period creates nothing new.
            </Text>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
