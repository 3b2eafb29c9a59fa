import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';
import { rows } from '../platform/db/client';
import type { SearchResult } from './library.schema';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Version = {
  version: number;
  current: boolean;
  fileName: string;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  url: string | null;
};
type Doc = {
  version: number;
  file: { name: string; url: string };
  passages: { body: string }[];
  versions: Version[];
};

let t: TestContext;
let tree: TestTree;
let librarian: TestUser;
let documentId: number;
const OLD_TEXT = 'Điều 1. Lễ hội\nTổ chức lễ hội đình làng Phú Lễ vào mùa xuân.';
const NEW_TEXT = 'Điều 1. Chợ phiên\nTổ chức chợ phiên vùng cao Bắc Hà vào chủ nhật.';

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Phiên Bản');
  librarian = await t.factory.user('cadre', tree.province.code, { fullName: 'Trần Thị Thư' });
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({
      title: 'Kế hoạch văn hóa',
      docType: 'Kế hoạch',
      unitCode: tree.province.code,
    }),
  );
  form.set('file', new Blob([Buffer.from(OLD_TEXT)]), 'ke-hoach-v1.txt');
  const created = await librarian.client.request<{ id: number }>(
    'POST',
    '/api/v1/library/documents',
    { body: form },
  );
  documentId = created.body.id;
});
afterAll(() => t.close());

function newVersion(
  client: TestClient,
  file: { name: string; bytes: Buffer } | null,
  note?: string,
  id = documentId,
) {
  const form = new FormData();
  if (file) form.set('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  if (note !== undefined) form.set('note', note);
  return client.request<{ version: number } & ErrorBody>(
    'POST',
    `/api/v1/library/documents/${id}/versions`,
    { body: form },
  );
}

function search(q: string) {
  return t.anonymous.get<SearchResult>(`/api/v1/library/search?q=${encodeURIComponent(q)}`);
}

async function versionCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    t.ctx.db,
    sql`SELECT count(*)::int AS n FROM library_document_versions WHERE document_id = ${documentId}`,
  );
  return row!.n;
}

describe('versions of a document', () => {
  it('keeps the old file and text as version 1 and shows version 2 as current', async () => {
    const uploaded = await newVersion(
      librarian.client,
      { name: 'ke-hoach-v2.txt', bytes: Buffer.from(NEW_TEXT) },
      'Đổi sang chợ phiên',
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.version).toBe(2);

    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${documentId}`);
    expect(doc.body.version).toBe(2);
    expect(doc.body.file.name).toBe('ke-hoach-v2.txt');
    expect(doc.body.passages.map((p) => p.body).join('\n')).toContain('chợ phiên vùng cao Bắc Hà');
    expect(doc.body.versions.map((v) => [v.version, v.current, v.fileName, v.note])).toEqual([
      [2, true, 'ke-hoach-v2.txt', 'Đổi sang chợ phiên'],
      [1, false, 'ke-hoach-v1.txt', 'Tải lên'],
    ]);
    expect(doc.body.versions.every((v) => !Number.isNaN(Date.parse(v.createdAt)))).toBe(true);
    // Who uploaded is shown to signed-in readers only.
    expect(doc.body.versions.map((v) => v.createdBy)).toEqual([null, null]);
    const signedIn = await librarian.client.get<Doc>(`/api/v1/library/documents/${documentId}`);
    expect(signedIn.body.versions.map((v) => v.createdBy)).toEqual([
      'Trần Thị Thư',
      'Trần Thị Thư',
    ]);

    // Each version downloads its own file.
    const [v2, v1] = doc.body.versions;
    const first = await t.anonymous.get(v1!.url!);
    expect(first.status).toBe(200);
    expect(first.text).toBe(OLD_TEXT);
    expect(first.headers.get('content-disposition')).toContain('ke-hoach-v1.txt');
    expect((await t.anonymous.get(v2!.url!)).text).toBe(NEW_TEXT);
    expect((await t.anonymous.get(doc.body.file.url)).text).toBe(NEW_TEXT);

    // Search follows the current text; the old text stays with version 1.
    expect((await search('chợ phiên Bắc Hà')).body.items[0]?.id).toBe(documentId);
    expect((await search('đình làng Phú Lễ')).body.items.some((i) => i.id === documentId)).toBe(
      false,
    );
    const [kept] = await rows<{ text_body: string }>(
      t.ctx.db,
      sql`SELECT text_body FROM library_document_versions WHERE document_id = ${documentId} AND version = 1`,
    );
    expect(kept!.text_body).toContain('Tổ chức lễ hội đình làng Phú Lễ vào mùa xuân.');
  });

  it('refuses anonymous (401), readers without the right or of another unit (403)', async () => {
    const file = { name: 'v.txt', bytes: Buffer.from('Điều 1. Bản khác.') };
    expect((await newVersion(t.anonymous, file)).status).toBe(401);
    const viewer = (await t.factory.user('viewer', tree.province.code)).client;
    expect((await newVersion(viewer, file)).status).toBe(403);
    const other = await t.factory.tree('Khác');
    const otherLibrarian = (await t.factory.user('cadre', other.province.code)).client;
    const wrongUnit = await newVersion(otherLibrarian, file);
    expect(wrongUnit.status).toBe(403);
    expect(wrongUnit.body.error.message).toContain('đơn vị quản lý tài liệu');
    expect(await versionCount()).toBe(2);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await versionCount();
    const missing = await newVersion(librarian.client, null, 'không có tệp');
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('file');
    const fake = await newVersion(librarian.client, {
      name: 'gia.pdf',
      bytes: Buffer.from('Không phải PDF.'),
    });
    expect(fake.status).toBe(400);
    expect(fake.body.error.field).toBe('file');
    expect(fake.body.error.message).toContain('không khớp');
    const longNote = await newVersion(
      librarian.client,
      { name: 'v.txt', bytes: Buffer.from('Điều 1. Bản khác.') },
      'x'.repeat(600),
    );
    expect(longNote.status).toBe(400);
    expect(longNote.body.error.field).toBe('note');
    for (const junk of ['\u0301', '!!!']) {
      const junkNote = await newVersion(
        librarian.client,
        { name: 'v.txt', bytes: Buffer.from('Điều 1. Bản khác.') },
        junk,
      );
      expect(junkNote.status).toBe(400);
      expect(junkNote.body.error.field).toBe('note');
      expect(junkNote.body.error.message).toContain('phải có ít nhất một chữ cái hoặc chữ số.');
    }
    expect((await librarian.client.post(`/api/v1/library/documents/abc/versions`)).status).toBe(
      400,
    );
    const unknown = await newVersion(
      librarian.client,
      { name: 'v.txt', bytes: Buffer.from('Điều 1. Bản khác.') },
      undefined,
      99999999,
    );
    expect(unknown.status).toBe(404);
    expect(await versionCount()).toBe(before);
    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${documentId}`);
    expect(doc.body.version).toBe(2);
  });

  it('hides the versions of a hidden document and answers 404 for a missing version', async () => {
    expect(
      (await t.anonymous.get(`/api/v1/library/documents/${documentId}/versions/9/file`)).status,
    ).toBe(404);
    expect(
      (await t.anonymous.get(`/api/v1/library/documents/${documentId}/versions/x/file`)).status,
    ).toBe(400);
    const last = await t.anonymous.get(
      `/api/v1/library/documents/${documentId}/versions/2147483647/file`,
    );
    expect(last.status).toBe(404);
    for (const version of ['2147483648', '999999999999999']) {
      const tooLarge = await t.anonymous.get<ErrorBody>(
        `/api/v1/library/documents/${documentId}/versions/${version}/file`,
      );
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.body.error.field).toBe('version');
      expect(tooLarge.body.error.message).toContain('số phiên bản không hợp lệ');
    }
    const form = new FormData();
    form.set(
      'metadata',
      JSON.stringify({
        title: 'Biên bản nội bộ',
        docType: 'Báo cáo',
        unitCode: tree.province.code,
        access: 'internal',
      }),
    );
    form.set('file', new Blob([Buffer.from('Điều 1. Nội bộ.')]), 'noi-bo.txt');
    const internal = await librarian.client.request<{ id: number }>(
      'POST',
      '/api/v1/library/documents',
      { body: form },
    );
    const url = `/api/v1/library/documents/${internal.body.id}/versions/1/file`;
    expect((await t.anonymous.get(url)).status).toBe(404);
    expect((await librarian.client.get(url)).status).toBe(200);
  });
});
