import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  List,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../platform/api';
import { activeUnit, useMe } from '../platform/useMe';
import {
  IMPORT_PATH,
  sendImport,
  useImportInfo,
  type ImportPreview,
  type ImportResult,
} from './bulk';
import { ImportProblemsTable } from './ImportProblemsTable';

const ACTIONS: Record<ImportPreview['rows'][number]['action'], [string, string]> = {
  create: ['Sẽ thêm', 'teal.9'],
  unchanged: ['Đã có, không đổi', 'gray.8'],
  error: ['Có lỗi, bỏ qua', 'red.9'],
};

/**
 * Librarians take in many documents at once: a spreadsheet of metadata and a .zip of the files.
 * The dry run lists every problem by row; apply takes in the rows without problems.
 */
export function BulkImportPage() {
  const me = useMe();
  const info = useImportInfo();
  const client = useQueryClient();
  const [sheet, setSheet] = useState<File | null>(null);
  const [archive, setArchive] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const unit = me.data ? activeUnit(me.data) : null;

  const reset = () => {
    setPreview(null);
    setResult(null);
    setError(null);
  };

  async function run(step: 'preview' | 'apply') {
    if (!sheet || !archive) return;
    setBusy(step);
    setError(null);
    try {
      if (step === 'preview') {
        setResult(null);
        setPreview(
          await sendImport<ImportPreview>('preview', { sheet, archive }, unit?.code ?? null),
        );
      } else {
        setResult(await sendImport<ImportResult>('apply', { sheet, archive }, unit?.code ?? null));
        setPreview(null);
        await client.invalidateQueries({ queryKey: ['library-search'] });
      }
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', 'Không gửi được tệp.'));
    } finally {
      setBusy(null);
    }
  }

  const fieldError = (name: string) => (error?.field === name ? error.message : undefined);
  const canApply = !!preview && !preview.blocked && preview.summary.create > 0;
  return (
    <Stack maw={1100}>
      <Title order={1} size="h3">
        Nhập tài liệu hàng loạt
      </Title>
      <Text>
        Điền mỗi tài liệu một dòng trong bảng tính (cột «Tên tệp» ghi đúng tên tệp trong tệp nén),
        nén các tệp thành một tệp .zip, rồi chạy thử: mọi lỗi được liệt kê theo dòng và cột, chưa có
        gì được ghi. Khi nhập, chỉ các dòng không lỗi được thêm; nhập lại cùng các tệp không thay
        đổi gì.
        {unit && ` Tài liệu thuộc đơn vị: ${unit.name}.`}
      </Text>
      {info.data && (
        <Text size="sm" c="gray.8">
          {info.data.limits.text} Cột bắt buộc:{' '}
          {info.data.columns
            .filter((c) => c.required)
            .map((c) => c.header)
            .join(', ')}
          .
        </Text>
      )}
      <Group align="flex-end">
        <Button component="a" href={`${IMPORT_PATH}/template.xlsx`} variant="default">
          Tải mẫu bảng tính
        </Button>
        <FileInput
          label="Bảng tính thông tin (.xlsx, .csv)"
          accept=".xlsx,.csv"
          value={sheet}
          onChange={(f) => {
            setSheet(f);
            reset();
          }}
          error={fieldError('sheet')}
          miw={260}
          clearable
          clearButtonProps={{ 'aria-label': 'Bỏ chọn tệp' }}
        />
        <FileInput
          label="Tệp nén các tài liệu (.zip)"
          accept=".zip"
          value={archive}
          onChange={(f) => {
            setArchive(f);
            reset();
          }}
          error={fieldError('archive')}
          miw={260}
          clearable
          clearButtonProps={{ 'aria-label': 'Bỏ chọn tệp' }}
        />
      </Group>
      <Group>
        <Button
          color="red.9"
          onClick={() => void run('preview')}
          disabled={!sheet || !archive || busy !== null}
          loading={busy === 'preview'}
        >
          Chạy thử (chưa ghi)
        </Button>
        <Button
          color="teal.9"
          onClick={() => void run('apply')}
          disabled={!canApply || busy !== null}
          loading={busy === 'apply'}
        >
          Nhập các dòng không lỗi
        </Button>
      </Group>
      {error && !['sheet', 'archive'].includes(error.field ?? '') && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      {result && (
        <Card withBorder role="status" aria-labelledby="bulk-import-done">
          <Title order={2} size="h4" id="bulk-import-done">
            Đã nhập xong
          </Title>
          <List>
            <List.Item>Đã thêm: {result.created}</List.Item>
            <List.Item>Đã có từ trước, không đổi: {result.unchanged}</List.Item>
            <List.Item>Bỏ qua vì có lỗi: {result.skipped}</List.Item>
            <List.Item>Lỗi khi nhập: {result.failed}</List.Item>
          </List>
          {result.rows
            .filter((r) => r.action === 'failed' || r.action === 'skipped')
            .map((r) => (
              <Text key={r.rowNumber} size="sm">
                Dòng {r.rowNumber}: {r.message}
              </Text>
            ))}
        </Card>
      )}
      {preview && (
        <>
          {preview.blocked && (
            <Alert color="red" role="alert">
              Có lỗi chặn cả lần nhập; hãy sửa bảng tính hoặc tệp nén rồi chạy thử lại.
            </Alert>
          )}
          <Group gap="xs">
            {(Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).map((a) => (
              <Badge key={a} color={ACTIONS[a][1]} variant="outline">
                {ACTIONS[a][0]}: {preview.summary[a]}
              </Badge>
            ))}
            <Badge color="violet.9" variant="outline">
              Lưu ý: {preview.summary.warning}
            </Badge>
          </Group>
          {preview.problems.length > 0 && (
            <>
              <Title order={2} size="h4">
                Các vấn đề theo dòng
              </Title>
              <ImportProblemsTable problems={preview.problems} />
            </>
          )}
          {preview.rows.length > 0 && (
            <>
              <Title order={2} size="h4">
                Các dòng
              </Title>
              <Table striped withTableBorder aria-label="Các dòng của bảng tính">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Dòng</Table.Th>
                    <Table.Th scope="col">Tên tệp</Table.Th>
                    <Table.Th scope="col">Tiêu đề</Table.Th>
                    <Table.Th scope="col">Số ký hiệu</Table.Th>
                    <Table.Th scope="col">Xử lý</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.rows.map((r) => (
                    <Table.Tr key={r.rowNumber}>
                      <Table.Td>{r.rowNumber}</Table.Td>
                      <Table.Td>{r.fileName ?? '—'}</Table.Td>
                      <Table.Td>
                        {r.documentId ? (
                          <Anchor component={Link} to={`/library/documents/${r.documentId}`}>
                            {r.title}
                          </Anchor>
                        ) : (
                          (r.title ?? '—')
                        )}
                      </Table.Td>
                      <Table.Td>{r.number ?? '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={ACTIONS[r.action][1]} variant="outline">
                          {ACTIONS[r.action][0]}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </>
      )}
    </Stack>
  );
}
