import {
  Alert,
  Badge,
  Button,
  Container,
  FileInput,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../platform/api';
import { notifications } from '@mantine/notifications';

type PreviewRow = {
  rowNumber: number;
  action: 'create' | 'update' | 'unchanged' | 'error';
  label?: string;
  values: Record<string, string | number | boolean | null>;
  errors: { column: string; message: string }[];
};
type Preview = {
  headerRow: number;
  problems: string[];
  rows: PreviewRow[];
  summary: Record<PreviewRow['action'], number>;
};

const ACTIONS: Record<PreviewRow['action'], [string, string]> = {
  create: ['Thêm mới', 'teal.9'],
  update: ['Cập nhật', 'blue.9'],
  unchanged: ['Không đổi', 'gray.8'],
  error: ['Lỗi', 'red.9'],
};

/** Results of many units from one sheet: template, preview with row errors, then apply. */
export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();

  const send = async <T,>(path: string): Promise<T> => {
    const form = new FormData();
    if (file) form.append('file', file);
    return api<T>(path, { body: form });
  };

  async function check() {
    setBusy(true);
    setError(null);
    try {
      setPreview(await send<Preview>('/api/v1/congress/import/preview'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    setBusy(true);
    try {
      const done = await send<{ created: number; updated: number; unchanged: number }>(
        '/api/v1/congress/import/apply',
      );
      notifications.show({
        color: 'green',
        message: `Đã nhập: ${done.created} mới, ${done.updated} cập nhật, ${done.unchanged} không đổi.`,
      });
      setPreview(null);
      await client.invalidateQueries({ queryKey: ['congress-progress'] });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const blocked =
    !preview ||
    preview.problems.length > 0 ||
    preview.summary.error > 0 ||
    preview.rows.length === 0;
  return (
    <Container size="xl">
      <Stack>
        <Title order={1} size="h2">
          Nhập kết quả đại hội từ Excel
        </Title>
        <Text>
          Tải mẫu, điền mỗi đơn vị một dòng (mã đơn vị bắt buộc). Bảng tính có dòng tiêu đề phụ,
          tiêu đề gộp hai dòng, dòng «Tổng cộng» đều đọc được; nhập lại cùng một tệp không thay đổi
          gì.
        </Text>
        <Group align="flex-end">
          <Button component="a" href="/api/v1/congress/import/template.xlsx" variant="default">
            Tải mẫu Excel
          </Button>
          <FileInput
            label="Tệp kết quả (.xlsx, .csv)"
            accept=".xlsx,.csv"
            value={file}
            onChange={(f) => {
              setFile(f);
              setPreview(null);
            }}
            miw={280}
            clearable
          />
          <Button color="red.9" onClick={() => void check()} disabled={!file} loading={busy}>
            Xem trước
          </Button>
          <Button onClick={() => void apply()} disabled={blocked} loading={busy} color="teal.9">
            Nhập dữ liệu
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {preview?.problems.map((p) => (
          <Alert key={p} color="red">
            {p}
          </Alert>
        ))}
        {preview && (
          <>
            <Group gap="xs">
              {(Object.keys(ACTIONS) as PreviewRow['action'][]).map((a) => (
                <Badge key={a} color={ACTIONS[a][1]} variant="outline">
                  {ACTIONS[a][0]}: {preview.summary[a]}
                </Badge>
              ))}
              <Text size="sm" c="gray.7">
                Dòng tiêu đề: {preview.headerRow}
              </Text>
            </Group>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Dòng</Table.Th>
                  <Table.Th>Mã</Table.Th>
                  <Table.Th>Đơn vị</Table.Th>
                  <Table.Th>Xử lý</Table.Th>
                  <Table.Th>Lỗi</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.map((r) => (
                  <Table.Tr key={r.rowNumber}>
                    <Table.Td>{r.rowNumber}</Table.Td>
                    <Table.Td>{String(r.values.unitCode ?? '')}</Table.Td>
                    <Table.Td>{r.label ?? String(r.values.unitName ?? '')}</Table.Td>
                    <Table.Td>
                      <Badge color={ACTIONS[r.action][1]} variant="outline">
                        {ACTIONS[r.action][0]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{r.errors.map((e) => e.message).join('; ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>
    </Container>
  );
}
