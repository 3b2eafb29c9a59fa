import {
  Code,
  Container,
  Group,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from '../api';
import { formatDateTime, formatNumber } from '../format';

type Entry = {
  id: number;
  at: string;
  username: string | null;
  unitCode: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
};

const PAGE = 50;

/** The audit log with filters, for administrators. */
export function AuditPage() {
  const [filters, setFilters] = useState({
    username: '',
    action: '',
    entityType: '',
    unitCode: '',
  });
  const [page, setPage] = useState(1);
  const log = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () =>
      api<{ items: Entry[]; total: number }>(
        `/api/v1/admin/audit${query({ ...filters, limit: PAGE, offset: (page - 1) * PAGE })}`,
      ),
  });
  const set = (key: keyof typeof filters) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setFilters({ ...filters, [key]: e.currentTarget.value });
    setPage(1);
  };
  return (
    <Container size="xl">
      <Stack>
        <Title order={1} size="h2">
          Nhật ký hệ thống
        </Title>
        <Group>
          <TextInput label="Người thực hiện" value={filters.username} onChange={set('username')} />
          <TextInput
            label="Hành động"
            placeholder="vd. user."
            value={filters.action}
            onChange={set('action')}
          />
          <TextInput
            label="Loại đối tượng"
            value={filters.entityType}
            onChange={set('entityType')}
          />
          <TextInput label="Mã đơn vị" value={filters.unitCode} onChange={set('unitCode')} />
        </Group>
        <Text size="sm" c="dimmed">
          {formatNumber(log.data?.total ?? 0)} bản ghi
        </Text>
        <Table.ScrollContainer minWidth={800}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Thời điểm</Table.Th>
                <Table.Th>Người</Table.Th>
                <Table.Th>Đơn vị</Table.Th>
                <Table.Th>Hành động</Table.Th>
                <Table.Th>Đối tượng</Table.Th>
                <Table.Th>Trước → sau</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(log.data?.items ?? []).map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>{e.username}</Table.Td>
                  <Table.Td>{e.unitCode}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>
                    {e.entityType} {e.entityId}
                  </Table.Td>
                  <Table.Td>
                    {(e.before !== null || e.after !== null) && (
                      <Code block fz="xs" mah={120} style={{ overflow: 'auto' }}>
                        {JSON.stringify(e.before)} → {JSON.stringify(e.after)}
                      </Code>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pagination
          total={Math.max(1, Math.ceil((log.data?.total ?? 0) / PAGE))}
          value={page}
          onChange={setPage}
        />
      </Stack>
    </Container>
  );
}
