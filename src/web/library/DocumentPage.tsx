import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  CopyButton,
  Grid,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../platform/api';
import { formatDate, formatNumber } from '../platform/format';
import { isMissingDocument, retryUnlessRefused } from './errors';
import {
  ACCESS_LABELS,
  LEVEL_LABELS,
  RELATION_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
} from './labels';
import { PassageText } from './PassageText';
import { VersionsCard } from './VersionsCard';
import type { DocumentPassage, LibraryDocument, PassagePart } from './types';

/** Table of contents: articles under their chapter headings. */
function Contents({ passages }: { passages: DocumentPassage[] }) {
  const headingOf = (p: DocumentPassage | undefined) =>
    p ? (p.headings[p.headings.length - 1] ?? '') : '';
  return (
    <nav aria-label="Mục lục">
      <Stack gap={2}>
        {passages.map((p, i) => {
          const heading = headingOf(p);
          const showHeading = heading !== headingOf(passages[i - 1]);
          return (
            <div key={p.anchor}>
              {showHeading && heading && (
                <Text size="xs" fw={700} c="dimmed" mt="xs">
                  {heading}
                </Text>
              )}
              <Anchor c="blue.9" href={`#${p.anchor}`} size="sm" display="block">
                {p.label}
                {p.title ? `. ${p.title}` : ''}
              </Anchor>
            </div>
          );
        })}
      </Stack>
    </nav>
  );
}

function PassageView({ passage, origin }: { passage: DocumentPassage; origin: string }) {
  return (
    <section
      id={passage.anchor}
      aria-labelledby={`${passage.anchor}-title`}
      style={{ scrollMarginTop: 72 }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Title order={3} size="h5" id={`${passage.anchor}-title`}>
          {passage.label}
          {passage.title ? `. ${passage.title}` : ''}
        </Title>
        <CopyButton value={`${origin}${passage.permalink}`}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={copy}
              aria-label={`Sao chép liên kết ${passage.label}`}
            >
              {copied ? 'Đã chép' : 'Liên kết'}
            </Button>
          )}
        </CopyButton>
      </Group>
      {passage.kind === 'article' && passage.pageNo !== null && (
        <Text size="xs" c="dimmed">
          Trang {passage.pageNo} của tệp gốc
        </Text>
      )}
      <PassageText body={passage.body} parts={passage.parts} />
    </section>
  );
}

/** The text of a URI component, or the component as written when it is not well encoded. */
function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

/** The fragment a permalink points at: dieu-8, dieu-8-khoan-4, dieu-8-khoan-4-diem-b. */
function targetOf(
  params: { article?: string; clause?: string; point?: string },
  hash: string,
): string {
  if (!params.article) return safeDecode(hash.slice(1));
  const point = params.point?.toLowerCase().replace('đ', 'dd');
  return [
    `dieu-${params.article.toLowerCase()}`,
    params.clause ? `-khoan-${params.clause}` : '',
    point ? `-diem-${point}` : '',
  ].join('');
}

/** What a permalink names, for people: "điểm b khoản 4 Điều 8". */
function citationOf(params: { article: string; clause?: string; point?: string }): string {
  return [
    params.point ? `điểm ${params.point} ` : '',
    params.clause ? `khoản ${params.clause} ` : '',
    `Điều ${params.article}`,
  ].join('');
}

/** Said when a permalink names an article, clause or point the document does not have. */
function MissingTarget({ citation }: { citation: string }) {
  return (
    <Alert color="yellow" title="Không tìm thấy điều, khoản, điểm này" data-testid="missing-target">
      Tài liệu này không có {citation}. Liên kết có thể đã cũ hoặc gõ nhầm; dưới đây là toàn văn tài
      liệu.
    </Alert>
  );
}

/** The clause or point being read, named as a citation, with buttons to copy it. */
function CitationBar({ doc, part }: { doc: LibraryDocument; part: PassagePart }) {
  const origin = window.location.origin;
  const name = part.citation.charAt(0).toUpperCase() + part.citation.slice(1);
  const citation = `${name} ${doc.title}${doc.number ? ` số ${doc.number}` : ''}`;
  return (
    <Card withBorder padding="sm" bg="yellow.0" data-testid="citation-bar">
      <Text fw={700} size="sm">
        Đang xem: {name}
      </Text>
      <Text size="sm">{citation}</Text>
      <Group gap="xs" mt="xs">
        <CopyButton value={citation}>
          {({ copied, copy }) => (
            <Button size="compact-sm" variant="default" onClick={copy}>
              {copied ? 'Đã chép' : 'Chép trích dẫn'}
            </Button>
          )}
        </CopyButton>
        <CopyButton value={`${origin}${part.permalink}`}>
          {({ copied, copy }) => (
            <Button size="compact-sm" variant="default" onClick={copy}>
              {copied ? 'Đã chép' : 'Chép liên kết'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Card>
  );
}

/** The reading page: metadata, contents by article, text, file, related documents. */
export function DocumentPage() {
  const { id, ...params } = useParams();
  const location = useLocation();
  const doc = useQuery({
    queryKey: ['library-document', id],
    queryFn: () => api<LibraryDocument>(`/api/v1/library/documents/${id}`),
    retry: retryUnlessRefused,
  });

  const target = targetOf(params, location.hash);
  useEffect(() => {
    if (!doc.data || !target) return;
    const element = document.getElementById(target);
    if (element) {
      element.scrollIntoView({ block: 'start' });
      element.style.background = 'var(--mantine-color-yellow-0)';
      element.dataset.highlighted = 'true';
    }
    return () => {
      if (element) {
        element.style.background = '';
        delete element.dataset.highlighted;
      }
    };
  }, [doc.data, target]);

  if (doc.isPending) return <Loader aria-label="Đang tải" />;
  if (doc.isError && isMissingDocument(doc.error)) {
    return (
      <Alert color="red" title="Không tìm thấy tài liệu">
        Không có tài liệu nào ở địa chỉ này, hoặc bạn không có quyền xem tài liệu. Hãy kiểm tra lại
        liên kết hoặc{' '}
        <Anchor c="blue.9" component={Link} to="/library/tim-kiem">
          tìm trong thư viện
        </Anchor>
        .
      </Alert>
    );
  }
  if (doc.isError) {
    return (
      <Alert color="red" title="Không mở được tài liệu">
        {doc.error.message}
      </Alert>
    );
  }
  const d = doc.data;
  const origin = window.location.origin;
  const targetPart = d.passages.flatMap((p) => p.parts).find((p) => p.anchor === target);
  // Only a permalink's path is checked: a bare fragment may be one of the page's own (skip link).
  const article = params.article;
  const missingTarget =
    article !== undefined && !targetPart && !d.passages.some((p) => p.anchor === target);
  const rows: [string, React.ReactNode][] = [
    ['Số, ký hiệu', d.number ?? '—'],
    ['Loại văn bản', d.docType],
    ['Cơ quan ban hành', d.issuer ?? '—'],
    ['Người ký', d.signer ?? '—'],
    ['Ngày ban hành', formatDate(d.issuedOn)],
    ['Ngày hiệu lực', formatDate(d.effectiveOn)],
    ['Cấp', `${LEVEL_LABELS[d.level] ?? d.level} · ${d.unitName}`],
    ['Chủ đề', d.topics.join(', ') || '—'],
    ['Đối tượng', d.audience ?? '—'],
    ['Lượt xem / tải', `${formatNumber(d.views)} / ${formatNumber(d.downloads)}`],
  ];
  return (
    <Stack gap="md" maw={1200}>
      <div>
        <Anchor c="blue.9" component={Link} to="/library" size="sm">
          ← Thư viện
        </Anchor>
        <Title order={1} size="h3" mt={4}>
          {d.title}
        </Title>
        <Group gap="xs" mt={6}>
          <Badge color={STATUS_COLORS[d.status] ?? 'gray.7'} variant="outline">
            {STATUS_LABELS[d.status] ?? d.status}
          </Badge>
          <Badge color={d.access === 'public' ? 'teal.9' : 'red.9'} variant="outline">
            {ACCESS_LABELS[d.access] ?? d.access}
          </Badge>
          {d.textStatus === 'pending_ocr' && (
            <Badge color="blue.9" variant="outline">
              Đang nhận dạng chữ
            </Badge>
          )}
        </Group>
      </div>
      {missingTarget && <MissingTarget citation={citationOf({ ...params, article })} />}
      {targetPart && <CitationBar doc={d} part={targetPart} />}
      <Group gap="sm">
        {d.file && (
          <Button component="a" href={d.file.url} download color="red.9">
            Tải về ({d.file.name})
          </Button>
        )}
        <CopyButton value={`${origin}${d.permalink}`}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Đã chép liên kết' : 'Chép liên kết cố định'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Card withBorder padding="sm">
              <Table>
                <Table.Tbody>
                  {rows.map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Th w="40%">{k}</Table.Th>
                      <Table.Td>{v}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            {d.related.length > 0 && (
              <Card withBorder padding="sm">
                <Text fw={600} size="sm">
                  Văn bản liên quan
                </Text>
                {d.related.map((r) => (
                  <Text key={r.id} size="sm">
                    {RELATION_LABELS[r.relation] ?? r.relation}:{' '}
                    <Anchor c="blue.9" component={Link} to={`/library/documents/${r.id}`}>
                      {r.title} {r.number ? `(${r.number})` : ''}
                    </Anchor>
                  </Text>
                ))}
              </Card>
            )}
            <VersionsCard doc={d} />
            {d.passages.length > 1 && (
              <Card withBorder padding="sm">
                <Text fw={600} size="sm" mb={4}>
                  Mục lục
                </Text>
                <ScrollArea.Autosize mah={420}>
                  <Contents passages={d.passages} />
                </ScrollArea.Autosize>
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            {d.passages.map((p) => (
              <PassageView key={p.anchor} passage={p} origin={origin} />
            ))}
            {d.passages.length === 0 && <Text c="dimmed">Tài liệu chưa có phần chữ.</Text>}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
