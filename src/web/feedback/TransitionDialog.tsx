import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, query } from '../platform/api';
import { ACTION_LABELS, FIELD_LABELS, TYPE_LABELS, options } from './labels';
import type { CaseDetail, Unit } from './types';

type Props = {
  detail: CaseDetail;
  action: string;
  onClose: () => void;
  onDone: (updated: CaseDetail) => void;
  onConflict: () => void;
};

const NOTE_REQUIRED = ['return_guidance', 'reject', 'pause', 'decline_forward', 'hide', 'extend'];

/** Asks what an action needs (note, assignee, target, answer…) and sends the transition. */
export function TransitionDialog({ detail, action, onClose, onDone, onConflict }: Props) {
  const [v, setV] = useState({
    note: '',
    field: detail.field,
    type: detail.type,
    complex: detail.complex,
    assigneeId: '',
    forwardKind: 'front_unit',
    forwardTo: '',
    newDueAt: '',
    answer: detail.answer ?? '',
    answerPublic: detail.answerPublic,
    targetCode: '',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const people = useQuery({
    queryKey: ['feedback-assignees', detail.id],
    enabled: action === 'assign',
    queryFn: () =>
      api<{ items: { id: number; fullName: string; unitCode: string }[] }>(
        `/api/v1/feedback/${detail.id}/assignees`,
      ),
  });
  const related = useQuery({
    queryKey: ['feedback-forward-units', detail.unitCode],
    enabled: action === 'forward',
    queryFn: async () => {
      const [ancestors, children] = await Promise.all([
        api<{ items: Unit[] }>(`/api/v1/units/${detail.unitCode}/ancestors`),
        api<{ items: Unit[] }>(`/api/v1/units${query({ parent: detail.unitCode, limit: 500 })}`),
      ]);
      return [...ancestors.items, ...children.items];
    },
  });
  const set = (key: keyof typeof v, value: unknown) => setV((x) => ({ ...x, [key]: value }));
  const err = (field: string) => (error?.field === field ? error.message : undefined);

  async function send() {
    setSending(true);
    setError(null);
    const body: Record<string, unknown> = { action, expectedVersion: detail.version };
    if (v.note) body.note = v.note;
    if (action === 'classify')
      Object.assign(body, { field: v.field, type: v.type, complex: v.complex });
    if (action === 'accept') body.complex = v.complex;
    if (action === 'assign') body.assigneeId = Number(v.assigneeId) || null;
    if (action === 'forward')
      Object.assign(body, { forwardKind: v.forwardKind, forwardTo: v.forwardTo });
    if (action === 'extend') body.newDueAt = v.newDueAt;
    if (action === 'draft_answer')
      Object.assign(body, { answer: v.answer, answerPublic: v.answerPublic });
    if (action === 'merge') body.targetCode = v.targetCode;
    try {
      onDone(await api<CaseDetail>(`/api/v1/feedback/${detail.id}/transitions`, { json: body }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') onConflict();
      else setError(e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', String(e)));
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={ACTION_LABELS[action] ?? action} size="lg">
      <Stack>
        {error && <Alert color="red">{error.message}</Alert>}
        {action === 'classify' && (
          <>
            <Select
              label="Loại"
              data={options(TYPE_LABELS)}
              value={v.type}
              onChange={(x) => set('type', x)}
            />
            <Select
              label="Lĩnh vực"
              data={options(FIELD_LABELS)}
              value={v.field}
              onChange={(x) => set('field', x)}
              error={err('field')}
            />
          </>
        )}
        {(action === 'classify' || action === 'accept') && (
          <Checkbox
            label="Vụ việc phức tạp (thời hạn giải quyết dài hơn)"
            checked={v.complex}
            onChange={(e) => set('complex', e.currentTarget.checked)}
          />
        )}
        {action === 'assign' && (
          <Select
            label="Giao cho"
            searchable
            data={(people.data?.items ?? []).map((p) => ({
              value: String(p.id),
              label: `${p.fullName} (${p.unitCode})`,
            }))}
            value={v.assigneeId || null}
            onChange={(x) => set('assigneeId', x ?? '')}
            error={err('assigneeId')}
          />
        )}
        {action === 'forward' && (
          <>
            <Select
              label="Chuyển tới"
              data={[
                { value: 'front_unit', label: 'Đơn vị Mặt trận cấp trên/cấp dưới' },
                { value: 'member_org', label: 'Tổ chức thành viên' },
                { value: 'agency', label: 'Cơ quan nhà nước' },
              ]}
              value={v.forwardKind}
              onChange={(x) =>
                setV((s) => ({ ...s, forwardKind: x ?? 'front_unit', forwardTo: '' }))
              }
            />
            {v.forwardKind === 'front_unit' ? (
              <Select
                label="Đơn vị nhận"
                searchable
                data={(related.data ?? []).map((u) => ({ value: u.code, label: u.name }))}
                value={v.forwardTo || null}
                onChange={(x) => set('forwardTo', x ?? '')}
                error={err('forwardTo')}
              />
            ) : (
              <TextInput
                label="Tên tổ chức/cơ quan nhận"
                value={v.forwardTo}
                onChange={(e) => set('forwardTo', e.currentTarget.value)}
                error={err('forwardTo')}
              />
            )}
          </>
        )}
        {action === 'extend' && (
          <TextInput
            label="Hạn mới"
            type="date"
            value={v.newDueAt}
            onChange={(e) => set('newDueAt', e.currentTarget.value)}
            error={err('newDueAt')}
          />
        )}
        {action === 'draft_answer' && (
          <>
            <Textarea
              label="Nội dung trả lời"
              autosize
              minRows={8}
              value={v.answer}
              onChange={(e) => set('answer', e.currentTarget.value)}
              error={err('answer')}
            />
            <Checkbox
              label="Công khai câu trả lời trên trang tra cứu"
              checked={v.answerPublic}
              onChange={(e) => set('answerPublic', e.currentTarget.checked)}
            />
          </>
        )}
        {action === 'merge' && (
          <TextInput
            label="Mã tra cứu của hồ sơ gộp vào"
            description="Ví dụ PA-7KQM-X3TZ-9W; xem trên trang hồ sơ hoặc trong hộp thư."
            value={v.targetCode}
            onChange={(e) => set('targetCode', e.currentTarget.value)}
            error={err('targetCode') ?? err('targetId')}
          />
        )}
        <Textarea
          label={
            NOTE_REQUIRED.includes(action)
              ? action === 'return_guidance' || action === 'reject'
                ? 'Lý do, hướng dẫn (người dân xem được)'
                : 'Lý do'
              : 'Ghi chú (không bắt buộc)'
          }
          value={v.note}
          onChange={(e) => set('note', e.currentTarget.value)}
          error={err('note')}
          required={NOTE_REQUIRED.includes(action)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Huỷ
          </Button>
          <Button onClick={() => void send()} loading={sending}>
            {ACTION_LABELS[action] ?? action}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
