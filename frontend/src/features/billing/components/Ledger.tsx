import { Box, Group, Paper, Select, Title } from "@mantine/core";

import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { choiceParam, offsetOf, PAGE_SIZE } from "@/lib/search";

import { LEDGER_KINDS, type LedgerKind } from "../api/billing";
import { useLedger } from "../hooks/useBilling";
import { KIND_LABELS } from "./ledgerKinds";
import { LedgerTable } from "./LedgerTable";

/** A client's ledger, newest first: one page, filtered by kind (both kept in the URL by the route). */
export function Ledger({
  userId,
  kind,
  page,
  timeZone,
  onChange,
}: {
  userId: string;
  kind: LedgerKind | undefined;
  page: number | undefined;
  timeZone: string;
  onChange: (next: { kind: LedgerKind | undefined; page: number | undefined }) => void;
}) {
  const ledger = useLedger(userId, { kind, limit: PAGE_SIZE, offset: offsetOf(page) });
  return (
    <Paper withBorder radius="md" p="md" data-testid="ledger">
      <Group justify="space-between" align="flex-end" mb="sm" gap="sm">
        <Title order={4}>Ledger</Title>
        <Select
          label="Kind"
          placeholder="Every kind"
          clearable
          data={LEDGER_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }))}
          value={kind ?? null}
          onChange={(value) => onChange({ kind: choiceParam(value, LEDGER_KINDS), page: undefined })}
          w={200}
          data-testid="ledger-kind"
        />
      </Group>
      {ledger.isPending ? (
        <LoadingState />
      ) : ledger.isError ? (
        <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : ledger.data.total === 0 ? (
        <EmptyState title={kind ? `No ${KIND_LABELS[kind].toLowerCase()} entries` : "No entries yet"} description="Every change of this balance is recorded here." />
      ) : (
        <Box opacity={ledger.isPlaceholderData ? 0.6 : 1}>
          <LedgerTable entries={ledger.data.items} timeZone={timeZone} />
          <PaginationBar page={page ?? 1} total={ledger.data.total} pageSize={PAGE_SIZE} onChange={(next) => onChange({ kind, page: next > 1 ? next : undefined })} />
        </Box>
      )}
    </Paper>
  );
}
