import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../platform/context';
import type { Executor } from '../platform/db/client';
import { units } from '../platform/units/units.tables';
import { STEP_KEYS, localDate, type StepKey } from './congress.constants';
import { currentRound } from './congress.service';
import {
  congressRecords,
  congressResults,
  congressSnapshots,
  congressSteps,
} from './congress.tables';

/** A small deterministic generator, so the demo looks the same on every machine. */
function generator(seed: string) {
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return () => {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    return h / 2 ** 32;
  };
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type DemoUnit = { code: string; parentCode: string | null };
type StepRow = typeof congressSteps.$inferInsert;

/** Step dates of one commune: how far it got depends on its province's pace. */
function commune(u: DemoUnit, pace: number, deadline: string, today: string) {
  const rnd = generator(u.code);
  const held = rnd() < pace;
  const steps: Partial<Record<StepKey, string>> = {};
  let planned: string | null = null;
  if (held) {
    const heldOn = addDays(
      deadline,
      -Math.floor(rnd() * 75) + (rnd() < 0.08 ? Math.floor(rnd() * 30) + 1 : 0),
    );
    planned = addDays(heldOn, rnd() < 0.8 ? 0 : -Math.floor(rnd() * 10));
    steps.plan_issued = addDays(heldOn, -90);
    steps.documents_drafted = addDays(heldOn, -45);
    steps.personnel_party = addDays(heldOn, -30);
    steps.personnel_front = addDays(heldOn, -25);
    steps.congress_held = heldOn;
    steps.first_meeting = heldOn;
    if (rnd() < 0.92) steps.results_reported = addDays(heldOn, 1 + Math.floor(rnd() * 5));
    if (steps.results_reported && rnd() < 0.85)
      steps.results_verified = addDays(steps.results_reported, 2 + Math.floor(rnd() * 6));
  } else {
    if (rnd() < 0.6) planned = addDays(today, Math.floor(rnd() * 40) - 10);
    steps.plan_issued = addDays(deadline, -100);
    if (rnd() < 0.6) steps.documents_drafted = addDays(deadline, -50);
  }
  for (const k of STEP_KEYS) if (steps[k] && steps[k] > today) delete steps[k];
  return { planned, steps, pilot: rnd() < 0.03, rnd };
}

async function bulk<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 1000) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Demo progress for every commune of the 34 provinces: each province has its own pace, so the map
 * shows a believable spread; results for the congresses held; and daily snapshots since August.
 * Does nothing when the round already has records.
 */
export async function seedDemoCongress(
  ctx: AppContext,
  db: Executor = ctx.db,
  today = localDate(),
): Promise<void> {
  const round = await currentRound(db, 'commune');
  const [existing] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(congressRecords)
    .where(eq(congressRecords.roundId, round.id));
  if ((existing?.n ?? 0) > 0) return;
  const communes = await db
    .select({ code: units.code, parentCode: units.parentCode })
    .from(units)
    .where(
      and(
        eq(units.level, 'commune'),
        sql`${units.validTo} IS NULL`,
        sql`${units.code} ~ '^[0-9]+$'`,
      ),
    );
  const paces = new Map<string, number>();
  const planned = communes.map((u) => {
    const province = u.parentCode ?? '';
    if (!paces.has(province)) paces.set(province, 0.55 + generator(`p${province}`)() * 0.44);
    return { unit: u, ...commune(u, paces.get(province) ?? 0.8, round.deadline, today) };
  });
  const inserted: { id: number; unitCode: string }[] = [];
  await bulk(planned, async (chunk) => {
    const rows = await db
      .insert(congressRecords)
      .values(
        chunk.map((p) => ({
          roundId: round.id,
          unitCode: p.unit.code,
          parentCode: p.unit.parentCode ?? '',
          plannedDate: p.planned,
          pilot: p.pilot,
          version: 1,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: congressRecords.id, unitCode: congressRecords.unitCode });
    inserted.push(...rows);
  });
  const ids = new Map(inserted.map((r) => [r.unitCode, r.id]));
  const steps: StepRow[] = [];
  const results: (typeof congressResults.$inferInsert)[] = [];
  for (const p of planned) {
    const id = ids.get(p.unit.code);
    if (!id) continue;
    for (const k of STEP_KEYS) {
      const doneOn = p.steps[k];
      if (!doneOn) continue;
      const upper = k === 'personnel_front' || k === 'results_verified';
      steps.push({
        recordId: id,
        step: k,
        doneOn,
        actorUnitCode: upper ? (p.unit.parentCode ?? p.unit.code) : p.unit.code,
        actorName: upper ? 'Ban Thường trực cấp tỉnh' : 'Cán bộ Mặt trận cấp xã',
      });
    }
    if (p.steps.congress_held) {
      const members = 25 + Math.floor(p.rnd() * 20);
      const reelected = Math.floor(members * (0.4 + p.rnd() * 0.3));
      results.push({
        recordId: id,
        delegatesOfficial: 100 + Math.floor(p.rnd() * 80),
        delegatesPresent: 95 + Math.floor(p.rnd() * 5),
        guests: 10 + Math.floor(p.rnd() * 20),
        committeeMembers: members,
        women: Math.floor(members * (0.22 + p.rnd() * 0.18)),
        ethnicMinority: Math.floor(members * p.rnd() * 0.2),
        religious: Math.floor(members * p.rnd() * 0.08),
        nonParty: Math.floor(members * (0.2 + p.rnd() * 0.2)),
        under35: Math.floor(members * (0.05 + p.rnd() * 0.1)),
        reelected,
        newMembers: members - reelected,
        standingBoard: 3,
        chairElected: true,
        viceChairsFullTime: 1,
        viceChairsPartTime: 1,
        vacancies: Math.floor(p.rnd() * 3),
        delegationOfficial: 3 + Math.floor(p.rnd() * 4),
        delegationAlternates: Math.floor(p.rnd() * 2),
      });
    }
  }
  await bulk(steps, (chunk) => db.insert(congressSteps).values(chunk).onConflictDoNothing());
  await bulk(results, (chunk) => db.insert(congressResults).values(chunk).onConflictDoNothing());
  await seedDemoSnapshots(db, round.id, planned, today);
}

/** Daily figures since 1 August 2025, derived from the step dates of the demo communes. */
async function seedDemoSnapshots(
  db: Executor,
  roundId: number,
  planned: { unit: DemoUnit; steps: Partial<Record<StepKey, string>> }[],
  today: string,
): Promise<void> {
  const rows: (typeof congressSnapshots.$inferInsert)[] = [];
  const groups = new Map<string, typeof planned>([['TW', planned]]);
  for (const p of planned) {
    const key = p.unit.parentCode ?? '';
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  for (let day = '2025-08-01'; day <= today; day = addDays(day, 1)) {
    for (const [code, members] of groups) {
      const byStep = Object.fromEntries(
        STEP_KEYS.map((k) => [k, members.filter((m) => (m.steps[k] ?? '9') <= day).length]),
      ) as Record<StepKey, number>;
      rows.push({
        day,
        roundId,
        unitCode: code,
        done: byStep.congress_held,
        total: members.length,
        late: 0,
        byStep,
      });
    }
  }
  await bulk(
    rows,
    (chunk) => db.insert(congressSnapshots).values(chunk).onConflictDoNothing(),
    2000,
  );
}
