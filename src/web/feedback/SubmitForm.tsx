import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  CopyButton,
  FileInput,
  Grid,
  Group,
  List,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, query } from '../platform/api';
import { useMe } from '../platform/useMe';
import {
  mapPointError,
  MIN_CONTENT,
  MIN_TITLE,
  parseCoordinate,
  receivedAtFor,
  textLengthError,
  todayLocal,
  toLocalDate,
} from './intake';
import { CHANNEL_LABELS, FIELD_LABELS, TYPE_LABELS, options } from './labels';
import { MapPointInput } from './MapPointInput';
import { useUnits } from './useUnits';

type Props = { staff?: boolean };
type Uploaded = { token: string; fileName: string; size: number };

const MAX_FILES = 5;
const MAX_MB = 10;

const empty = {
  type: 'phan_anh',
  field: '',
  title: '',
  content: '',
  provinceCode: '',
  communeCode: '',
  address: '',
  lat: '',
  lng: '',
  anonymous: false,
  consent: false,
  name: '',
  phone: '',
  email: '',
  idNumber: '',
  contactAddress: '',
  channel: 'reception',
  receivedDate: '',
};
/** A blank form; a cadre's date of receipt starts at today. */
const blank = () => ({ ...empty, receivedDate: toLocalDate(todayLocal()) });

/** The intake form: public (citizen) or for a cadre entering a case received another way. */
export function SubmitForm({ staff = false }: Props) {
  const [form, setForm] = useState(blank);
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // One key per filled form: a double click or a retry after a network error gives one case.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  // A signed-in browser carries a session cookie, so the request needs its CSRF token.
  const me = useMe();
  const provinces = useUnits(null);
  const communes = useUnits(form.provinceCode || '');
  const [similarText] = useDebouncedValue(`${form.title} ${form.content}`.trim(), 600);
  const similar = useQuery({
    queryKey: ['feedback-similar', similarText, form.communeCode],
    enabled: staff && similarText.length > 8,
    queryFn: () =>
      api<{ items: { id: number; trackingCode: string; title: string; statusLabel: string }[] }>(
        `/api/v1/feedback/similar${query({ text: similarText, communeCode: form.communeCode })}`,
      ),
  });

  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const fieldError = (name: string) =>
    error?.field === name || error?.field?.startsWith(`${name}.`) ? error.message : undefined;

  async function addFiles(picked: File[]) {
    setError(null);
    if (files.length + picked.length > MAX_FILES) {
      setError(
        new ApiError(400, 'VALIDATION_ERROR', `Tối đa ${MAX_FILES} tệp đính kèm.`, 'attachments'),
      );
      return;
    }
    setUploading(true);
    try {
      for (const file of picked) {
        if (file.size > MAX_MB * 1024 * 1024)
          throw new ApiError(
            413,
            'PAYLOAD_TOO_LARGE',
            `Tệp «${file.name}» lớn hơn ${MAX_MB} MB.`,
            'attachments',
          );
        const body = new FormData();
        body.append('file', file, file.name);
        const uploaded = await api<Uploaded>('/api/v1/feedback/uploads', { method: 'POST', body });
        setFiles((list) => [...list, uploaded]);
      }
    } catch (e) {
      setError(
        e instanceof ApiError ? new ApiError(e.status, e.code, e.message, 'attachments') : null,
      );
    } finally {
      setUploading(false);
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const received = staff ? receivedAtFor(form.receivedDate) : {};
    const problem =
      textLengthError(form.title, form.content) ??
      mapPointError(form.lat, form.lng) ??
      received.problem;
    if (problem) {
      setError(new ApiError(400, 'VALIDATION_ERROR', problem.message, problem.field));
      return;
    }
    setSending(true);
    setError(null);
    try {
      const body = {
        type: form.type,
        field: form.field || undefined,
        title: form.title,
        content: form.content,
        provinceCode: form.provinceCode,
        communeCode: form.communeCode || null,
        address: form.address,
        lat: parseCoordinate(form.lat),
        lng: parseCoordinate(form.lng),
        anonymous: form.anonymous,
        consent: form.consent,
        petitioner: {
          name: form.name,
          phone: form.phone,
          email: form.email,
          idNumber: form.idNumber,
          address: form.contactAddress,
        },
        attachments: files.map((f) => f.token),
        ...(staff ? { channel: form.channel, receivedAt: received.value } : {}),
      };
      const result = await fetch('/api/v1/feedback', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          ...(me.data?.csrfToken ? { 'x-csrf-token': me.data.csrfToken } : {}),
        },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      });
      const data = (await result.json()) as {
        trackingCode?: string;
        error?: { code: string; message: string; field?: string };
      };
      if (!result.ok || !data.trackingCode) {
        throw new ApiError(
          result.status,
          data.error?.code ?? 'HTTP_ERROR',
          data.error?.message ?? 'Gửi không thành công.',
          data.error?.field,
        );
      }
      setDone(data.trackingCode);
      setForm(blank());
      setFiles([]);
      setIdempotencyKey(crypto.randomUUID());
    } catch (e) {
      setError(
        e instanceof ApiError
          ? e
          : new ApiError(
              0,
              'NETWORK',
              'Không kết nối được máy chủ. Hãy thử lại; hồ sơ sẽ không bị gửi trùng.',
            ),
      );
    } finally {
      setSending(false);
    }
  }

  if (done) {
    return (
      <Paper withBorder p="lg">
        <Stack>
          <Title order={2} size="h3">
            Đã gửi thành công
          </Title>
          <Text>
            Mã tra cứu của {staff ? 'hồ sơ' : 'bạn'} (hãy lưu lại, chỉ người có mã mới xem được kết
            quả):
          </Text>
          <Group>
            <Text fz={28} fw={700} ff="monospace" data-testid="tracking-code">
              {done}
            </Text>
            <CopyButton value={done}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy}>
                  {copied ? 'Đã chép' : 'Chép mã'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group>
            <Button component={Link} to={`/feedback/tra-cuu?ma=${encodeURIComponent(done)}`}>
              Xem tình trạng
            </Button>
            <Button variant="subtle" onClick={() => setDone(null)}>
              Gửi phản ánh khác
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        {error && !error.field && <Alert color="red">{error.message}</Alert>}
        {error?.field && <Alert color="red">{error.message}</Alert>}
        <Radio.Group label="Loại" value={form.type} onChange={(v) => set('type', v)} required>
          <Group mt="xs">
            {options(TYPE_LABELS).map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Radio.Group>
        {staff && (
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label="Kênh tiếp nhận"
                data={options(CHANNEL_LABELS).filter((o) => o.value !== 'open311')}
                value={form.channel}
                onChange={(v) => set('channel', v ?? 'reception')}
                error={fieldError('channel')}
                allowDeselect={false}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput
                label="Ngày tiếp nhận"
                description="dd/mm/yyyy, không sau ngày hôm nay"
                placeholder="dd/mm/yyyy"
                inputMode="numeric"
                value={form.receivedDate}
                onChange={(e) => set('receivedDate', e.currentTarget.value)}
                error={fieldError('receivedAt')}
                required
              />
            </Grid.Col>
          </Grid>
        )}
        <Select
          label="Lĩnh vực"
          placeholder="Chọn lĩnh vực"
          data={options(FIELD_LABELS)}
          value={form.field || null}
          onChange={(v) => set('field', v ?? '')}
          error={fieldError('field')}
          required
        />
        <TextInput
          label="Tiêu đề"
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={fieldError('title')}
          description={`Từ ${MIN_TITLE} ký tự trở lên.`}
          maxLength={300}
          required
        />
        <Textarea
          label="Nội dung"
          autosize
          minRows={5}
          value={form.content}
          onChange={(e) => set('content', e.currentTarget.value)}
          error={fieldError('content')}
          description={`Từ ${MIN_CONTENT} ký tự trở lên.`}
          required
        />
        {staff && (similar.data?.items.length ?? 0) > 0 && (
          <Alert color="yellow" title="Có hồ sơ tương tự ở cùng địa bàn">
            <List size="sm">
              {similar.data?.items.map((s) => (
                <List.Item key={s.id}>
                  <Anchor component={Link} to={`/feedback/ho-so/${s.id}`}>
                    {s.trackingCode}
                  </Anchor>{' '}
                  — {s.title} ({s.statusLabel})
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label="Tỉnh/thành phố"
              searchable
              data={(provinces.data ?? []).map((u) => ({ value: u.code, label: u.name }))}
              value={form.provinceCode || null}
              onChange={(v) => setForm((f) => ({ ...f, provinceCode: v ?? '', communeCode: '' }))}
              error={fieldError('provinceCode')}
              nothingFoundMessage="Không tìm thấy"
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label="Xã/phường"
              searchable
              disabled={!form.provinceCode}
              data={(communes.data ?? []).map((u) => ({ value: u.code, label: u.name }))}
              value={form.communeCode || null}
              onChange={(v) => set('communeCode', v ?? '')}
              error={fieldError('communeCode')}
              nothingFoundMessage="Không tìm thấy"
            />
          </Grid.Col>
        </Grid>
        <TextInput
          label="Địa chỉ nơi xảy ra sự việc"
          value={form.address}
          onChange={(e) => set('address', e.currentTarget.value)}
          error={fieldError('address')}
        />
        <MapPointInput
          lat={form.lat}
          lng={form.lng}
          onChange={(point) => setForm((f) => ({ ...f, ...point }))}
          errors={{ lat: fieldError('lat'), lng: fieldError('lng') }}
        />
        <FileInput
          label={`Tệp đính kèm (tối đa ${MAX_FILES} tệp, mỗi tệp ${MAX_MB} MB: ảnh, PDF, Word, Excel)`}
          multiple
          accept="image/jpeg,image/png,image/webp,application/pdf,.doc,.docx,.xls,.xlsx"
          value={[]}
          onChange={(picked) => void addFiles(picked)}
          disabled={uploading || files.length >= MAX_FILES}
          error={fieldError('attachments')}
        />
        {files.length > 0 && (
          <List size="sm">
            {files.map((f) => (
              <List.Item key={f.token}>
                {f.fileName} ({Math.ceil(f.size / 1024)} KB){' '}
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => setFiles((list) => list.filter((x) => x.token !== f.token))}
                >
                  Bỏ
                </Anchor>
              </List.Item>
            ))}
          </List>
        )}
        <Title order={3} size="h5" mt="sm">
          Thông tin người gửi {form.type === 'khieu_nai' ? '(bắt buộc họ tên)' : '(không bắt buộc)'}
        </Title>
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="Họ và tên"
              value={form.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={fieldError('petitioner.name')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="Số điện thoại"
              type="tel"
              value={form.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              error={fieldError('petitioner.phone')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="Thư điện tử (để nhận thông báo)"
              type="email"
              value={form.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              error={fieldError('petitioner.email')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="Số CCCD"
              value={form.idNumber}
              onChange={(e) => set('idNumber', e.currentTarget.value)}
              error={fieldError('petitioner.idNumber')}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <TextInput
              label="Địa chỉ liên hệ"
              value={form.contactAddress}
              onChange={(e) => set('contactAddress', e.currentTarget.value)}
              error={fieldError('petitioner.address')}
            />
          </Grid.Col>
        </Grid>
        <Checkbox
          label="Đề nghị giữ bí mật danh tính (chỉ cán bộ trực tiếp xử lý được biết)"
          checked={form.anonymous}
          onChange={(e) => set('anonymous', e.currentTarget.checked)}
        />
        <Checkbox
          label="Tôi đồng ý cho Mặt trận Tổ quốc xử lý dữ liệu cá nhân trên để giải quyết phản ánh này (Nghị định 356/2025/NĐ-CP)"
          checked={form.consent}
          onChange={(e) => set('consent', e.currentTarget.checked)}
          error={fieldError('consent')}
          required
        />
        <Group>
          <Button type="submit" color="red.9" loading={sending} disabled={uploading}>
            Gửi
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
