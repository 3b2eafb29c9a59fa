import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTree } from '../../../test/factories';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import { act, createCase, submission, type Detail } from './feedback.test-helpers';

let t: TestContext;
let tree: TestTree;
let cadreA: TestClient;
let cadreB: TestClient;
let provinceLeader: TestClient;

function cookieOf(client: TestClient): string {
  const jar = (client as unknown as { cookies: Map<string, string> }).cookies;
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function download(client: TestClient | null, path: string) {
  const response = await fetch(`${t.baseUrl}${path}`, {
    headers: client ? { cookie: cookieOf(client) } : {},
  });
  return { status: response.status, response, bytes: await response.arrayBuffer() };
}

async function workbook(bytes: ArrayBuffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  return book;
}

/** The rows of a sheet below its header, keyed by the first column's text. */
function table(book: ExcelJS.Workbook, name: string): Map<string, unknown[]> {
  const sheet = book.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const found = new Map<string, unknown[]>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    found.set(String(values[0]), values.slice(1));
  });
  return found;
}

function allText(book: ExcelJS.Workbook): string {
  const parts: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) => parts.push(JSON.stringify((row.values as unknown[]).slice(1)))),
  );
  return parts.join('\n');
}

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Thống Kê');
  cadreA = (await t.factory.user('cadre', tree.communeA.code)).client;
  cadreB = (await t.factory.user('cadre', tree.communeB.code)).client;
  provinceLeader = (await t.factory.user('leader', tree.province.code)).client;
  const inA = (overrides: Record<string, unknown>) =>
    submission(tree.province.code, tree.communeA.code, overrides);
  // Commune A: three cases on the web, one of them answered; commune B: one by phone.
  let answered: Detail = await createCase(t.anonymous, cadreA, inA({ title: 'Ổ gà đường 1' }));
  await createCase(t.anonymous, cadreA, inA({ title: 'Ổ gà đường 2' }));
  await createCase(
    t.anonymous,
    cadreA,
    inA({ title: 'Khói lò gạch', type: 'kien_nghi', field: 'moi_truong' }),
  );
  const byPhone = await cadreB.post('/api/v1/feedback', {
    ...submission(tree.province.code, tree.communeB.code, { title: 'Đèn đường tắt' }),
    channel: 'phone',
  });
  expect(byPhone.status).toBe(201);
  const step = async (action: string, extra: Record<string, unknown> = {}) => {
    const r = await act(cadreA, answered, action, extra);
    expect(r.status, `${action}: ${r.text}`).toBe(200);
    answered = r.body;
  };
  await step('classify', { field: 'giao_thong' });
  await step('accept');
  const people = await cadreA.get<{ items: { id: number }[] }>(
    `/api/v1/feedback/${answered.id}/assignees`,
  );
  await step('assign', { assigneeId: people.body.items[0]?.id });
  await step('start');
  await step('draft_answer', { answer: 'Đã vá ổ gà.' });
  await step('publish');
});
afterAll(() => t.close());

describe('GET /api/v1/feedback/stats/export.xlsx', () => {
  it('holds the statistics tables of the unit, rolled up, with the right figures', async () => {
    const file = await download(
      provinceLeader,
      `/api/v1/feedback/stats/export.xlsx?unitCode=${tree.province.code}`,
    );
    expect(file.status).toBe(200);
    expect(file.response.headers.get('content-type')).toContain('spreadsheetml');
    expect(file.response.headers.get('content-disposition')).toContain(
      `thong-ke-phan-anh-${tree.province.code}.xlsx`,
    );
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Theo đơn vị',
      'Theo loại',
      'Theo lĩnh vực',
      'Theo kênh',
      'Theo trạng thái',
      'Chủ đề nổi bật',
    ]);
    const summary = table(book, 'Tổng hợp');
    expect(summary.get('Đơn vị (gồm các đơn vị trực thuộc)')).toEqual([tree.province.name]);
    expect(summary.get('Thời gian tiếp nhận')).toEqual(['Toàn bộ thời gian']);
    expect(summary.get('Tiếp nhận')).toEqual([4]);
    expect(summary.get('Đang xử lý')).toEqual([3]);
    expect(summary.get('Đã trả lời')).toEqual([1]);
    expect(summary.get('Quá hạn')).toEqual([0]);
    expect(summary.get('Tỷ lệ trả lời đúng hạn')).toEqual([1]);
    expect(summary.get('Số ngày trả lời trung bình')).toEqual([0]);

    const units = table(book, 'Theo đơn vị');
    expect(units.get(tree.communeA.code)).toEqual([tree.communeA.name, 3, 0, 1]);
    expect(units.get(tree.communeB.code)).toEqual([tree.communeB.name, 1, 0]);
    expect(units.get(tree.province.code)).toEqual([`Tổng cộng ${tree.province.name}`, 4, 0, 1]);

    expect(table(book, 'Theo loại').get('Phản ánh')).toEqual([3, 0.75]);
    expect(table(book, 'Theo loại').get('Kiến nghị')).toEqual([1, 0.25]);
    expect(table(book, 'Theo lĩnh vực').get('Giao thông, hạ tầng')).toEqual([3, 0.75]);
    expect(table(book, 'Theo lĩnh vực').get('Môi trường')).toEqual([1, 0.25]);
    expect(table(book, 'Theo kênh').get('Cổng trực tuyến')).toEqual([3, 0.75]);
    expect(table(book, 'Theo kênh').get('Điện thoại')).toEqual([1, 0.25]);
    expect(table(book, 'Theo trạng thái').get('Đã tiếp nhận')).toEqual([3, 0.75]);
    expect(table(book, 'Theo trạng thái').get('Đã trả lời')).toEqual([1, 0.25]);
    const topics = table(book, 'Chủ đề nổi bật');
    expect(topics.get('Giao thông, hạ tầng')).toEqual([3, 0, 3]);
    expect(book.getWorksheet('Chủ đề nổi bật')?.getRow(1).getCell(2).value).toMatch(
      /^Tháng \d{1,2}\/\d{4}$/,
    );
  });

  it('follows the period and matches the statistics screen', async () => {
    const path = `?unitCode=${tree.communeA.code}&from=2000-01-01&to=2000-12-31`;
    const empty = await workbook(
      (await download(cadreA, `/api/v1/feedback/stats/export.xlsx${path}`)).bytes,
    );
    const summary = table(empty, 'Tổng hợp');
    expect(summary.get('Thời gian tiếp nhận')).toEqual(['01/01/2000 – 31/12/2000']);
    expect(summary.get('Tiếp nhận')).toEqual([0]);
    expect(table(empty, 'Theo loại').size).toBe(0);

    const stats = await cadreA.get<{ total: number; byType: { key: string; count: number }[] }>(
      `/api/v1/feedback/stats?unitCode=${tree.communeA.code}`,
    );
    const mine = await workbook(
      (await download(cadreA, `/api/v1/feedback/stats/export.xlsx?unitCode=${tree.communeA.code}`))
        .bytes,
    );
    expect(table(mine, 'Tổng hợp').get('Tiếp nhận')).toEqual([stats.body.total]);
    expect(table(mine, 'Theo loại').get('Phản ánh')?.[0]).toBe(
      stats.body.byType.find((x) => x.key === 'phan_anh')?.count,
    );
  });

  it('carries no personal data', async () => {
    const file = await download(
      provinceLeader,
      `/api/v1/feedback/stats/export.xlsx?unitCode=${tree.province.code}`,
    );
    const text = allText(await workbook(file.bytes));
    for (const secret of ['Nguyễn Văn Bình', '0905123456', 'binh@example.vn', '048090001234'])
      expect(text).not.toContain(secret);
    expect(text).not.toContain('Ổ gà đường');
  });

  it('needs a login, the right unit and a valid query', async () => {
    const path = `/api/v1/feedback/stats/export.xlsx?unitCode=${tree.communeA.code}`;
    expect((await download(null, path)).status).toBe(401);
    expect([403, 404]).toContain((await download(cadreB, path)).status);
    const badDate = await cadreA.get<{ error: { field: string; message: string } }>(
      '/api/v1/feedback/stats/export.xlsx?from=31-12-2025',
    );
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.field).toBe('from');
    const noUnit = await cadreA.get<{ error: { field: string; message: string } }>(
      '/api/v1/feedback/stats/export.xlsx?unitCode=KHONGCO',
    );
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.field).toBe('unitCode');
    expect(noUnit.body.error.message).toContain('đơn vị');
  });
});
