import {
  Anchor,
  Button,
  Card,
  Group,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, query } from '../platform/api';
import { formatDate } from '../platform/format';
import type { SearchResult } from './types';

export type ManagedCollection = {
  id: number;
  name: string;
  description: string | null;
  theme: string | null;
  unitName: string;
  isPublic: boolean;
  documentCount: number;
  canManage: boolean;
};

type Item = { id: number; title: string; number: string | null; issuedOn: string | null };

type CollectionEditorProps = { collection: ManagedCollection; onChanged: () => void };

/** Edits one collection: its name and description, its documents; deletes it. */
export function CollectionEditor({ collection, onChanged }: CollectionEditorProps) {
  const [form, setForm] = useState({
    name: collection.name,
    description: collection.description ?? '',
    theme: collection.theme ?? '',
    isPublic: collection.isPublic,
  });
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const base = `/api/v1/library/collections/${collection.id}`;
  const items = useQuery({
    queryKey: ['library-collection-items', collection.id],
    queryFn: () => api<{ items: Item[] }>(`${base}/items`),
  });
  const found = useQuery({
    queryKey: ['library-search', submitted],
    queryFn: () => api<SearchResult>(`/api/v1/library/search${query({ q: submitted })}`),
    enabled: submitted !== '',
  });
  const fail = (e: Error) => notifications.show({ color: 'red', message: e.message });
  const refresh = (message: string) => {
    notifications.show({ color: 'green', message });
    void items.refetch();
    onChanged();
  };
  const save = useMutation({
    mutationFn: () => api(base, { method: 'PUT', json: form }),
    onSuccess: () => refresh('Đã lưu bộ sưu tập.'),
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: () => api(base, { method: 'DELETE' }),
    onSuccess: () => refresh('Đã xoá bộ sưu tập.'),
    onError: fail,
  });
  const add = useMutation({
    mutationFn: (documentId: number) => api(`${base}/items`, { json: { documentId } }),
    onSuccess: () => refresh('Đã thêm tài liệu.'),
    onError: fail,
  });
  const drop = useMutation({
    mutationFn: (documentId: number) => api(`${base}/items/${documentId}`, { method: 'DELETE' }),
    onSuccess: () => refresh('Đã bỏ tài liệu khỏi bộ sưu tập.'),
    onError: fail,
  });
  const inside = new Set((items.data?.items ?? []).map((i) => i.id));
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          {collection.name}
        </Title>
        <Text size="sm" c="dimmed">
          {collection.unitName}
        </Text>
        <TextInput
          label="Tên bộ sưu tập"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          required
        />
        <Textarea
          label="Mô tả"
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
        />
        <TextInput
          label="Chủ đề"
          value={form.theme}
          onChange={(e) => setForm({ ...form, theme: e.currentTarget.value })}
        />
        <Switch
          label="Hiện trên trang thư viện công khai"
          checked={form.isPublic}
          onChange={(e) => setForm({ ...form, isPublic: e.currentTarget.checked })}
        />
        <Group>
          <Button
            color="red.9"
            disabled={!form.name.trim()}
            loading={save.isPending}
            onClick={() => save.mutate()}
          >
            Lưu thay đổi
          </Button>
          <Button
            variant="outline"
            color="red.9"
            loading={remove.isPending}
            onClick={() =>
              window.confirm(
                `Xoá bộ sưu tập «${collection.name}»? Các tài liệu vẫn còn trong thư viện.`,
              ) && remove.mutate()
            }
          >
            Xoá bộ sưu tập
          </Button>
        </Group>

        <Title order={3} size="h5">
          Tài liệu trong bộ sưu tập
        </Title>
        <Table aria-label="Tài liệu trong bộ sưu tập">
          <Table.Tbody>
            {(items.data?.items ?? []).map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Anchor c="blue.9" component={Link} to={`/library/documents/${item.id}`}>
                    {item.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {item.number ?? ''} · {formatDate(item.issuedOn)}
                  </Text>
                </Table.Td>
                <Table.Td w={1}>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Bỏ «${item.title}» khỏi bộ sưu tập`}
                    onClick={() => drop.mutate(item.id)}
                  >
                    Bỏ ra
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {items.data?.items.length === 0 && (
          <Text size="sm" c="dimmed">
            Chưa có tài liệu nào.
          </Text>
        )}

        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSubmitted(q.trim());
          }}
        >
          <Group align="end">
            <TextInput
              label="Tìm tài liệu để thêm"
              placeholder="Tên, số ký hiệu, từ khoá"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={360}
            />
            <Button type="submit" variant="default">
              Tìm tài liệu
            </Button>
          </Group>
        </form>
        {(found.data?.items ?? []).map((hit) => (
          <Group key={hit.id} justify="space-between" wrap="nowrap">
            <Text size="sm">
              {hit.title} {hit.number ? `(${hit.number})` : ''}
            </Text>
            <Button
              size="xs"
              variant="default"
              disabled={inside.has(hit.id)}
              aria-label={`Thêm «${hit.title}» vào bộ sưu tập`}
              onClick={() => add.mutate(hit.id)}
            >
              {inside.has(hit.id) ? 'Đã có' : 'Thêm'}
            </Button>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
