import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../platform/api';
import { formatDate } from '../platform/format';
import { useMe } from '../platform/useMe';

type Holiday = { day: string; name: string; source: string | null };

/** /feedback/ngay-nghi — the holiday calendar deadlines skip; administrators edit it. */
export function HolidaysPage() {
  const me = useMe();
  const [form, setForm] = useState({ day: '', name: '' });
  const list = useQuery({
    queryKey: ['feedback-holidays'],
    queryFn: () => api<{ items: Holiday[] }>('/api/v1/feedback/holidays'),
  });
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    void list.refetch();
  };
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/feedback/holidays/${form.day}`, { method: 'PUT', json: { name: form.name } }),
    onSuccess: () => {
      setForm({ day: '', name: '' });
      done('Đã lưu ngày nghỉ.');
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });
  const remove = useMutation({
    mutationFn: (day: string) => api(`/api/v1/feedback/holidays/${day}`, { method: 'DELETE' }),
    onSuccess: () => done('Đã xoá ngày nghỉ.'),
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });
  const admin = Boolean(me.data?.isAdmin);
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Lịch ngày nghỉ lễ, Tết
      </Title>
      <Text c="dimmed">
        Thời hạn xử lý tính theo ngày làm việc: bỏ qua thứ Bảy, Chủ nhật và các ngày dưới đây.
      </Text>
      {admin ? (
        <Group align="end">
          <TextInput
            label="Ngày"
            type="date"
            value={form.day}
            onChange={(e) => setForm({ ...form, day: e.currentTarget.value })}
          />
          <TextInput
            label="Tên ngày nghỉ"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            w={320}
          />
          <Button
            color="red.9"
            disabled={!form.day || !form.name.trim()}
            loading={save.isPending}
            onClick={() => save.mutate()}
          >
            Lưu
          </Button>
        </Group>
      ) : (
        <Alert color="gray">Chỉ quản trị viên được sửa lịch ngày nghỉ.</Alert>
      )}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Ngày</Table.Th>
            <Table.Th>Tên</Table.Th>
            {admin && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((h) => (
            <Table.Tr key={h.day}>
              <Table.Td>{formatDate(h.day)}</Table.Td>
              <Table.Td>{h.name}</Table.Td>
              {admin && (
                <Table.Td>
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red.9"
                    onClick={() =>
                      window.confirm(`Xoá ngày ${formatDate(h.day)}?`) && remove.mutate(h.day)
                    }
                  >
                    Xoá
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
