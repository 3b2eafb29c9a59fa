import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import type { SearchResult } from './library.schema';

type Collection = { id: number; name: string; documentCount: number; canManage: boolean };

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
let lawId: number;
let internalId: number;
beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Sưu Tập');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  const found = await t.anonymous.get<SearchResult>('/api/v1/library/search?q=02%2F2011%2FQH13');
  lawId = found.body.items[0]!.id;
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({
      title: 'Báo cáo nội bộ',
      docType: 'Báo cáo',
      unitCode: tree.province.code,
      access: 'internal',
    }),
  );
  form.set('file', new Blob([Buffer.from('Điều 1. Nội dung nội bộ.')]), 'noi-bo.txt');
  internalId = (
    await librarian.request<{ id: number }>('POST', '/api/v1/library/documents', { body: form })
  ).body.id;
});
afterAll(() => t.close());

describe('collections', () => {
  it('lets a librarian build a collection of their unit, counted per reader', async () => {
    const created = await librarian.post<{ id: number }>('/api/v1/library/collections', {
      name: 'Khiếu nại, tố cáo',
      description: 'Văn bản về khiếu nại, tố cáo',
      unitCode: tree.province.code,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await librarian.post(`/api/v1/library/collections/${id}/items`, { documentId: lawId }))
        .status,
    ).toBe(200);
    expect(
      (await librarian.post(`/api/v1/library/collections/${id}/items`, { documentId: internalId }))
        .status,
    ).toBe(200);
    const forPublic = await t.anonymous.get<Collection>(`/api/v1/library/collections/${id}`);
    expect(forPublic.body).toMatchObject({
      name: 'Khiếu nại, tố cáo',
      documentCount: 1,
      canManage: false,
    });
    const forLibrarian = await librarian.get<Collection>(`/api/v1/library/collections/${id}`);
    expect(forLibrarian.body).toMatchObject({ documentCount: 2, canManage: true });
    const inside = await t.anonymous.get<SearchResult>(`/api/v1/library/search?collection=${id}`);
    expect(inside.body.items.map((i) => i.id)).toEqual([lawId]);
    expect(inside.body.facets.type).toEqual([{ value: 'Luật', count: 1 }]);
    const removed = await librarian.delete(`/api/v1/library/collections/${id}/items/${internalId}`);
    expect(removed.status).toBe(200);
  });

  it('refuses anonymous, wrong-unit and bad input', async () => {
    expect(
      (
        await t.anonymous.post('/api/v1/library/collections', {
          name: 'X',
          unitCode: tree.province.code,
        })
      ).status,
    ).toBe(401);
    const other = await t.factory.tree('Khác');
    const wrong = await librarian.post('/api/v1/library/collections', {
      name: 'X',
      unitCode: other.province.code,
    });
    expect(wrong.status).toBe(404);
    const bad = await librarian.post<{ error: { field: string } }>('/api/v1/library/collections', {
      name: '',
      unitCode: tree.province.code,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('name');
    const viewer = (await t.factory.user('viewer', tree.province.code)).client;
    expect(
      (
        await viewer.post('/api/v1/library/collections', {
          name: 'X',
          unitCode: tree.province.code,
        })
      ).status,
    ).toBe(403);
  });
});

describe('statistics', () => {
  it('counts views, downloads and searches, including those without result, and exports Excel', async () => {
    await t.anonymous.get(`/api/v1/library/documents/${lawId}`);
    await t.anonymous.get(`/api/v1/library/documents/${lawId}/file`);
    await t.anonymous.get(`/api/v1/library/search?q=${encodeURIComponent('khiếu nại')}`);
    await t.anonymous.get(`/api/v1/library/search?q=${encodeURIComponent('qwxzv không có')}`);
    await t.ctx.events.settle();
    const stats = await librarian.get<{
      topDocuments: { id: number; views: number; downloads: number }[];
      topSearches: { query: string }[];
      zeroResultSearches: { query: string }[];
    }>('/api/v1/library/stats?days=7');
    expect(stats.status).toBe(200);
    expect(stats.body.topDocuments.find((d) => d.id === lawId)).toMatchObject({
      views: 1,
      downloads: 1,
    });
    expect(stats.body.topSearches.map((s) => s.query)).toContain('khiếu nại');
    expect(stats.body.zeroResultSearches.map((s) => s.query)).toContain('qwxzv không có');
    const file = await fetch(`${t.baseUrl}/api/v1/library/stats.xlsx?days=7`, {
      headers: { cookie: (await loginCookie()) ?? '' },
    });
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toContain('Không có kết quả');
  });

  it('is for librarians only', async () => {
    expect((await t.anonymous.get('/api/v1/library/stats')).status).toBe(401);
    const viewer = (await t.factory.user('viewer', tree.province.code)).client;
    expect((await viewer.get('/api/v1/library/stats')).status).toBe(403);
    expect((await librarian.get('/api/v1/library/stats?days=0')).status).toBe(400);
  });
});

async function loginCookie(): Promise<string | null> {
  const user = await t.factory.user('cadre', tree.province.code, { login: false });
  const response = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
