import { Badge, Table, Text } from "@mantine/core";

import { AnchorLink } from "@/components/AnchorLink";
import { formatDateTime } from "@/lib/dates";

import type { BillingRun } from "../api/invoicing";

const COLORS: Record<string, string> = { queued: "gray", running: "blue", succeeded: "green", failed: "red" };

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={COLORS[status] ?? "gray"} data-testid="run-status">
      {status}
    </Badge>
  );
}

export function RunsTable({ runs, timeZone }: { runs: BillingRun[]; timeZone: string }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="runs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Started</Table.Th>
            <Table.Th>Period</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Clients</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => (
            <Table.Tr key={run.id} data-testid="run-row">
              <Table.Td>
                <AnchorLink to="/billing-runs/$runId" params={{ runId: run.id }} size="sm">
                  {formatDateTime(run.created_at, { timeZone })}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{run.period ?? "Last closed"}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {run.dry_run ? "Dry run" : "Billing"} · {run.trigger}
                </Text>
              </Table.Td>
              <Table.Td>
                <RunStatusBadge status={run.status} />
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">
                  {run.clients_done} / {run.clients_total}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
