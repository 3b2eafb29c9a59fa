import { BarChart, DonutChart } from '@mantine/charts';
import {
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from '../platform/api';
import { formatNumber, formatPercent } from '../platform/format';
import { activeUnit, useMe } from '../platform/useMe';
import { CHANNEL_LABELS, FIELD_LABELS, STATUS_LABELS, TYPE_LABELS } from './labels';

type Count = { key: string; count: number };
type Stats = {
  unit: { code: string; name: string };
  total: number;
  open: number;
  answered: number;
  overdue: number;
  onTimeRate: number | null;
  averageDaysToAnswer: number | null;
  byStatus: Count[];
  byType: Count[];
  byField: Count[];
  byChannel: Count[];
  byUnit: {
    code: string;
    name: string;
    total: number;
    overdue: number;
    onTimeRate: number | null;
  }[];
  topTopics: { field: string; thisMonth: number; lastMonth: number }[];
};

const COLORS = [
  'red.6',
  'blue.6',
  'teal.6',
  'orange.6',
  'grape.6',
  'cyan.6',
  'lime.6',
  'pink.6',
  'indigo.6',
  'gray.6',
];

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={26} fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** /feedback/thong-ke — figures of the active unit rolled up over its tree, charts, exports. */
export function StatsPage() {
  const me = useMe();
  const unit = me.data ? activeUnit(me.data) : null;
  const [range, setRange] = useState({ from: '', to: '' });
  const params = { unitCode: unit?.code, from: range.from, to: range.to };
  const stats = useQuery({
    queryKey: ['feedback-stats', params],
    enabled: Boolean(unit),
    queryFn: () => api<Stats>(`/api/v1/feedback/stats${query(params)}`),
  });
  const s = stats.data;
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(v * 100));
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <div>
          <Title order={1} size="h2">
            Thống kê phản ánh, kiến nghị
          </Title>
          <Text c="dimmed">{s?.unit.name} (gồm các đơn vị trực thuộc)</Text>
        </div>
        <Group align="end">
          <TextInput
            label="Từ ngày"
            type="date"
            value={range.from}
            onChange={(e) => setRange({ ...range, from: e.currentTarget.value })}
          />
          <TextInput
            label="Đến ngày"
            type="date"
            value={range.to}
            onChange={(e) => setRange({ ...range, to: e.currentTarget.value })}
          />
          <Button
            component="a"
            variant="default"
            href={`/api/v1/feedback/stats/report.docx${query(params)}`}
          >
            Báo cáo Word
          </Button>
          <Button
            component="a"
            variant="default"
            href={`/api/v1/feedback/stats/export.xlsx${query(params)}`}
            download
          >
            Xuất Excel thống kê
          </Button>
          <Button
            component="a"
            variant="default"
            href={`/api/v1/feedback/export.xlsx${query(params)}`}
            download
          >
            Danh sách hồ sơ (Excel)
          </Button>
        </Group>
      </Group>
      {s && (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }}>
            <Figure label="Tiếp nhận" value={formatNumber(s.total)} />
            <Figure label="Đang xử lý" value={formatNumber(s.open)} />
            <Figure label="Quá hạn" value={formatNumber(s.overdue)} />
            <Figure label="Trả lời đúng hạn" value={pct(s.onTimeRate)} />
            <Figure
              label="Số ngày trả lời trung bình"
              value={s.averageDaysToAnswer === null ? '—' : formatNumber(s.averageDaysToAnswer)}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={2} size="h5" mb="sm">
                Chủ đề nổi bật: tháng này so với tháng trước
              </Title>
              <BarChart
                h={260}
                data={s.topTopics.map((t) => ({
                  topic: FIELD_LABELS[t.field] ?? t.field,
                  'Tháng này': t.thisMonth,
                  'Tháng trước': t.lastMonth,
                }))}
                dataKey="topic"
                series={[
                  { name: 'Tháng này', color: 'red.6' },
                  { name: 'Tháng trước', color: 'gray.5' },
                ]}
              />
            </Card>
            <Card withBorder>
              <Title order={2} size="h5" mb="sm">
                Theo loại
              </Title>
              <DonutChart
                withLabels
                data={s.byType.map((t, i) => ({
                  name: TYPE_LABELS[t.key] ?? t.key,
                  value: t.count,
                  color: COLORS[i % COLORS.length] ?? 'gray.6',
                }))}
              />
            </Card>
            <Card withBorder>
              <Title order={2} size="h5" mb="sm">
                Theo trạng thái
              </Title>
              <BarChart
                h={260}
                data={s.byStatus.map((x) => ({
                  status: STATUS_LABELS[x.key] ?? x.key,
                  'Số hồ sơ': x.count,
                }))}
                dataKey="status"
                series={[{ name: 'Số hồ sơ', color: 'blue.6' }]}
              />
            </Card>
            <Card withBorder>
              <Title order={2} size="h5" mb="sm">
                Theo kênh tiếp nhận
              </Title>
              <BarChart
                h={260}
                data={s.byChannel.map((x) => ({
                  channel: CHANNEL_LABELS[x.key] ?? x.key,
                  'Số hồ sơ': x.count,
                }))}
                dataKey="channel"
                series={[{ name: 'Số hồ sơ', color: 'teal.6' }]}
              />
            </Card>
          </SimpleGrid>
          <Card withBorder>
            <Title order={2} size="h5" mb="sm">
              Theo đơn vị trực thuộc
            </Title>
            <Table.ScrollContainer minWidth={500}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Đơn vị</Table.Th>
                    <Table.Th ta="right">Tiếp nhận</Table.Th>
                    <Table.Th ta="right">Quá hạn</Table.Th>
                    <Table.Th ta="right">Đúng hạn</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.byUnit.map((u) => (
                    <Table.Tr key={u.code}>
                      <Table.Td>{u.name}</Table.Td>
                      <Table.Td ta="right">{formatNumber(u.total)}</Table.Td>
                      <Table.Td ta="right">{formatNumber(u.overdue)}</Table.Td>
                      <Table.Td ta="right">{pct(u.onTimeRate)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </>
      )}
    </Stack>
  );
}
