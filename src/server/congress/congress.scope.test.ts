import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';

/**
 * Every congress route limited to one unit answers 404 for a unit outside the user's tree, as the
 * unit card does: never a 200 with an empty list or an empty file.
 */

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Item = { code: string };

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const TABLES = ['progress', 'communes', 'late'] as const;

async function rowsOf(user: TestUser, url: string): Promise<unknown[][]> {
  const jar = (user.client as unknown as { cookies: Map<string, string> }).cookies;
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(`${t.baseUrl}${url}`, { headers: { cookie } });
  expect(response.status, url).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await response.arrayBuffer());
  const out: unknown[][] = [];
  wb.worksheets[0]?.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('units outside the user tree', () => {
  let tree: TestTree;
  let other: TestTree;
  let commune: TestUser;

  beforeAll(async () => {
    tree = await t.factory.tree();
    other = await t.factory.tree();
    commune = await t.factory.user('cadre', tree.communeA.code);
  });

  it('answers 404 to an export of any table for a neighbouring commune or another province', async () => {
    for (const table of TABLES) {
      for (const target of [tree.communeB.code, tree.province.code, other.province.code, 'TW']) {
        for (const name of ['parent', 'unitCode']) {
          const url = `/api/v1/congress/export.xlsx?table=${table}&${name}=${target}`;
          const res = await commune.client.get<ErrorBody>(url);
          expect(res.status, url).toBe(404);
          expect(res.body.error.code).toBe('NOT_FOUND');
        }
      }
      const province = await commune.client.get(
        `/api/v1/congress/export.xlsx?table=${table}&round=province&parent=${other.province.code}`,
      );
      expect(province.status, `${table} round=province`).toBe(404);
      expect((await t.anonymous.get(`/api/v1/congress/export.xlsx?table=${table}`)).status).toBe(
        401,
      );
    }
  });

  it('answers 404 for the real wards of Đà Nẵng: Hải Châu asking for Thanh Khê', async () => {
    const haichau = await t.factory.user('cadre', '20242');
    for (const table of TABLES) {
      const res = await haichau.client.get(
        `/api/v1/congress/export.xlsx?table=${table}&unitCode=20209`,
      );
      expect(res.status, table).toBe(404);
    }
    expect((await haichau.client.get('/api/v1/congress/late?unitCode=20209')).status).toBe(404);
  });

  it('answers 404 to the lists, progress and history of a unit outside the tree', async () => {
    for (const url of [
      `/api/v1/congress/progress?level=province&parent=${other.province.code}`,
      `/api/v1/congress/progress?level=province&unitCode=${tree.province.code}`,
      `/api/v1/congress/progress?level=commune&parent=${tree.communeB.code}`,
      `/api/v1/congress/progress?round=province&parent=${other.province.code}`,
      `/api/v1/congress/late?parent=${tree.communeB.code}`,
      `/api/v1/congress/late?unitCode=${other.province.code}`,
      `/api/v1/congress/late?round=province&parent=${tree.province.code}`,
      `/api/v1/congress/history?unit=${tree.province.code}`,
      `/api/v1/congress/report.docx?unit=${other.province.code}`,
      `/api/v1/congress/units/${tree.communeB.code}/steps/plan_issued/attachments/x`,
    ]) {
      const res = await commune.client.get<ErrorBody>(url);
      expect(res.status, url).toBe(404);
    }
  });

  it('refuses an unknown parameter instead of ignoring it, and two different units', async () => {
    for (const url of [
      `/api/v1/congress/export.xlsx?table=late&unit=${tree.communeB.code}`,
      `/api/v1/congress/late?code=${tree.communeB.code}`,
      `/api/v1/congress/progress?level=province&province=${other.province.code}`,
      `/api/v1/congress/history?unit=TW&parent=${other.province.code}`,
    ]) {
      expect((await commune.client.get(url)).status, url).toBe(400);
    }
    const both = await commune.client.get<ErrorBody>(
      `/api/v1/congress/late?parent=${tree.communeA.code}&unitCode=${tree.communeB.code}`,
    );
    expect(both.status).toBe(400);
    expect(both.body.error.field).toBe('unitCode');
  });
});

describe('units inside the user tree', () => {
  it('limits lists and exports to the unit asked for, of any level', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const province = await t.factory.user('cadre', tree.province.code);

    // A commune asks for itself: the late list and its export hold it (no date yet: late).
    const own = await commune.client.get<{ items: Item[] }>(
      `/api/v1/congress/late?unitCode=${tree.communeA.code}`,
    );
    expect(own.status).toBe(200);
    expect(own.body.items.map((i) => i.code)).toEqual([tree.communeA.code]);
    const sheet = await rowsOf(
      commune,
      `/api/v1/congress/export.xlsx?table=late&unitCode=${tree.communeA.code}`,
    );
    expect(sheet.slice(2).map((r) => r[1])).toEqual([tree.communeA.code]);

    // The province limits its late list to one of its communes.
    const one = await province.client.get<{ items: Item[] }>(
      `/api/v1/congress/late?parent=${tree.communeB.code}`,
    );
    expect(one.body.items.map((i) => i.code)).toEqual([tree.communeB.code]);

    // The provinces table limited to one province holds it and the nation only.
    const national = await t.factory.user('viewer', 'TW');
    const limited = await national.client.get<{ items: Item[] }>(
      `/api/v1/congress/progress?level=province&parent=${tree.province.code}`,
    );
    expect(limited.body.items.map((i) => i.code)).toEqual([tree.province.code]);
    const rows = await rowsOf(
      national,
      `/api/v1/congress/export.xlsx?table=progress&parent=${tree.province.code}`,
    );
    expect(rows.slice(2).map((r) => r[0])).toEqual([tree.province.code, 'TW']);
    const all = await national.client.get<{ items: Item[] }>(
      '/api/v1/congress/progress?level=province&parent=TW',
    );
    expect(all.body.items.length).toBeGreaterThanOrEqual(34);
  });

  it('refuses a unit of the wrong level with 400 naming the field, not an empty answer', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const code = tree.communeA.code;
    for (const [url, field] of [
      [`/api/v1/congress/progress?level=commune&parent=${code}`, 'parent'],
      [`/api/v1/congress/progress?level=province&parent=${code}`, 'parent'],
      [`/api/v1/congress/export.xlsx?table=communes&parent=${code}`, 'parent'],
      [`/api/v1/congress/export.xlsx?table=progress&unitCode=${code}`, 'parent'],
      [`/api/v1/congress/history?unit=${code}`, 'unit'],
    ] as const) {
      const res = await commune.client.get<ErrorBody>(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.field, url).toBe(field);
    }
  });
});
