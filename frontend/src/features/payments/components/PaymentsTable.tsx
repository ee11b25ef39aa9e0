import { Badge, Button, Group, Table, Text } from "@mantine/core";

import { ClientName } from "@/components/ClientName";
import { Money } from "@/components/Money";
import { formatDateTime } from "@/lib/dates";

import { METHOD_LABELS, type Payment } from "../api/payments";

const STATUS_COLORS: Record<Payment["status"], string> = { completed: "green", voided: "gray", refunded: "orange" };

export function PaymentsTable({ payments, timeZone, showClient = false, onReverse }: { payments: Payment[]; timeZone: string; showClient?: boolean; onReverse?: (payment: Payment, action: "void" | "refund") => void }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" data-testid="payments-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Received</Table.Th>
            {showClient ? <Table.Th>Client</Table.Th> : null}
            <Table.Th>Method</Table.Th>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
            {onReverse ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((payment) => (
            <Table.Tr key={payment.id} data-testid="payment-row">
              <Table.Td>
                <Text size="sm">{formatDateTime(payment.received_at, { timeZone })}</Text>
              </Table.Td>
              {showClient ? (
                <Table.Td>
                  <ClientName userId={payment.user_id} tab="billing" />
                </Table.Td>
              ) : null}
              <Table.Td>
                <Text size="sm">{METHOD_LABELS[payment.method]}</Text>
                {payment.provider ? (
                  <Text size="xs" c="dimmed">
                    {payment.provider}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{payment.reference ?? payment.provider_payment_id ?? "—"}</Text>
                {payment.note ? (
                  <Text size="xs" c="dimmed">
                    {payment.note}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={STATUS_COLORS[payment.status]} data-testid="payment-status">
                  {payment.status}
                </Badge>
                {payment.reversal_reason ? (
                  <Text size="xs" c="dimmed">
                    {payment.reversal_reason}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">
                <Money amount={payment.amount} currency={payment.currency} size="sm" td={payment.status === "completed" ? undefined : "line-through"} />
              </Table.Td>
              {onReverse ? (
                <Table.Td>
                  {payment.status === "completed" ? (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="subtle" color="red" onClick={() => onReverse(payment, "void")} data-testid="void-payment">
                        Void
                      </Button>
                      <Button size="xs" variant="subtle" color="orange" onClick={() => onReverse(payment, "refund")}>
                        Refund
                      </Button>
                    </Group>
                  ) : null}
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
