import {
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../platform/api';
import { formatDateTime } from '../platform/format';
import type { LibraryDocument } from './types';

type VersionsCardProps = { doc: LibraryDocument };

/** The versions of a document, each downloadable; librarians upload a new one. */
export function VersionsCard({ doc }: VersionsCardProps) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const upload = useMutation({
    mutationFn: () => {
      const body = new FormData();
      if (file) body.set('file', file, file.name);
      body.set('note', note);
      return api<{ version: number }>(`/api/v1/library/documents/${doc.id}/versions`, { body });
    },
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: `Đã lưu phiên bản ${saved.version}.` });
      setOpen(false);
      setFile(null);
      setNote('');
      void client.invalidateQueries({ queryKey: ['library-document', String(doc.id)] });
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          Phiên bản
        </Text>
        {doc.canManage && (
          <Button size="compact-sm" variant="default" onClick={() => setOpen(true)}>
            Tải lên phiên bản mới
          </Button>
        )}
      </Group>
      <Stack gap={6}>
        {doc.versions.map((v) => (
          <div key={v.version}>
            <Group gap={6}>
              <Text size="sm" fw={600}>
                Phiên bản {v.version}
              </Text>
              {v.current && (
                <Badge size="sm" color="teal.9" variant="outline">
                  Hiện hành
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {formatDateTime(v.createdAt)}
              {v.createdBy ? ` · ${v.createdBy}` : ''}
              {v.note ? ` · ${v.note}` : ''}
            </Text>
            {v.url && (
              <Anchor c="blue.9" size="sm" href={v.url} download>
                Tải {v.fileName ?? `phiên bản ${v.version}`}
              </Anchor>
            )}
          </div>
        ))}
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} title="Tải lên phiên bản mới">
        <Stack>
          <Text size="sm">
            Bản hiện hành (phiên bản {doc.version}) được giữ lại cùng nội dung chữ của nó; tài liệu
            sẽ hiển thị và được tìm theo tệp mới.
          </Text>
          <FileInput
            label="Tệp mới"
            placeholder="PDF, DOCX, XLSX, TXT hoặc ảnh"
            value={file}
            onChange={setFile}
            accept=".pdf,.docx,.xlsx,.txt,.png,.jpg,.jpeg,.tif,.tiff,.webp"
            required
          />
          <Textarea
            label="Ghi chú"
            description="Sửa đổi gì so với bản trước"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            maxLength={500}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Huỷ
            </Button>
            <Button
              color="red.9"
              disabled={!file}
              loading={upload.isPending}
              onClick={() => upload.mutate()}
            >
              Lưu phiên bản mới
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
