import { Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";

import { ConfirmModal } from "@/components/ConfirmModal";
import { Money } from "@/components/Money";
import { fieldError, ProblemAlert } from "@/components/ProblemAlert";
import { EmptyState, ErrorState, LoadingState } from "@/components/States";
import { isDay, today } from "@/lib/zoned";

import type { Subscription } from "../api/catalogue";
import { useCreateSubscription, useDeleteSubscription, useServices, useSubscriptions, useUpdateSubscription } from "../hooks/useCatalogue";

const FIELDS = ["service_id", "starts_on", "ends_on", "quantity", "unit_price"] as const;
const AMOUNT = /^\d{1,12}(\.\d{1,6})?$/;

function AddSubscription({ clientId, currency, timeZone }: { clientId: string; currency: string; timeZone: string }) {
  const services = useServices({ limit: 200, offset: 0, active: true });
  const create = useCreateSubscription();
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState(() => today(timeZone));
  const [quantity, setQuantity] = useState<number>(1);
  const [unitPrice, setUnitPrice] = useState("");
  const choices = (services.data?.items ?? []).filter((service) => service.currency === currency);
  const valid = serviceId !== null && isDay(startsOn) && quantity >= 1 && (unitPrice.trim() === "" || AMOUNT.test(unitPrice.trim()));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return;
    create.mutate(
      { client_id: clientId, service_id: serviceId, starts_on: startsOn, quantity, unit_price: unitPrice.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: "green", message: "Subscription added" });
          setServiceId(null);
          setUnitPrice("");
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate data-testid="add-subscription-form">
      <Stack gap="xs">
        <ProblemAlert error={create.error} fields={FIELDS} title="Could not add the subscription" />
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Service"
            placeholder={services.isPending ? "Loading…" : choices.length === 0 ? `No active service in ${currency}` : "Pick a service"}
            data={choices.map((service) => ({ value: service.id, label: `${service.name} (${service.price} ${service.currency} / ${service.cycle})` }))}
            value={serviceId}
            onChange={setServiceId}
            error={fieldError(create.error, "service_id", FIELDS)}
            style={{ flex: "1 1 240px" }}
            data-testid="subscription-service"
          />
          <TextInput label="From" type="date" value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} error={fieldError(create.error, "starts_on", FIELDS)} style={{ flex: "0 1 160px" }} data-testid="subscription-starts" />
          <NumberInput label="Quantity" min={1} allowDecimal={false} value={quantity} onChange={(value) => setQuantity(typeof value === "number" ? value : 1)} style={{ flex: "0 1 100px" }} />
          <TextInput label="Own price" description="Empty: the service's" inputMode="decimal" value={unitPrice} onChange={(e) => setUnitPrice(e.currentTarget.value)} error={fieldError(create.error, "unit_price", FIELDS)} style={{ flex: "0 1 140px" }} />
          <Button type="submit" loading={create.isPending} disabled={!valid} data-testid="add-subscription">
            Subscribe
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function SubscriptionRows({ items, currency, canManage, timeZone }: { items: Subscription[]; currency: string; canManage: boolean; timeZone: string }) {
  const [ending, setEnding] = useState<Subscription | null>(null);
  const [removing, setRemoving] = useState<Subscription | null>(null);
  const update = useUpdateSubscription();
  const remove = useDeleteSubscription();
  return (
    <>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" data-testid="subscriptions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Service</Table.Th>
              <Table.Th ta="right">Quantity</Table.Th>
              <Table.Th ta="right">Own price</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Until</Table.Th>
              {canManage ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id} data-testid="subscription-row">
                <Table.Td>
                  <Text size="sm">{item.service_name}</Text>
                </Table.Td>
                <Table.Td ta="right">{item.quantity}</Table.Td>
                <Table.Td ta="right">{item.unit_price ? <Money amount={item.unit_price} currency={currency} exact size="sm" /> : <Text size="sm" c="dimmed">—</Text>}</Table.Td>
                <Table.Td>{item.starts_on}</Table.Td>
                <Table.Td>{item.ends_on ?? "until stopped"}</Table.Td>
                {canManage ? (
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {item.ends_on === null ? (
                        <Button size="xs" variant="subtle" onClick={() => setEnding(item)}>
                          End today
                        </Button>
                      ) : null}
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(item)}>
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={ending !== null}
        title={`End ${ending?.service_name ?? "this subscription"} today?`}
        confirmLabel="End it"
        color="blue"
        loading={update.isPending}
        error={update.error}
        onClose={() => {
          update.reset();
          setEnding(null);
        }}
        onConfirm={() => ending && update.mutate({ id: ending.id, body: { ends_on: today(timeZone) } }, { onSuccess: () => setEnding(null) })}
      >
        Today is its last billed day (prorated on the next invoice).
      </ConfirmModal>
      <ConfirmModal
        opened={removing !== null}
        title={`Delete ${removing?.service_name ?? "this subscription"}?`}
        confirmLabel="Delete"
        loading={remove.isPending}
        error={remove.error}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      >
        A subscription that was already invoiced cannot be deleted: end it instead.
      </ConfirmModal>
    </>
  );
}

/** A client's subscriptions to recurring services; staff and its reseller add, end and delete them. */
export function SubscriptionsPanel({ clientId, currency, canManage, timeZone }: { clientId: string; currency: string; canManage: boolean; timeZone: string }) {
  const subscriptions = useSubscriptions({ client_id: clientId, limit: 200, offset: 0 });
  return (
    <Paper withBorder radius="md" p="md" data-testid="subscriptions">
      <Title order={4} mb="sm">
        Subscriptions
      </Title>
      <Stack gap="md">
        {subscriptions.isPending ? (
          <LoadingState />
        ) : subscriptions.isError ? (
          <ErrorState error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />
        ) : subscriptions.data.items.length === 0 ? (
          <EmptyState title="No subscriptions" description={canManage ? "Subscribe the client to a service below." : "Recurring services you subscribe to appear here."} />
        ) : (
          <SubscriptionRows items={subscriptions.data.items} currency={currency} canManage={canManage} timeZone={timeZone} />
        )}
        {canManage ? <AddSubscription clientId={clientId} currency={currency} timeZone={timeZone} /> : null}
      </Stack>
    </Paper>
  );
}
