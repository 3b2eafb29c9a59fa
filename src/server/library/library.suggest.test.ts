import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { SearchResult } from './library.schema';
import { splits, transpositions } from './library.suggest';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

function search(client: TestClient, q: string) {
  return client.get<SearchResult>(`/api/v1/library/search?q=${encodeURIComponent(q)}`);
}

describe('did you mean', () => {
  it('lists transpositions and two-word splits', () => {
    expect(transpositions('nia')).toEqual(['ina', 'nai']);
    expect(splits('tocao')).toContainEqual(['to', 'cao']);
  });

  it('fixes swapped letters: "luat khieu nia" suggests and finds the Law on Complaints', async () => {
    const found = await search(t.anonymous, 'luat khieu nia');
    expect(found.status).toBe(200);
    expect(found.body.didYouMean).toBe('luật khiếu nại');
    expect(found.body.corrected).toBe(true);
    expect(found.body.items[0]?.title).toBe('Luật Khiếu nại');
  });

  it.each([
    ['khieu nia', 'khiếu nại'],
    ['tiep cong dna', 'tiếp công dân'],
    ['mat tran to quoc viet nma', 'mặt trận tổ quốc việt nam'],
  ])('fixes "%s" as "%s" and finds documents', async (q, expected) => {
    const found = await search(t.anonymous, q);
    expect(found.body.didYouMean).toBe(expected);
    expect(found.body.total).toBeGreaterThan(0);
  });

  it('splits syllables typed together: "tocao" suggests "tố cáo"', async () => {
    const found = await search(t.anonymous, 'tocao');
    expect(found.body.didYouMean).toBe('tố cáo');
    expect(found.body.items.some((i) => i.title === 'Luật Tố cáo')).toBe(true);
  });

  it('keeps the marks the reader typed and accents the rest consistently', async () => {
    const found = await search(t.anonymous, 'Luật khieu nia');
    expect(found.body.didYouMean).toBe('luật khiếu nại');
  });

  it('suggests nothing for a query that already finds documents', async () => {
    const found = await search(t.anonymous, 'khieu nai');
    expect(found.body.didYouMean).toBeNull();
    expect(found.body.total).toBeGreaterThan(0);
  });

  it('refuses a query that is too long with 400', async () => {
    const bad = await t.anonymous.get(`/api/v1/library/search?q=${'a'.repeat(5000)}`);
    expect(bad.status).toBe(400);
  });
});
