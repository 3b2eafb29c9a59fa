import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';

type Card = {
  version: number;
  verified: boolean;
  steps: {
    key: string;
    done: boolean;
    date: string | null;
    actorUnitCode: string | null;
    canUndo: boolean;
  }[];
  results: Record<string, number | boolean> | null;
  warnings?: { code: string; field: string; message: string }[];
};
type ErrorBody = { error: { code: string; field?: string; message: string } };

const RESULTS = {
  delegatesOfficial: 120,
  delegatesPresent: 115,
  guests: 20,
  committeeMembers: 40,
  women: 14,
  ethnicMinority: 2,
  religious: 1,
  nonParty: 15,
  under35: 5,
  reelected: 25,
  newMembers: 15,
  communeChairs: 0,
  standingBoard: 3,
  chairElected: true,
  viceChairsFullTime: 1,
  viceChairsPartTime: 1,
  vacancies: 1,
  delegationOfficial: 5,
  delegationAlternates: 1,
};

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function hold(user: TestUser, code: string, version: number): Promise<Card> {
  const res = await user.client.post<Card>(`/api/v1/congress/units/${code}/steps/congress_held`, {
    version,
    date: '2025-10-20',
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** A commune with its congress held, results entered and reported by its own cadre. */
async function reported(tree: TestTree, commune: TestUser): Promise<Card> {
  const code = tree.communeA.code;
  let card = await hold(commune, code, 0);
  const saved = await commune.client.put<Card>(`/api/v1/congress/units/${code}/results`, {
    ...RESULTS,
    version: card.version,
  });
  expect(saved.status).toBe(200);
  card = saved.body;
  const rep = await commune.client.post<Card>(
    `/api/v1/congress/units/${code}/steps/results_reported`,
    { version: card.version, date: '2025-10-22' },
  );
  expect(rep.status).toBe(200);
  return rep.body;
}

describe('GET /api/v1/congress/units/:code', () => {
  it('needs a session, hides units outside the user tree, and shows an empty card', async () => {
    const tree = await t.factory.tree();
    const other = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.province.code);
    expect((await t.anonymous.get(`/api/v1/congress/units/${tree.communeA.code}`)).status).toBe(
      401,
    );
    expect((await cadre.client.get(`/api/v1/congress/units/${other.communeA.code}`)).status).toBe(
      404,
    );
    const card = await cadre.client.get<Card & { round: { deadline: string; ordinal: string } }>(
      `/api/v1/congress/units/${tree.communeA.code}`,
    );
    expect(card.status).toBe(200);
    expect(card.body.version).toBe(0);
    expect(card.body.round).toMatchObject({ deadline: '2025-10-31', ordinal: 'I' });
    expect(card.body.steps).toHaveLength(8);
  });
});

describe('PUT /api/v1/congress/units/:code/results', () => {
  it('saves results, returns target warnings, and refuses a part above its whole naming the field', async () => {
    const tree = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.communeA.code);
    const url = `/api/v1/congress/units/${tree.communeA.code}/results`;
    expect((await t.anonymous.put(url, { ...RESULTS, version: 0 })).status).toBe(401);
    const low = await cadre.client.put<Card>(url, { ...RESULTS, women: 5, version: 0 });
    expect(low.status).toBe(200);
    expect(low.body.results?.women).toBe(5);
    expect(low.body.warnings?.map((w) => w.field)).toContain('women');
    const bad = await cadre.client.put<ErrorBody>(url, {
      ...RESULTS,
      delegatesPresent: 130,
      version: low.body.version,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('delegatesPresent');
    expect(bad.body.error.message).toContain('Đại biểu có mặt');
    const negative = await cadre.client.put<ErrorBody>(url, {
      ...RESULTS,
      women: -1,
      version: low.body.version,
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.field).toBe('women');
    const after = await cadre.client.get<Card>(`/api/v1/congress/units/${tree.communeA.code}`);
    expect(after.body.results?.women).toBe(5);
  });

  it('answers 409 to the second of two editors instead of overwriting', async () => {
    const tree = await t.factory.tree();
    const a = await t.factory.user('cadre', tree.communeA.code);
    const b = await t.factory.user('leader', tree.communeA.code);
    const url = `/api/v1/congress/units/${tree.communeA.code}/results`;
    expect((await a.client.put(url, { ...RESULTS, version: 0 })).status).toBe(200);
    const second = await b.client.put<ErrorBody>(url, { ...RESULTS, women: 20, version: 0 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    const card = await b.client.get<Card>(`/api/v1/congress/units/${tree.communeA.code}`);
    expect(card.body.results?.women).toBe(14);
  });

  it('refuses a viewer and a province user of another province', async () => {
    const tree = await t.factory.tree();
    const other = await t.factory.tree();
    const viewer = await t.factory.user('viewer', tree.communeA.code);
    const stranger = await t.factory.user('leader', other.province.code);
    const url = `/api/v1/congress/units/${tree.communeA.code}/results`;
    expect((await viewer.client.put(url, { ...RESULTS, version: 0 })).status).toBe(403);
    expect((await stranger.client.put(url, { ...RESULTS, version: 0 })).status).toBe(404);
    const plan = await stranger.client.put(`/api/v1/congress/units/${tree.communeB.code}/plan`, {
      version: 0,
      plannedDate: '2025-10-01',
      pilot: false,
    });
    expect(plan.status).toBe(404);
    const step = await stranger.client.post(
      `/api/v1/congress/units/${tree.communeB.code}/steps/results_verified`,
      { version: 0 },
    );
    expect(step.status).toBe(404);
  });

  it('warns a province committee with fewer commune chairs than half its communes', async () => {
    const tree = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.province.code);
    const saved = await cadre.client.put<Card>(
      `/api/v1/congress/units/${tree.province.code}/results`,
      { ...RESULTS, communeChairs: 0, version: 0 },
    );
    expect(saved.status).toBe(200);
    expect(
      saved.body.warnings?.find((w) => w.code === 'COMMUNE_CHAIRS_BELOW_TARGET')?.message,
    ).toContain('cần ít nhất 1');
  });
});

describe('verification by the level above', () => {
  it('lets only the province verify and reopen; the commune cannot undo it', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('leader', tree.communeA.code);
    const province = await t.factory.user('cadre', tree.province.code);
    const code = tree.communeA.code;
    let card = await reported(tree, commune);
    const selfVerify = await commune.client.post(
      `/api/v1/congress/units/${code}/steps/results_verified`,
      { version: card.version },
    );
    expect(selfVerify.status).toBe(403);
    const verified = await province.client.post<Card>(
      `/api/v1/congress/units/${code}/steps/results_verified`,
      { version: card.version },
    );
    expect(verified.status).toBe(200);
    expect(verified.body.verified).toBe(true);
    card = verified.body;

    const edit = await commune.client.put<ErrorBody>(`/api/v1/congress/units/${code}/results`, {
      ...RESULTS,
      women: 20,
      version: card.version,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('RESULTS_VERIFIED');
    expect(
      (
        await commune.client.post(`/api/v1/congress/units/${code}/reopen`, {
          version: card.version,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await commune.client.post(`/api/v1/congress/units/${code}/steps/results_verified/undo`, {
          version: card.version,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await commune.client.post(`/api/v1/congress/units/${code}/steps/results_reported/undo`, {
          version: card.version,
        })
      ).status,
    ).toBe(409);
    const still = await commune.client.get<Card>(`/api/v1/congress/units/${code}`);
    expect(still.body.verified).toBe(true);
    expect(still.body.results?.women).toBe(14);

    const reopened = await province.client.post<Card>(`/api/v1/congress/units/${code}/reopen`, {
      version: card.version,
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.verified).toBe(false);
    const fixed = await commune.client.put<Card>(`/api/v1/congress/units/${code}/results`, {
      ...RESULTS,
      women: 20,
      version: reopened.body.version,
    });
    expect(fixed.status).toBe(200);
  });

  it('keeps the personnel plan agreed by the province out of the commune reach', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeB.code);
    const province = await t.factory.user('leader', tree.province.code);
    const code = tree.communeB.code;
    const party = await commune.client.post<Card>(
      `/api/v1/congress/units/${code}/steps/personnel_party`,
      { version: 0, date: '2025-08-01' },
    );
    expect(party.status).toBe(200);
    expect(
      (
        await commune.client.post(`/api/v1/congress/units/${code}/steps/personnel_front`, {
          version: party.body.version,
        })
      ).status,
    ).toBe(403);
    const front = await province.client.post<Card>(
      `/api/v1/congress/units/${code}/steps/personnel_front`,
      { version: party.body.version, date: '2025-08-05' },
    );
    expect(front.status).toBe(200);
    expect(front.body.steps.find((s) => s.key === 'personnel_front')?.actorUnitCode).toBe(
      tree.province.code,
    );
    const undo = await commune.client.post<ErrorBody>(
      `/api/v1/congress/units/${code}/steps/personnel_front/undo`,
      { version: front.body.version },
    );
    expect(undo.status).toBe(403);
  });

  it('tells each user which steps their level may undo, as the server enforces it', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const province = await t.factory.user('cadre', tree.province.code);
    const code = tree.communeA.code;
    const byProvince = await province.client.post<Card>(
      `/api/v1/congress/units/${code}/steps/plan_issued`,
      { version: 0, date: '2025-08-01' },
    );
    const own = await commune.client.post<Card>(
      `/api/v1/congress/units/${code}/steps/documents_drafted`,
      { version: byProvince.body.version, date: '2025-08-10' },
    );
    expect(own.status).toBe(200);
    const undoable = (c: Card) => c.steps.filter((s) => s.canUndo).map((s) => s.key);
    expect(undoable(own.body)).toEqual(['documents_drafted']);
    const seen = await province.client.get<Card>(`/api/v1/congress/units/${code}`);
    expect(undoable(seen.body)).toEqual(['plan_issued', 'documents_drafted']);
    const refused = await commune.client.post<ErrorBody>(
      `/api/v1/congress/units/${code}/steps/plan_issued/undo`,
      { version: own.body.version },
    );
    expect(refused.status).toBe(403);
    const undone = await commune.client.post<Card>(
      `/api/v1/congress/units/${code}/steps/documents_drafted/undo`,
      { version: own.body.version },
    );
    expect(undone.status).toBe(200);
    expect(undoable(undone.body)).toEqual([]);
  });

  it('refuses a step before its prerequisite and a bad date, naming the field', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const early = await commune.client.post<ErrorBody>(
      `/api/v1/congress/units/${tree.communeA.code}/steps/results_reported`,
      { version: 0 },
    );
    expect(early.status).toBe(400);
    expect(early.body.error.field).toBe('step');
    const bad = await commune.client.post<ErrorBody>(
      `/api/v1/congress/units/${tree.communeA.code}/steps/plan_issued`,
      { version: 0, date: '31/10/2025' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('date');
  });
});

describe('POST /api/v1/congress/units/:code/steps/:step dates', () => {
  /** Tomorrow in Asia/Ho_Chi_Minh, as the server counts days. */
  function tomorrowInVietnam(): string {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date(),
    );
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  it('refuses a step dated in the future, by date or by instant, naming the field', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const url = `/api/v1/congress/units/${tree.communeA.code}/steps/plan_issued`;
    expect((await t.anonymous.post(url, { version: 0 })).status).toBe(401);
    const future = await commune.client.post<ErrorBody>(url, {
      version: 0,
      date: tomorrowInVietnam(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.field).toBe('date');
    expect(future.body.error.message).toContain('chưa đến');
    const at = await commune.client.post<ErrorBody>(url, {
      version: 0,
      at: `${tomorrowInVietnam()}T01:00:00+07:00`,
    });
    expect(at.status).toBe(400);
    expect(at.body.error.field).toBe('at');
    const today = await commune.client.post<Card>(url, { version: 0 });
    expect(today.status).toBe(200);
  });

  it('refuses a date out of order with the recorded steps, and warns of missing earlier steps', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const province = await t.factory.user('cadre', tree.province.code);
    const code = tree.communeA.code;
    const base = `/api/v1/congress/units/${code}/steps`;
    const plan = await commune.client.post<Card>(`${base}/plan_issued`, {
      version: 0,
      date: '2025-07-23',
    });
    expect(plan.status).toBe(200);
    expect(plan.body.warnings).toEqual([]);
    let version = plan.body.version;
    const before = await commune.client.post<ErrorBody>(`${base}/documents_drafted`, {
      version,
      date: '1900-01-01',
    });
    expect(before.status).toBe(400);
    expect(before.body.error.field).toBe('date');
    expect(before.body.error.message).toContain(
      'không được trước ngày của bước «Ban hành kế hoạch»',
    );
    expect(before.body.error.message).toContain('23/07/2025');

    // Held without the documents and personnel steps: recorded, with a warning naming them.
    const held = await commune.client.post<Card>(`${base}/congress_held`, {
      version,
      date: '2025-10-20',
    });
    expect(held.status).toBe(200);
    expect(held.body.warnings?.map((w) => w.code)).toEqual(['EARLIER_STEPS_MISSING']);
    expect(held.body.warnings?.[0]?.message).toContain('«Xây dựng dự thảo văn kiện»');
    expect(held.body.warnings?.[0]?.message).not.toContain('Ban hành kế hoạch');
    version = held.body.version;

    // A later preparation step may not be dated after the congress, nor the plan moved past it.
    const late = await commune.client.post<ErrorBody>(`${base}/documents_drafted`, {
      version,
      date: '2025-10-25',
    });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toContain('không được sau ngày của bước «Tổ chức đại hội»');
    const moved = await commune.client.post<ErrorBody>(`${base}/plan_issued`, {
      version,
      date: '2025-10-21',
    });
    expect(moved.status).toBe(400);
    const meeting = await commune.client.post<ErrorBody>(`${base}/first_meeting`, {
      version,
      date: '2025-10-19',
    });
    expect(meeting.status).toBe(400);
    expect(meeting.body.error.field).toBe('date');

    const results = await commune.client.put<Card>(`/api/v1/congress/units/${code}/results`, {
      ...RESULTS,
      version,
    });
    const reported = await commune.client.post<Card>(`${base}/results_reported`, {
      version: results.body.version,
      date: '2025-10-22',
    });
    expect(reported.status).toBe(200);
    const verifyEarly = await province.client.post<ErrorBody>(`${base}/results_verified`, {
      version: reported.body.version,
      date: '2025-10-21',
    });
    expect(verifyEarly.status).toBe(400);
    expect(verifyEarly.body.error.message).toContain('«Báo cáo kết quả đại hội» (22/10/2025)');
    const card = await commune.client.get<Card>(`/api/v1/congress/units/${code}`);
    expect(card.body.version).toBe(reported.body.version);
    expect(card.body.steps.find((s) => s.key === 'documents_drafted')?.done).toBe(false);
    expect(card.body.steps.find((s) => s.key === 'plan_issued')?.date).toBe('2025-07-23');
  });

  it('still refuses steps that need the one before, rather than warning', async () => {
    const tree = await t.factory.tree();
    const province = await t.factory.user('cadre', tree.province.code);
    const code = tree.communeA.code;
    const verify = await province.client.post<ErrorBody>(
      `/api/v1/congress/units/${code}/steps/results_verified`,
      { version: 0, date: '2025-10-24' },
    );
    expect(verify.status).toBe(400);
    expect(verify.body.error.field).toBe('step');
    expect(verify.body.error.message).toContain('«Báo cáo kết quả đại hội»');
  });
});

describe('PUT /api/v1/congress/units/:code/plan', () => {
  it('locks the plan once the results are verified, until the verifying level reopens', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const province = await t.factory.user('cadre', tree.province.code);
    const code = tree.communeA.code;
    const url = `/api/v1/congress/units/${code}/plan`;
    const card = await reported(tree, commune);
    const verified = await province.client.post<Card>(
      `/api/v1/congress/units/${code}/steps/results_verified`,
      { version: card.version, date: '2025-10-24' },
    );
    expect(verified.status).toBe(200);
    const version = verified.body.version;
    const locked = await commune.client.put<ErrorBody>(url, {
      version,
      plannedDate: '2025-10-25',
      pilot: true,
    });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('RESULTS_VERIFIED');
    const alsoProvince = await province.client.put<ErrorBody>(url, {
      version,
      plannedDate: '2025-10-25',
      pilot: true,
    });
    expect(alsoProvince.status).toBe(409);
    const still = await commune.client.get<Card & { plannedDate: string | null; pilot: boolean }>(
      `/api/v1/congress/units/${code}`,
    );
    expect(still.body).toMatchObject({ plannedDate: null, pilot: false, version });

    const reopened = await province.client.post<Card>(`/api/v1/congress/units/${code}/reopen`, {
      version,
    });
    expect(reopened.status).toBe(200);
    const saved = await commune.client.put<{ plannedDate: string }>(url, {
      version: reopened.body.version,
      plannedDate: '2025-10-20',
      pilot: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.plannedDate).toBe('2025-10-20');
  });

  it('refuses a planned date before the term or years after the deadline, naming plannedDate', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const url = `/api/v1/congress/units/${tree.communeA.code}/plan`;
    expect((await t.anonymous.put(url, { version: 0, plannedDate: null })).status).toBe(401);
    for (const plannedDate of ['9999-12-31', '2027-11-01', '2024-12-31', '1900-01-01']) {
      const bad = await commune.client.put<ErrorBody>(url, { version: 0, plannedDate });
      expect(bad.status, plannedDate).toBe(400);
      expect(bad.body.error.field).toBe('plannedDate');
      expect(bad.body.error.message).toContain('nhiệm kỳ 2025–2030');
      expect(bad.body.error.message).toBe(bad.body.error.message.normalize('NFC'));
    }
    const card = await commune.client.get<Card>(`/api/v1/congress/units/${tree.communeA.code}`);
    expect(card.body.version).toBe(0);
    for (const plannedDate of ['2025-01-01', '2027-10-31', null]) {
      const ok = await commune.client.put<Card>(url, {
        version: (await commune.client.get<Card>(`/api/v1/congress/units/${tree.communeA.code}`))
          .body.version,
        plannedDate,
      });
      expect(ok.status, String(plannedDate)).toBe(200);
    }
  });
});

describe('GET /api/v1/congress/progress', () => {
  type Prog = {
    code: string;
    done: number;
    total: number;
    late: number;
    lateByKind: Record<string, number>;
  };
  type ProgBody = { items: Prog[]; national: Prog; parent: Prog | null };
  type Full = Prog & { byStep: Record<string, number>; structure: Record<string, number> };

  it('counts a congress held at 22:00 on the deadline day as on time', async () => {
    const tree = await t.factory.tree();
    const commune = await t.factory.user('cadre', tree.communeA.code);
    const province = await t.factory.user('viewer', tree.province.code);
    const held = await commune.client.post<Card>(
      `/api/v1/congress/units/${tree.communeA.code}/steps/congress_held`,
      {
        version: 0,
        at: '2025-10-31T22:00:00+07:00',
      },
    );
    expect(held.body.steps.find((s) => s.key === 'congress_held')?.date).toBe('2025-10-31');
    const late = await commune.client.post<Card>(
      `/api/v1/congress/units/${tree.communeB.code}/steps/congress_held`,
      { version: 0, at: '2025-10-31T17:30:00Z' },
      {},
    );
    expect(late.status).toBe(404);
    const b = await t.factory.user('cadre', tree.communeB.code);
    const after = await b.client.post<Card>(
      `/api/v1/congress/units/${tree.communeB.code}/steps/congress_held`,
      { version: 0, at: '2025-10-31T17:30:00Z' },
    );
    expect(after.body.steps.find((s) => s.key === 'congress_held')?.date).toBe('2025-11-01');
    const list = await province.client.get<{ items: (Prog & { lateKinds: string[] })[] }>(
      `/api/v1/congress/progress?level=commune&parent=${tree.province.code}`,
    );
    expect(list.status).toBe(200);
    const a = list.body.items.find((i) => i.code === tree.communeA.code);
    const bItem = list.body.items.find((i) => i.code === tree.communeB.code);
    expect(a?.lateKinds).not.toContain('afterDeadline');
    expect(bItem?.lateKinds).toContain('afterDeadline');
  });

  it('needs a session, refuses a bad level and another province', async () => {
    const tree = await t.factory.tree();
    const other = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.province.code);
    expect((await t.anonymous.get('/api/v1/congress/progress?level=province')).status).toBe(401);
    const bad = await cadre.client.get<ErrorBody>('/api/v1/congress/progress?level=district');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('level');
    expect(
      (
        await cadre.client.get(
          `/api/v1/congress/progress?level=commune&parent=${other.province.code}`,
        )
      ).status,
    ).toBe(404);
    const own = await cadre.client.get<ProgBody>('/api/v1/congress/progress?level=province');
    expect(own.body.items.map((i) => i.code)).toEqual([tree.province.code]);
    expect(own.body.national.total).toBeGreaterThanOrEqual(3321);
  });

  it('keeps province totals equal to the sum of their communes after random edits', async () => {
    const tree = await t.factory.tree();
    const admin = await t.factory.user('cadre', 'TW');
    const realCommunes = ['20242', '20209', '20194', '20200', '20203'];
    const codes = [tree.communeA.code, tree.communeB.code, ...realCommunes];
    let seed = 20251031;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const ops = [
      'plan',
      'held',
      'results',
      'report',
      'verify',
      'reopen',
      'undoHeld',
      'firstMeeting',
    ] as const;
    for (let i = 0; i < 60; i += 1) {
      const code = codes[random(codes.length)] as string;
      const card = (await admin.client.get<Card>(`/api/v1/congress/units/${code}`)).body;
      const v = card.version;
      const base = `/api/v1/congress/units/${code}`;
      const op = ops[random(ops.length)];
      if (op === 'plan')
        await admin.client.put(`${base}/plan`, {
          version: v,
          plannedDate: random(2) ? '2025-10-15' : '2025-11-20',
          pilot: false,
        });
      if (op === 'held')
        await admin.client.post(`${base}/steps/congress_held`, {
          version: v,
          date: `2025-10-${10 + random(20)}`,
        });
      if (op === 'results')
        await admin.client.put(`${base}/results`, { ...RESULTS, women: random(30), version: v });
      if (op === 'report')
        await admin.client.post(`${base}/steps/results_reported`, {
          version: v,
          date: '2025-10-30',
        });
      if (op === 'verify')
        await admin.client.post(`${base}/steps/results_verified`, {
          version: v,
          date: '2025-11-02',
        });
      if (op === 'reopen') await admin.client.post(`${base}/reopen`, { version: v });
      if (op === 'undoHeld')
        await admin.client.post(`${base}/steps/congress_held/undo`, { version: v });
      if (op === 'firstMeeting')
        await admin.client.post(`${base}/steps/first_meeting`, { version: v, date: '2025-10-31' });

      if (i % 10 !== 9) continue;
      const provinces = await admin.client.get<
        ProgBody & {
          items: (Prog & { byStep: Record<string, number>; structure: Record<string, number> })[];
        }
      >('/api/v1/congress/progress?level=province');
      for (const parent of [tree.province.code, '48']) {
        const p = provinces.body.items.find((x) => x.code === parent) as Full | undefined;
        const communes = await admin.client.get<{ items: Full[] }>(
          `/api/v1/congress/progress?level=commune&parent=${parent}`,
        );
        const sum = (f: (x: (typeof communes.body.items)[number]) => number) =>
          communes.body.items.reduce((s, x) => s + f(x), 0);
        expect(p?.total).toBe(communes.body.items.length);
        expect(p?.done).toBe(sum((x) => x.done));
        expect(p?.late).toBe(sum((x) => x.late));
        for (const k of Object.keys(p?.byStep ?? {}))
          expect(p?.byStep[k]).toBe(sum((x) => x.byStep[k] ?? 0));
        for (const k of Object.keys(p?.lateByKind ?? {}))
          expect(p?.lateByKind[k]).toBe(sum((x) => x.lateByKind[k] ?? 0));
        for (const k of Object.keys(p?.structure ?? {}))
          expect(p?.structure[k]).toBe(sum((x) => x.structure[k] ?? 0));
      }
      const national = provinces.body.items.reduce((s, x) => s + x.done, 0);
      expect(provinces.body.national.done).toBe(national);
      expect(provinces.body.national.total).toBe(
        provinces.body.items.reduce((s, x) => s + x.total, 0),
      );
    }
  });
  it('keeps the step dates on each record equal to its step rows', async () => {
    const drift = await t.ctx.db.execute(sql`
      SELECT count(*)::int AS n FROM congress_records r
      WHERE r.step_dates <> coalesce((SELECT jsonb_object_agg(s.step, to_char(s.done_on, 'YYYY-MM-DD'))
        FROM congress_steps s WHERE s.record_id = r.id), '{}'::jsonb)`);
    expect((drift as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
  });
});

describe('snapshots', () => {
  it('re-running a day replaces its rows instead of doubling them', async () => {
    const admin = await t.factory.user('cadre', 'TW');
    expect((await t.anonymous.post('/api/v1/congress/snapshots')).status).toBe(401);
    const tree = await t.factory.tree();
    const local = await t.factory.user('cadre', tree.province.code);
    expect((await local.client.post('/api/v1/congress/snapshots')).status).toBe(404);
    expect((await admin.client.post('/api/v1/congress/snapshots')).status).toBe(200);
    expect((await admin.client.post('/api/v1/congress/snapshots')).status).toBe(200);
    const history = await admin.client.get<{ items: { day: string; total: number }[] }>(
      '/api/v1/congress/history?unit=TW',
    );
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]?.total).toBeGreaterThanOrEqual(3321);
  });
});

describe('the provinces own congresses (round=province)', () => {
  type Item = {
    code: string;
    done: number;
    total: number;
    late: number;
    lateKinds?: string[];
    provinceCode?: string;
  };
  type Body = { round: { level: string }; items: Item[]; national: Item };

  it('tracks each province as one unit, beside the default commune round', async () => {
    const tree = await t.factory.tree();
    const other = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.province.code);
    const url = '/api/v1/congress/progress?level=province&round=province';
    expect((await t.anonymous.get(url)).status).toBe(401);
    const badRound = await cadre.client.get<ErrorBody>(
      '/api/v1/congress/progress?level=province&round=national',
    );
    expect(badRound.status).toBe(400);
    expect(badRound.body.error.field).toBe('round');
    const communes = await cadre.client.get<ErrorBody>(
      `/api/v1/congress/progress?level=commune&parent=${tree.province.code}&round=province`,
    );
    expect(communes.status).toBe(400);
    expect(communes.body.error.field).toBe('level');

    const held = await cadre.client.post<Card>(
      `/api/v1/congress/units/${tree.province.code}/steps/congress_held`,
      { version: 0, date: '2025-12-10' },
    );
    expect(held.status).toBe(200);
    const own = await cadre.client.get<Body>(url);
    expect(own.status).toBe(200);
    expect(own.body.round.level).toBe('province');
    expect(own.body.items).toMatchObject([
      { code: tree.province.code, done: 1, total: 1, late: 1, lateKinds: ['heldNotReported'] },
    ]);
    expect(own.body.national.total).toBeGreaterThanOrEqual(34);
    expect(own.body.national.done).toBeGreaterThanOrEqual(1);

    // The default stays the communes' round, where the province counts its two communes.
    const byDefault = await cadre.client.get<Body>('/api/v1/congress/progress?level=province');
    expect(byDefault.body.round.level).toBe('commune');
    expect(byDefault.body.items).toMatchObject([{ code: tree.province.code, done: 0, total: 2 }]);

    const late = await cadre.client.get<{ items: Item[] }>(
      `/api/v1/congress/late?round=province&parent=${tree.province.code}`,
    );
    expect(late.body.items).toMatchObject([
      { code: tree.province.code, provinceCode: tree.province.code },
    ]);
    const mine = await cadre.client.get<{ items: Item[] }>('/api/v1/congress/late?round=province');
    expect(mine.body.items.map((i) => i.code)).toEqual([tree.province.code]);
    expect(
      (await cadre.client.get(`/api/v1/congress/late?round=province&parent=${other.province.code}`))
        .status,
    ).toBe(404);
    expect((await cadre.client.get(`/api/v1/congress/late?round=district`)).status).toBe(400);
  });

  it('exports, reports and snapshots the province round', async () => {
    const tree = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.province.code);
    const central = await t.factory.user('cadre', 'TW');
    expect(
      (await cadre.client.get('/api/v1/congress/export.xlsx?table=progress&round=province')).status,
    ).toBe(200);
    const communes = await cadre.client.get<ErrorBody>(
      `/api/v1/congress/export.xlsx?table=communes&parent=${tree.province.code}&round=province`,
    );
    expect(communes.status).toBe(400);
    expect(communes.body.error.field).toBe('table');
    const report = await cadre.client.get(
      `/api/v1/congress/report.docx?unit=${tree.province.code}&round=province`,
    );
    expect(report.status).toBe(200);
    expect((await t.anonymous.get('/api/v1/congress/report.docx?round=province')).status).toBe(401);
    expect((await central.client.post('/api/v1/congress/snapshots')).status).toBe(200);
    const history = await central.client.get<{ items: { total: number }[] }>(
      '/api/v1/congress/history?unit=TW&round=province',
    );
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]?.total).toBeGreaterThanOrEqual(34);
    expect((await cadre.client.get('/api/v1/congress/history?unit=TW&round=national')).status).toBe(
      400,
    );
  });
});
