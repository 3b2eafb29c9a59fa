import { Stack, Text, Title } from '@mantine/core';
import { CitizenLayout } from './CitizenLayout';
import { SubmitForm } from './SubmitForm';

/** /feedback/gui — a citizen sends a report without an account. */
export function SubmitPage() {
  return (
    <CitizenLayout>
      <Stack>
        <div>
          <Title order={1} size="h2">
            Gửi phản ánh, kiến nghị
          </Title>
          <Text c="dimmed">
            Không cần tài khoản. Sau khi gửi, bạn nhận mã tra cứu để theo dõi kết quả.
          </Text>
        </div>
        <SubmitForm />
      </Stack>
    </CitizenLayout>
  );
}
