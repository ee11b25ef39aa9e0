import { Group, Pagination, Text } from "@mantine/core";

export function PaginationBar({ page, total, pageSize, onChange }: { page: number; total: number; pageSize: number; onChange: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="xs">
      <Text size="sm" c="dimmed">
        {total === 0 ? "No results" : `${first}–${last} of ${total}`}
      </Text>
      {pages > 1 ? <Pagination size="sm" total={pages} value={Math.min(page, pages)} onChange={onChange} siblings={1} boundaries={1} /> : null}
    </Group>
  );
}
