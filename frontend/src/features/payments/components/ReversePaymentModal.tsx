import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { formatMoney } from "@/lib/money";

import type { Payment } from "../api/payments";
import { useReversePayment } from "../hooks/usePayments";

const FIELDS = ["reason", "amount"] as const;

/** Void (recorded in error) or refund (money given back) a payment: one reversing ledger entry, whole payment only. */
export function ReversePaymentModal({ userId, target, onClose }: { userId: string; target: { payment: Payment; action: "void" | "refund" } | null; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const reverse = useReversePayment(userId);
  const close = () => {
    reverse.reset();
    setReason("");
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!target || reason.trim() === "") return;
    reverse.mutate(
      { paymentId: target.payment.id, action: target.action, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: target.action === "void" ? "Payment voided" : "Payment refunded" });
          close();
        },
      },
    );
  };
  const verb = target?.action === "refund" ? "Refund" : "Void";
  return (
    <Modal opened={target !== null} onClose={close} title={`${verb} this payment?`}>
      <form onSubmit={submit} noValidate data-testid="reverse-payment-form">
        <Stack gap="sm">
          <ProblemAlert error={reverse.error} fields={FIELDS} title={`Could not ${verb.toLowerCase()} the payment`} />
          {target ? (
            <Text size="sm">
              {formatMoney(target.payment.amount, target.payment.currency)} is taken back from the client's account. {target.action === "void" ? "Use this for a payment recorded in error." : "Use this when the money was given back."}
            </Text>
          ) : null}
          <Textarea label="Reason" required autosize minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError(reverse.error, "reason", FIELDS)} data-testid="reverse-reason" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={reverse.isPending} disabled={reason.trim() === ""} data-testid="submit-reverse">
              {verb}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
