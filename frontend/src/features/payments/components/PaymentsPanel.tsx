import { Box, Button, Group, Paper, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";

import { PaginationBar } from "@/components/PaginationBar";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";

import type { Payment } from "../api/payments";
import { useClientPayments } from "../hooks/usePayments";
import { PaymentsTable } from "./PaymentsTable";
import { RecordPaymentModal } from "./RecordPaymentModal";
import { ReversePaymentModal } from "./ReversePaymentModal";

const SIZE = 10;

/** A client's payments; staff and its reseller record, void and refund them. */
export function PaymentsPanel({ userId, currency, canManage, timeZone }: { userId: string; currency: string; canManage: boolean; timeZone: string }) {
  const [page, setPage] = useState(1);
  const payments = useClientPayments(userId, { limit: SIZE, offset: (page - 1) * SIZE });
  const [recording, recorder] = useDisclosure(false);
  const [reversing, setReversing] = useState<{ payment: Payment; action: "void" | "refund" } | null>(null);
  return (
    <Paper withBorder radius="md" p="md" data-testid="payments">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Payments</Title>
        {canManage ? (
          <Button size="sm" variant="light" onClick={recorder.open} data-testid="record-payment">
            Record payment
          </Button>
        ) : null}
      </Group>
      {payments.isPending ? (
        <LoadingState />
      ) : payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : payments.data.total === 0 ? (
        <EmptyState title="No payments yet" />
      ) : (
        <Box opacity={payments.isPlaceholderData ? 0.6 : 1}>
          <PaymentsTable payments={payments.data.items} timeZone={timeZone} onReverse={canManage ? (payment, action) => setReversing({ payment, action }) : undefined} />
          <PaginationBar page={page} total={payments.data.total} pageSize={SIZE} onChange={setPage} />
        </Box>
      )}
      {canManage ? (
        <>
          <RecordPaymentModal userId={userId} currency={currency} opened={recording} onClose={recorder.close} />
          <ReversePaymentModal userId={userId} target={reversing} onClose={() => setReversing(null)} />
        </>
      ) : null}
    </Paper>
  );
}
