import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';
import { checkDeadlines } from './feedback.alerts';
import { addWorkingDays, workingDaysBetween } from './feedback.deadlines';
import { holidaySet } from './feedback.settings';
import { feedbackCases } from './feedback.tables';
import { act, createCase, submission, type Detail } from './feedback.test-helpers';

/** HTTP journeys of the moves the workflow unit tests cover only in isolation. */

type Case = Detail & { dueAt: string | null; answer: string | null; channel: string };
type PublicCase = {
  status: string;
  actions: string[];
  answer: string | null;
  history: { action: string; note: string | null }[];
};
type Item = { id: number; status: string; dueState: string; channel: string };

let t: TestContext;
let tree: TestTree;
let cadre: TestUser;
let otherCommune: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree();
  cadre = await t.factory.user('cadre', tree.communeA.code);
  otherCommune = (await t.factory.user('cadre', tree.communeB.code)).client;
});
afterAll(() => t.close());

async function step(
  client: TestClient,
  c: { id: number; version: number },
  action: string,
  extra: Record<string, unknown> = {},
): Promise<Case> {
  const r = await act(client, c, action, extra);
  expect(r.status, `${action}: ${r.text}`).toBe(200);
  return r.body as Case;
}

async function newCase(title: string, overrides: Record<string, unknown> = {}, at = tree) {
  const staff =
    at === tree ? cadre.client : (await t.factory.user('cadre', at.communeA.code)).client;
  return (await createCase(
    t.anonymous,
    staff,
    submission(at.province.code, at.communeA.code, { title, ...overrides }),
  )) as Case;
}

async function inProgress(title: string, client = cadre.client, at = tree): Promise<Case> {
  let c = await newCase(title, {}, at);
  c = await step(client, c, 'classify', { field: 'moi_truong' });
  c = await step(client, c, 'accept');
  return step(client, c, 'start');
}

const itemOf = async (client: TestClient, id: number, query = '') =>
  (await client.get<{ items: Item[] }>(`/api/v1/feedback?limit=200${query}`)).body.items.find(
    (i) => i.id === id,
  );

describe('pause and resume', () => {
  it('stops the deadline clock: resuming moves the due date by the working days paused', async () => {
    let c = await inProgress('Chờ kết quả giám định nước thải');
    const dueBefore = c.dueAt ?? '';
    c = await step(cadre.client, c, 'pause', { note: 'Chờ kết quả giám định' });
    expect(c.status).toBe('paused');
    expect((await itemOf(cadre.client, c.id))?.dueState).toBe('none');
    // Two calendar weeks go by while the case waits.
    const pausedAt = new Date(Date.now() - 14 * 86_400_000);
    await t.ctx.db.update(feedbackCases).set({ pausedAt }).where(eq(feedbackCases.id, c.id));
    c = await step(cadre.client, c, 'resume');
    const holidays = await holidaySet(t.ctx.db);
    const days = workingDaysBetween(pausedAt, new Date(), holidays);
    expect(days).toBeGreaterThanOrEqual(5);
    expect(c.status).toBe('in_progress');
    expect(c.dueAt).toBe(addWorkingDays(new Date(dueBefore), days, holidays).toISOString());
    const lookup = await t.anonymous.get<PublicCase>(`/api/v1/feedback/track/${c.trackingCode}`);
    expect(lookup.body.history.map((h) => h.note)).toContainEqual(
      expect.stringContaining(`Hạn xử lý lùi ${days} ngày làm việc`),
    );
  });

  it('keeps the due date of a case resumed the day it was paused', async () => {
    let c = await inProgress('Tạm dừng trong ngày');
    const due = c.dueAt;
    c = await step(cadre.client, c, 'pause', { note: 'Chờ hồ sơ bổ sung' });
    c = await step(cadre.client, c, 'resume');
    expect(c.dueAt).toBe(due);
  });

  it('neither flags nor escalates a paused case, and does once it resumes', async () => {
    const own = await t.factory.tree('Tạm Dừng');
    const ownCadre = await t.factory.user('cadre', own.communeA.code);
    const above = await t.factory.user('leader', own.province.code);
    let c = await inProgress('Quá hạn khi đang tạm dừng', ownCadre.client, own);
    c = await step(ownCadre.client, c, 'pause', { note: 'Chờ ý kiến sở' });
    const past = new Date(Date.now() - 3 * 86_400_000);
    await t.ctx.db.update(feedbackCases).set({ dueAt: past }).where(eq(feedbackCases.id, c.id));

    await checkDeadlines(t.ctx);
    const overdueTitle = `Quá hạn: ${c.trackingCode}`;
    const escalated = `Cấp dưới quá hạn: ${c.trackingCode}`;
    const titles = async (client: TestClient) =>
      (
        await client.get<{ items: { title: string }[] }>('/api/v1/notifications?limit=200')
      ).body.items.map((n) => n.title);
    expect(await titles(ownCadre.client)).not.toContain(overdueTitle);
    expect(await titles(above.client)).not.toContain(escalated);
    expect(await itemOf(ownCadre.client, c.id, '&due=overdue')).toBeUndefined();
    expect((await itemOf(ownCadre.client, c.id))?.dueState).toBe('none');
    const stats = await above.client.get<{ overdue: number; open: number }>(
      `/api/v1/feedback/stats?unitCode=${own.province.code}`,
    );
    expect(stats.body).toMatchObject({ overdue: 0, open: 1 });

    c = await step(ownCadre.client, c, 'resume');
    expect(c.dueAt).toBe(past.toISOString());
    expect((await itemOf(ownCadre.client, c.id, '&due=overdue'))?.dueState).toBe('overdue');
    await checkDeadlines(t.ctx);
    expect(await titles(ownCadre.client)).toContain(overdueTitle);
    expect(await titles(above.client)).toContain(escalated);
  });

  it('refuses a pause without a reason, a resume of a running case, and other units', async () => {
    const c = await inProgress('Tạm dừng sai');
    const noReason = await act(cadre.client, c, 'pause');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.field).toBe('note');
    const running = await act(cadre.client, c, 'resume');
    expect(running.status).toBe(409);
    expect(running.body.error?.code).toBe('INVALID_TRANSITION');
    expect((await act(otherCommune, c, 'pause', { note: 'x' })).status).toBe(404);
    const anonymous = await t.anonymous.post(`/api/v1/feedback/${c.id}/transitions`, {
      action: 'pause',
      expectedVersion: c.version,
      note: 'x',
    });
    expect(anonymous.status).toBe(401);
    const after = (await cadre.client.get<Case>(`/api/v1/feedback/${c.id}`)).body;
    expect(after).toMatchObject({ status: 'in_progress', version: c.version });
  });
});
