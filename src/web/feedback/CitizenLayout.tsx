import { Anchor, Box, Container, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A light frame for citizens' pages: no account, no side menu. */
export function CitizenLayout({ children }: { children: ReactNode }) {
  return (
    <Box>
      <Box
        component="header"
        py="sm"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Container size="md">
          <Group justify="space-between">
            <Anchor component={Link} to="/" fw={700} c="red.8" underline="never" size="lg">
              Mặt trận số
            </Anchor>
            <Group gap="md">
              <Anchor component={Link} to="/feedback/gui" c="red.9">
                Gửi phản ánh
              </Anchor>
              <Anchor component={Link} to="/feedback/tra-cuu" c="red.9">
                Tra cứu
              </Anchor>
            </Group>
          </Group>
        </Container>
      </Box>
      <Container size="md" py="lg" component="main" id="noi-dung">
        {children}
      </Container>
    </Box>
  );
}
