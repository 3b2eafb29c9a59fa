import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '@server/platform/db/client';
import { createTestContext, TestClient, type TestContext } from '../../../test/harness';

let t: TestContext;
let librarian: TestClient;
let id: number;
beforeAll(async () => {
  t = await createTestContext();
  const tree = await t.factory.tree('Đếm Lượt Xem');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({ title: 'Tài liệu đếm lượt', docType: 'Sổ tay', unitCode: tree.province.code }),
  );
  form.set('file', new Blob([Buffer.from('Điều 1. Đếm lượt xem một lần mỗi ngày.')]), 'dem.txt');
  const created = await librarian.request<{ id: number }>('POST', '/api/v1/library/documents', {
    body: form,
  });
  expect(created.status).toBe(201);
  id = created.body.id;
});
afterAll(() => t.close());

async function counts(): Promise<{ views: number; downloads: number; events: number }> {
  const [row] = await rows<{ views: number; downloads: number; events: number }>(
    t.ctx.db,
    sql`SELECT d.views, d.downloads,
          (SELECT count(*)::int FROM library_events e WHERE e.document_id = d.id) AS events
        FROM library_documents d WHERE d.id = ${id}`,
  );
  return row!;
}

/** A reader at another address (the server trusts the proxy's X-Forwarded-For). */
function from(address: string, path: string) {
  return t.anonymous.get(path, { headers: { 'x-forwarded-for': address } });
}

describe('views and downloads counted once per reader, document and day', () => {
  it('counts one view however often the same reader reloads the page', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await t.anonymous.get(`/api/v1/library/documents/${id}`)).status).toBe(200);
    }
    expect(await counts()).toMatchObject({ views: 1, downloads: 0, events: 1 });
  });

  it('counts another address and a signed-in session as other readers', async () => {
    await from('203.0.113.7', `/api/v1/library/documents/${id}`);
    await from('203.0.113.7', `/api/v1/library/documents/${id}`);
    await librarian.get(`/api/v1/library/documents/${id}`);
    await librarian.get(`/api/v1/library/documents/${id}`);
    expect(await counts()).toMatchObject({ views: 3, events: 3 });
  });

  it('counts downloads the same way, the file of a version included', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await t.anonymous.get(`/api/v1/library/documents/${id}/file`)).status).toBe(200);
    }
    const version = await t.anonymous.get(`/api/v1/library/documents/${id}/versions/1/file`);
    expect(version.status).toBe(200);
    await from('198.51.100.4', `/api/v1/library/documents/${id}/file`);
    expect(await counts()).toMatchObject({ views: 3, downloads: 2, events: 5 });
  });

  it('keeps no address and forgets past days', async () => {
    await t.ctx.db.execute(
      sql`INSERT INTO library_reader_days (kind, document_id, day, reader)
          VALUES ('view', ${id}, '2000-01-01', 'cũ')`,
    );
    await from('192.0.2.9', `/api/v1/library/documents/${id}`);
    const kept = await rows<{ day: string; reader: string }>(
      t.ctx.db,
      sql`SELECT day::text AS day, reader FROM library_reader_days WHERE document_id = ${id}`,
    );
    expect(kept.some((r) => r.day === '2000-01-01')).toBe(false);
    expect(kept.some((r) => /203\.0\.113|192\.0\.2|127\.0\.0/u.test(r.reader))).toBe(false);
    expect((await counts()).views).toBe(4);
  });

  it('counts nothing for a missing document or a bad id', async () => {
    expect((await t.anonymous.get('/api/v1/library/documents/99999999')).status).toBe(404);
    expect((await t.anonymous.get('/api/v1/library/documents/abc')).status).toBe(400);
    expect(
      (await new TestClient(t.baseUrl).get(`/api/v1/library/documents/${id}/file`)).status,
    ).toBe(200);
    expect((await counts()).downloads).toBe(2);
  });
});
