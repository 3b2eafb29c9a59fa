import { Alert, Button, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../platform/api';
import { useMe } from '../platform/useMe';
import { TYPE_LABELS } from './labels';

type Step = 'accept' | 'forward' | 'resolve' | 'resolveComplex';
type CaseType = 'phan_anh' | 'kien_nghi' | 'khieu_nai' | 'to_cao';
type Settings = {
  deadlines: Record<CaseType, Record<Step, number>>;
  reopenDays: number;
  maxExtensionDays: number;
};

const TYPES: CaseType[] = ['phan_anh', 'kien_nghi', 'khieu_nai', 'to_cao'];
/** The steps with the bounds the server accepts (working days). */
const STEPS: { key: Step; label: string; max: number }[] = [
  { key: 'accept', label: 'Thụ lý', max: 120 },
  { key: 'forward', label: 'Chuyển đơn', max: 120 },
  { key: 'resolve', label: 'Giải quyết', max: 365 },
  { key: 'resolveComplex', label: 'Giải quyết vụ việc phức tạp', max: 365 },
];

/** An input being emptied is kept as NaN (so saving is refused) and shown empty. */
const shown = (days: number) => (Number.isNaN(days) ? '' : days);

/** /feedback/thoi-han — working days per type and step, and the reopen window; admins edit. */
export function SettingsPage() {
  const me = useMe();
  const client = useQueryClient();
  const saved = useQuery({
    queryKey: ['feedback-settings'],
    queryFn: () => api<Settings>('/api/v1/feedback/settings'),
  });
  // Edits in progress; null shows the saved settings.
  const [draft, setDraft] = useState<Settings | null>(null);
  const form = draft ?? saved.data ?? null;
  const save = useMutation({
    mutationFn: (settings: Settings) =>
      api<Settings>('/api/v1/feedback/settings', { method: 'PUT', json: settings }),
    onSuccess: (settings) => {
      client.setQueryData(['feedback-settings'], settings);
      setDraft(null);
      notifications.show({ color: 'green', message: 'Đã lưu thời hạn xử lý.' });
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });
  const admin = Boolean(me.data?.isAdmin);
  const setDays = (type: CaseType, step: Step, value: number | string) =>
    form &&
    setDraft({
      ...form,
      deadlines: {
        ...form.deadlines,
        [type]: { ...form.deadlines[type], [step]: value === '' ? NaN : Number(value) },
      },
    });
  const complete =
    form !== null &&
    Number.isInteger(form.reopenDays) &&
    Number.isInteger(form.maxExtensionDays) &&
    TYPES.every((t) => STEPS.every((s) => Number.isInteger(form.deadlines[t][s.key])));

  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        Thời hạn xử lý
      </Title>
      <Text c="dimmed">
        Số ngày làm việc cho từng bước theo loại hồ sơ (bỏ qua thứ Bảy, Chủ nhật và ngày nghỉ lễ,
        Tết). Thay đổi áp dụng cho các hạn được tính từ nay về sau.
      </Text>
      {!admin && <Alert color="gray">Chỉ quản trị viên được sửa thời hạn xử lý.</Alert>}
      {saved.error && <Alert color="red">{saved.error.message}</Alert>}
      {form && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(form);
          }}
        >
          <Stack>
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Loại hồ sơ</Table.Th>
                    {STEPS.map((s) => (
                      <Table.Th key={s.key} scope="col">
                        {s.label} (ngày làm việc)
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {TYPES.map((type) => (
                    <Table.Tr key={type}>
                      <Table.Th scope="row">{TYPE_LABELS[type]}</Table.Th>
                      {STEPS.map((s) => (
                        <Table.Td key={s.key}>
                          <NumberInput
                            aria-label={`${TYPE_LABELS[type]}: ${s.label}`}
                            min={1}
                            max={s.max}
                            allowDecimal={false}
                            allowNegative={false}
                            clampBehavior="strict"
                            value={shown(form.deadlines[type][s.key])}
                            onChange={(v) => setDays(type, s.key, v)}
                            disabled={!admin}
                            w={110}
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <NumberInput
              label="Số ngày người dân được mở lại hồ sơ sau khi có trả lời"
              description="0 là không cho mở lại; tối đa 365 ngày."
              min={0}
              max={365}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="strict"
              value={shown(form.reopenDays)}
              onChange={(v) => setDraft({ ...form, reopenDays: v === '' ? NaN : Number(v) })}
              disabled={!admin}
              maw={420}
            />
            <NumberInput
              label="Số ngày làm việc tối đa được gia hạn thêm sau hạn hiện tại"
              description="Mặc định 30 ngày, mức gia hạn dài nhất luật cho phép (tố cáo phức tạp); từ 1 đến 120."
              min={1}
              max={120}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="strict"
              value={shown(form.maxExtensionDays)}
              onChange={(v) => setDraft({ ...form, maxExtensionDays: v === '' ? NaN : Number(v) })}
              disabled={!admin}
              maw={420}
            />
            {admin && (
              <Group>
                <Button type="submit" color="red.9" loading={save.isPending} disabled={!complete}>
                  Lưu thời hạn
                </Button>
                <Button variant="default" onClick={() => setDraft(null)} disabled={!draft}>
                  Hoàn tác
                </Button>
              </Group>
            )}
          </Stack>
        </form>
      )}
    </Stack>
  );
}
