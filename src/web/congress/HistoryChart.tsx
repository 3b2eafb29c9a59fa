import { LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, query } from '../platform/api';
import { formatDate } from '../platform/format';
import type { RoundLevel } from './types';

type Point = { day: string; done: number; total: number; late: number; verified: number };

/** Progress over time from the daily snapshots. */
export function HistoryChart({ unit = 'TW', round }: { unit?: string; round?: RoundLevel }) {
  const history = useQuery({
    queryKey: ['congress-history', unit, round],
    queryFn: () => api<{ items: Point[] }>(`/api/v1/congress/history${query({ unit, round })}`),
  });
  const data = (history.data?.items ?? []).map((p) => ({
    ngay: formatDate(p.day),
    'Đã đại hội': p.done,
    'Đã xác nhận': p.verified,
  }));
  if (history.isPending) return <Text c="gray.7">Đang tải…</Text>;
  if (data.length === 0) return <Text c="gray.7">Chưa có ảnh chụp số liệu hằng ngày.</Text>;
  return (
    <LineChart
      h={260}
      data={data}
      dataKey="ngay"
      withDots={false}
      series={[
        { name: 'Đã đại hội', color: 'red.7' },
        { name: 'Đã xác nhận', color: 'teal.7' },
      ]}
      valueFormatter={(v) => new Intl.NumberFormat('vi-VN').format(v)}
      aria-label="Biểu đồ tiến độ theo ngày"
    />
  );
}
