import { Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";

import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { uuid4 } from "@/lib/ids";
import { formatMoney } from "@/lib/money";

import { useRedeemVoucher } from "../hooks/usePayments";

const FIELDS = ["code"] as const;

/** A client redeems a voucher code on its own account (case, spaces and dashes do not matter). */
export function RedeemVoucherCard({ userId }: { userId: string }) {
  const [code, setCode] = useState("");
  const [key, setKey] = useState(uuid4);
  const redeem = useRedeemVoucher(userId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === "") return;
    redeem.mutate(
      { code: code.trim(), idempotencyKey: key },
      {
        onSuccess: (redemption) => {
          notifications.show({ color: "green", message: `${formatMoney(redemption.value, redemption.currency)} added; your balance is now ${formatMoney(redemption.balance_after, redemption.currency)}` });
          setCode("");
          setKey(uuid4());
        },
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="redeem-voucher">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={4}>Redeem a voucher</Title>
          <ProblemAlert error={redeem.error} fields={FIELDS} title="The code was not accepted" />
          <Group align="flex-start" gap="sm">
            <TextInput
              aria-label="Voucher code"
              placeholder="XXXX-XXXX-XXXX-XXXX"
              value={code}
              onChange={(e) => {
                setCode(e.currentTarget.value);
                setKey(uuid4());
                if (redeem.isError) redeem.reset();
              }}
              error={fieldError(redeem.error, "code", FIELDS)}
              style={{ flex: "1 1 240px" }}
              autoComplete="off"
              data-testid="voucher-code"
            />
            <Button type="submit" loading={redeem.isPending} disabled={code.trim() === ""} data-testid="redeem">
              Redeem
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            The code's value is credited to your balance at once.
          </Text>
        </Stack>
      </form>
    </Paper>
  );
}
