import { BarChart } from '@mantine/charts';
import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../platform/api';
import { formatDate, formatNumber } from '../platform/format';

type Stats = {
  totals: { views: number; downloads: number; searches: number; zeroResults: number };
  daily: { day: string; views: number; downloads: number; searches: number }[];
  topDocuments: {
    id: number;
    title: string;
    number: string | null;
    views: number;
    downloads: number;
  }[];
  topCollections: { id: number; name: string; views: number; documents: number }[];
  topSearches: { query: string; count: number; avgResults: number }[];
  zeroResultSearches: { query: string; count: number }[];
  listedFrom: number;
};

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {formatNumber(value)}
      </Text>
    </Card>
  );
}

/** Usage of the library: views, downloads, searches; charts and Excel export. */
export function StatsPage() {
  const [days, setDays] = useState('30');
  const stats = useQuery({
    queryKey: ['library-stats', days],
    queryFn: () => api<Stats>(`/api/v1/library/stats?days=${days}`),
  });
  if (stats.isPending) return <Loader aria-label="Đang tải" />;
  if (stats.isError) return <Alert color="red">{stats.error.message}</Alert>;
  const s = stats.data;
  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={1} size="h3">
          Thống kê thư viện
        </Title>
        <Group>
          <SegmentedControl
            color="red.9"
            value={days}
            onChange={setDays}
            data={[
              { value: '7', label: '7 ngày' },
              { value: '30', label: '30 ngày' },
              { value: '365', label: '1 năm' },
            ]}
          />
          <Button component="a" href={`/api/v1/library/stats.xlsx?days=${days}`} variant="default">
            Xuất Excel
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Lượt xem" value={s.totals.views} />
        <Figure label="Lượt tải" value={s.totals.downloads} />
        <Figure label="Lượt tìm" value={s.totals.searches} />
        <Figure label="Tìm không có kết quả" value={s.totals.zeroResults} />
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} mb="sm">
          Theo ngày
        </Text>
        <BarChart
          h={260}
          data={s.daily.map((d) => ({ ...d, day: formatDate(d.day) }))}
          dataKey="day"
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          valueFormatter={formatNumber}
          aria-label="Biểu đồ lượt xem, lượt tải và lượt tìm theo ngày"
          series={[
            { name: 'views', label: 'Lượt xem', color: 'blue.6' },
            { name: 'downloads', label: 'Lượt tải', color: 'teal.6' },
            { name: 'searches', label: 'Lượt tìm', color: 'orange.6' },
          ]}
        />
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Text fw={600}>Tài liệu được xem nhiều</Text>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tài liệu</Table.Th>
                <Table.Th>Xem</Table.Th>
                <Table.Th>Tải</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.topDocuments.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Link to={`/library/documents/${d.id}`}>{d.title}</Link>
                  </Table.Td>
                  <Table.Td>{formatNumber(d.views)}</Table.Td>
                  <Table.Td>{formatNumber(d.downloads)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Text fw={600}>Bộ sưu tập</Text>
          <Table>
            <Table.Tbody>
              {s.topCollections.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{formatNumber(c.views)} lượt xem</Table.Td>
                  <Table.Td>{formatNumber(c.documents)} tài liệu</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Text fw={600}>Tìm nhiều nhất</Text>
          {s.listedFrom > 1 && (
            <Text size="xs" c="dimmed">
              Chỉ liệt kê từ khoá được ít nhất {s.listedFrom} người khác nhau tìm, để giữ riêng tư
              cho người tìm.
            </Text>
          )}
          <Table>
            <Table.Tbody>
              {s.topSearches.map((q) => (
                <Table.Tr key={q.query}>
                  <Table.Td>{q.query}</Table.Td>
                  <Table.Td>{formatNumber(q.count)} lần</Table.Td>
                  <Table.Td>~{formatNumber(q.avgResults)} kết quả</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Text fw={600}>Tìm không có kết quả</Text>
          <Text size="xs" c="dimmed">
            Gợi ý tài liệu cần bổ sung hoặc từ viết tắt cần thêm.
          </Text>
          <Table>
            <Table.Tbody>
              {s.zeroResultSearches.map((q) => (
                <Table.Tr key={q.query}>
                  <Table.Td>{q.query}</Table.Td>
                  <Table.Td>{formatNumber(q.count)} lần</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
