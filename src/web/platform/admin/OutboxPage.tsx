import { Alert, Badge, Button, Container, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from '../api';
import { formatDateTime } from '../format';

/** One mail as the API gives it; addresses and bodies of mail to citizens come masked. */
type Mail = {
  id: number;
  toAddress: string;
  subject: string;
  body: string;
  personal?: boolean;
  status: string;
  createdAt: string;
};

const PAGE = 50;
const STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: 'Chờ gửi', color: 'blue' },
  sent: { label: 'Đã gửi', color: 'green' },
  failed: { label: 'Gửi lỗi', color: 'red' },
  kept: { label: 'Giữ tại hộp thư đi', color: 'gray' },
};

/** /quan-tri/thu-di — mail the platform sent or keeps (no SMTP configured), for administrators. */
export function OutboxPage() {
  const [page, setPage] = useState(0);
  const outbox = useQuery({
    queryKey: ['admin-outbox', page],
    queryFn: () =>
      api<{ items: Mail[] }>(`/api/v1/admin/outbox${query({ limit: PAGE, offset: page * PAGE })}`),
  });
  const items = outbox.data?.items ?? [];
  return (
    <Container size="xl">
      <Stack>
        <Title order={1} size="h2">
          Hộp thư đi
        </Title>
        <Text c="dimmed">
          Thư thông báo của hệ thống. Khi chưa cấu hình máy chủ thư (SMTP), thư được giữ tại đây.
          Thư gửi người dân chỉ hiện địa chỉ đã che và bản rút gọn.
        </Text>
        {outbox.error && <Alert color="red">{outbox.error.message}</Alert>}
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Thời điểm</Table.Th>
                <Table.Th>Người nhận</Table.Th>
                <Table.Th>Tiêu đề và nội dung</Table.Th>
                <Table.Th>Trạng thái</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => {
                const status = STATUS[m.status] ?? { label: m.status, color: 'gray' };
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(m.createdAt)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {m.toAddress}
                      </Text>
                      {m.personal && (
                        <Text size="xs" c="dimmed">
                          Người dân (đã che)
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <details>
                        <summary>{m.subject}</summary>
                        <Text size="sm" mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
                          {m.body}
                        </Text>
                      </details>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={status.color} variant="light">
                        {status.label}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
              {outbox.isSuccess && items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed">Không có thư nào.</Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group>
          <Button variant="default" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Trang trước
          </Button>
          <Text size="sm">Trang {page + 1}</Text>
          <Button
            variant="default"
            disabled={items.length < PAGE}
            onClick={() => setPage(page + 1)}
          >
            Trang sau
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
