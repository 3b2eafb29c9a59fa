import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../platform/api';
import { formatDate, formatDateTime } from '../platform/format';
import { CitizenLayout } from './CitizenLayout';
import { FIELD_LABELS, STATUS_COLORS, TYPE_LABELS } from './labels';
import type { PublicCase } from './types';

/** /feedback/tra-cuu — status, public history and answer by tracking code; rate or reopen. */
export function LookupPage() {
  const [params, setParams] = useSearchParams();
  const code = params.get('ma') ?? '';
  const [typed, setTyped] = useState(code);
  const found = useQuery({
    queryKey: ['feedback-track', code],
    enabled: code.length > 0,
    retry: false,
    queryFn: () => api<PublicCase>(`/api/v1/feedback/track/${encodeURIComponent(code)}`),
  });
  return (
    <CitizenLayout>
      <Stack>
        <Title order={1} size="h2">
          Tra cứu hồ sơ
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ ma: typed.trim() });
          }}
        >
          <Group align="end">
            <TextInput
              label="Mã tra cứu"
              placeholder="PA-XXXX-XXXX-XX"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              w={280}
              required
            />
            <Button type="submit" color="red.9">
              Tra cứu
            </Button>
          </Group>
        </form>
        {found.error && (
          <Alert color="red">
            {found.error instanceof ApiError && found.error.status === 404
              ? 'Không tìm thấy hồ sơ với mã này. Hãy kiểm tra lại mã.'
              : found.error.message}
          </Alert>
        )}
        {found.data && <CaseView data={found.data} onChange={() => void found.refetch()} />}
      </Stack>
    </CitizenLayout>
  );
}

function CaseView({ data, onChange }: { data: PublicCase; onChange: () => void }) {
  const [rating, setRating] = useState(0);
  const [note, setNote] = useState('');
  const act = useMutation({
    mutationFn: (body: { action: string; rating?: number; note?: string }) =>
      api<PublicCase>(`/api/v1/feedback/track/${encodeURIComponent(data.trackingCode)}/actions`, {
        json: body,
      }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: 'Đã ghi nhận. Cảm ơn bạn.' });
      setNote('');
      onChange();
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Group justify="space-between">
          <Text ff="monospace" fw={700}>
            {data.trackingCode}
          </Text>
          <Badge
            variant="dot"
            color={STATUS_COLORS[data.status] ?? 'gray'}
            size="lg"
            data-testid="status"
          >
            {data.statusLabel}
          </Badge>
        </Group>
        <Title order={2} size="h4">
          {data.title}
        </Title>
        <Text size="sm" c="dimmed">
          {TYPE_LABELS[data.type]} · {FIELD_LABELS[data.field] ?? data.field} · {data.unitName} ·
          tiếp nhận {formatDate(data.receivedAt)}
          {data.dueAt ? ` · hạn xử lý ${formatDate(data.dueAt)}` : ''}
        </Text>
        {data.answer && (
          <Paper withBorder p="md" bg="green.0">
            <Title order={3} size="h5" mb="xs">
              Trả lời ngày {formatDate(data.answeredAt)}
            </Title>
            <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="answer">
              {data.answer}
            </Text>
          </Paper>
        )}
        <Title order={3} size="h5">
          Quá trình xử lý
        </Title>
        <Timeline bulletSize={14} lineWidth={2} active={data.history.length}>
          {data.history.map((h, i) => (
            <Timeline.Item key={i} title={h.action}>
              <Text size="xs" c="dimmed">
                {formatDateTime(h.at)}
                {h.status ? ` · ${h.status}` : ''}
              </Text>
              {h.note && <Text size="sm">{h.note}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
        {data.rating && <Text>Bạn đã đánh giá: {data.rating}/5</Text>}
        {data.actions.includes('rate') && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Đánh giá câu trả lời
            </Title>
            <Radio.Group
              label="Điểm (1: rất không hài lòng, 5: rất hài lòng)"
              value={rating ? String(rating) : ''}
              onChange={(v) => setRating(Number(v))}
            >
              <Group mt="xs">
                {[1, 2, 3, 4, 5].map((n) => (
                  <Radio key={n} value={String(n)} label={`${n} sao`} />
                ))}
              </Group>
            </Radio.Group>
            <Textarea
              label="Nhận xét (không bắt buộc)"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group>
              <Button
                color="red.9"
                disabled={rating === 0}
                loading={act.isPending}
                onClick={() => act.mutate({ action: 'rate', rating, note })}
              >
                Gửi đánh giá
              </Button>
            </Group>
          </Stack>
        )}
        {data.actions.includes('reopen') && (
          <Stack gap="xs">
            <Textarea
              label="Chưa hài lòng? Nêu lý do để mở lại hồ sơ"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group>
              <Button
                variant="light"
                color="orange"
                disabled={!note.trim()}
                onClick={() => act.mutate({ action: 'reopen', note })}
              >
                Mở lại hồ sơ
              </Button>
            </Group>
          </Stack>
        )}
        {data.actions.includes('withdraw') && (
          <Group>
            <Button
              variant="subtle"
              color="gray"
              onClick={() => window.confirm('Rút hồ sơ này?') && act.mutate({ action: 'withdraw' })}
            >
              Rút hồ sơ
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
