import {
  Alert,
  Anchor,
  Badge,
  Card,
  Checkbox,
  Grid,
  Group,
  Loader,
  Pagination,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../platform/api';
import { formatDate, formatNumber } from '../platform/format';
import { retryUnlessRefused, searchErrorMessage } from './errors';
import { Highlighted } from './Highlighted';
import { FACET_LABELS, facetValueLabel, STATUS_COLORS, STATUS_LABELS } from './labels';
import { SearchBox } from './SearchBox';
import type { SearchResult } from './types';

const FILTERS = ['type', 'issuer', 'year', 'status', 'topic', 'level'] as const;

/** Results with facets on the side; every filter is in the address, so a search can be shared. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '1');
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  const collection = params.get('collection') ?? undefined;
  const result = useQuery({
    queryKey: ['library-search', params.toString()],
    queryFn: () =>
      api<SearchResult>(`/api/v1/library/search${query({ q, page, collection, ...filters })}`),
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
  });

  function toggle(facet: string, value: string) {
    const next = new URLSearchParams(params);
    if (next.get(facet) === value) next.delete(facet);
    else next.set(facet, value);
    next.delete('page');
    setParams(next);
  }

  const data = result.data;
  return (
    <Stack gap="md" maw={1200}>
      <Title order={1} size="h3">
        Tra cứu thư viện
      </Title>
      <SearchBox key={q} initial={q} />
      {result.isError && <Alert color="red">{searchErrorMessage(result.error)}</Alert>}
      {data?.didYouMean && (
        <Text size="sm">
          {data.corrected
            ? 'Không có kết quả cho câu đã gõ; đang hiện kết quả cho '
            : 'Có phải bạn muốn tìm '}
          <Anchor
            component={Link}
            to={`/library/tim-kiem?q=${encodeURIComponent(data.didYouMean)}`}
            fw={600}
          >
            {data.didYouMean}
          </Anchor>
          ?
        </Text>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Stack gap="sm" role="group" aria-label="Bộ lọc">
            {data &&
              FILTERS.map((facet) =>
                data.facets[facet].length ? (
                  <Card key={facet} withBorder padding="sm">
                    <Text fw={600} size="sm" mb={4}>
                      {FACET_LABELS[facet]}
                    </Text>
                    <Stack gap={4}>
                      {data.facets[facet].slice(0, 8).map((f) => (
                        <Checkbox
                          key={f.value}
                          size="xs"
                          checked={params.get(facet) === f.value}
                          onChange={() => toggle(facet, f.value)}
                          label={`${facetValueLabel(facet, f.value)} (${formatNumber(f.count)})`}
                        />
                      ))}
                    </Stack>
                  </Card>
                ) : null,
              )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="sm">
            <Group justify="space-between">
              <Text size="sm" c="dimmed" aria-live="polite">
                {data ? `${formatNumber(data.total)} tài liệu` : !result.isError && 'Đang tìm…'}
              </Text>
              {result.isFetching && <Loader size="xs" aria-label="Đang tải" />}
            </Group>
            {data?.items.map((item) => (
              <Card key={item.id} withBorder padding="md" data-testid="search-result">
                <Anchor
                  c="blue.9"
                  component={Link}
                  to={`/library/documents/${item.id}${item.anchor ? `#${item.anchor}` : ''}`}
                  fw={600}
                >
                  {item.title}
                </Anchor>
                <Group gap="xs" my={4}>
                  {item.number && (
                    <Badge variant="outline" color="blue.9">
                      {item.number}
                    </Badge>
                  )}
                  <Badge variant="outline" color="gray.8">
                    {item.docType}
                  </Badge>
                  <Badge color={STATUS_COLORS[item.status] ?? 'gray.7'} variant="outline">
                    {STATUS_LABELS[item.status] ?? item.status}
                  </Badge>
                  {item.access !== 'public' && (
                    <Badge color="red.9" variant="outline">
                      {item.access === 'internal' ? 'Nội bộ' : 'Hạn chế'}
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    {item.issuer} · {formatDate(item.issuedOn)}
                  </Text>
                </Group>
                {item.snippet && (
                  <Text size="sm">
                    {item.passageLabel && <b>{item.passageLabel}: </b>}
                    <Highlighted text={item.snippet} ranges={item.highlights} />
                  </Text>
                )}
              </Card>
            ))}
            {data && data.total === 0 && (
              <Alert color="gray">
                Không tìm thấy tài liệu phù hợp. Hãy thử ít từ hơn hoặc bỏ bớt bộ lọc.
              </Alert>
            )}
            {data && data.total > 10 && (
              <Pagination
                color="red.9"
                total={Math.ceil(data.total / 10)}
                value={page}
                onChange={(p) => {
                  const next = new URLSearchParams(params);
                  next.set('page', String(p));
                  setParams(next);
                }}
                aria-label="Trang kết quả"
              />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
