import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { reindexStale } from './library.index';
import type { SearchResult } from './library.schema';

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;

async function upload(title: string, text: string): Promise<number> {
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({ title, docType: 'Tài liệu tuyên truyền', unitCode: tree.province.code }),
  );
  form.set('file', new Blob([Buffer.from(text)]), 'tai-lieu.txt');
  const created = await librarian.request<{ id: number }>('POST', '/api/v1/library/documents', {
    body: form,
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function found(q: string): Promise<number[]> {
  const result = await t.anonymous.get<SearchResult>(
    `/api/v1/library/search?q=${encodeURIComponent(q)}`,
  );
  expect(result.status).toBe(200);
  return result.body.items.map((i) => i.id);
}

let adjacent: number;
let apart: number;
let long: number;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Cụm Từ');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  adjacent = await upload(
    'Tài liệu gieo mạ Tả Phìn',
    'Điều 1. Mùa vụ\nBà con thôn Tả Phìn gieo mạ nương sau Tết.\n' +
      'Điều 2. Tổ chức\nTổ hòa giải thôn Tả Phìn họp mỗi tháng.',
  );
  apart = await upload(
    'Tài liệu nương Tả Phìn',
    'Điều 1. Mùa vụ\nĐồng bào làm nương rồi mới gieo mạ ở ruộng thôn Tả Phìn.\n' +
      'Điều 2. Tổ chức\nNgười dân gieo mạ.\nĐiều 3. Sau Tết\nMọi người nghỉ ngơi.',
  );
  // A phrase past the 16,383 positions a positional vector keeps.
  const filler = Array.from({ length: 2200 }, (_, i) => `Câu số ${i} nói về việc thôn bản.`);
  long = await upload(
    'Tài liệu dài Tả Phìn',
    `Điều 1. Mở đầu\n${filler.join(' ')}\nĐiều 2. Cuối\nLễ hội xuống đồng Tả Phìn rộn ràng.`,
  );
});
afterAll(() => t.close());

describe('phrase search', () => {
  it('finds a quoted phrase where its words are adjacent, with or without marks', async () => {
    expect(await found('"gieo mạ nương"')).toEqual([adjacent]);
    expect(await found('"gieo ma nuong"')).toEqual([adjacent]);
    // The same words apart: both documents hold them, only one holds the phrase.
    expect((await found('gieo mạ nương Tả Phìn')).sort()).toEqual([adjacent, apart].sort());
  });

  it('does not join the end of one article to the start of the next', async () => {
    // "… gieo mạ." ends article 2 of the second document and "Điều 3. Sau Tết" follows.
    expect(await found('"gieo mạ sau tết"')).toEqual([]);
    expect(await found('"gieo mạ nương sau tết"')).toEqual([adjacent]);
  });

  it('finds a phrase deep inside a long text', async () => {
    expect(await found('"lễ hội xuống đồng"')).toEqual([long]);
  });

  it('redoes documents indexed before word pairs existed', async () => {
    // As a document indexed by an earlier version: words with positions, no pairs.
    await t.ctx.db.execute(sql`
      UPDATE library_search SET search_version = 0,
        body_tsv = to_tsvector('vietnamese', 'tai lieu gieo ma ta phin ba con gieo ma nuong sau tet')
      WHERE id = ${adjacent}`);
    expect(await found('"gieo ma nuong"')).toEqual([]);
    expect(await reindexStale(t.ctx.db)).toBeGreaterThanOrEqual(1);
    expect(await found('"gieo ma nuong"')).toEqual([adjacent]);
    expect(await found('"to hoa giai thon"')).toEqual([adjacent]);
    expect(await reindexStale(t.ctx.db)).toBe(0);
    // A document without a search row at all is listed nowhere until it is indexed.
    await t.ctx.db.execute(sql`DELETE FROM library_search WHERE id = ${apart}`);
    expect(await found('gieo mạ nương Tả Phìn')).toEqual([adjacent]);
    expect(await reindexStale(t.ctx.db)).toBe(1);
    expect((await found('gieo mạ nương Tả Phìn')).sort()).toEqual([adjacent, apart].sort());
  });
});

describe('the search table', () => {
  it('follows every change of who may see a document and of its facet values at once', async () => {
    const id = await upload('Quy ước bản Sín Chải', 'Điều 1. Quy ước\nBản Sín Chải giữ rừng.');
    const search = async (client: TestClient) => {
      const r = await client.get<SearchResult>(`/api/v1/library/search?q=sin+chai`);
      expect(r.status).toBe(200);
      return r.body;
    };
    const before = await search(t.anonymous);
    expect(before.items.map((i) => i.id)).toEqual([id]);
    expect(before.facets.status).toEqual([{ value: 'in_force', count: 1 }]);

    // Written straight to the documents table, as any future code path might.
    await t.ctx.db.execute(sql`
      UPDATE library_documents SET access = 'internal', status = 'expired', topics = ARRAY['Rừng']
      WHERE id = ${id}`);
    const hidden = await search(t.anonymous);
    expect(hidden.total).toBe(0);
    expect(hidden.items).toEqual([]);
    expect(hidden.facets.status).toEqual([]);

    const cadre = await search(librarian);
    expect(cadre.items.map((i) => i.id)).toEqual([id]);
    expect(cadre.facets.status).toEqual([{ value: 'expired', count: 1 }]);
    expect(cadre.facets.topic).toEqual([{ value: 'Rừng', count: 1 }]);
  });
});
