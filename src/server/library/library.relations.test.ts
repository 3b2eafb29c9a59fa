import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { uploadDocument } from './library.test-helpers';
import { rows } from '../platform/db/client';

type Related = { id: number; title: string; relation: string };
type Doc = { related: Related[] };

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
let originalId: number;

function upload(client: TestClient, title: string, extra: Record<string, unknown> = {}) {
  return uploadDocument(
    client,
    { title, docType: 'Quyết định', unitCode: tree.province.code, ...extra },
    `Điều 1. ${title}.`,
    'quyet-dinh.txt',
  );
}

async function documentCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    t.ctx.db,
    sql`SELECT count(*)::int AS n FROM library_documents`,
  );
  return row!.n;
}

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Sửa Đổi');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  originalId = (await upload(librarian, 'Quy chế tiếp dân năm 2020')).body.id;
});
afterAll(() => t.close());

describe('amends and replaces links', () => {
  it('shows an amending and a replacing document on both pages', async () => {
    const amending = await upload(librarian, 'Sửa đổi quy chế tiếp dân', {
      amendsIds: [originalId],
    });
    expect(amending.status).toBe(201);
    const replacing = await upload(librarian, 'Quy chế tiếp dân năm 2025', {
      replacesIds: [originalId],
    });
    expect(replacing.status).toBe(201);

    const original = await t.anonymous.get<Doc>(`/api/v1/library/documents/${originalId}`);
    expect(
      original.body.related
        .map((r) => [r.id, r.relation])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual([
      [amending.body.id, 'amends_this'],
      [replacing.body.id, 'replaces_this'],
    ]);
    const fromAmending = await t.anonymous.get<Doc>(
      `/api/v1/library/documents/${amending.body.id}`,
    );
    expect(fromAmending.body.related).toEqual([
      {
        id: originalId,
        title: 'Quy chế tiếp dân năm 2020',
        number: null,
        relation: 'amended_by_this',
      },
    ]);
    const fromReplacing = await t.anonymous.get<Doc>(
      `/api/v1/library/documents/${replacing.body.id}`,
    );
    expect(fromReplacing.body.related.map((r) => [r.id, r.relation])).toEqual([
      [originalId, 'replaced_by_this'],
    ]);
  });

  it('refuses ids that do not exist or that the uploader may not see, naming the field', async () => {
    const before = await documentCount();
    const missing = await upload(librarian, 'Sửa đổi không rõ', { amendsIds: [99999999] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('amendsIds');
    expect(missing.body.error.message).toContain('99999999');

    // A restricted document of another province exists, but this librarian cannot see it.
    const other = await t.factory.tree('Tỉnh Khác');
    const otherLibrarian = (await t.factory.user('cadre', other.province.code)).client;
    const form = new FormData();
    form.set(
      'metadata',
      JSON.stringify({
        title: 'Danh sách hạn chế',
        docType: 'Báo cáo',
        unitCode: other.province.code,
        access: 'restricted',
        accessUnitCodes: [other.communeA.code],
      }),
    );
    form.set('file', new Blob([Buffer.from('Điều 1. Hạn chế.')]), 'han-che.txt');
    const hidden = await otherLibrarian.request<{ id: number }>(
      'POST',
      '/api/v1/library/documents',
      { body: form },
    );
    const afterHidden = await documentCount();
    const notVisible = await upload(librarian, 'Thay thế tài liệu không thấy', {
      replacesIds: [originalId, hidden.body.id],
    });
    expect(notVisible.status).toBe(400);
    expect(notVisible.body.error.field).toBe('replacesIds');
    expect(notVisible.body.error.message).toContain(String(hidden.body.id));
    expect(notVisible.body.error.message).not.toContain(String(originalId));

    const badType = await upload(librarian, 'Sai kiểu', { amendsIds: ['một'] });
    expect(badType.status).toBe(400);
    expect(badType.body.error.field).toMatch(/^amendsIds/u);
    expect(await documentCount()).toBe(afterHidden);
    expect(afterHidden).toBe(before + 1);
  });

  it('lets a document amend only documents of its own unit or of units below it', async () => {
    const [law] = await rows<{ id: number }>(
      t.ctx.db,
      sql`SELECT id::int AS id FROM library_documents WHERE number = '02/2011/QH13'`,
    );
    const before = await documentCount();
    const national = await upload(librarian, 'Tỉnh sửa luật', { amendsIds: [law!.id] });
    expect(national.status).toBe(400);
    expect(national.body.error.field).toBe('amendsIds');
    expect(national.body.error.message).toContain(String(law!.id));
    expect(await documentCount()).toBe(before);
    const law2 = await t.anonymous.get<Doc>(`/api/v1/library/documents/${law!.id}`);
    expect(law2.body.related.map((r) => r.title)).not.toContain('Tỉnh sửa luật');

    // A commune's plan may not replace its province's rules; the province may amend the commune's.
    const communeLibrarian = (await t.factory.user('cadre', tree.communeA.code)).client;
    const communePlan = await upload(communeLibrarian, 'Kế hoạch tiếp dân của xã', {
      unitCode: tree.communeA.code,
    });
    expect(communePlan.status).toBe(201);
    const upward = await upload(communeLibrarian, 'Xã thay quy chế tỉnh', {
      unitCode: tree.communeA.code,
      replacesIds: [originalId],
    });
    expect(upward.status).toBe(400);
    expect(upward.body.error.field).toBe('replacesIds');
    const downward = await upload(librarian, 'Tỉnh sửa kế hoạch của xã', {
      amendsIds: [communePlan.body.id],
    });
    expect(downward.status).toBe(201);
  });
});
