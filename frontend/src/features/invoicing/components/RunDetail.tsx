import { Alert, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";

import { AnchorLink } from "@/components/AnchorLink";
import { ClientName } from "@/components/ClientName";
import { Money } from "@/components/Money";
import { formatDateTime } from "@/lib/dates";

import type { BillingRun } from "../api/invoicing";
import { isRunFinished } from "../hooks/useInvoicing";
import { readRunReport, runPercent, type RunReport } from "./runReport";
import { RunStatusBadge } from "./RunsTable";

function RunProgress({ run }: { run: BillingRun }) {
  const percent = runPercent(run);
  const finished = isRunFinished(run);
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Group gap="xs">
          <RunStatusBadge status={run.status} />
          <Text size="sm" fw={600}>
            {run.status === "queued" ? "Waiting for a worker…" : run.status === "running" ? "Billing…" : run.status === "succeeded" ? "Finished" : "Failed"}
          </Text>
        </Group>
        <Text size="sm" c="dimmed" data-testid="run-clients">
          {run.clients_done} of {run.clients_total} clients
        </Text>
      </Group>
      <Progress value={percent ?? 100} striped={!finished} animated={!finished} color={run.status === "failed" ? "red" : finished ? "green" : "blue"} size="lg" aria-label="Billing run progress" data-testid="run-progress" />
    </Stack>
  );
}

function Totals({ report }: { report: RunReport }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm" data-testid="run-counts">
      {report.counts.map((count) => (
        <Stack key={count.key} gap={0}>
          <Text size="xs" c="dimmed">
            {count.label}
          </Text>
          <Text fw={700} data-testid={`run-count-${count.key}`}>
            {count.value}
          </Text>
        </Stack>
      ))}
      {report.totals.map((totals) => (
        <Stack key={totals.currency} gap={0}>
          <Text size="xs" c="dimmed">
            Total {totals.currency} (tax)
          </Text>
          <Text fw={700} component="div">
            <Money amount={totals.total} currency={totals.currency} /> <Money amount={totals.tax} currency={totals.currency} size="xs" c="dimmed" />
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

function Preview({ report }: { report: RunReport }) {
  if (report.preview.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={5} mb="sm">
        What a real run would invoice
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" data-testid="run-preview">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Period</Table.Th>
              <Table.Th>Lines</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.preview.flatMap((client) =>
              client.invoices.map((invoice, index) => (
                <Table.Tr key={`${client.clientId}-${index}`}>
                  <Table.Td>{client.clientId ? <ClientName userId={client.clientId} tab="invoicing" /> : "—"}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{client.period}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{invoice.lines.map((line) => line.description).join(", ")}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Money amount={invoice.total} currency={invoice.currency} size="sm" />
                  </Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** A billing run: progress while it runs (polled), then its report, errors and invoices. */
export function RunDetail({ run, timeZone }: { run: BillingRun; timeZone: string }) {
  const report = readRunReport(run);
  const finished = isRunFinished(run);
  return (
    <Stack gap="md" data-testid="run-detail">
      <Paper withBorder radius="md" p="md">
        <Stack gap="md">
          <RunProgress run={run} />
          <Text size="sm" c="dimmed">
            {run.dry_run ? "Dry run" : "Billing run"} for {run.period ? `the period containing ${run.period}` : "each client's last closed period"}, as of {formatDateTime(run.as_of, { timeZone })}
            {run.finished_at ? `; finished ${formatDateTime(run.finished_at, { timeZone })}` : ""}.
          </Text>
          {run.detail ? <Alert color={run.status === "failed" ? "red" : "gray"}>{run.detail}</Alert> : null}
          {report.counts.length > 0 ? <Totals report={report} /> : null}
          {finished && !run.dry_run && run.status === "succeeded" ? (
            <AnchorLink to="/invoices" search={{ run: run.id }} size="sm" data-testid="run-invoices">
              The invoices of this run →
            </AnchorLink>
          ) : null}
        </Stack>
      </Paper>
      {report.errors.length > 0 ? (
        <Alert color="red" title={`${report.errors.length} client${report.errors.length === 1 ? "" : "s"} could not be billed`} data-testid="run-errors">
          <Stack gap={4}>
            {report.errors.map((error, index) => (
              <Group key={`${error.clientId ?? "run"}-${index}`} gap="xs" wrap="nowrap" align="flex-start">
                {error.clientId ? <ClientName userId={error.clientId} tab="invoicing" /> : null}
                <Text size="sm">{error.message}</Text>
              </Group>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {run.dry_run ? <Preview report={report} /> : null}
    </Stack>
  );
}
