import { Stack, Text, Title } from '@mantine/core';
import { SubmitForm } from './SubmitForm';

/** /feedback/nhap — a cadre enters a case received by phone, letter, reception or voter meeting. */
export function EntryPage() {
  return (
    <Stack maw={860}>
      <div>
        <Title order={1} size="h2">
          Nhập hồ sơ tiếp nhận trực tiếp
        </Title>
        <Text c="dimmed">
          Hồ sơ nhận qua điện thoại, thư, tiếp công dân hoặc tiếp xúc cử tri; kênh tiếp nhận được
          ghi lại.
        </Text>
      </div>
      <SubmitForm staff />
    </Stack>
  );
}
