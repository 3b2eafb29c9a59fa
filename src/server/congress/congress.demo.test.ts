import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { rows } from '../platform/db/client';
import { seedDemoCongress } from './congress.demo';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('demo data', () => {
  it('spreads progress over all 34 provinces, quickly and only once', async () => {
    const started = Date.now();
    await seedDemoCongress(t.ctx, t.ctx.db, '2025-12-15');
    expect(Date.now() - started).toBeLessThan(60_000);
    const count = async () =>
      (await rows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM congress_steps`))[0]
        ?.n ?? 0;
    const steps = await count();
    await seedDemoCongress(t.ctx, t.ctx.db, '2025-12-15');
    expect(await count()).toBe(steps);
    const admin = await t.factory.user('viewer', 'TW');
    const progress = await admin.client.get<{ items: { code: string; percent: number }[] }>(
      '/api/v1/congress/progress?level=province',
    );
    const real = progress.body.items.filter((p) => /^\d{2}$/.test(p.code));
    expect(real).toHaveLength(34);
    const percents = real.map((p) => p.percent);
    expect(Math.max(...percents) - Math.min(...percents)).toBeGreaterThan(15);
    const history = await admin.client.get<{ items: unknown[] }>(
      '/api/v1/congress/history?unit=TW',
    );
    expect(history.status).toBe(200);
  });
});
