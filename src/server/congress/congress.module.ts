import { sql } from 'drizzle-orm';
import type { AppContext, AppModule } from '../platform/context';
import { takeSnapshot } from './congress.progress';
import { congressRoutes } from './congress.routes';
import { currentRound } from './congress.service';
import { seedDemoCongress } from './congress.demo';

/**
 * The rounds in force: communes and provinces hold congress I (2025–2030), the nation congress XI
 * (2026–2031). Deadlines and targets are data; the targets are working figures (unverified
 * against the Front's guidance) that an administrator can change in the table.
 */
const ROUNDS = [
  {
    level: 'commune',
    ordinal: 'I',
    term: '2025–2030',
    deadline: '2025-10-31',
    targets: {
      womenMin: 0.3,
      under35Min: 0.1,
      nonPartyMin: 0.3,
      reportWithinDays: 7,
      verifyWithinDays: 10,
    },
  },
  {
    level: 'province',
    ordinal: 'I',
    term: '2025–2030',
    deadline: '2025-12-31',
    targets: {
      womenMin: 0.3,
      under35Min: 0.05,
      nonPartyMin: 0.3,
      communeChairsMinShare: 0.5,
      reportWithinDays: 7,
      verifyWithinDays: 10,
    },
  },
  {
    level: 'central',
    ordinal: 'XI',
    term: '2026–2031',
    deadline: '2026-05-31',
    targets: { womenMin: 0.3, reportWithinDays: 7, verifyWithinDays: 10 },
  },
] as const;

async function seedRounds(ctx: AppContext): Promise<void> {
  for (const r of ROUNDS) {
    await ctx.db.execute(sql`
      INSERT INTO congress_rounds (level, ordinal, term, deadline, targets)
      VALUES (${r.level}, ${r.ordinal}, ${r.term}, ${r.deadline}::date, ${JSON.stringify(r.targets)}::jsonb)
      ON CONFLICT (level, ordinal, term) DO NOTHING`);
  }
}

/** Takes today's snapshot now and every hour (the upsert makes repeats harmless). */
function scheduleSnapshots(ctx: AppContext): void {
  const run = async () => {
    try {
      for (const level of ['commune', 'province'] as const)
        await takeSnapshot(ctx.db, await currentRound(ctx.db, level));
    } catch (error) {
      ctx.log.warn({ err: error }, 'congress snapshot failed');
    }
  };
  setTimeout(() => void run(), 5_000).unref();
  setInterval(() => void run(), 60 * 60 * 1000).unref();
}

/** The congress application: rounds, unit records, progress, import/export, reports. */
export const congressModule: AppModule = {
  id: 'congress',
  routes: congressRoutes,
  seed: seedRounds,
  demo: (ctx) => seedDemoCongress(ctx),
  subscribe(ctx) {
    if (ctx.config.env !== 'test') scheduleSnapshots(ctx);
  },
};
