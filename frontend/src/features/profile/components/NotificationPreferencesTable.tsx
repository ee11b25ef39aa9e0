import { Checkbox, Table, Text } from "@mantine/core";

import type { ChannelPreferences } from "../api/profile";

/** The events a user can be notified of (the API's NOTIFICATION_EVENTS) and their channels. */
export const NOTIFICATION_EVENTS = [
  { key: "low_credit", label: "Low credit" },
  { key: "spend_cap_reached", label: "Spend cap reached" },
  { key: "invoice_issued", label: "Invoice issued" },
  { key: "payment_received", label: "Payment received" },
] as const;

export const CHANNELS = [
  { key: "email", label: "Email" },
  { key: "sms", label: "SMS" },
  { key: "phone", label: "Phone call" },
] as const;

export type Preferences = Record<string, ChannelPreferences>;
type Channel = (typeof CHANNELS)[number]["key"];

/** The API's default for an event nobody has chosen for yet: e-mail only. */
const DEFAULT_CHANNELS: Required<ChannelPreferences> = { email: true, sms: false, phone: false };

export function channelsOf(preferences: Preferences, event: string): Required<ChannelPreferences> {
  return { ...DEFAULT_CHANNELS, ...preferences[event] };
}

export function NotificationPreferencesTable({ value, onChange, error }: { value: Preferences; onChange: (next: Preferences) => void; error?: string }) {
  const toggle = (event: string, channel: Channel, checked: boolean) =>
    onChange({ ...value, [event]: { ...channelsOf(value, event), [channel]: checked } });

  return (
    <>
      <Table.ScrollContainer minWidth={320}>
        <Table verticalSpacing="xs" data-testid="notification-preferences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Event</Table.Th>
              {CHANNELS.map((channel) => (
                <Table.Th key={channel.key} ta="center">
                  {channel.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {NOTIFICATION_EVENTS.map((event) => {
              const channels = channelsOf(value, event.key);
              return (
                <Table.Tr key={event.key}>
                  <Table.Td>{event.label}</Table.Td>
                  {CHANNELS.map((channel) => (
                    <Table.Td key={channel.key}>
                      <Checkbox
                        mx="auto"
                        w="fit-content"
                        aria-label={`${event.label} by ${channel.label}`}
                        checked={channels[channel.key]}
                        onChange={(e) => toggle(event.key, channel.key, e.currentTarget.checked)}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {error ? (
        <Text c="red" size="sm">
          {error}
        </Text>
      ) : null}
    </>
  );
}
