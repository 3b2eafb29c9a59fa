import {
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Menu,
  MultiSelect,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../platform/api';
import { formatDate, formatNumber } from '../platform/format';
import { activeUnit, useMe } from '../platform/useMe';
import {
  CHANNEL_LABELS,
  FIELD_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  TYPE_LABELS,
  options,
} from './labels';
import type { CaseItem } from './types';
import { useUnits } from './useUnits';

const PAGE = 20;
const FILTER_KEYS = [
  'status',
  'type',
  'field',
  'unitCode',
  'channel',
  'due',
  'from',
  'to',
  'q',
  'sort',
  'order',
] as const;
type SavedView = { id: number; name: string; query: Record<string, string> };

/** Due date with its flag: red when overdue, orange when due within 2 working days. */
export function DueBadge({ dueAt, state }: { dueAt: string | null; state: CaseItem['dueState'] }) {
  if (!dueAt) return <Text size="sm">—</Text>;
  if (state === 'overdue') return <Badge color="red.9">Quá hạn {formatDate(dueAt)}</Badge>;
  if (state === 'due_soon')
    return (
      <Badge variant="dot" color="orange">
        Sắp hạn {formatDate(dueAt)}
      </Badge>
    );
  return <Text size="sm">{formatDate(dueAt)}</Text>;
}

/** /feedback — the inbox of the user's unit and the units below it. */
export function InboxPage() {
  const me = useMe();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search, 400);
  const page = Number(params.get('trang') ?? '1') || 1;
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Record<
    (typeof FILTER_KEYS)[number],
    string
  >;
  filters.q = q;
  const unit = me.data ? activeUnit(me.data) : null;
  const children = useUnits(unit?.code ?? '');
  const list = useQuery({
    queryKey: ['feedback-inbox', filters, page],
    queryFn: () =>
      api<{ items: CaseItem[]; total: number }>(
        `/api/v1/feedback${query({ ...filters, limit: PAGE, offset: (page - 1) * PAGE })}`,
      ),
  });
  const views = useQuery({
    queryKey: ['feedback-views'],
    queryFn: () => api<{ items: SavedView[] }>('/api/v1/feedback/views'),
  });
  const saveView = useMutation({
    mutationFn: (name: string) =>
      api('/api/v1/feedback/views', {
        json: { name, query: Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) },
      }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Đã lưu bộ lọc.' });
      void client.invalidateQueries({ queryKey: ['feedback-views'] });
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('trang');
    setParams(next);
  };
  const applyView = (view: SavedView) => {
    setSearch(view.query.q ?? '');
    setParams(new URLSearchParams(view.query));
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Hộp thư phản ánh, kiến nghị
        </Title>
        <Group>
          <Menu>
            <Menu.Target>
              <Button variant="default">Bộ lọc đã lưu</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(views.data?.items ?? []).map((v) => (
                <Menu.Item key={v.id} onClick={() => applyView(v)}>
                  {v.name}
                </Menu.Item>
              ))}
              {(views.data?.items.length ?? 0) === 0 && <Menu.Label>Chưa có bộ lọc nào</Menu.Label>}
              <Menu.Divider />
              <Menu.Item
                onClick={() => {
                  const name = window.prompt('Tên bộ lọc');
                  if (name?.trim()) saveView.mutate(name.trim());
                }}
              >
                Lưu bộ lọc hiện tại…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button
            component="a"
            variant="default"
            href={`/api/v1/feedback/export.xlsx${query(filters)}`}
          >
            Xuất Excel
          </Button>
          <Button component={Link} to="/feedback/nhap">
            Nhập hồ sơ
          </Button>
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TextInput
            label="Tìm kiếm (không cần dấu)"
            placeholder="vd. duong ngap, PA-…"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, md: 4 }}>
          <MultiSelect
            label="Trạng thái"
            data={options(STATUS_LABELS)}
            value={filters.status ? filters.status.split(',') : []}
            onChange={(v) => setFilter('status', v.join(','))}
            clearable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <Select
            label="Loại"
            data={options(TYPE_LABELS)}
            value={filters.type || null}
            onChange={(v) => setFilter('type', v)}
            clearable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <Select
            label="Hạn"
            data={[
              { value: 'overdue', label: 'Quá hạn' },
              { value: 'due_soon', label: 'Sắp đến hạn' },
            ]}
            value={filters.due || null}
            onChange={(v) => setFilter('due', v)}
            clearable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Select
            label="Lĩnh vực"
            data={options(FIELD_LABELS)}
            value={filters.field || null}
            onChange={(v) => setFilter('field', v)}
            clearable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Select
            label="Đơn vị"
            searchable
            data={(children.data ?? []).map((u) => ({ value: u.code, label: u.name }))}
            value={filters.unitCode || null}
            onChange={(v) => setFilter('unitCode', v)}
            clearable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <Select
            label="Kênh"
            data={options(CHANNEL_LABELS)}
            value={filters.channel || null}
            onChange={(v) => setFilter('channel', v)}
            clearable
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <TextInput
            label="Từ ngày"
            type="date"
            value={filters.from}
            onChange={(e) => setFilter('from', e.currentTarget.value)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 2 }}>
          <TextInput
            label="Đến ngày"
            type="date"
            value={filters.to}
            onChange={(e) => setFilter('to', e.currentTarget.value)}
          />
        </Grid.Col>
      </Grid>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {formatNumber(list.data?.total ?? 0)} hồ sơ
        </Text>
        <Group gap="xs">
          <Select
            aria-label="Sắp xếp"
            size="xs"
            data={[
              { value: 'receivedAt', label: 'Ngày tiếp nhận' },
              { value: 'dueAt', label: 'Hạn xử lý' },
              { value: 'updatedAt', label: 'Cập nhật gần nhất' },
              { value: 'status', label: 'Trạng thái' },
            ]}
            value={filters.sort || 'receivedAt'}
            onChange={(v) => setFilter('sort', v)}
          />
          <Select
            aria-label="Chiều sắp xếp"
            size="xs"
            w={110}
            data={[
              { value: 'desc', label: 'Giảm dần' },
              { value: 'asc', label: 'Tăng dần' },
            ]}
            value={filters.order || 'desc'}
            onChange={(v) => setFilter('order', v)}
          />
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Mã</Table.Th>
              <Table.Th>Tiêu đề</Table.Th>
              <Table.Th>Loại</Table.Th>
              <Table.Th>Trạng thái</Table.Th>
              <Table.Th>Đơn vị xử lý</Table.Th>
              <Table.Th>Tiếp nhận</Table.Th>
              <Table.Th>Hạn</Table.Th>
              <Table.Th>Người gửi</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/feedback/ho-so/${c.id}`} ff="monospace" size="sm">
                    {c.trackingCode}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/feedback/ho-so/${c.id}`} c="inherit">
                    {c.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{TYPE_LABELS[c.type]}</Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={STATUS_COLORS[c.status] ?? 'gray'}>
                    {c.statusLabel}
                  </Badge>
                </Table.Td>
                <Table.Td>{c.unitName}</Table.Td>
                <Table.Td>{formatDate(c.receivedAt)}</Table.Td>
                <Table.Td>
                  <DueBadge dueAt={c.dueAt} state={c.dueState} />
                </Table.Td>
                <Table.Td>
                  {c.petitionerLabel ?? (c.type === 'to_cao' ? 'Được bảo vệ' : '—')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && list.data.items.length === 0 && <Text c="dimmed">Không có hồ sơ phù hợp.</Text>}
      <Pagination
        total={Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE))}
        value={page}
        onChange={(p) => {
          const next = new URLSearchParams(params);
          next.set('trang', String(p));
          setParams(next);
        }}
      />
    </Stack>
  );
}
