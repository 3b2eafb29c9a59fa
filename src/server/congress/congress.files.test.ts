import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** A results sheet as a province office makes it: banner, merged two-row header, totals row. */
async function resultsSheet(tree: TestTree, women = 12): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('Tổng hợp');
  s.addRow(['ỦY BAN MTTQ VIỆT NAM TỈNH THỬ NGHIỆM']);
  s.addRow(['TỔNG HỢP KẾT QUẢ ĐẠI HỘI MTTQ CẤP XÃ, NHIỆM KỲ 2025–2030']);
  s.mergeCells('A1:I1');
  s.mergeCells('A2:I2');
  s.addRow([
    'Mã đơn vị',
    'Tên đơn vị',
    'Ngày đại hội',
    'Đại biểu',
    null,
    'Ủy viên',
    null,
    null,
    'Ban Thường trực',
  ]);
  s.addRow([null, null, null, 'Chính thức', 'Có mặt', 'Tổng số', 'Nữ', 'Dưới 35 tuổi', null]);
  for (const c of ['A', 'B', 'C', 'I']) s.mergeCells(`${c}3:${c}4`);
  s.mergeCells('D3:E3');
  s.mergeCells('F3:H3');
  s.addRow([tree.communeA.code, tree.communeA.name, '31/10/2025', 100, 95, 35, women, 4, 3]);
  s.addRow([]);
  s.addRow([tree.communeB.code, tree.communeB.name.normalize('NFD'), 45950, 80, 80, 30, 9, 3, 3]);
  s.addRow(['Tổng cộng', null, null, 180, 175, 65, women + 9, 7, 6]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The session cookie of a test user, to download binary files with fetch. */
function cookieOf(user: TestUser): string {
  const jar = (user.client as unknown as { cookies: Map<string, string> }).cookies;
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

function upload(buffer: Buffer, name = 'ket-qua.xlsx'): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(buffer)]), name);
  return form;
}

type Preview = {
  headerRow: number;
  problems: string[];
  rows: {
    rowNumber: number;
    action: string;
    values: Record<string, unknown>;
    errors: { column: string; message: string }[];
  }[];
  summary: Record<string, number>;
};
type Card = {
  version: number;
  results: Record<string, number> | null;
  steps: { key: string; date: string | null }[];
};

async function card(user: TestUser, code: string): Promise<Card> {
  return (await user.client.get<Card>(`/api/v1/congress/units/${code}`)).body;
}

describe('results import', () => {
  it('imports a sheet with banner, merged two-row headers and totals; importing it again changes nothing', async () => {
    const tree = await t.factory.tree();
    const province = await t.factory.user('cadre', tree.province.code);
    const sheet = await resultsSheet(tree);
    const preview = await province.client.request<Preview>(
      'POST',
      '/api/v1/congress/import/preview',
      { body: upload(sheet) },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.headerRow).toBe(4);
    expect(preview.body.rows.map((r) => r.action)).toEqual(['create', 'create']);
    expect(await card(province, tree.communeA.code)).toMatchObject({ version: 0, results: null });

    const applied = await province.client.request<Record<string, number>>(
      'POST',
      '/api/v1/congress/import/apply',
      { body: upload(sheet) },
    );
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const a = await card(province, tree.communeA.code);
    expect(a.results).toMatchObject({
      delegatesOfficial: 100,
      delegatesPresent: 95,
      committeeMembers: 35,
      women: 12,
      under35: 4,
      standingBoard: 3,
    });
    expect(a.steps.find((s) => s.key === 'congress_held')?.date).toBe('2025-10-31');
    const b = await card(province, tree.communeB.code);
    expect(b.steps.find((s) => s.key === 'congress_held')?.date).toBe('2025-10-20');

    const again = await province.client.request<Preview>(
      'POST',
      '/api/v1/congress/import/preview',
      { body: upload(sheet) },
    );
    expect(again.body.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    const twice = await province.client.request<Record<string, number>>(
      'POST',
      '/api/v1/congress/import/apply',
      { body: upload(sheet) },
    );
    expect(twice.body).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect((await card(province, tree.communeA.code)).version).toBe(a.version);
    const audit = await t.ctx.db.execute(
      // Re-importing wrote no audit record either.
      (await import('drizzle-orm'))
        .sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'congress.results.import' AND unit_code = ${tree.communeA.code}`,
    );
    expect((audit as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
  });

  it('refuses the whole file when a row is wrong or outside the user province', async () => {
    const tree = await t.factory.tree();
    const other = await t.factory.tree();
    const stranger = await t.factory.user('cadre', other.province.code);
    const owner = await t.factory.user('cadre', tree.province.code);
    const sheet = await resultsSheet(tree);
    const preview = await stranger.client.request<Preview>(
      'POST',
      '/api/v1/congress/import/preview',
      { body: upload(sheet) },
    );
    expect(preview.body.rows.every((r) => r.action === 'error')).toBe(true);
    expect(preview.body.rows[0]?.errors[0]?.message).toContain('ngoài phạm vi');

    const tooMany = await resultsSheet(tree, 50);
    const bad = await owner.client.request<Preview>('POST', '/api/v1/congress/import/preview', {
      body: upload(tooMany),
    });
    expect(bad.body.rows[0]?.errors[0]?.column).toBe('women');
    const refused = await owner.client.request<{ error: { code: string; message: string } }>(
      'POST',
      '/api/v1/congress/import/apply',
      { body: upload(tooMany) },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('Dòng 5');
    expect((await card(owner, tree.communeB.code)).results).toBeNull();
  });

  it('refuses a row that would change a congress date recorded by a higher level', async () => {
    const tree = await t.factory.tree();
    const province = await t.factory.user('cadre', tree.province.code);
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const held = await province.client.post<Card>(
      `/api/v1/congress/units/${tree.communeA.code}/steps/congress_held`,
      { version: 0, date: '2025-10-20' },
    );
    expect(held.status).toBe(200);
    const sheet = async (date: string) => {
      const wb = new ExcelJS.Workbook();
      const s = wb.addWorksheet('Kết quả');
      s.addRow(['Mã đơn vị', 'Ngày đại hội', 'Đại biểu chính thức', 'Đại biểu có mặt']);
      s.addRow([tree.communeA.code, date, 100, 95]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };

    const changed = await sheet('25/10/2025');
    const preview = await commune.client.request<Preview>(
      'POST',
      '/api/v1/congress/import/preview',
      { body: upload(changed) },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.rows[0]?.action).toBe('error');
    expect(preview.body.rows[0]?.errors).toEqual([
      {
        column: 'heldOn',
        message: `Ngày đại hội của ${tree.communeA.name} do ${tree.province.name} ghi nhận; chỉ cấp đó hoặc cấp trên mới được sửa.`,
      },
    ]);
    const refused = await commune.client.request<{ error: { message: string } }>(
      'POST',
      '/api/v1/congress/import/apply',
      { body: upload(changed) },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('Dòng 2');
    const after = await card(commune, tree.communeA.code);
    expect(after.steps.find((s) => s.key === 'congress_held')?.date).toBe('2025-10-20');
    expect(after.results).toBeNull();

    // The same date is no change to the step: the row's results import.
    const same = await commune.client.request<Record<string, number>>(
      'POST',
      '/api/v1/congress/import/apply',
      { body: upload(await sheet('20/10/2025')) },
    );
    expect(same.status).toBe(200);
    expect(same.body).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const saved = await card(commune, tree.communeA.code);
    expect(saved.results).toMatchObject({ delegatesOfficial: 100, delegatesPresent: 95 });
    const step = saved.steps.find((s) => s.key === 'congress_held') as Card['steps'][number] & {
      actorUnitCode: string;
    };
    expect(step.actorUnitCode).toBe(tree.province.code);

    // The province, which recorded the date, may change it through the import.
    const byProvince = await province.client.request<Record<string, number>>(
      'POST',
      '/api/v1/congress/import/apply',
      { body: upload(changed) },
    );
    expect(byProvince.status).toBe(200);
    expect(byProvince.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(
      (await card(province, tree.communeA.code)).steps.find((s) => s.key === 'congress_held')?.date,
    ).toBe('2025-10-25');
  });

  it('refuses a congress date in the future or before a recorded earlier step', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const plan = await commune.client.post<Card>(
      `/api/v1/congress/units/${tree.communeA.code}/steps/plan_issued`,
      { version: 0, date: '2025-07-23' },
    );
    expect(plan.status).toBe(200);
    const sheet = async (date: string) => {
      const wb = new ExcelJS.Workbook();
      const s = wb.addWorksheet('Kết quả');
      s.addRow(['Mã đơn vị', 'Ngày đại hội', 'Đại biểu chính thức', 'Đại biểu có mặt']);
      s.addRow([tree.communeA.code, date, 100, 95]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    for (const [date, text] of [
      ['31/12/2099', 'chưa đến'],
      ['01/07/2025', 'không được trước ngày của bước «Ban hành kế hoạch» (23/07/2025)'],
    ] as const) {
      const file = await sheet(date);
      const preview = await commune.client.request<Preview>(
        'POST',
        '/api/v1/congress/import/preview',
        { body: upload(file) },
      );
      expect(preview.body.rows[0]?.action).toBe('error');
      expect(preview.body.rows[0]?.errors[0]?.column).toBe('heldOn');
      expect(preview.body.rows[0]?.errors[0]?.message).toContain(text);
      const refused = await commune.client.request('POST', '/api/v1/congress/import/apply', {
        body: upload(file),
      });
      expect(refused.status).toBe(400);
    }
    const after = await card(commune, tree.communeA.code);
    expect(after.version).toBe(plan.body.version);
    expect(after.results).toBeNull();
  });

  it('needs a session and a file', async () => {
    const tree = await t.factory.tree();
    const owner = await t.factory.user('cadre', tree.province.code);
    expect(
      (
        await t.anonymous.request('POST', '/api/v1/congress/import/preview', {
          body: upload(Buffer.from('x')),
        })
      ).status,
    ).toBe(401);
    const empty = await owner.client.post<{ error: { field: string } }>(
      '/api/v1/congress/import/preview',
      {},
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe('file');
    const template = await owner.client.get('/api/v1/congress/import/template.xlsx');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toContain('spreadsheetml');
  });
});

describe('exports', () => {
  it('writes a date entered as 31/10/2025 as 31/10/2025 in the Excel export', async () => {
    const tree = await t.factory.tree();
    const owner = await t.factory.user('cadre', tree.province.code);
    const saved = await owner.client.put(`/api/v1/congress/units/${tree.communeA.code}/plan`, {
      version: 0,
      plannedDate: '2025-10-31',
      pilot: true,
    });
    expect(saved.status).toBe(200);
    const response = await fetch(
      `${t.baseUrl}/api/v1/congress/export.xlsx?table=communes&parent=${tree.province.code}`,
      { headers: { cookie: cookieOf(owner) } },
    );
    expect(response.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await response.arrayBuffer());
    const sheet = wb.worksheets[0];
    const row = sheet?.getRows(3, 2)?.find((r) => r.getCell(1).value === tree.communeA.code);
    expect(row?.getCell(3).value).toBe('31/10/2025');
  });

  it('refuses another province table and needs a session', async () => {
    const tree = await t.factory.tree();
    const other = await t.factory.tree();
    const owner = await t.factory.user('cadre', tree.province.code);
    expect((await t.anonymous.get('/api/v1/congress/export.xlsx?table=progress')).status).toBe(401);
    expect(
      (
        await owner.client.get(
          `/api/v1/congress/export.xlsx?table=communes&parent=${other.province.code}`,
        )
      ).status,
    ).toBe(404);
    const bad = await owner.client.get<{ error: { field: string } }>(
      '/api/v1/congress/export.xlsx?table=people',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('table');
  });

  it('writes the Word report in the administrative format', async () => {
    const tree = await t.factory.tree();
    const owner = await t.factory.user('leader', tree.province.code);
    const response = await owner.client.get(
      `/api/v1/congress/report.docx?unit=${tree.province.code}`,
    );
    expect(response.status).toBe(200);
    const bytes = await fetch(
      `${t.baseUrl}/api/v1/congress/report.docx?unit=${tree.province.code}`,
      { headers: { cookie: cookieOf(owner) } },
    );
    const { value } = await mammoth.extractRawText({
      buffer: Buffer.from(await bytes.arrayBuffer()),
    });
    expect(value).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(value).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(value).toContain('Số:');
    expect(value).toContain('BÁO CÁO');
    expect(value).toContain('TM. BAN THƯỜNG TRỰC');
    expect(value).toContain('31/10/2025');
    expect(
      (await owner.client.get(`/api/v1/congress/report.docx?unit=${tree.communeA.code}`)).status,
    ).toBe(400);
  });
});
