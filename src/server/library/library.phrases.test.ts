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
      UPDATE library_documents SET search_version = 0,
        body_tsv = to_tsvector('vietnamese', 'tai lieu gieo ma ta phin ba con gieo ma nuong sau tet')
      WHERE id = ${adjacent}`);
    expect(await found('"gieo ma nuong"')).toEqual([]);
    expect(await reindexStale(t.ctx.db)).toBeGreaterThanOrEqual(1);
    expect(await found('"gieo ma nuong"')).toEqual([adjacent]);
    expect(await found('"to hoa giai thon"')).toEqual([adjacent]);
    expect(await reindexStale(t.ctx.db)).toBe(0);
  });
});
