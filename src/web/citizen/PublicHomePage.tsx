import { Button, Card, Container, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

/** The home page for citizens, who have no account. */
export function PublicHomePage() {
  return (
    <Container size="lg">
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2" c="red.8">
            Mặt trận số
          </Title>
          <Text c="dimmed">Cổng dịch vụ số của Mặt trận Tổ quốc Việt Nam dành cho người dân</Text>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Card withBorder padding="lg">
            <Title order={2} size="h4">
              Gửi phản ánh, kiến nghị
            </Title>
            <Text size="sm" c="dimmed" my="sm">
              Không cần tài khoản. Bạn nhận mã tra cứu để theo dõi kết quả.
            </Text>
            <Button component={Link} to="/feedback/gui">
              Gửi phản ánh
            </Button>
          </Card>
          <Card withBorder padding="lg">
            <Title order={2} size="h4">
              Tra cứu hồ sơ
            </Title>
            <Text size="sm" c="dimmed" my="sm">
              Xem tình trạng xử lý và câu trả lời bằng mã tra cứu.
            </Text>
            <Button component={Link} to="/feedback/tra-cuu" variant="light">
              Tra cứu
            </Button>
          </Card>
          <Card withBorder padding="lg">
            <Title order={2} size="h4">
              Thư viện số
            </Title>
            <Text size="sm" c="dimmed" my="sm">
              Văn bản pháp luật, tài liệu tuyên truyền, sổ tay, biểu mẫu.
            </Text>
            <Button component={Link} to="/library" variant="light">
              Vào thư viện
            </Button>
          </Card>
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
