import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { vietnamesePdf } from './fixtures/pdf';
import type { SearchResult } from './library.schema';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Part = { anchor: string; kind: string; label: string; citation: string; permalink: string };
type Doc = {
  passages: {
    anchor: string;
    pageNo: number | null;
    permalink: string;
    parts: Part[];
  }[];
};
type PassageOut = {
  anchor: string;
  kind: string;
  label: string;
  citation: string;
  text: string;
  pageNo: number | null;
  articleAnchor: string;
  permalink: string;
};

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
let lawId: number;
beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Điều Khoản');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  const found = await t.anonymous.get<SearchResult>('/api/v1/library/search?q=02%2F2011%2FQH13');
  lawId = found.body.items[0]!.id;
});
afterAll(() => t.close());

async function upload(fileName: string, bytes: Buffer, metadata: Record<string, unknown>) {
  const form = new FormData();
  form.set('metadata', JSON.stringify(metadata));
  form.set('file', new Blob([new Uint8Array(bytes)]), fileName);
  return librarian.request<{ id: number }>('POST', '/api/v1/library/documents', { body: form });
}

describe('clauses and points of the Law on Complaints', () => {
  it('serves point b of clause 4 of Article 8 by its anchor, with its text and a citation', async () => {
    const point = await t.anonymous.get<PassageOut>(
      `/api/v1/library/documents/${lawId}/passages/dieu-8-khoan-4-diem-b`,
    );
    expect(point.status).toBe(200);
    expect(point.body).toMatchObject({
      kind: 'point',
      label: 'Điểm b',
      citation: 'Điểm b khoản 4 Điều 8 Luật Khiếu nại số 02/2011/QH13',
      articleAnchor: 'dieu-8',
      permalink: `/library/documents/${lawId}/dieu/8/khoan/4/diem/b`,
    });
    expect(point.body.text).toMatch(
      /^b\) Trường hợp nhiều người khiếu nại bằng đơn thì trong đơn phải ghi rõ nội dung/u,
    );
    expect(point.body.text).not.toContain('c) Chính phủ');

    const clause = await t.anonymous.get<PassageOut>(
      `/api/v1/library/documents/${lawId}/passages/dieu-8-khoan-2`,
    );
    expect(clause.body.citation).toBe('Khoản 2 Điều 8 Luật Khiếu nại số 02/2011/QH13');
    expect(clause.body.text).toMatch(/^2\. Trường hợp khiếu nại được thực hiện bằng đơn/u);
    expect(clause.body.text).toMatch(/ký tên hoặc điểm chỉ\.$/u);

    // The article itself, with the anchor it always had.
    const article = await t.anonymous.get<PassageOut>(
      `/api/v1/library/documents/${lawId}/passages/dieu-8`,
    );
    expect(article.body).toMatchObject({ kind: 'article', label: 'Điều 8' });
    expect(article.body.permalink).toBe(`/library/documents/${lawId}/dieu/8`);
  });

  it('lists the clauses and points of each article on the document, with permalinks', async () => {
    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${lawId}`);
    const dieu8 = doc.body.passages.find((p) => p.anchor === 'dieu-8')!;
    expect(dieu8.permalink).toBe(`/library/documents/${lawId}/dieu/8`);
    expect(dieu8.parts.find((p) => p.anchor === 'dieu-8-khoan-4-diem-b')).toMatchObject({
      kind: 'point',
      citation: 'điểm b khoản 4 Điều 8',
      permalink: `/library/documents/${lawId}/dieu/8/khoan/4/diem/b`,
    });
    const dieu12 = doc.body.passages.find((p) => p.anchor === 'dieu-12')!;
    expect(dieu12.parts.find((p) => p.anchor === 'dieu-12-khoan-1-diem-dd')?.permalink).toBe(
      `/library/documents/${lawId}/dieu/12/khoan/1/diem/dd`,
    );
  });

  it('opens a search result at the clause holding the words, and at the article for its title', async () => {
    const found = await t.anonymous.get<SearchResult>(
      `/api/v1/library/search?q=${encodeURIComponent('"có chữ ký của những người khiếu nại"')}`,
    );
    const item = found.body.items.find((i) => i.id === lawId)!;
    expect(item.anchor).toBe('dieu-8-khoan-4-diem-b');
    expect(item.passageLabel).toBe('Điểm b khoản 4 Điều 8');
    expect(item.snippet).toMatch(/^b\) Trường hợp nhiều người khiếu nại bằng đơn/u);
    const title = await t.anonymous.get<SearchResult>(
      `/api/v1/library/search?q=${encodeURIComponent('"thời hiệu khiếu nại"')}`,
    );
    // Articles 9 and 48 are both titled so: the result opens at the article, not inside it.
    expect(title.body.items[0]?.anchor).toMatch(/^dieu-(9|48)$/u);
  });

  it('answers 400 for a malformed anchor and 404 for a missing one or a hidden document', async () => {
    const bad = await t.anonymous.get<ErrorBody>(
      `/api/v1/library/documents/${lawId}/passages/${encodeURIComponent('Điều 8')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('anchor');
    expect(
      (await t.anonymous.get(`/api/v1/library/documents/${lawId}/passages/dieu-8-khoan-9`)).status,
    ).toBe(404);
    expect(
      (await t.anonymous.get(`/api/v1/library/documents/${lawId}/passages/dieu-999`)).status,
    ).toBe(404);
    const internal = await upload('noi-bo.txt', Buffer.from('Điều 1. Bí mật\n1. Khoản một.'), {
      title: 'Quy chế nội bộ',
      docType: 'Quyết định',
      unitCode: tree.province.code,
      access: 'internal',
    });
    const hidden = `/api/v1/library/documents/${internal.body.id}/passages/dieu-1-khoan-1`;
    expect((await t.anonymous.get(hidden)).status).toBe(404);
    expect((await librarian.get(hidden)).status).toBe(200);
  });
});

describe('a PDF whose text has articles', () => {
  it('keeps the page where each article starts', async () => {
    const bytes = vietnamesePdf([
      ['QUY CHẾ', 'Điều 1. Phạm vi điều chỉnh', 'Quy chế này áp dụng ở tổ dân phố số 5.'],
      ['Điều 2. Trách nhiệm', '1. Tổ trưởng tổ dân phố triệu tập họp dân.'],
      ['2. Trưởng ban công tác Mặt trận ghi biên bản cuộc họp.', 'Điều 3. Hiệu lực thi hành'],
    ]);
    const created = await upload('quy-che.pdf', bytes, {
      title: 'Quy chế họp tổ dân phố',
      docType: 'Quyết định',
      unitCode: tree.province.code,
    });
    expect(created.status).toBe(201);
    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${created.body.id}`);
    expect(doc.body.passages.map((p) => [p.anchor, p.pageNo])).toEqual([
      ['loi-noi-dau', 1],
      ['dieu-1', 1],
      ['dieu-2', 2],
      ['dieu-3', 3],
    ]);
    const clause = await t.anonymous.get<PassageOut>(
      `/api/v1/library/documents/${created.body.id}/passages/dieu-2-khoan-2`,
    );
    expect(clause.body).toMatchObject({
      pageNo: 2,
      text: '2. Trưởng ban công tác Mặt trận ghi biên bản cuộc họp.',
    });
  });
});
