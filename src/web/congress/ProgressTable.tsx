import { Anchor, Badge, Progress as Bar, Table, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { compareVietnamese } from '@common/text/vietnamese';
import { formatNumber, formatPercent } from '../platform/format';
import type { Progress } from './types';

type SortKey = 'name' | 'total' | 'done' | 'percent' | 'verified' | 'late';
export type ProgressTableProps = {
  rows: Progress[];
  linkTo: (code: string) => string;
  unitLabel: string;
  caption: string;
};

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: '', numeric: false },
  { key: 'total', label: 'Tổng số', numeric: true },
  { key: 'done', label: 'Đã đại hội', numeric: true },
  { key: 'percent', label: 'Tỷ lệ', numeric: true },
  { key: 'verified', label: 'Đã xác nhận', numeric: true },
  { key: 'late', label: 'Chậm', numeric: true },
];

function value(p: Progress, key: SortKey): number | string {
  if (key === 'verified') return p.byStep.results_verified;
  return p[key];
}

/** A table of units with their progress; every column sorts, ascending then descending. */
export function ProgressTable({ rows, linkTo, unitLabel, caption }: ProgressTableProps) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({
    key: 'percent',
    desc: false,
  });
  const sorted = [...rows].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    const order =
      typeof x === 'string' && typeof y === 'string'
        ? compareVietnamese(x, y)
        : Number(x) - Number(y);
    return sort.desc ? -order : order;
  });
  const toggle = (key: SortKey) =>
    setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' }));
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover stickyHeader>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th
                key={c.key}
                ta={c.numeric ? 'right' : 'left'}
                aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              >
                <UnstyledButton onClick={() => toggle(c.key)} fw={700} fz="sm">
                  {c.label || unitLabel}
                  {sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </UnstyledButton>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((p) => (
            <Table.Tr key={p.code}>
              <Table.Td>
                <Anchor c="blue.9" component={Link} to={linkTo(p.code)}>
                  {p.name}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">{formatNumber(p.total)}</Table.Td>
              <Table.Td ta="right">{formatNumber(p.done)}</Table.Td>
              <Table.Td ta="right" miw={120}>
                {formatPercent(p.percent)}
                <Bar
                  value={p.percent}
                  size="xs"
                  mt={4}
                  aria-hidden
                  color={p.percent >= 90 ? 'teal' : p.percent >= 70 ? 'yellow' : 'red'}
                />
              </Table.Td>
              <Table.Td ta="right">{formatNumber(p.byStep.results_verified)}</Table.Td>
              <Table.Td ta="right">
                {p.late > 0 ? (
                  <Badge color="red.9" variant="outline">
                    {formatNumber(p.late)}
                  </Badge>
                ) : (
                  '0'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
