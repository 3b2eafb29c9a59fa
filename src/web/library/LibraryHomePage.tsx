import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../platform/api';
import { formatDate, formatNumber } from '../platform/format';
import { facetValueLabel } from './labels';
import { SearchBox } from './SearchBox';
import type { SearchResult } from './types';

type Collection = { id: number; name: string; description: string | null; documentCount: number };

/** The public catalogue home: one query box, browsing by type and topic, recent documents. */
export function LibraryHomePage() {
  const listing = useQuery({
    queryKey: ['library-search', ''],
    queryFn: () => api<SearchResult>('/api/v1/library/search'),
  });
  const collections = useQuery({
    queryKey: ['library-collections'],
    queryFn: () => api<{ items: Collection[] }>('/api/v1/library/collections'),
  });
  const facets = listing.data?.facets;
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1} size="h2" c="red.8">
          Thư viện số cộng đồng
        </Title>
        <Text c="dimmed">
          Văn bản pháp luật, hướng dẫn của Mặt trận, tài liệu tuyên truyền, sổ tay, biểu mẫu — gõ có
          dấu hoặc không dấu đều tìm được.
        </Text>
      </div>
      <SearchBox size="lg" />
      {facets && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Card withBorder>
            <Text fw={600} mb="xs">
              Theo loại văn bản
            </Text>
            <Group gap="xs">
              {facets.type.map((f) => (
                <Badge
                  key={f.value}
                  component={Link}
                  to={`/library/tim-kiem?type=${encodeURIComponent(f.value)}`}
                  variant="outline"
                  color="blue.9"
                  style={{ cursor: 'pointer' }}
                >
                  {f.value} ({formatNumber(f.count)})
                </Badge>
              ))}
            </Group>
          </Card>
          <Card withBorder>
            <Text fw={600} mb="xs">
              Theo chủ đề
            </Text>
            <Group gap="xs">
              {facets.topic.slice(0, 12).map((f) => (
                <Badge
                  key={f.value}
                  component={Link}
                  to={`/library/tim-kiem?topic=${encodeURIComponent(f.value)}`}
                  variant="outline"
                  color="gray.8"
                  style={{ cursor: 'pointer' }}
                >
                  {facetValueLabel('topic', f.value)} ({formatNumber(f.count)})
                </Badge>
              ))}
            </Group>
          </Card>
        </SimpleGrid>
      )}
      {collections.data && collections.data.items.length > 0 && (
        <div>
          <Title order={2} size="h4" mb="xs">
            Bộ sưu tập
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {collections.data.items.map((c) => (
              <Card
                key={c.id}
                withBorder
                component={Link}
                to={`/library/tim-kiem?collection=${c.id}`}
              >
                <Text fw={600}>{c.name}</Text>
                <Text size="sm" c="dimmed">
                  {c.description ?? ''} · {formatNumber(c.documentCount)} tài liệu
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </div>
      )}
      <div>
        <Title order={2} size="h4" mb="xs">
          Mới cập nhật
        </Title>
        <Stack gap="xs">
          {listing.data?.items.map((item) => (
            <Group key={item.id} gap="xs" wrap="nowrap">
              <Anchor c="blue.9" component={Link} to={`/library/documents/${item.id}`}>
                {item.title}
              </Anchor>
              <Text size="xs" c="dimmed">
                {item.number ?? ''} · {formatDate(item.issuedOn)}
              </Text>
            </Group>
          ))}
        </Stack>
      </div>
    </Stack>
  );
}
