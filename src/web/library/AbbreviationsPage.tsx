import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../platform/api';
import { formatDate } from '../platform/format';
import { useMe } from '../platform/useMe';

type Abbreviation = { key: string; abbreviation: string; expansion: string; updatedAt: string };
type Form = { editing: string | null; abbreviation: string; expansion: string };

const EMPTY: Form = { editing: null, abbreviation: '', expansion: '' };

/** /library/viet-tat — the abbreviations search expands; system administrators edit them. */
export function AbbreviationsPage() {
  const me = useMe();
  const [form, setForm] = useState<Form>(EMPTY);
  const list = useQuery({
    queryKey: ['library-abbreviations'],
    queryFn: () => api<{ items: Abbreviation[] }>('/api/v1/library/abbreviations'),
  });
  const done = (message: string) => {
    notifications.show({ color: 'green', message });
    setForm(EMPTY);
    void list.refetch();
  };
  const fail = (e: Error) => notifications.show({ color: 'red', message: e.message });
  const save = useMutation({
    mutationFn: () => {
      const json = { abbreviation: form.abbreviation, expansion: form.expansion };
      return form.editing
        ? api(`/api/v1/library/abbreviations/${form.editing}`, { method: 'PUT', json })
        : api('/api/v1/library/abbreviations', { json });
    },
    onSuccess: () => done('Đã lưu từ viết tắt. Tìm kiếm dùng ngay từ bây giờ.'),
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: (key: string) => api(`/api/v1/library/abbreviations/${key}`, { method: 'DELETE' }),
    onSuccess: () => done('Đã xoá từ viết tắt.'),
    onError: fail,
  });
  const admin = Boolean(me.data?.isAdmin);
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Từ điển viết tắt
      </Title>
      <Text c="dimmed">
        Khi tìm kiếm, một từ viết tắt khớp cả với dạng đầy đủ: gõ «BHXH» sẽ tìm thấy cả văn bản ghi
        «bảo hiểm xã hội».
      </Text>
      {admin ? (
        <Group align="end">
          <TextInput
            label="Từ viết tắt"
            value={form.abbreviation}
            onChange={(e) => setForm({ ...form, abbreviation: e.currentTarget.value })}
            w={160}
          />
          <TextInput
            label="Dạng đầy đủ"
            value={form.expansion}
            onChange={(e) => setForm({ ...form, expansion: e.currentTarget.value })}
            w={360}
          />
          <Button
            color="red.9"
            disabled={!form.abbreviation.trim() || !form.expansion.trim()}
            loading={save.isPending}
            onClick={() => save.mutate()}
          >
            {form.editing ? 'Lưu thay đổi' : 'Thêm'}
          </Button>
          {form.editing && (
            <Button variant="default" onClick={() => setForm(EMPTY)}>
              Huỷ
            </Button>
          )}
        </Group>
      ) : (
        <Alert color="gray">Chỉ quản trị viên hệ thống được sửa từ điển viết tắt.</Alert>
      )}
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Viết tắt</Table.Th>
            <Table.Th>Dạng đầy đủ</Table.Th>
            <Table.Th>Sửa lần cuối</Table.Th>
            {admin && <Table.Th>Thao tác</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(list.data?.items ?? []).map((a) => (
            <Table.Tr key={a.key}>
              <Table.Td fw={600}>{a.abbreviation}</Table.Td>
              <Table.Td>{a.expansion}</Table.Td>
              <Table.Td>{formatDate(a.updatedAt)}</Table.Td>
              {admin && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Sửa ${a.abbreviation}`}
                      onClick={() =>
                        setForm({
                          editing: a.key,
                          abbreviation: a.abbreviation,
                          expansion: a.expansion,
                        })
                      }
                    >
                      Sửa
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Xoá ${a.abbreviation}`}
                      onClick={() =>
                        window.confirm(`Xoá từ viết tắt «${a.abbreviation}»?`) &&
                        remove.mutate(a.key)
                      }
                    >
                      Xoá
                    </Button>
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
