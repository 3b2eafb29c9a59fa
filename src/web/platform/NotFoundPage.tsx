import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1} size="h2">
          Không tìm thấy trang
        </Title>
        <Text>Địa chỉ này không có hoặc đã được chuyển đi.</Text>
        <Button component={Link} to="/" w="fit-content">
          Về trang chủ
        </Button>
      </Stack>
    </Container>
  );
}
