import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { rows } from '../platform/db/client';
import type { SearchResult } from './library.schema';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Abbreviation = { key: string; abbreviation: string; expansion: string };

let t: TestContext;
let tree: TestTree;
let admin: TestClient;
let librarian: TestClient;
let documentId: number;
beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Viết Tắt');
  admin = (await t.factory.admin()).client;
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({
      title: 'Hướng dẫn tuyên truyền chính sách cho người lao động',
      docType: 'Hướng dẫn',
      unitCode: tree.province.code,
    }),
  );
  form.set(
    'file',
    new Blob([Buffer.from('Điều 1. Vận động người lao động tham gia bảo hiểm xã hội tự nguyện.')]),
    'huong-dan.txt',
  );
  const created = await librarian.request<{ id: number }>('POST', '/api/v1/library/documents', {
    body: form,
  });
  documentId = created.body.id;
});
afterAll(() => t.close());

function search(q: string) {
  return t.anonymous.get<SearchResult>(`/api/v1/library/search?q=${encodeURIComponent(q)}`);
}

async function count(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    t.ctx.db,
    sql`SELECT count(*)::int AS n FROM library_abbreviations`,
  );
  return row!.n;
}

describe('abbreviation dictionary', () => {
  it('expands a new abbreviation in search at once, follows a change and a removal', async () => {
    // Before: the words of "BHXH" appear in no document.
    expect((await search('BHXH')).body.items.some((i) => i.id === documentId)).toBe(false);

    const added = await admin.post<Abbreviation>('/api/v1/library/abbreviations', {
      abbreviation: 'BHXH',
      expansion: 'bảo hiểm xã hội',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ key: 'bhxh', abbreviation: 'BHXH' });
    const found = await search('BHXH');
    expect(found.body.items[0]?.id).toBe(documentId);
    const marked = found.body.items[0]!.highlights.map(([s, e]) =>
      found.body.items[0]!.snippet.slice(s, e),
    );
    expect(marked).toContain('bảo');

    const list = await librarian.get<{ items: Abbreviation[] }>('/api/v1/library/abbreviations');
    expect(list.body.items.find((a) => a.key === 'bhxh')?.expansion).toBe('bảo hiểm xã hội');
    expect(list.body.items.some((a) => a.key === 'mttq')).toBe(true);

    const changed = await admin.put<Abbreviation>('/api/v1/library/abbreviations/bhxh', {
      abbreviation: 'BHXH',
      expansion: 'bảo hiểm y tế',
    });
    expect(changed.status).toBe(200);
    expect((await search('BHXH')).body.items.some((i) => i.id === documentId)).toBe(false);

    await admin.put('/api/v1/library/abbreviations/bhxh', {
      abbreviation: 'BHXH',
      expansion: 'bảo hiểm xã hội',
    });
    expect((await search('BHXH')).body.items[0]?.id).toBe(documentId);
    expect((await admin.delete('/api/v1/library/abbreviations/bhxh')).status).toBe(200);
    expect((await search('BHXH')).body.items.some((i) => i.id === documentId)).toBe(false);
  });

  it('sees a change written by another server (the version counter) without a local clear', async () => {
    await t.ctx.db.execute(sql`INSERT INTO library_abbreviations (abbr_key, abbreviation, expansion)
      VALUES ('ldtn', 'LĐTN', 'lao động tham gia')`);
    expect((await search('LĐTN')).body.items[0]?.id).toBe(documentId);
  });

  it('refuses anonymous users (401) and users who are not system administrators (403)', async () => {
    const body = { abbreviation: 'CĐ', expansion: 'công đoàn' };
    expect((await t.anonymous.get('/api/v1/library/abbreviations')).status).toBe(401);
    expect((await t.anonymous.post('/api/v1/library/abbreviations', body)).status).toBe(401);
    expect((await t.anonymous.delete('/api/v1/library/abbreviations/mttq')).status).toBe(401);
    expect((await librarian.post('/api/v1/library/abbreviations', body)).status).toBe(403);
    const provinceAdmin = (await t.factory.user('admin', tree.province.code)).client;
    expect((await provinceAdmin.post('/api/v1/library/abbreviations', body)).status).toBe(403);
    expect((await provinceAdmin.put('/api/v1/library/abbreviations/mttq', body)).status).toBe(403);
    expect((await librarian.delete('/api/v1/library/abbreviations/mttq')).status).toBe(403);
    expect(
      (await admin.get<{ items: Abbreviation[] }>('/api/v1/library/abbreviations')).body.items.some(
        (a) => a.key === 'cd',
      ),
    ).toBe(false);
  });

  it('refuses bad input with a Vietnamese message naming the field, writing nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ abbreviation: '', expansion: 'công đoàn' }, 'abbreviation'],
      [{ abbreviation: 'C Đ', expansion: 'công đoàn' }, 'abbreviation'],
      [{ abbreviation: 'CĐ', expansion: '   ' }, 'expansion'],
      [{ abbreviation: 'CĐ' }, 'expansion'],
    ];
    for (const [body, field] of cases) {
      const bad = await admin.post<ErrorBody>('/api/v1/library/abbreviations', body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe(field);
      expect(bad.body.error.message).toMatch(/Trường «.+»/u);
    }
    const duplicate = await admin.post<ErrorBody>('/api/v1/library/abbreviations', {
      abbreviation: 'mttq',
      expansion: 'khác',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.field).toBe('abbreviation');
    const badKey = await admin.put<ErrorBody>('/api/v1/library/abbreviations/M%20T', {
      abbreviation: 'MT',
      expansion: 'mặt trận',
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.field).toBe('key');
    expect((await admin.delete('/api/v1/library/abbreviations/khongco')).status).toBe(404);
    expect(await count()).toBe(before);
  });
});
