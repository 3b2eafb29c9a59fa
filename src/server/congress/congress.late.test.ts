import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';
import { communesOf, type LateKind } from './congress.progress';
import { currentRound } from './congress.service';

/*
 * The four late kinds of a commune congress (round deadline 31/10/2025; results reported and then
 * verified within the round's numbers of days), one at a time. Through HTTP "today"
 * is the real day, long after the deadline; the day boundaries are checked with a given day.
 */

type Card = { version: number };
type LateItem = {
  code: string;
  lateKinds: LateKind[];
  provinceCode: string;
  heldOn: string | null;
};
type ErrorBody = { error: { code: string; field?: string } };

const RESULTS = {
  delegatesOfficial: 100,
  delegatesPresent: 95,
  committeeMembers: 35,
  women: 12,
  under35: 4,
  standingBoard: 3,
};

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** A commune changed through the API by one user, who keeps the version each answer returns. */
async function drive(user: TestUser, code: string) {
  const base = `/api/v1/congress/units/${code}`;
  let version = (await user.client.get<Card>(base)).body.version;
  const ok = async (p: Promise<{ status: number; body: Card; text: string }>) => {
    const res = await p;
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    version = res.body.version;
  };
  return {
    plan: (plannedDate: string) =>
      ok(user.client.put<Card>(`${base}/plan`, { version, plannedDate, pilot: false })),
    step: (step: string, date: string) =>
      ok(user.client.post<Card>(`${base}/steps/${step}`, { version, date })),
    results: () => ok(user.client.put<Card>(`${base}/results`, { ...RESULTS, version })),
  };
}

type Setup = { tree: TestTree; province: TestUser; commune: TestUser };

async function setup(): Promise<Setup> {
  const tree = await t.factory.tree('Chậm Tiến Độ');
  return {
    tree,
    province: await t.factory.user('cadre', tree.province.code),
    commune: await t.factory.user('cadre', tree.communeA.code),
  };
}

/** A commune held on time, reported and verified by the province: late in no way. */
async function onTime(s: Setup, code = s.tree.communeB.code) {
  const c = await drive(s.province, code);
  await c.step('congress_held', '2025-10-20');
  await c.results();
  await c.step('results_reported', '2025-10-22');
  await c.step('results_verified', '2025-10-24');
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function lateOf(user: TestUser, query: string): Promise<LateItem[]> {
  const res = await user.client.get<{ items: LateItem[] }>(`/api/v1/congress/late${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

async function kindsOn(s: Setup, code: string, today: string): Promise<LateKind[]> {
  const round = await currentRound(t.ctx.db, 'commune');
  const items = await communesOf(t.ctx.db, round, s.tree.province.code, today);
  return items.find((i) => i.code === code)?.lateKinds ?? [];
}

describe('late kinds, one at a time', () => {
  it('no date: neither a planned date nor a congress', async () => {
    const s = await setup();
    await onTime(s);
    const items = await lateOf(s.province, `?parent=${s.tree.province.code}`);
    expect(items.map((i) => [i.code, i.lateKinds])).toEqual([[s.tree.communeA.code, ['noDate']]]);
    expect(await kindsOn(s, s.tree.communeA.code, '2025-06-01')).toEqual(['noDate']);
    await (await drive(s.commune, s.tree.communeA.code)).plan('2025-10-15');
    expect(await kindsOn(s, s.tree.communeA.code, '2025-06-01')).toEqual([]);
  });

  it('date after the deadline: a congress held after it, or planned after it, or not held by then', async () => {
    const s = await setup();
    const late = await drive(s.commune, s.tree.communeA.code);
    await late.step('congress_held', '2025-11-03');
    await late.results();
    await late.step('results_reported', '2025-11-04');
    await (await drive(s.province, s.tree.communeA.code)).step('results_verified', '2025-11-05');
    const items = await lateOf(s.province, `?parent=${s.tree.province.code}&kind=afterDeadline`);
    expect(items.map((i) => [i.code, i.lateKinds, i.heldOn])).toEqual([
      [s.tree.communeA.code, ['afterDeadline'], '2025-11-03'],
    ]);

    const planned = await drive(s.province, s.tree.communeB.code);
    await planned.plan('2025-10-25');
    expect(await kindsOn(s, s.tree.communeB.code, '2025-10-31')).toEqual([]);
    expect(await kindsOn(s, s.tree.communeB.code, '2025-11-01')).toEqual(['afterDeadline']);
    await planned.plan('2025-11-05');
    expect(await kindsOn(s, s.tree.communeB.code, '2025-09-01')).toEqual(['afterDeadline']);
  });

  it("held but not reported: past the round's days for reporting", async () => {
    const s = await setup();
    await onTime(s);
    await (await drive(s.commune, s.tree.communeA.code)).step('congress_held', '2025-10-20');
    const items = await lateOf(s.province, `?parent=${s.tree.province.code}`);
    expect(items.map((i) => [i.code, i.lateKinds])).toEqual([
      [s.tree.communeA.code, ['heldNotReported']],
    ]);
    const { targets } = await currentRound(t.ctx.db, 'commune');
    const lastDay = addDays('2025-10-20', targets.reportWithinDays ?? 7);
    expect(await kindsOn(s, s.tree.communeA.code, lastDay)).toEqual([]);
    expect(await kindsOn(s, s.tree.communeA.code, addDays(lastDay, 1))).toEqual([
      'heldNotReported',
    ]);
  });

  it("reported but not verified: past the round's days for verifying", async () => {
    const s = await setup();
    await onTime(s);
    const c = await drive(s.commune, s.tree.communeA.code);
    await c.step('congress_held', '2025-10-20');
    await c.results();
    await c.step('results_reported', '2025-10-22');
    const items = await lateOf(s.province, `?parent=${s.tree.province.code}`);
    expect(items.map((i) => [i.code, i.lateKinds])).toEqual([
      [s.tree.communeA.code, ['reportedNotVerified']],
    ]);
    const { targets } = await currentRound(t.ctx.db, 'commune');
    const days = targets.verifyWithinDays ?? 7;
    const lastDay = addDays('2025-10-22', days);
    expect(await kindsOn(s, s.tree.communeA.code, lastDay)).toEqual([]);
    expect(await kindsOn(s, s.tree.communeA.code, addDays(lastDay, 1))).toEqual([
      'reportedNotVerified',
    ]);
  });
});

describe('GET /api/v1/congress/late', () => {
  it('filters by kind, keeps to the user tree, and refuses bad input', async () => {
    const s = await setup();
    const other = await setup();
    await (await drive(s.commune, s.tree.communeA.code)).step('congress_held', '2025-10-20');
    const url = `/api/v1/congress/late?parent=${s.tree.province.code}`;
    expect((await t.anonymous.get(url)).status).toBe(401);
    expect(
      (await other.province.client.get(`/api/v1/congress/late?parent=${s.tree.province.code}`))
        .status,
    ).toBe(404);
    const badKind = await s.province.client.get<ErrorBody>(`${url}&kind=slow`);
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.field).toBe('kind');
    const badLimit = await s.province.client.get<ErrorBody>(`${url}&limit=0`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.field).toBe('limit');

    // Without a parent: the late communes of the user's own tree only.
    const mine = await lateOf(s.province, '');
    expect(new Set(mine.map((i) => i.provinceCode))).toEqual(new Set([s.tree.province.code]));
    expect(mine.map((i) => i.code).sort()).toEqual(
      [s.tree.communeA.code, s.tree.communeB.code].sort(),
    );
    const held = await lateOf(s.province, '?kind=heldNotReported');
    expect(held.map((i) => i.code)).toEqual([s.tree.communeA.code]);
    expect(await lateOf(s.province, '?kind=noDate&limit=1')).toHaveLength(1);
    // The commune sees itself only.
    expect((await lateOf(s.commune, '')).map((i) => i.code)).toEqual([s.tree.communeA.code]);
  });
});

describe('late table Excel export', () => {
  async function sheetOf(user: TestUser, query: string) {
    const jar = (user.client as unknown as { cookies: Map<string, string> }).cookies;
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${t.baseUrl}/api/v1/congress/export.xlsx?table=late${query}`, {
      headers: { cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await response.arrayBuffer());
    const rows: unknown[][] = [];
    wb.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    return rows;
  }

  it('lists each late commune with its province, dates, last step and late kinds', async () => {
    const s = await setup();
    const other = await setup();
    const c = await drive(s.commune, s.tree.communeA.code);
    await c.plan('2025-10-15');
    await c.step('congress_held', '2025-11-03');
    const rows = await sheetOf(s.province, `&parent=${s.tree.province.code}`);
    expect(rows[0]?.[0]).toBe('Đơn vị chậm tiến độ đại hội cấp xã');
    expect(rows[1]).toEqual([
      'Tỉnh, thành phố',
      'Mã',
      'Đơn vị',
      'Ngày dự kiến',
      'Ngày đại hội',
      'Bước gần nhất',
      'Chậm',
    ]);
    // In Vietnamese alphabetical order: Bình Minh before Hòa An.
    expect(rows.slice(2)).toEqual([
      [
        s.tree.province.name,
        s.tree.communeB.code,
        s.tree.communeB.name,
        '',
        '',
        'Chưa có bước nào',
        'Chưa có ngày đại hội',
      ],
      [
        s.tree.province.name,
        s.tree.communeA.code,
        s.tree.communeA.name,
        '15/10/2025',
        '03/11/2025',
        'Tổ chức đại hội',
        'Ngày đại hội sau thời hạn; Đã đại hội, chưa báo cáo kết quả',
      ],
    ]);
    // Without a parent, another province's communes stay out.
    const all = await sheetOf(s.province, '');
    expect(all.slice(2).map((r) => r[1])).not.toContain(other.tree.communeA.code);
    expect(all.slice(2)).toHaveLength(2);
  });

  it('needs a session and refuses another province', async () => {
    const s = await setup();
    const other = await setup();
    expect((await t.anonymous.get('/api/v1/congress/export.xlsx?table=late')).status).toBe(401);
    const refused = await other.province.client.get(
      `/api/v1/congress/export.xlsx?table=late&parent=${s.tree.province.code}`,
    );
    expect(refused.status).toBe(404);
  });
});
