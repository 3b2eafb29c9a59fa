import {
  Alert,
  Anchor,
  Button,
  Container,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { query } from '../platform/api';
import { formatDate } from '../platform/format';
import { useMe } from '../platform/useMe';
import { Figures } from './Figures';
import { HistoryChart } from './HistoryChart';
import { ProgressTable } from './ProgressTable';
import { ProvinceMap } from './ProvinceMap';
import { ROUND_TIERS, type RoundLevel } from './types';
import { useProvinceProgress } from './useCongress';

/** The national dashboard: figures, map of the 34 provinces, sortable table, progress over time. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const level: RoundLevel = params.get('round') === 'province' ? 'province' : 'commune';
  // The communes' round is the default and keeps its plain addresses.
  const roundParam = level === 'commune' ? undefined : level;
  const progress = useProvinceProgress(level);
  const me = useMe();
  const home = me.data?.roles[0];
  if (progress.isPending) return <Loader aria-label="Đang tải" />;
  if (progress.error) return <Alert color="red">{progress.error.message}</Alert>;
  const { items, national, round } = progress.data;
  const homeLink =
    home?.unitLevel === 'commune'
      ? `/congress/don-vi/${home.unitCode}`
      : home?.unitLevel === 'province'
        ? `/congress/tinh/${home.unitCode}`
        : null;
  return (
    <Container size="xl">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={1} size="h2">
              Tiến độ đại hội MTTQ {ROUND_TIERS[level]}
            </Title>
            <Text c="gray.7">
              Đại hội lần thứ {round.ordinal}, nhiệm kỳ {round.term} — thời hạn{' '}
              {formatDate(round.deadline)}
            </Text>
          </div>
          <Group gap="xs">
            {homeLink && (
              <Button component={Link} to={homeLink} color="red.9">
                {home?.unitLevel === 'commune'
                  ? 'Hồ sơ đại hội của đơn vị'
                  : `Các xã của ${home?.unitName ?? 'tỉnh'}`}
              </Button>
            )}
            <Button
              component="a"
              href={`/api/v1/congress/export.xlsx${query({ table: 'progress', round: roundParam })}`}
              variant="default"
            >
              Xuất Excel
            </Button>
            <Button
              component="a"
              href={`/api/v1/congress/report.docx${query({ round: roundParam })}`}
              variant="default"
            >
              Báo cáo Word
            </Button>
          </Group>
        </Group>
        <SegmentedControl
          aria-label="Kỳ đại hội"
          color="red.9"
          value={level}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            if (value === 'province') next.set('round', value);
            else next.delete('round');
            setParams(next);
          }}
          data={[
            { value: 'commune', label: 'Đại hội cấp xã' },
            { value: 'province', label: 'Đại hội cấp tỉnh' },
          ]}
          w="fit-content"
        />
        <section aria-labelledby="toan-quoc">
          <Title order={2} size="h4" id="toan-quoc" mb="xs">
            Toàn quốc
          </Title>
          <Figures p={national} />
        </section>
        <Grid>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Paper withBorder p="sm">
              <Title order={2} size="h4" mb="xs">
                Bản đồ
              </Title>
              <ProvinceMap items={items} />
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Paper withBorder p="sm">
              <Group justify="space-between">
                <Title order={2} size="h4">
                  Theo tỉnh, thành phố
                </Title>
                <Anchor
                  c="blue.9"
                  component={Link}
                  to={`/congress/cham${query({ round: roundParam })}`}
                >
                  Danh sách đơn vị chậm
                </Anchor>
              </Group>
              {items.length === 0 ? (
                <Text c="gray.7" mt="sm">
                  Bạn chỉ xem được số liệu toàn quốc và đơn vị của mình.
                </Text>
              ) : (
                <ProgressTable
                  rows={items}
                  unitLabel="Tỉnh, thành phố"
                  caption="Bảng số liệu theo tỉnh (cùng số liệu với bản đồ); bấm tiêu đề cột để sắp xếp"
                  linkTo={(code) =>
                    level === 'province' ? `/congress/don-vi/${code}` : `/congress/tinh/${code}`
                  }
                />
              )}
            </Paper>
          </Grid.Col>
        </Grid>
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs">
            Tiến độ theo ngày
          </Title>
          <HistoryChart round={roundParam} />
        </Paper>
      </Stack>
    </Container>
  );
}
