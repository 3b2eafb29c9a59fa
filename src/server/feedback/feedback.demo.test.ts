import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { seedFeedbackDemo } from './feedback.demo';
import { feedbackCases, feedbackEvents } from './feedback.tables';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('demo data', () => {
  it('fills Đà Nẵng with cases in every state, some overdue, once', async () => {
    const started = Date.now();
    expect(await seedFeedbackDemo(t.ctx, 400)).toBe(400);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await seedFeedbackDemo(t.ctx, 400)).toBe(0);
    const leader = (await t.factory.user('leader', '48')).client;
    const all = await leader.get<{ total: number }>('/api/v1/feedback?limit=1');
    const hidden = await leader.get<{ total: number }>('/api/v1/feedback?status=hidden&limit=1');
    expect(all.body.total + hidden.body.total).toBe(400);
    expect(hidden.body.total).toBeGreaterThan(0);
    const overdue = await leader.get<{ total: number }>('/api/v1/feedback?due=overdue&limit=1');
    expect(overdue.body.total).toBeGreaterThan(0);
    for (const unit of ['20242', '20209']) {
      const local = await leader.get<{ total: number }>(
        `/api/v1/feedback?unitCode=${unit}&limit=1`,
      );
      expect(local.body.total, unit).toBeGreaterThan(20);
    }
    const stats = await leader.get<{ byStatus: { key: string }[] }>(
      '/api/v1/feedback/stats?unitCode=48',
    );
    expect(stats.body.byStatus.length).toBeGreaterThanOrEqual(15);
  });

  it('puts no moment but the due date after now, moments of a case in order', async () => {
    const now = Date.now();
    const leader = (await t.factory.user('leader', '48')).client;
    const list = await leader.get<{ items: { id: number }[] }>(
      '/api/v1/feedback?limit=200&sort=receivedAt&order=desc',
    );
    expect(list.body.items.length).toBe(200);
    for (const { id } of list.body.items) {
      const detail = await leader.get<{
        receivedAt: string;
        answeredAt: string | null;
        events: { at: string; actionLabel: string }[];
      }>(`/api/v1/feedback/${id}`);
      const moments = [detail.body.receivedAt, ...detail.body.events.map((e) => e.at)];
      if (detail.body.answeredAt) moments.push(detail.body.answeredAt);
      for (const at of moments)
        expect(Date.parse(at), `case ${id}: ${at}`).toBeLessThanOrEqual(now);
      const times = detail.body.events.map((e) => Date.parse(e.at));
      expect(times, `case ${id}`).toEqual([...times].sort((a, b) => a - b));
      expect(times[0], `case ${id}`).toBe(Date.parse(detail.body.receivedAt));
    }
    const [latest] = await t.ctx.db
      .select({
        event: sql<string | null>`(SELECT max(${feedbackEvents.at}) FROM ${feedbackEvents})`,
        moment: sql<
          string | null
        >`max(greatest(${feedbackCases.receivedAt}, ${feedbackCases.answeredAt}, ${feedbackCases.closedAt}, ${feedbackCases.pausedAt}, ${feedbackCases.updatedAt}, ${feedbackCases.createdAt}))`,
        answerBeforeReceipt: sql<number>`count(*) FILTER (WHERE ${feedbackCases.answeredAt} < ${feedbackCases.receivedAt} OR ${feedbackCases.closedAt} < ${feedbackCases.answeredAt})::int`,
      })
      .from(feedbackCases);
    expect(Date.parse(String(latest?.event))).toBeLessThanOrEqual(now);
    expect(Date.parse(String(latest?.moment))).toBeLessThanOrEqual(now);
    expect(latest?.answerBeforeReceipt).toBe(0);
  });
});
