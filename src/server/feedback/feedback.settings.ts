import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '@server/platform/context';
import type { Executor } from '@server/platform/db/client';
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from '@server/platform/audit/audit.service';
import { DEFAULT_DEADLINES, type DeadlineRules } from './feedback.deadlines';
import { SEED_HOLIDAYS } from './feedback.holidays';
import { feedbackHolidays, feedbackSettings } from './feedback.tables';

/**
 * `maxExtensionDays`: the longest extension, in working days beyond the current due date; 30 by
 * default, the longest the laws allow (a complex denunciation, Law on Denunciations 2018 art. 30).
 */
export type FeedbackSettings = {
  deadlines: DeadlineRules;
  reopenDays: number;
  maxExtensionDays: number;
};

export const DEFAULT_SETTINGS: FeedbackSettings = {
  deadlines: DEFAULT_DEADLINES,
  reopenDays: 30,
  maxExtensionDays: 30,
};

/** The configured deadlines and reopen window, defaults filling what is not set. */
export async function getSettings(db: Executor): Promise<FeedbackSettings> {
  const found = await db.select().from(feedbackSettings);
  const value = (key: string) => found.find((r) => r.key === key)?.value;
  const deadlines = value('deadlines') as Partial<DeadlineRules> | undefined;
  const reopenDays = value('reopenDays');
  const maxExtensionDays = value('maxExtensionDays');
  return {
    deadlines: { ...DEFAULT_DEADLINES, ...deadlines },
    reopenDays: typeof reopenDays === 'number' ? reopenDays : DEFAULT_SETTINGS.reopenDays,
    maxExtensionDays:
      typeof maxExtensionDays === 'number' ? maxExtensionDays : DEFAULT_SETTINGS.maxExtensionDays,
  };
}

export async function saveSettings(
  db: Executor,
  settings: FeedbackSettings,
  actor: AuditActor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getSettings(tx);
    for (const [key, value] of Object.entries(settings)) {
      await tx
        .insert(feedbackSettings)
        .values({ key, value })
        .onConflictDoUpdate({
          target: feedbackSettings.key,
          set: { value, updatedAt: new Date() },
        });
    }
    await recordAudit(tx, actor, {
      action: 'feedback.settings.update',
      entityType: 'feedback_settings',
      before,
      after: settings,
    });
  });
  calendarVersion += 1;
}

/** The holiday calendar as a set of local dates. */
export async function holidaySet(db: Executor): Promise<Set<string>> {
  const found = await db.select({ day: feedbackHolidays.day }).from(feedbackHolidays);
  return new Set(found.map((h) => h.day));
}

export function listHolidays(db: Executor) {
  return db.select().from(feedbackHolidays).orderBy(asc(feedbackHolidays.day));
}

export async function putHoliday(
  db: Executor,
  day: string,
  input: { name: string; source?: string | null },
  actor: AuditActor,
) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(feedbackHolidays).where(eq(feedbackHolidays.day, day));
    await tx
      .insert(feedbackHolidays)
      .values({ day, name: input.name, source: input.source ?? null })
      .onConflictDoUpdate({
        target: feedbackHolidays.day,
        set: { name: input.name, source: input.source ?? null, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      action: 'feedback.holiday.put',
      entityType: 'feedback_holiday',
      entityId: day,
      before,
      after: input,
    });
  });
  calendarVersion += 1;
}

export async function deleteHoliday(
  db: Executor,
  day: string,
  actor: AuditActor,
): Promise<boolean> {
  const found = await db.transaction(async (tx) => {
    const removed = await tx
      .delete(feedbackHolidays)
      .where(eq(feedbackHolidays.day, day))
      .returning();
    if (removed.length)
      await recordAudit(tx, actor, {
        action: 'feedback.holiday.delete',
        entityType: 'feedback_holiday',
        entityId: day,
        before: removed[0],
      });
    return removed.length > 0;
  });
  calendarVersion += 1;
  return found;
}

/** Seeds the 2025–2027 calendar; days already present (perhaps edited) are left alone. */
export async function seedHolidays(db: Executor): Promise<void> {
  const source =
    'Bộ luật Lao động 2019 điều 112; lịch nghỉ do Chính phủ công bố (xem feedback.holidays.ts)';
  const inserted = await db
    .insert(feedbackHolidays)
    .values(SEED_HOLIDAYS.map((h) => ({ ...h, source })))
    .onConflictDoNothing()
    .returning({ day: feedbackHolidays.day });
  if (inserted.length) {
    await recordAudit(db, SYSTEM_ACTOR, {
      action: 'feedback.holiday.seed',
      entityType: 'feedback_holiday',
      after: { days: inserted.length },
    });
  }
}

/** Bumped by every change of settings or holidays, so cached copies are dropped at once. */
let calendarVersion = 0;
const CACHE_MS = 60_000;
type Cached = { at: number; version: number; settings: FeedbackSettings; holidays: Set<string> };
const cache = new WeakMap<AppContext, Cached>();

/**
 * Settings and holidays for the hot paths (intake, inbox), kept for a minute per process.
 * Changes made through this process show at once; other servers see them within a minute.
 */
export async function calendar(
  ctx: AppContext,
): Promise<{ settings: FeedbackSettings; holidays: Set<string> }> {
  const hit = cache.get(ctx);
  if (hit && hit.version === calendarVersion && Date.now() - hit.at < CACHE_MS) return hit;
  const [settings, holidays] = await Promise.all([getSettings(ctx.db), holidaySet(ctx.db)]);
  const fresh = { at: Date.now(), version: calendarVersion, settings, holidays };
  cache.set(ctx, fresh);
  return fresh;
}
