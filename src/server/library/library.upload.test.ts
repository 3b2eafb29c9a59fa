import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows } from '@server/platform/db/client';
import { CENTRAL_CODE } from '@server/platform/units/units.service';
import { rawMultipart, storedFileCount } from '../../../test/files';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { uploadDocument } from './library.test-helpers';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Problem = { rowNumber: number | null; column: string | null; message: string };
type Preview = { rows: { rowNumber: number; action: string }[]; problems: Problem[] };

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
let documentId: number;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Tải Lên');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  const created = await upload(librarian, { title: 'Quy chế làm việc' });
  documentId = created.body.id;
});
afterAll(() => t.close());

function upload(client: TestClient, metadata: Record<string, unknown> | string) {
  return uploadDocument(
    client,
    typeof metadata === 'string'
      ? metadata
      : { docType: 'Quyết định', unitCode: tree.province.code, ...metadata },
    'Điều 1. Nội dung tải lên thử.',
    'tai-len.txt',
  );
}

async function documentCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    t.ctx.db,
    sql`SELECT count(*)::int AS n FROM library_documents`,
  );
  return row!.n;
}

const storedFiles = () => storedFileCount(t, 'library');

/** Runs a refused upload and checks that it left neither a document row nor a stored file. */
async function refused(run: () => Promise<{ status: number; body: ErrorBody }>) {
  const [documents, files] = [await documentCount(), await storedFiles()];
  const response = await run();
  expect(response.status).toBe(400);
  expect(await documentCount()).toBe(documents);
  expect(await storedFiles()).toBe(files);
  return response.body.error;
}

function bulkPreview(
  client: TestClient,
  unitCode: string,
  lines: string[][] = [],
  sheetName = 'danh-muc.csv',
) {
  const headers = ['Tên tệp', 'Tiêu đề', 'Loại văn bản', 'Ngày ban hành', 'Ngày hiệu lực'];
  const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const sheet = [headers, ...lines].map((l) => l.map(cell).join(',')).join('\r\n');
  return (async () => {
    const archive = new JSZip();
    for (const line of lines) archive.file(line[0]!, `Điều 1. ${line[1]}.`);
    const form = new FormData();
    form.set('unitCode', unitCode);
    form.set('sheet', new Blob([Buffer.from(sheet)]), sheetName);
    const zipped = await archive.generateAsync({ type: 'nodebuffer' });
    form.set('archive', new Blob([new Uint8Array(zipped)]), 'tai-lieu.zip');
    return client.request<Preview & ErrorBody>('POST', '/api/v1/library/import/preview', {
      body: form,
    });
  })();
}

describe('NUL characters in an upload', () => {
  it.each([
    ['title', { title: '\u0000abc' }],
    ['description', { title: 'Mô tả có NUL', description: 'a\u0000b' }],
    ['topics.0', { title: 'Chủ đề có NUL', topics: ['Dân\u0000vận'] }],
  ])('refuses U+0000 in the metadata, naming %s', async (field, metadata) => {
    const error = await refused(() => upload(librarian, metadata));
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    expect(error.message).toContain('chứa ký tự không hợp lệ (U+0000).');
  });

  it('still refuses metadata that is not JSON, naming the field', async () => {
    const error = await refused(() => upload(librarian, '{"title":'));
    expect(error.field).toBe('metadata');
  });

  it('refuses U+0000 in the name of the file', async () => {
    const metadata = JSON.stringify({
      title: 'Tên tệp có NUL',
      docType: 'Quyết định',
      unitCode: tree.province.code,
    });
    const error = await refused(() =>
      librarian.request<ErrorBody>(
        'POST',
        '/api/v1/library/documents',
        rawMultipart([
          { name: 'metadata', value: metadata },
          {
            name: 'file',
            fileName: 'tai\u0000len.txt',
            type: 'text/plain',
            bytes: Buffer.from('Điều 1. Nội dung.'),
          },
        ]),
      ),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'file' });
    expect(error.message).toContain('(U+0000)');
  });

  it('refuses U+0000 in the unit code and file names of a bulk import', async () => {
    const bad = await bulkPreview(librarian, `${tree.province.code}\u0000`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'unitCode' });
    expect(bad.body.error.message).toContain('(U+0000)');
    const badName = await bulkPreview(librarian, tree.province.code, [], 'danh\u0000muc.csv');
    expect(badName.status).toBe(400);
    expect(badName.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'sheet' });
  });
});

describe('control characters in an upload', () => {
  it.each([
    ['title', { title: 'Quy chế\u0001' }, 'U+0001'],
    ['number', { title: 'Số có ký tự lạ', number: '12\u0008/QĐ' }, 'U+0008'],
    ['issuer', { title: 'Cơ quan có ký tự lạ', issuer: 'Cơ quan \ufffe\uffff' }, 'U+FFFE'],
    ['topics.0', { title: 'Chủ đề có ký tự lạ', topics: ['Dân\u000bvận'] }, 'U+000B'],
    ['description', { title: 'Mô tả có ký tự lạ', description: '\u001b[31mđỏ' }, 'U+001B'],
  ])('refuses %s holding %j, naming the character', async (field, metadata, character) => {
    const error = await refused(() => upload(librarian, metadata));
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    expect(error.message).toBe(`Trường «${field}»: chứa ký tự không hợp lệ (${character}).`);
  });

  it('keeps line breaks and tabs in a description', async () => {
    const created = await upload(librarian, {
      title: 'Mô tả nhiều dòng',
      description: 'Dòng một\r\n\tDòng hai',
    });
    expect(created.status).toBe(201);
  });

  it.each([
    ['U+0000', 'Sửa\u0000lỗi'],
    ['U+007F', 'Sửa lỗi\u007f'],
  ])('refuses %s in the note of a new version', async (character, note) => {
    const form = new FormData();
    form.set('note', note);
    form.set('file', new Blob([Buffer.from('Điều 1. Bản sửa.')]), 'ban-sua.txt');
    const files = await storedFiles();
    const bad = await librarian.request<ErrorBody>(
      'POST',
      `/api/v1/library/documents/${documentId}/versions`,
      { body: form },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'note' });
    expect(bad.body.error.message).toContain(`(${character})`);
    expect(await storedFiles()).toBe(files);
  });
});

describe('dates of an upload', () => {
  it.each([
    ['issuedOn', { issuedOn: '0001-01-01' }, /năm 1900 đến năm 2100/],
    ['issuedOn', { issuedOn: '1899-12-31' }, /năm 1900 đến năm 2100/],
    ['effectiveOn', { effectiveOn: '9999-12-31' }, /năm 1900 đến năm 2100/],
    ['embargoUntil', { embargoUntil: '2101-01-01' }, /năm 1900 đến năm 2100/],
    [
      'effectiveOn',
      { issuedOn: '2024-05-10', effectiveOn: '2024-05-09' },
      /ngày có hiệu lực không được trước ngày ban hành/,
    ],
  ])('refuses %s in %j', async (field, dates, message) => {
    const error = await refused(() => upload(librarian, { title: 'Ngày lạ', ...dates }));
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
    expect(error.message).toMatch(message);
  });

  it('accepts the first year allowed, and an effective date on the issue date', async () => {
    const earliest = await upload(librarian, { title: 'Văn bản cũ', issuedOn: '1900-01-01' });
    expect(earliest.status).toBe(201);
    const sameDay = await upload(librarian, {
      title: 'Hiệu lực ngay',
      issuedOn: '2024-05-10',
      effectiveOn: '2024-05-10',
    });
    expect(sameDay.status).toBe(201);
  });

  it('the bulk import applies the same rules, naming the column', async () => {
    const preview = await bulkPreview(librarian, tree.province.code, [
      ['co.txt', 'Văn bản năm 150', 'Quyết định', '01/01/0150', ''],
      ['nguoc.txt', 'Hiệu lực trước ban hành', 'Quyết định', '10/05/2024', '09/05/2024'],
      ['xa.txt', 'Hiệu lực quá xa', 'Quyết định', '', '31/12/9999'],
    ]);
    expect(preview.status).toBe(200);
    const problem = (row: number) => preview.body.problems.find((p) => p.rowNumber === row);
    expect(problem(2)).toMatchObject({ column: 'issuedOn' });
    expect(problem(2)?.message).toMatch(/năm 1900 đến năm 2100/);
    expect(problem(3)).toMatchObject({ column: 'effectiveOn' });
    expect(problem(3)?.message).toMatch(/không được trước ngày ban hành/);
    expect(problem(4)).toMatchObject({ column: 'effectiveOn' });
    expect(preview.body.rows.map((r) => r.action)).toEqual(['error', 'error', 'error']);
  });
});

describe('the title of an upload', () => {
  it.each(['\u0301', '  …!?  ', '-- / --', '\u0301\u0323'])(
    'refuses a title without a letter or digit: %j',
    async (title) => {
      const error = await refused(() => upload(librarian, { title }));
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'title' });
      expect(error.message).toMatch(/ít nhất một chữ cái hoặc chữ số/);
    },
  );

  it('accepts a title of digits only', async () => {
    expect((await upload(librarian, { title: '2024' })).status).toBe(201);
  });
});

describe('related documents of an upload', () => {
  it.each(['amendsIds', 'replacesIds'])(
    'refuses %s naming a document that does not exist, saving nothing',
    async (field) => {
      const error = await refused(() =>
        upload(librarian, { title: 'Sửa đổi văn bản không có', [field]: [documentId, 99999] }),
      );
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field });
      expect(error.message).toContain('99999');
    },
  );
});

describe('the stored file of an upload', () => {
  it('is removed when saving the document fails after the file was stored', async () => {
    const [documents, files] = [await documentCount(), await storedFiles()];
    const failing = vi
      .spyOn(t.ctx.db, 'transaction')
      .mockRejectedValueOnce(new Error('database went away'));
    const failed = await upload(librarian, { title: 'Lưu thất bại' });
    failing.mockRestore();
    expect(failed.status).toBe(500);
    expect(await documentCount()).toBe(documents);
    expect(await storedFiles()).toBe(files);
    expect((await upload(librarian, { title: 'Lưu lại được' })).status).toBe(201);
    expect(await storedFiles()).toBe(files + 1);
  });
});

describe('the unit of an upload', () => {
  it('answers 403 on unitCode for a unit the user may not manage', async () => {
    const other = await t.factory.tree('Tỉnh Bên');
    const communeCadre = (await t.factory.user('cadre', tree.communeA.code)).client;
    const viewer = (await t.factory.user('viewer', tree.province.code)).client;
    const cases: [TestClient, string][] = [
      [librarian, CENTRAL_CODE],
      [librarian, other.province.code],
      [communeCadre, tree.province.code],
      [viewer, tree.province.code],
    ];
    for (const [client, unitCode] of cases) {
      const before = await documentCount();
      const bad = await upload(client, { title: 'Tài liệu đơn vị khác', unitCode });
      expect(bad.status, unitCode).toBe(403);
      expect(bad.body.error).toMatchObject({
        code: 'FORBIDDEN',
        field: 'unitCode',
        message: 'Bạn không có quyền quản lý tài liệu của đơn vị này.',
      });
      expect(await documentCount()).toBe(before);
    }
  });

  it('refuses an unknown unit code as a validation error on unitCode', async () => {
    const error = await refused(() =>
      upload(librarian, { title: 'Đơn vị không có', unitCode: 'ZZ999' }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'unitCode' });
    expect(error.message).toContain('không có đơn vị mã ZZ999');
  });

  it('the bulk import preview answers the same way', async () => {
    const forbidden = await bulkPreview(librarian, CENTRAL_CODE);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({
      code: 'FORBIDDEN',
      field: 'unitCode',
      message: 'Bạn không có quyền quản lý tài liệu của đơn vị này.',
    });
    const unknown = await bulkPreview(librarian, 'ZZ999');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'unitCode' });
    expect(unknown.body.error.message).toContain('không có đơn vị mã ZZ999');
  });
});
