import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Select,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../platform/api';
import { activeUnit, useMe } from '../platform/useMe';
import { ACCESS_LABELS, DOCUMENT_TYPES, STATUS_LABELS } from './labels';
import { RelatedPicker } from './RelatedPicker';

type Form = {
  title: string;
  number: string;
  docType: string;
  issuer: string;
  signer: string;
  issuedOn: string;
  effectiveOn: string;
  status: string;
  topics: string[];
  audience: string;
  access: string;
  accessUnitCodes: string[];
  embargoUntil: string;
  description: string;
  amendsIds: number[];
  replacesIds: number[];
};

const EMPTY: Form = {
  title: '',
  number: '',
  docType: 'Hướng dẫn',
  issuer: '',
  signer: '',
  issuedOn: '',
  effectiveOn: '',
  // Empty: the server decides from the effective date (not yet in force before it).
  status: '',
  topics: [],
  audience: '',
  access: 'public',
  accessUnitCodes: [],
  embargoUntil: '',
  description: '',
  amendsIds: [],
  replacesIds: [],
};

/** Fields whose refusal is shown under their own box. */
const INLINE_FIELDS = new Set<string>(['file', ...Object.keys(EMPTY)]);

/** Librarians upload a file with its metadata; text is extracted and indexed at once. */
export function UploadPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(EMPTY);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const unit = me.data ? activeUnit(me.data) : null;
  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm((f) => ({ ...f, [key]: value }));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!file || !unit) return;
    setBusy(true);
    setError(null);
    const body = new FormData();
    const optional = (v: string) => (v.trim() === '' ? null : v.trim());
    body.set(
      'metadata',
      JSON.stringify({
        ...form,
        number: optional(form.number),
        issuer: optional(form.issuer),
        signer: optional(form.signer),
        issuedOn: optional(form.issuedOn),
        effectiveOn: optional(form.effectiveOn),
        status: optional(form.status) ?? undefined,
        audience: optional(form.audience),
        embargoUntil: optional(form.embargoUntil),
        description: optional(form.description),
        unitCode: unit.code,
      }),
    );
    body.set('file', file);
    try {
      const created = await api<{ id: number }>('/api/v1/library/documents', {
        method: 'POST',
        body,
      });
      await navigate(`/library/documents/${created.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', 'Không tải lên được.'));
    } finally {
      setBusy(false);
    }
  }

  // "topics.0" belongs to the topics box; a field without a box of its own goes to the alert.
  const errorField = error?.field?.split('.')[0] ?? '';
  const shownInline =
    INLINE_FIELDS.has(errorField) &&
    (errorField !== 'accessUnitCodes' || form.access === 'restricted');
  const fieldError = (name: string) => (errorField === name ? error?.fieldMessage : undefined);
  return (
    <Stack maw={720} component="form" onSubmit={(e) => void submit(e)}>
      <Title order={1} size="h3">
        Tải lên tài liệu
      </Title>
      <Anchor c="blue.9" component={Link} to="/library/nhap-hang-loat">
        Nhiều tài liệu? Nhập hàng loạt từ bảng tính và tệp nén
      </Anchor>
      {error && !shownInline && <Alert color="red">{error.message}</Alert>}
      <FileInput
        label="Tệp (PDF, DOCX, XLSX, TXT, ảnh)"
        required
        value={file}
        onChange={setFile}
        accept=".pdf,.docx,.xlsx,.txt,.png,.jpg,.jpeg,.tif,.tiff,.webp"
        error={fieldError('file')}
      />
      <TextInput
        label="Tiêu đề"
        required
        value={form.title}
        onChange={(e) => set('title')(e.currentTarget.value)}
        error={fieldError('title')}
      />
      <Group grow>
        <TextInput
          label="Số, ký hiệu"
          value={form.number}
          onChange={(e) => set('number')(e.currentTarget.value)}
          placeholder="12/HD-MTTQ-BTT"
          error={fieldError('number')}
        />
        <Select
          label="Loại văn bản"
          data={DOCUMENT_TYPES}
          value={form.docType}
          onChange={(v) => set('docType')(v ?? 'Khác')}
          error={fieldError('docType')}
        />
      </Group>
      <Group grow>
        <TextInput
          label="Cơ quan ban hành"
          value={form.issuer}
          onChange={(e) => set('issuer')(e.currentTarget.value)}
          error={fieldError('issuer')}
        />
        <TextInput
          label="Người ký"
          value={form.signer}
          onChange={(e) => set('signer')(e.currentTarget.value)}
          error={fieldError('signer')}
        />
      </Group>
      <Group grow>
        <TextInput
          type="date"
          label="Ngày ban hành"
          value={form.issuedOn}
          onChange={(e) => set('issuedOn')(e.currentTarget.value)}
          error={fieldError('issuedOn')}
        />
        <TextInput
          type="date"
          label="Ngày hiệu lực"
          value={form.effectiveOn}
          onChange={(e) => set('effectiveOn')(e.currentTarget.value)}
          error={fieldError('effectiveOn')}
        />
        <Select
          label="Hiệu lực"
          data={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          placeholder="Theo ngày hiệu lực"
          clearable
          value={form.status || null}
          onChange={(v) => set('status')(v ?? '')}
          error={fieldError('status')}
        />
      </Group>
      <TagsInput
        label="Chủ đề"
        value={form.topics}
        onChange={set('topics')}
        error={fieldError('topics')}
      />
      <TextInput
        label="Đối tượng sử dụng"
        value={form.audience}
        onChange={(e) => set('audience')(e.currentTarget.value)}
        error={fieldError('audience')}
      />
      <Group grow>
        <Select
          label="Quyền xem"
          data={Object.entries(ACCESS_LABELS).map(([value, label]) => ({ value, label }))}
          value={form.access}
          onChange={(v) => set('access')(v ?? 'public')}
          error={fieldError('access')}
        />
        <TextInput
          type="date"
          label="Chưa công bố trước ngày"
          value={form.embargoUntil}
          onChange={(e) => set('embargoUntil')(e.currentTarget.value)}
          error={fieldError('embargoUntil')}
        />
      </Group>
      {form.access === 'restricted' && (
        <TagsInput
          label="Mã các đơn vị được xem"
          value={form.accessUnitCodes}
          onChange={set('accessUnitCodes')}
          error={fieldError('accessUnitCodes')}
        />
      )}
      <Textarea
        label="Tóm tắt"
        value={form.description}
        onChange={(e) => set('description')(e.currentTarget.value)}
        autosize
        minRows={2}
        error={fieldError('description')}
      />
      <RelatedPicker
        label="Sửa đổi, bổ sung văn bản"
        value={form.amendsIds}
        onChange={set('amendsIds')}
        error={fieldError('amendsIds')}
      />
      <RelatedPicker
        label="Thay thế văn bản"
        value={form.replacesIds}
        onChange={set('replacesIds')}
        error={fieldError('replacesIds')}
      />
      <Group>
        <Button type="submit" color="red.9" loading={busy} disabled={!file || !unit}>
          Tải lên và lập chỉ mục
        </Button>
      </Group>
    </Stack>
  );
}
