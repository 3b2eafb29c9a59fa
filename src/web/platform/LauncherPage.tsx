import {
  Badge,
  Button,
  Card,
  Container,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from './api';
import { formatDate, formatNumber, ROLE_LABELS } from './format';
import { activeUnit, useMe } from './useMe';

type Attention = {
  app: string;
  label: string;
  count: number;
  link: string;
  tone: 'danger' | 'warning' | 'info';
};
const TONE_COLOR = { danger: 'red', warning: 'orange', info: 'blue' } as const;

type AppTile = { id: string; name: string; description: string; path: string; available: boolean };

/** The portal: the five applications, the user's unit and role. */
export function LauncherPage() {
  const me = useMe();
  const apps = useQuery({
    queryKey: ['apps'],
    queryFn: () => api<{ items: AppTile[] }>('/api/v1/apps'),
  });
  const attention = useQuery({
    queryKey: ['attention'],
    queryFn: () => api<{ items: Attention[] }>('/api/v1/attention'),
    refetchInterval: 120_000,
  });
  const user = me.data;
  if (!user) return null;
  const unit = activeUnit(user);
  return (
    <Container size="lg">
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2">
            Xin chào, {user.fullName}
          </Title>
          <Text c="dimmed">
            {user.roles.map((r) => `${ROLE_LABELS[r.role] ?? r.role} — ${r.unitName}`).join('; ')} ·
            Đơn vị đang làm việc: <strong>{unit.name || unit.code}</strong> · Hôm nay{' '}
            {formatDate(new Date())}
          </Text>
        </div>
        {(attention.data?.items ?? []).length > 0 && (
          <section aria-labelledby="attention-title">
            <Title id="attention-title" order={2} size="h4" mb="xs">
              Việc cần chú ý
            </Title>
            <Group gap="sm">
              {(attention.data?.items ?? []).map((item) => (
                <Button
                  key={`${item.app}-${item.label}`}
                  component={Link}
                  to={item.link}
                  variant="light"
                  color={TONE_COLOR[item.tone]}
                >
                  {item.label}: {formatNumber(item.count)}
                </Button>
              ))}
            </Group>
          </section>
        )}
        <nav aria-label="Ứng dụng">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
            {(apps.data?.items ?? []).map((app) =>
              app.available ? (
                <Card
                  key={app.id}
                  component={Link}
                  to={app.path}
                  withBorder
                  padding="lg"
                  radius="md"
                  className="app-tile"
                  data-app={app.id}
                >
                  <Title order={2} size="h4" c="red.8">
                    {app.name}
                  </Title>
                  <Text size="sm" c="dimmed" mt={4}>
                    {app.description}
                  </Text>
                </Card>
              ) : (
                <Card
                  key={app.id}
                  withBorder
                  padding="lg"
                  radius="md"
                  data-app={app.id}
                  bg="gray.0"
                >
                  <Title order={2} size="h4" c="gray.7">
                    {app.name}
                  </Title>
                  <Text size="sm" c="dimmed" mt={4}>
                    {app.description}
                  </Text>
                  <Badge mt="sm" color="gray" variant="light">
                    Sắp có
                  </Badge>
                </Card>
              ),
            )}
          </SimpleGrid>
        </nav>
      </Stack>
    </Container>
  );
}
