import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, query } from '../platform/api';
import { formatDate, formatDateTime } from '../platform/format';
import { DueBadge } from './InboxPage';
import { formatCoordinate } from './intake';
import { ACTION_LABELS, CHANNEL_LABELS, FIELD_LABELS, STATUS_COLORS, TYPE_LABELS } from './labels';
import { TransitionDialog } from './TransitionDialog';
import type { CaseDetail } from './types';

/** /feedback/ho-so/:id — timeline, attachments, notes, personal data for handlers, actions. */
export function CasePage() {
  // The id as written in the address: the API decides whether it names a case ("0x1" does not).
  const id = encodeURIComponent(useParams().id ?? '');
  const client = useQueryClient();
  const [action, setAction] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const detail = useQuery({
    queryKey: ['feedback-case', id],
    queryFn: () => api<CaseDetail>(`/api/v1/feedback/${id}`),
  });
  const similar = useQuery({
    queryKey: ['feedback-case-similar', id],
    enabled: Boolean(detail.data && ['received', 'classified'].includes(detail.data.status)),
    queryFn: () =>
      api<{ items: { id: number; trackingCode: string; title: string; statusLabel: string }[] }>(
        `/api/v1/feedback/similar${query({ text: `${detail.data?.title ?? ''} ${detail.data?.content.slice(0, 300) ?? ''}`, communeCode: detail.data?.communeCode, excludeId: id })}`,
      ),
  });
  const addNote = useMutation({
    mutationFn: () => api(`/api/v1/feedback/${id}/notes`, { json: { note } }),
    onSuccess: () => {
      setNote('');
      void detail.refetch();
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });

  if (detail.error) return <Alert color="red">{detail.error.message}</Alert>;
  const c = detail.data;
  if (!c) return <Text>Đang tải…</Text>;
  return (
    <Stack>
      <Anchor component={Link} to="/feedback" size="sm">
        ← Hộp thư
      </Anchor>
      <Group justify="space-between" align="start">
        <div>
          <Text ff="monospace" c="dimmed">
            {c.trackingCode}
          </Text>
          <Title order={1} size="h2">
            {c.title}
          </Title>
          <Text size="sm" c="dimmed">
            {TYPE_LABELS[c.type]} · {FIELD_LABELS[c.field] ?? c.field} · {CHANNEL_LABELS[c.channel]}{' '}
            · tiếp nhận {formatDateTime(c.receivedAt)} · {c.unitName}
          </Text>
        </div>
        <Stack gap={4} align="end">
          <Badge
            size="lg"
            variant="dot"
            color={STATUS_COLORS[c.status] ?? 'gray'}
            data-testid="case-status"
          >
            {c.statusLabel}
          </Badge>
          <DueBadge dueAt={c.dueAt} state={c.dueState} />
        </Stack>
      </Group>
      <Group>
        {c.actions.map((a) => (
          <Button
            key={a}
            variant={['accept', 'publish', 'draft_answer'].includes(a) ? 'filled' : 'light'}
            onClick={() => setAction(a)}
          >
            {ACTION_LABELS[a] ?? a}
          </Button>
        ))}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.content}</Text>
              {c.address && (
                <Text size="sm" c="dimmed" mt="sm">
                  Địa điểm: {c.address}
                </Text>
              )}
              {c.lat !== null && c.lng !== null && (
                <Text size="sm" c="dimmed" data-testid="map-point">
                  Vị trí: {formatCoordinate(c.lat)}; {formatCoordinate(c.lng)} (
                  <Anchor
                    href={`https://www.openstreetmap.org/?mlat=${c.lat}&mlon=${c.lng}#map=17/${c.lat}/${c.lng}`}
                    target="_blank"
                    rel="noreferrer"
                    size="sm"
                  >
                    xem bản đồ
                  </Anchor>
                  )
                </Text>
              )}
            </Card>
            {c.answer && (
              <Card withBorder>
                <Title order={2} size="h5">
                  Trả lời{' '}
                  {c.answeredAt
                    ? `(công bố ${formatDate(c.answeredAt)}${c.answerPublic ? ', công khai' : ', không công khai'})`
                    : '(dự thảo)'}
                </Title>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</Text>
                {c.rating && (
                  <Text mt="sm" size="sm">
                    Người dân đánh giá {c.rating}/5{c.ratingComment ? `: ${c.ratingComment}` : ''}
                  </Text>
                )}
              </Card>
            )}
            <Card withBorder>
              <Title order={2} size="h5" mb="sm">
                Diễn biến
              </Title>
              <Timeline bulletSize={14} active={c.events.length}>
                {c.events.map((e) => (
                  <Timeline.Item
                    key={e.id}
                    title={`${e.actionLabel}${e.public ? '' : ' (nội bộ)'}`}
                  >
                    <Text size="xs" c="dimmed">
                      {formatDateTime(e.at)} · {e.actorName}
                      {e.unitName ? ` · ${e.unitName}` : ''}
                    </Text>
                    {e.note && <Text size="sm">{e.note}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
              {c.actions.length > 0 && (
                <Stack gap="xs" mt="md">
                  <Textarea
                    label="Ghi chú nội bộ"
                    value={note}
                    onChange={(e) => setNote(e.currentTarget.value)}
                  />
                  <Group>
                    <Button
                      size="xs"
                      variant="light"
                      disabled={!note.trim()}
                      loading={addNote.isPending}
                      onClick={() => addNote.mutate()}
                    >
                      Thêm ghi chú
                    </Button>
                  </Group>
                </Stack>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Card withBorder>
              <Title order={2} size="h5">
                Người gửi
              </Title>
              {c.petitioner ? (
                <Stack gap={2} mt="xs">
                  {c.anonymous && <Badge color="red">Đề nghị giữ bí mật danh tính</Badge>}
                  <Text size="sm">Họ tên: {c.petitioner.name ?? '—'}</Text>
                  <Text size="sm">Điện thoại: {c.petitioner.phone ?? '—'}</Text>
                  <Text size="sm">Thư điện tử: {c.petitioner.email ?? '—'}</Text>
                  <Text size="sm">CCCD: {c.petitioner.idNumber ?? '—'}</Text>
                  <Text size="sm">Địa chỉ: {c.petitioner.address ?? '—'}</Text>
                  <Text size="xs" c="dimmed">
                    Lượt xem này đã được ghi vào nhật ký.
                  </Text>
                </Stack>
              ) : (
                <Text size="sm" c="dimmed" mt="xs">
                  Chỉ cán bộ, lãnh đạo của đơn vị đang xử lý được xem thông tin người gửi.
                </Text>
              )}
            </Card>
            <Card withBorder>
              <Title order={2} size="h5">
                Tệp đính kèm
              </Title>
              {c.attachments.length === 0 && (
                <Text size="sm" c="dimmed">
                  Không có
                </Text>
              )}
              <List size="sm">
                {c.attachments.map((a) => (
                  <List.Item key={a.id}>
                    <Anchor href={`/api/v1/feedback/${c.id}/attachments/${a.id}`}>
                      {a.fileName}
                    </Anchor>{' '}
                    ({Math.ceil(a.size / 1024)} KB)
                  </List.Item>
                ))}
              </List>
            </Card>
            {(similar.data?.items.length ?? 0) > 0 && (
              <Card withBorder>
                <Title order={2} size="h5">
                  Hồ sơ tương tự (có thể gộp)
                </Title>
                <List size="sm">
                  {similar.data?.items.map((s) => (
                    <List.Item key={s.id}>
                      <Anchor component={Link} to={`/feedback/ho-so/${s.id}`}>
                        #{s.id} {s.trackingCode}
                      </Anchor>{' '}
                      {s.title} ({s.statusLabel})
                    </List.Item>
                  ))}
                </List>
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
      {action && (
        <TransitionDialog
          detail={c}
          action={action}
          onClose={() => setAction(null)}
          onDone={(updated) => {
            setAction(null);
            client.setQueryData(['feedback-case', id], updated);
            void client.invalidateQueries({ queryKey: ['feedback-inbox'] });
            notifications.show({
              color: 'green',
              message: `${ACTION_LABELS[action] ?? action}: xong.`,
            });
          }}
          onConflict={() => {
            setAction(null);
            notifications.show({
              color: 'orange',
              message: 'Hồ sơ vừa được người khác thay đổi. Đã tải lại, hãy xem và thao tác lại.',
            });
            void detail.refetch();
          }}
        />
      )}
    </Stack>
  );
}
