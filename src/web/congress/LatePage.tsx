import {
  Alert,
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../platform/api';
import { formatDate } from '../platform/format';
import {
  LATE_KINDS,
  LATE_LABELS,
  ROUND_TIERS,
  STEP_SHORT,
  type CommuneProgress,
  type LateKind,
  type RoundLevel,
} from './types';

/** Communes late in one of the four ways, in the user's tree. */
export function LatePage() {
  const [params, setParams] = useSearchParams();
  const parent = params.get('parent') ?? undefined;
  const kind = (params.get('kind') as LateKind | null) ?? undefined;
  const round: RoundLevel | undefined = params.get('round') === 'province' ? 'province' : undefined;
  const late = useQuery({
    queryKey: ['congress-late', parent, kind, round],
    queryFn: () =>
      api<{ items: CommuneProgress[] }>(`/api/v1/congress/late${query({ parent, kind, round })}`),
  });
  const exportHref = `/api/v1/congress/export.xlsx${query({ table: 'late', parent, round })}`;
  return (
    <Container size="xl">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Title order={1} size="h2">
            Đơn vị chậm tiến độ — đại hội {ROUND_TIERS[round ?? 'commune']}
          </Title>
          <Group>
            <Select
              label="Loại chậm"
              clearable
              placeholder="Tất cả"
              data={LATE_KINDS.map((k) => ({ value: k, label: LATE_LABELS[k] }))}
              value={kind ?? null}
              onChange={(v) => {
                const next = new URLSearchParams(params);
                if (v) next.set('kind', v);
                else next.delete('kind');
                setParams(next);
              }}
            />
            <Button component="a" href={exportHref} variant="default" mt={24}>
              Xuất Excel
            </Button>
          </Group>
        </Group>
        {late.isPending && <Loader aria-label="Đang tải" />}
        {late.error && <Alert color="red">{late.error.message}</Alert>}
        {late.data && late.data.items.length === 0 && <Text c="gray.7">Không có đơn vị chậm.</Text>}
        {late.data && late.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Caption>
                {late.data.items.length} đơn vị (tối đa 500 dòng; xuất Excel để có đủ)
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Tỉnh, thành phố</Table.Th>
                  <Table.Th>Đơn vị</Table.Th>
                  <Table.Th>Ngày dự kiến</Table.Th>
                  <Table.Th>Ngày đại hội</Table.Th>
                  <Table.Th>Bước gần nhất</Table.Th>
                  <Table.Th>Chậm</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {late.data.items.map((c) => (
                  <Table.Tr key={c.code}>
                    <Table.Td>
                      <Anchor
                        c="blue.9"
                        component={Link}
                        to={`/congress/tinh/${c.provinceCode ?? ''}`}
                      >
                        {c.provinceName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor c="blue.9" component={Link} to={`/congress/don-vi/${c.code}`}>
                        {c.name}
                      </Anchor>
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
        )}
      </Stack>
    </Container>
  );
}
