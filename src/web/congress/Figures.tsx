import { Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { formatNumber, formatPercent } from '../platform/format';
import { LATE_KINDS, LATE_LABELS, type Progress } from './types';

const share = (n: number, d: number) => (d ? (n / d) * 100 : null);

/** Headline figures of an aggregate: done, verified, late by kind and committee structure. */
export function Figures({ p }: { p: Progress }) {
  const s = p.structure;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
      <Paper withBorder p="md">
        <Text size="sm" c="gray.7">
          Đã tổ chức đại hội
        </Text>
        <Text fz={28} fw={700} data-testid="figure-done">
          {formatNumber(p.done)}/{formatNumber(p.total)}
        </Text>
        <Text size="sm">{formatPercent(p.percent)}</Text>
      </Paper>
      <Paper withBorder p="md">
        <Text size="sm" c="gray.7">
          Cấp trên đã xác nhận kết quả
        </Text>
        <Text fz={28} fw={700} data-testid="figure-verified">
          {formatNumber(p.byStep.results_verified)}
        </Text>
        <Text size="sm">Đã báo cáo: {formatNumber(p.byStep.results_reported)}</Text>
      </Paper>
      <Paper withBorder p="md">
        <Text size="sm" c="gray.7">
          Đơn vị chậm tiến độ
        </Text>
        <Text fz={28} fw={700} c={p.late ? 'red.8' : undefined}>
          {formatNumber(p.late)}
        </Text>
        {LATE_KINDS.map((k) => (
          <Group key={k} justify="space-between" gap={4}>
            <Text size="xs">{LATE_LABELS[k]}</Text>
            <Text size="xs" fw={600}>
              {formatNumber(p.lateByKind[k])}
            </Text>
          </Group>
        ))}
      </Paper>
      <Paper withBorder p="md">
        <Text size="sm" c="gray.7">
          Cơ cấu ủy viên (đã báo cáo)
        </Text>
        <Text fz={28} fw={700}>
          {formatNumber(s.committeeMembers)}
        </Text>
        {(
          [
            ['Nữ', s.women],
            ['Dân tộc thiểu số', s.ethnicMinority],
            ['Ngoài Đảng', s.nonParty],
            ['Dưới 35 tuổi', s.under35],
            ['Tái cử', s.reelected],
          ] as const
        ).map(([label, n]) => (
          <Group key={label} justify="space-between" gap={4}>
            <Text size="xs">{label}</Text>
            <Text size="xs" fw={600}>
              {formatNumber(n)} ({formatPercent(share(n, s.committeeMembers))})
            </Text>
          </Group>
        ))}
      </Paper>
    </SimpleGrid>
  );
}
