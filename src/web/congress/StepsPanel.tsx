import {
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useState } from 'react';
import { api } from '../platform/api';
import { formatDate } from '../platform/format';
import type { StepKey, StepView, UnitCard } from './types';
import { VnDateInput } from './VnDateInput';
import { notifications } from '@mantine/notifications';

const UPPER: StepKey[] = ['personnel_front', 'results_verified'];

export type StepsPanelProps = { card: UnitCard; onChange: (card: UnitCard) => void };

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
}

/** The eight steps with who did them and when; record, undo, verify and reopen as allowed. */
export function StepsPanel({ card, onChange }: StepsPanelProps) {
  const [open, setOpen] = useState<StepView | null>(null);
  const [date, setDate] = useState<string | null>(today());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const base = `/api/v1/congress/units/${card.unit.code}`;

  async function run(path: string, json: unknown, done: string) {
    setBusy(true);
    try {
      // Step warnings (earlier steps not recorded) are shown here, not kept on the card.
      const { warnings, ...next } = await api<UnitCard>(path, { json });
      onChange(next);
      notifications.show({ color: 'green', message: done });
      for (const w of warnings ?? [])
        notifications.show({ color: 'yellow', title: 'Lưu ý', message: w.message });
      setOpen(null);
    } catch (e) {
      notifications.show({
        color: 'red',
        title: 'Không thực hiện được',
        message: e instanceof Error ? e.message : String(e),
      });
    } finally {
      setBusy(false);
    }
  }

  async function attach(step: StepView, file: File | null) {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    try {
      onChange(await api<UnitCard>(`${base}/steps/${step.key}/attachments`, { body: form }));
      notifications.show({ color: 'green', message: `Đã đính kèm ${file.name}.` });
    } catch (e) {
      notifications.show({
        color: 'red',
        title: 'Không đính kèm được',
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }

  const canRecord = (s: StepView) => (UPPER.includes(s.key) ? card.can.approve : card.can.edit);
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Bước</Table.Th>
              <Table.Th>Ngày</Table.Th>
              <Table.Th>Người thực hiện</Table.Th>
              <Table.Th>Thao tác</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {card.steps.map((s) => (
              <Table.Tr key={s.key} data-testid={`step-${s.key}`}>
                <Table.Td>
                  <Group gap="xs">
                    <Badge color={s.done ? 'teal.9' : 'gray.8'} variant="outline" size="sm">
                      {s.done ? 'Xong' : 'Chưa'}
                    </Badge>
                    <Text size="sm">{s.label}</Text>
                  </Group>
                  {s.note && (
                    <Text size="xs" c="gray.7">
                      {s.note}
                    </Text>
                  )}
                  {s.attachments.map((a) => (
                    <Anchor
                      key={a.key}
                      size="xs"
                      display="block"
                      href={`${base}/steps/${s.key}/attachments/${a.key}`}
                    >
                      📎 {a.name}
                    </Anchor>
                  ))}
                </Table.Td>
                <Table.Td>{formatDate(s.date)}</Table.Td>
                <Table.Td>
                  {s.actorName ? (
                    <Text size="sm">
                      {s.actorName}
                      <Text span size="xs" c="gray.7" display="block">
                        {s.actorUnitName}
                      </Text>
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {!s.done && canRecord(s) && !(card.verified && s.key !== 'personnel_front') && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => {
                          setOpen(s);
                          setDate(today());
                          setNote('');
                        }}
                      >
                        {s.key === 'results_verified' ? 'Xác nhận kết quả' : 'Ghi nhận'}
                      </Button>
                    )}
                    {s.done && s.key === 'results_verified' && card.can.reopen && (
                      <Button
                        size="xs"
                        color="orange.9"
                        variant="default"
                        loading={busy}
                        onClick={() =>
                          void run(
                            `${base}/reopen`,
                            { version: card.version },
                            'Đã mở lại kết quả.',
                          )
                        }
                      >
                        Mở lại kết quả
                      </Button>
                    )}
                    {s.done && s.key !== 'results_verified' && s.canUndo && !card.verified && (
                      <Button
                        size="xs"
                        variant="default"
                        loading={busy}
                        onClick={() =>
                          void run(
                            `${base}/steps/${s.key}/undo`,
                            { version: card.version },
                            'Đã hủy bước.',
                          )
                        }
                      >
                        Hủy bước
                      </Button>
                    )}
                    {s.done && s.canUndo && (
                      <FileButton onChange={(f) => void attach(s, f)}>
                        {(props) => (
                          <Button size="xs" variant="default" {...props}>
                            Đính kèm
                          </Button>
                        )}
                      </FileButton>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.label ?? ''}>
        <Stack>
          <VnDateInput label="Ngày thực hiện" value={date} onChange={setDate} required />
          <Textarea label="Ghi chú" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Button
            color="red.9"
            loading={busy}
            onClick={() =>
              open &&
              void run(
                `${base}/steps/${open.key}`,
                { version: card.version, date: date ?? undefined, note },
                `Đã ghi nhận: ${open.label}.`,
              )
            }
          >
            {open?.key === 'results_verified' ? 'Xác nhận' : 'Ghi nhận'}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
