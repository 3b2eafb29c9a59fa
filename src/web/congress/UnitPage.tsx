import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Checkbox,
  Container,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../platform/api';
import { formatDate } from '../platform/format';
import { ResultsForm } from './ResultsForm';
import { StepsPanel } from './StepsPanel';
import type { UnitCard } from './types';
import { useUnitCard } from './useCongress';
import { VnDateInput } from './VnDateInput';
import { notifications } from '@mantine/notifications';

function PlanForm({ card, onChange }: { card: UnitCard; onChange: (c: UnitCard) => void }) {
  const [plannedDate, setPlannedDate] = useState(card.plannedDate);
  const [venue, setVenue] = useState(card.venue ?? '');
  const [pilot, setPilot] = useState(card.pilot);
  const [busy, setBusy] = useState(false);
  // Verified results lock the plan too, until the verifying level reopens them.
  const editable = card.can.edit && !card.verified;
  async function save() {
    setBusy(true);
    try {
      onChange(
        await api<UnitCard>(`/api/v1/congress/units/${card.unit.code}/plan`, {
          method: 'PUT',
          json: { version: card.version, plannedDate, venue, pilot },
        }),
      );
      notifications.show({ color: 'green', message: 'Đã lưu kế hoạch.' });
    } catch (e) {
      notifications.show({
        color: 'red',
        title: 'Không lưu được',
        message: e instanceof Error ? e.message : String(e),
      });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Group align="flex-end">
      <VnDateInput
        label="Ngày dự kiến tổ chức"
        value={plannedDate}
        onChange={setPlannedDate}
        disabled={!editable}
      />
      <TextInput
        label="Địa điểm"
        value={venue}
        onChange={(e) => setVenue(e.currentTarget.value)}
        disabled={!editable}
        miw={260}
      />
      <Checkbox
        label="Đại hội điểm"
        checked={pilot}
        onChange={(e) => setPilot(e.currentTarget.checked)}
        disabled={!editable}
        mb={8}
      />
      {editable && (
        <Button onClick={() => void save()} loading={busy} variant="default">
          Lưu kế hoạch
        </Button>
      )}
    </Group>
  );
}

/** The unit card: plan, steps with actors and documents, results. */
export function UnitPage() {
  const { code = '' } = useParams();
  const card = useUnitCard(code);
  const client = useQueryClient();
  const [conflict, setConflict] = useState(false);
  if (card.isPending) return <Loader aria-label="Đang tải" />;
  if (card.error) return <Alert color="red">{card.error.message}</Alert>;
  const c = card.data;
  const update = (next: UnitCard) => {
    client.setQueryData(['congress-unit', code], next);
    void client.invalidateQueries({ queryKey: ['congress-progress'] });
  };
  const reload = async () => {
    setConflict(false);
    await card.refetch();
  };
  return (
    <Container size="lg">
      <Stack>
        <Breadcrumbs>
          <Anchor c="blue.9" component={Link} to="/congress">
            Toàn quốc
          </Anchor>
          {c.unit.level === 'commune' && c.unit.parentCode && (
            <Anchor c="blue.9" component={Link} to={`/congress/tinh/${c.unit.parentCode}`}>
              Tỉnh, thành phố
            </Anchor>
          )}
          <Text>{c.unit.name}</Text>
        </Breadcrumbs>
        <Group justify="space-between">
          <div>
            <Title order={1} size="h2">
              {c.unit.name}
            </Title>
            <Text c="gray.7">
              Đại hội lần thứ {c.round.ordinal}, nhiệm kỳ {c.round.term} — thời hạn{' '}
              {formatDate(c.round.deadline)}
            </Text>
          </div>
          {c.verified ? (
            <Badge color="teal.9" size="lg">
              Đã xác nhận kết quả
            </Badge>
          ) : (
            <Badge color="gray.8" size="lg">
              Chưa xác nhận
            </Badge>
          )}
        </Group>
        {conflict && (
          <Alert color="orange" title="Hồ sơ vừa được người khác thay đổi">
            <Button size="xs" color="red.9" onClick={() => void reload()}>
              Tải lại hồ sơ
            </Button>
          </Alert>
        )}
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            Kế hoạch
          </Title>
          <PlanForm key={`plan-${c.version}`} card={c} onChange={update} />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            Các bước
          </Title>
          <StepsPanel card={c} onChange={update} />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            Kết quả đại hội
          </Title>
          <ResultsForm
            key={`results-${c.version}`}
            card={c}
            onChange={update}
            onConflict={() => setConflict(true)}
          />
        </Paper>
      </Stack>
    </Container>
  );
}
