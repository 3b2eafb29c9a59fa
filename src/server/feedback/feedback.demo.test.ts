import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { seedFeedbackDemo } from './feedback.demo';

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
});
