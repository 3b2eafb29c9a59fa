import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Container,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { compareVietnamese, fold } from '@common/text/vietnamese';
import { formatDate } from '../platform/format';
import { Figures } from './Figures';
import { HistoryChart } from './HistoryChart';
import { LATE_LABELS, STEP_SHORT, type CommuneProgress } from './types';
import { useCommuneProgress } from './useCongress';

type SortKey = 'name' | 'plannedDate' | 'heldOn' | 'stage';
const stageOrder = (c: CommuneProgress) =>
  c.lastStep ? Object.keys(STEP_SHORT).indexOf(c.lastStep) : -1;

/** A province: its figures and every commune with its date, stage and lateness. */
export function ProvincePage() {
  const { code = '' } = useParams();
  const progress = useCommuneProgress(code);
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  if (progress.isPending) return <Loader aria-label="Đang tải" />;
  if (progress.error) return <Alert color="red">{progress.error.message}</Alert>;
  const { items, parent } = progress.data;
  const folded = fold(q);
  const rows = items
    .filter((c) => !folded || fold(c.name).includes(folded))
    .sort((a, b) => {
      const order =
        sort.key === 'name'
          ? compareVietnamese(a.name, b.name)
          : sort.key === 'stage'
            ? stageOrder(a) - stageOrder(b)
            : (a[sort.key] ?? '9').localeCompare(b[sort.key] ?? '9');
      return sort.desc ? -order : order;
    });
  const header = (key: SortKey, label: string) => (
    <Table.Th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton
        fw={700}
        fz="sm"
        onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
      >
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </UnstyledButton>
    </Table.Th>
  );
  return (
    <Container size="xl">
      <Stack>
        <Breadcrumbs>
          <Anchor c="blue.9" component={Link} to="/congress">
            Toàn quốc
          </Anchor>
          <Text>{parent?.name ?? code}</Text>
        </Breadcrumbs>
        <Group justify="space-between">
          <Title order={1} size="h2">
            {parent?.name ?? code}
          </Title>
          <Group gap="xs">
            <Button component={Link} to={`/congress/don-vi/${code}`} variant="default">
              Đại hội cấp tỉnh
            </Button>
            <Button component={Link} to={`/congress/cham?parent=${code}`} variant="default">
              Đơn vị chậm
            </Button>
            <Button
              component="a"
              href={`/api/v1/congress/export.xlsx?table=communes&parent=${code}`}
              variant="default"
            >
              Xuất Excel
            </Button>
            <Button
              component="a"
              href={`/api/v1/congress/report.docx?unit=${code}`}
              variant="default"
            >
              Báo cáo Word
            </Button>
            <Button component={Link} to="/congress/nhap" variant="default">
              Nhập kết quả từ Excel
            </Button>
          </Group>
        </Group>
        {parent && <Figures p={parent} />}
        <Paper withBorder p="sm">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4">
              Xã, phường, đặc khu ({items.length})
            </Title>
            <TextInput
              label="Tìm đơn vị"
              placeholder="Gõ có dấu hoặc không dấu"
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
            />
          </Group>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  {header('name', 'Đơn vị')}
                  {header('plannedDate', 'Ngày dự kiến')}
                  {header('heldOn', 'Ngày đại hội')}
                  {header('stage', 'Bước gần nhất')}
                  <Table.Th>Chậm</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.code} data-testid={`commune-${c.code}`}>
                    <Table.Td>
                      <Anchor c="blue.9" component={Link} to={`/congress/don-vi/${c.code}`}>
                        {c.name}
                      </Anchor>
                      {c.pilot && (
                        <Badge ml="xs" size="xs" variant="outline" color="blue.9">
                          Điểm
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(c.plannedDate)}</Table.Td>
                    <Table.Td>{formatDate(c.heldOn)}</Table.Td>
                    <Table.Td>{c.lastStep ? STEP_SHORT[c.lastStep] : 'Chưa bắt đầu'}</Table.Td>
                    <Table.Td>
                      {c.lateKinds.map((k) => (
                        <Badge key={k} color="red.9" variant="outline" mr={4} size="sm">
                          {LATE_LABELS[k]}
                        </Badge>
                      ))}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs">
            Tiến độ theo ngày
          </Title>
          <HistoryChart unit={code} />
        </Paper>
      </Stack>
    </Container>
  );
}
