import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { todayInVietnam } from './library.policy';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Doc = { issuedOn: string | null; effectiveOn: string | null; status: string };
type Problem = { rowNumber: number | null; column: string | null; message: string };
type Preview = { rows: { rowNumber: number; action: string }[]; problems: Problem[] };
type Result = { created: number; rows: { rowNumber: number; documentId: number | null }[] };

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Ngày Văn Bản');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
});
afterAll(() => t.close());

/** A calendar date `days` away from today in Vietnam, as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  const d = new Date(`${todayInVietnam()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function upload(client: TestClient, metadata: Record<string, unknown>) {
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({ docType: 'Hướng dẫn', unitCode: tree.province.code, ...metadata }),
  );
  form.set('file', new Blob([Buffer.from('Điều 1. Nội dung thử nghiệm ngày.')]), 'ngay.txt');
  return client.request<{ id: number } & ErrorBody>('POST', '/api/v1/library/documents', {
    body: form,
  });
}

describe('issue and effective dates of an upload', () => {
  it('refuses an issue date in the future with 400 naming issuedOn', async () => {
    const bad = await upload(librarian, {
      title: 'Văn bản ngày tương lai',
      issuedOn: '2099-01-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('issuedOn');
    expect(bad.body.error.message).toMatch(/ngày ban hành không được sau ngày hôm nay/);
    const tomorrow = await upload(librarian, { title: 'Ngày mai', issuedOn: dayFromToday(1) });
    expect(tomorrow.status).toBe(400);
  });

  it('accepts an issue date of today', async () => {
    const ok = await upload(librarian, { title: 'Ban hành hôm nay', issuedOn: todayInVietnam() });
    expect(ok.status).toBe(201);
  });

  it('is not yet in force until a future effective date, unless a status is given', async () => {
    const later = dayFromToday(30);
    const pending = await upload(librarian, {
      title: 'Chưa có hiệu lực',
      issuedOn: todayInVietnam(),
      effectiveOn: later,
    });
    expect(pending.status).toBe(201);
    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${pending.body.id}`);
    expect(doc.body).toMatchObject({ effectiveOn: later, status: 'not_yet_in_force' });

    const explicit = await upload(librarian, {
      title: 'Hiệu lực ghi rõ',
      effectiveOn: later,
      status: 'in_force',
    });
    const explicitDoc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${explicit.body.id}`);
    expect(explicitDoc.body.status).toBe('in_force');

    const past = await upload(librarian, { title: 'Đã có hiệu lực', effectiveOn: '2020-01-01' });
    const pastDoc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${past.body.id}`);
    expect(pastDoc.body.status).toBe('in_force');
  });

  it('refuses an anonymous upload', async () => {
    expect((await upload(t.anonymous, { title: 'Ẩn danh' })).status).toBe(401);
  });
});

describe('issue and effective dates of a bulk import', () => {
  const headers = ['Tên tệp', 'Tiêu đề', 'Loại văn bản', 'Ngày ban hành', 'Ngày hiệu lực'];
  const later = dayFromToday(60);
  const lines = [
    ['tuong-lai.txt', 'Kế hoạch ban hành năm 2099', 'Kế hoạch', '2099-01-01', ''],
    ['sap-toi.txt', 'Kế hoạch có hiệu lực sau', 'Kế hoạch', '2025-06-01', later],
  ];
  const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const sheet = Buffer.from([headers, ...lines].map((l) => l.map(cell).join(',')).join('\r\n'));

  async function send<T>(step: 'preview' | 'apply') {
    const archive = new JSZip();
    archive.file('tuong-lai.txt', 'Điều 1. Kế hoạch năm 2099.');
    archive.file('sap-toi.txt', 'Điều 1. Kế hoạch có hiệu lực sau.');
    const form = new FormData();
    form.set('unitCode', tree.province.code);
    form.set('sheet', new Blob([new Uint8Array(sheet)]), 'ngay.csv');
    const zipped = await archive.generateAsync({ type: 'nodebuffer' });
    form.set('archive', new Blob([new Uint8Array(zipped)]), 'ngay.zip');
    return librarian.request<T & ErrorBody>('POST', `/api/v1/library/import/${step}`, {
      body: form,
    });
  }

  it('the dry run names issuedOn on the row with a future issue date', async () => {
    const preview = await send<Preview>('preview');
    expect(preview.status).toBe(200);
    const problem = preview.body.problems.find((p) => p.rowNumber === 2);
    expect(problem).toMatchObject({ column: 'issuedOn' });
    expect(problem?.message).toMatch(/ngày ban hành không được sau ngày hôm nay/);
    expect(preview.body.rows.map((r) => r.action)).toEqual(['error', 'create']);
  });

  it('imports the other row as not yet in force', async () => {
    const applied = await send<Result>('apply');
    expect(applied.status).toBe(200);
    expect(applied.body.created).toBe(1);
    const id = applied.body.rows.find((r) => r.rowNumber === 3)?.documentId;
    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${id}`);
    expect(doc.body).toMatchObject({ effectiveOn: later, status: 'not_yet_in_force' });
  });
});
