import { Badge, Code, Group, Table, Text, Tooltip, UnstyledButton } from "@mantine/core";

import { Money } from "@/components/Money";
import { formatDateTime } from "@/lib/dates";
import { formatDuration } from "@/lib/duration";

import type { Cdr, CdrSort } from "../api/cdrs";

type SortKey = "started_at" | "cost";

function SortHeader({ label, column, sort, onSort }: { label: string; column: SortKey; sort: CdrSort; onSort: (sort: CdrSort) => void }) {
  const active = sort.replace("-", "") === column;
  const descending = sort.startsWith("-");
  const next: CdrSort = active && descending ? column : (`-${column}` as CdrSort);
  return (
    <UnstyledButton
      onClick={() => onSort(next)}
      aria-label={`Sort by ${label.toLowerCase()}, ${next.startsWith("-") ? "highest or newest first" : "lowest or oldest first"}`}
      data-testid={`sort-${column}`}
      fw={700}
      fz="sm"
    >
      {label} {active ? (descending ? "↓" : "↑") : "↕"}
    </UnstyledButton>
  );
}

function dispositionColor(disposition: string): string {
  if (disposition === "ANSWERED") return "green";
  if (disposition === "BUSY" || disposition === "NO ANSWER") return "yellow";
  return "red";
}

/** Call records as the API sends them: masked numbers stay masked, money stays exact. */
export function CdrTable({
  cdrs,
  timeZone,
  sort,
  onSort,
  compact = false,
}: {
  cdrs: readonly Cdr[];
  timeZone: string;
  sort?: CdrSort;
  onSort?: (sort: CdrSort) => void;
  compact?: boolean;
}) {
  const header = (label: string, column: SortKey) => (sort && onSort ? <SortHeader label={label} column={column} sort={sort} onSort={onSort} /> : label);
  return (
    <Table.ScrollContainer minWidth={compact ? 340 : 560}>
      <Table striped verticalSpacing="xs" data-testid="cdr-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{header("Started", "started_at")}</Table.Th>
            <Table.Th>Number</Table.Th>
            <Table.Th visibleFrom={compact ? "xl" : "sm"}>Destination</Table.Th>
            <Table.Th>Duration</Table.Th>
            {compact ? null : <Table.Th visibleFrom="sm">Disposition</Table.Th>}
            {compact ? null : <Table.Th visibleFrom="lg">Direction</Table.Th>}
            <Table.Th style={{ textAlign: "right" }}>{header("Cost", "cost")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cdrs.map((cdr) => (
            <Table.Tr key={cdr.id} data-testid="cdr-row">
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Text size="sm">{formatDateTime(cdr.started_at, { timeZone })}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Code data-testid="cdr-number">{cdr.dialled_number}</Code>
                  {cdr.masked ? (
                    <Tooltip label="The last digits are hidden, as the account chose">
                      <Badge size="xs" variant="light" color="gray" data-testid="cdr-masked">
                        masked
                      </Badge>
                    </Tooltip>
                  ) : null}
                </Group>
                {cdr.caller_number ? (
                  <Text size="xs" c="dimmed">
                    from {cdr.caller_number}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td visibleFrom={compact ? "xl" : "sm"}>
                <Text size="sm">{cdr.destination ?? "—"}</Text>
                {cdr.matched_prefix ? (
                  <Text size="xs" c="dimmed">
                    prefix {cdr.matched_prefix}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }} title={`${cdr.billable_seconds} s billed of ${cdr.duration} s`}>
                  {formatDuration(cdr.billable_seconds)}
                </Text>
              </Table.Td>
              {compact ? null : (
                <Table.Td visibleFrom="sm">
                  <Badge size="sm" variant="light" color={dispositionColor(cdr.disposition)} tt="none">
                    {cdr.disposition}
                  </Badge>
                </Table.Td>
              )}
              {compact ? null : (
                <Table.Td visibleFrom="lg">
                  <Text size="sm">{cdr.direction}</Text>
                </Table.Td>
              )}
              <Table.Td style={{ textAlign: "right" }}>
                {cdr.cost !== null && cdr.currency ? (
                  <Money amount={cdr.cost} currency={cdr.currency} exact size="sm" />
                ) : (
                  <Text size="xs" c="dimmed">
                    {cdr.rating_status.replace("_", " ")}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
