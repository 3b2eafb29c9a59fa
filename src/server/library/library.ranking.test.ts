import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { uploadDocument } from './library.test-helpers';
import type { SearchResult } from './library.schema';

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;

async function upload(title: string, text: string, extra: Record<string, unknown>) {
  const created = await uploadDocument(
    librarian,
    { title, docType: 'Hướng dẫn', unitCode: tree.province.code, ...extra },
    text,
    'huong-dan.txt',
  );
  expect(created.status).toBe(201);
  return created.body.id;
}

/** The order of the given documents in the results of a query. */
async function order(q: string, ids: number[]): Promise<number[]> {
  const found = await t.anonymous.get<SearchResult>(
    `/api/v1/library/search?q=${encodeURIComponent(q)}`,
  );
  return found.body.items.map((i) => i.id).filter((id) => ids.includes(id));
}

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Xếp Hạng');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
});
afterAll(() => t.close());

describe('ranking', () => {
  it('ranks an exact accented title match above a match only without marks', async () => {
    const body = 'Điều 1. Nội dung\nSinh hoạt định kỳ ở bản Lìm Mông.';
    // Created first and issued later: ties would favour it, so only the accents can decide.
    const folded = await upload('Sổ tay cạn bờ bản Lìm Mông', body, { issuedOn: '2024-05-01' });
    const exact = await upload('Sổ tay cán bộ bản Lìm Mông', body, { issuedOn: '2023-05-01' });
    expect(await order('cán bộ Lìm Mông', [folded, exact])).toEqual([exact, folded]);
    expect(await order('cạn bờ Lìm Mông', [folded, exact])).toEqual([folded, exact]);
    // Without marks both match the same way; the later issue date comes first.
    expect(await order('can bo lim mong', [folded, exact])).toEqual([folded, exact]);
  });

  it('ranks a document in force above an expired one with the same text', async () => {
    const title = 'Quy chế bảo vệ rừng đầu nguồn Pà Cò';
    const body = 'Điều 1. Phạm vi\nNhân dân bản Pà Cò cùng tuần tra bảo vệ rừng đầu nguồn.';
    const expired = await upload(title, body, { status: 'expired', issuedOn: '2024-01-01' });
    const inForce = await upload(title, body, { status: 'in_force', issuedOn: '2015-01-01' });
    expect(await order('bảo vệ rừng Pà Cò', [expired, inForce])).toEqual([inForce, expired]);
    expect(await order('bao ve rung pa co', [expired, inForce])).toEqual([inForce, expired]);
  });
});
