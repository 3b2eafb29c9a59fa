import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { rows } from '../platform/db/client';
import type { SearchResult } from './library.schema';
import { MIN_LISTED_SEARCHES } from './library.stats';

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
    const wrong = await librarian.post<{ error: { code: string; field: string } }>(
      '/api/v1/library/collections',
      { name: 'X', unitCode: other.province.code },
    );
    // As for a document upload: a unit the librarian does not manage is refused on «unitCode».
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'FORBIDDEN', field: 'unitCode' });
    const unknownUnit = await librarian.post<{ error: { code: string; field: string } }>(
      '/api/v1/library/collections',
      { name: 'X', unitCode: 'KHONG-CO' },
    );
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'unitCode' });
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

  it('refuses a name with no letter or digit, which would show as nothing on the home page', async () => {
    for (const name of ['!!!', '\u0301', ' – … ']) {
      const junk = await librarian.post<{ error: { field: string; message: string } }>(
        '/api/v1/library/collections',
        { name, unitCode: tree.province.code },
      );
      expect(junk.status).toBe(400);
      expect(junk.body.error.field).toBe('name');
      expect(junk.body.error.message).toContain('phải có ít nhất một chữ cái hoặc chữ số.');
    }
    const listed = await t.anonymous.get<{ items: Collection[] }>('/api/v1/library/collections');
    expect(listed.body.items.filter((c) => !/[\p{L}\p{N}]/u.test(c.name))).toEqual([]);
    const named = await librarian.post('/api/v1/library/collections', {
      name: 'Số 1',
      unitCode: tree.province.code,
    });
    expect(named.status).toBe(201);
  });
});

describe('managing a collection', () => {
  type Item = { id: number; title: string };
  async function collectionWithItems() {
    const created = await librarian.post<{ id: number }>('/api/v1/library/collections', {
      name: 'Tủ sách cơ sở',
      unitCode: tree.province.code,
    });
    const id = created.body.id;
    await librarian.post(`/api/v1/library/collections/${id}/items`, { documentId: lawId });
    await librarian.post(`/api/v1/library/collections/${id}/items`, { documentId: internalId });
    return id;
  }

  it('renames, lists the items in order per reader, makes private and deletes', async () => {
    const id = await collectionWithItems();
    const renamed = await librarian.put(`/api/v1/library/collections/${id}`, {
      name: 'Tủ sách pháp luật cơ sở',
      description: 'Cho cán bộ xã',
      theme: 'Pháp luật',
      isPublic: true,
    });
    expect(renamed.status).toBe(200);
    const read = await t.anonymous.get<Collection & { description: string; theme: string }>(
      `/api/v1/library/collections/${id}`,
    );
    expect(read.body).toMatchObject({
      name: 'Tủ sách pháp luật cơ sở',
      description: 'Cho cán bộ xã',
      theme: 'Pháp luật',
    });
    const forLibrarian = await librarian.get<{ items: Item[] }>(
      `/api/v1/library/collections/${id}/items`,
    );
    expect(forLibrarian.body.items.map((i) => i.id)).toEqual([lawId, internalId]);
    const forPublic = await t.anonymous.get<{ items: Item[] }>(
      `/api/v1/library/collections/${id}/items`,
    );
    expect(forPublic.body.items.map((i) => i.id)).toEqual([lawId]);

    await librarian.put(`/api/v1/library/collections/${id}`, {
      name: 'Tủ sách pháp luật cơ sở',
      isPublic: false,
    });
    expect((await t.anonymous.get(`/api/v1/library/collections/${id}`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/v1/library/collections/${id}/items`)).status).toBe(404);
    // Nor can a private collection be listed through the search filter.
    const filtered = await t.anonymous.get<SearchResult>(`/api/v1/library/search?collection=${id}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.total).toBe(0);
    expect(filtered.body.facets.type).toEqual([]);
    const own = await librarian.get<SearchResult>(`/api/v1/library/search?collection=${id}`);
    expect(own.body.total).toBeGreaterThan(0);
    expect((await librarian.get(`/api/v1/library/collections/${id}`)).status).toBe(200);

    expect((await librarian.delete(`/api/v1/library/collections/${id}`)).status).toBe(200);
    expect((await librarian.get(`/api/v1/library/collections/${id}`)).status).toBe(404);
    // The documents stay in the library (read in SQL: a view would change the statistics).
    const [kept] = await rows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM library_documents WHERE id IN (${lawId}, ${internalId})`,
    );
    expect(kept!.n).toBe(2);
  });

  it('changes only the fields sent: a rename keeps a private collection private and described', async () => {
    type Stored = Collection & {
      description: string | null;
      theme: string | null;
      isPublic: boolean;
    };
    const created = await librarian.post<{ id: number }>('/api/v1/library/collections', {
      name: 'Hồ sơ riêng',
      description: 'Chỉ cán bộ xem',
      theme: 'Nội bộ',
      unitCode: tree.province.code,
      isPublic: false,
    });
    const url = `/api/v1/library/collections/${created.body.id}`;
    expect((await librarian.put(url, { name: 'Hồ sơ riêng của tỉnh' })).status).toBe(200);
    expect((await librarian.get<Stored>(url)).body).toMatchObject({
      name: 'Hồ sơ riêng của tỉnh',
      description: 'Chỉ cán bộ xem',
      theme: 'Nội bộ',
      isPublic: false,
    });
    expect((await t.anonymous.get(url)).status).toBe(404);
    const listed = await t.anonymous.get<{ items: Collection[] }>('/api/v1/library/collections');
    expect(listed.body.items.map((c) => c.id)).not.toContain(created.body.id);

    expect((await librarian.put(url, { description: '', theme: null })).status).toBe(200);
    expect((await librarian.get<Stored>(url)).body).toMatchObject({
      name: 'Hồ sơ riêng của tỉnh',
      description: null,
      theme: null,
      isPublic: false,
    });
    expect((await librarian.put(url, { isPublic: true })).status).toBe(200);
    expect((await t.anonymous.get<Stored>(url)).body).toMatchObject({
      name: 'Hồ sơ riêng của tỉnh',
      isPublic: true,
    });
  });

  it('refuses anonymous, no-right, wrong-unit and bad input on edit and delete, changing nothing', async () => {
    const id = await collectionWithItems();
    const url = `/api/v1/library/collections/${id}`;
    const body = { name: 'Tên mới' };
    expect((await t.anonymous.put(url, body)).status).toBe(401);
    expect((await t.anonymous.delete(url)).status).toBe(401);
    const viewer = (await t.factory.user('viewer', tree.province.code)).client;
    expect((await viewer.put(url, body)).status).toBe(403);
    expect((await viewer.delete(url)).status).toBe(403);
    const other = await t.factory.tree('Khác Nữa');
    const otherLibrarian = (await t.factory.user('cadre', other.province.code)).client;
    expect((await otherLibrarian.put(url, body)).status).toBe(404);
    expect((await otherLibrarian.delete(url)).status).toBe(404);
    const empty = await librarian.put<{ error: { field: string; message: string } }>(url, {
      name: '  ',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('name');
    expect(empty.body.error.message).toContain('không được để trống');
    const junk = await librarian.put<{ error: { field: string } }>(url, { name: '\u0301' });
    expect(junk.status).toBe(400);
    expect(junk.body.error.field).toBe('name');
    const badPublic = await librarian.put<{ error: { field: string } }>(url, {
      name: 'X',
      isPublic: 'có',
    });
    expect(badPublic.status).toBe(400);
    expect(badPublic.body.error.field).toBe('isPublic');
    expect((await librarian.put('/api/v1/library/collections/abc', body)).status).toBe(400);
    expect((await librarian.delete('/api/v1/library/collections/99999999')).status).toBe(404);
    const after = await librarian.get<Collection>(url);
    expect(after.body).toMatchObject({ name: 'Tủ sách cơ sở', documentCount: 2 });
  });
});

describe('statistics', () => {
  it('counts views, downloads and searches, including those without result, and exports Excel', async () => {
    await t.anonymous.get(`/api/v1/library/documents/${lawId}`);
    await t.anonymous.get(`/api/v1/library/documents/${lawId}/file`);
    // Typed by enough different people to be listed.
    for (let i = 0; i < MIN_LISTED_SEARCHES; i += 1) {
      const reader = (await t.factory.user('viewer', tree.province.code)).client;
      await reader.get(`/api/v1/library/search?q=${encodeURIComponent('khiếu nại')}`);
      await reader.get(`/api/v1/library/search?q=${encodeURIComponent('qwxzv không có')}`);
    }
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

  it('shows each librarian only the collections they may see and queries several people typed', async () => {
    const other = await t.factory.tree('Thống Kê Riêng');
    const otherLibrarian = (await t.factory.user('cadre', other.province.code)).client;
    const hidden = await otherLibrarian.post<{ id: number }>('/api/v1/library/collections', {
      name: 'Tủ riêng thống kê',
      unitCode: other.province.code,
      isPublic: false,
    });
    expect(hidden.status).toBe(201);
    await otherLibrarian.get(`/api/v1/library/collections/${hidden.body.id}`);
    // One person, however often they type it, is not listed.
    const once = 'Nguyễn Văn Riêng 0912345678';
    for (let i = 0; i < MIN_LISTED_SEARCHES; i += 1)
      await t.anonymous.get(`/api/v1/library/search?q=${encodeURIComponent(once)}`);
    await t.ctx.events.settle();
    type Stats = {
      topCollections: { id: number }[];
      topSearches: { query: string }[];
      zeroResultSearches: { query: string }[];
    };
    const mine = await librarian.get<Stats>('/api/v1/library/stats?days=7');
    expect(mine.body.topCollections.map((c) => c.id)).not.toContain(hidden.body.id);
    const listed = [...mine.body.topSearches, ...mine.body.zeroResultSearches].map((s) => s.query);
    expect(listed).not.toContain(once);
    const theirs = await otherLibrarian.get<Stats>('/api/v1/library/stats?days=7');
    expect(theirs.body.topCollections.map((c) => c.id)).toContain(hidden.body.id);
    const admin = (await t.factory.admin()).client;
    const all = await admin.get<Stats>('/api/v1/library/stats?days=7');
    expect(all.body.zeroResultSearches.map((s) => s.query)).toContain(once);
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
