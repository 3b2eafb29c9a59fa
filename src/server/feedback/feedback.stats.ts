import { eq, sql } from 'drizzle-orm';
import dayjs from 'dayjs';
import { assertUnitAccess, homeGrant, type CurrentUser } from '@server/platform/auth/access';
import type { AppContext } from '@server/platform/context';
import { rows } from '@server/platform/db/client';
import { errors } from '@server/platform/http/errors';
import { units } from '@server/platform/units/units.tables';
import { endOfLocalDay, TIME_ZONE } from './feedback.deadlines';
import { unitNames } from './feedback.service';
import { FINISHED } from './feedback.workflow';

export type StatsQuery = { unitCode?: string; from?: string; to?: string };
type Count = { key: string; count: number };
type Figure = {
  dim: 'status' | 'type' | 'field' | 'channel' | 'unit' | 'all';
  key: string;
  total: number;
  answered: number;
  on_time: number;
  days: number | null;
  overdue: number;
  open: number;
};

/**
 * Figures of a unit rolled up over its tree (units.path prefix): counts by status, type, field,
 * channel and by unit one level down; on-time rate; average days to answer; top fields this
 * month against last month. Only counts leave: no personal data.
 */
export async function feedbackStats(ctx: AppContext, user: CurrentUser, q: StatsQuery) {
  const code = q.unitCode ?? user.activeUnitCode ?? homeGrant(user)?.unitCode;
  if (!code) throw errors.forbidden();
  const [unit] = await ctx.db.select().from(units).where(eq(units.code, code));
  if (!unit) throw errors.validation('unitCode', 'không có đơn vị với mã này.');
  assertUnitAccess(user, unit.path);
  const now = new Date();
  const from = q.from
    ? dayjs.tz(`${q.from} 00:00`, TIME_ZONE).toDate()
    : new Date('2000-01-01T00:00:00Z');
  const to = q.to ? endOfLocalDay(q.to) : now;
  const prefix = `${unit.path}/`;
  const depth = unit.path.split('/').length;
  // One index range on the path, then the exact tree (see pathPrefix in feedback.policy.ts).
  const scope = sql`c.handling_unit_path LIKE ${`${unit.path}%`} AND (c.handling_unit_path = ${unit.path} OR c.handling_unit_path LIKE ${`${prefix}%`}) AND c.received_at BETWEEN ${from} AND ${to}`;
  const finished = sql.join(
    FINISHED.map((s) => sql`${s}`),
    sql`, `,
  );
  // Overdue leaves out paused cases too: their deadline clock is stopped.
  const clockStopped = sql.join(
    [...FINISHED, 'paused'].map((s) => sql`${s}`),
    sql`, `,
  );

  // One scan of the tree's cases grouped by every dimension at once, then the small result is
  // rolled up per dimension; enough work memory keeps the grouping in a hash (no disk sort), and
  // JIT compiling costs more than it saves on a query of this size.
  const [figures, topics] = await Promise.all([
    ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
      await tx.execute(sql`SET LOCAL jit = off`);
      // Over an empty period the grand total () is still one row, of NULL sums: hence COALESCE.
      return rows<Figure>(
        tx,
        sql`WITH base AS (
              SELECT c.status, c.type, c.field, c.channel,
                     split_part(c.handling_unit_path, '/', ${depth + 1}) AS child,
                     count(*)::int AS total,
                     count(c.answered_at)::int AS answered,
                     count(*) FILTER (WHERE c.answered_at IS NOT NULL
                                        AND (c.due_at IS NULL OR c.answered_at <= c.due_at))::int AS on_time,
                     sum(extract(epoch FROM (c.answered_at - c.received_at)) / 86400.0) AS days,
                     count(*) FILTER (WHERE c.status NOT IN (${clockStopped}) AND c.due_at < ${now})::int AS overdue,
                     count(*) FILTER (WHERE c.status NOT IN (${finished}))::int AS open
              FROM feedback_cases c WHERE ${scope}
              GROUP BY 1, 2, 3, 4, 5)
            SELECT CASE WHEN GROUPING(status) = 0 THEN 'status' WHEN GROUPING(type) = 0 THEN 'type'
                        WHEN GROUPING(field) = 0 THEN 'field' WHEN GROUPING(channel) = 0 THEN 'channel'
                        WHEN GROUPING(child) = 0 THEN 'unit' ELSE 'all' END AS dim,
                   COALESCE(status, type, field, channel, child, '') AS key,
                   COALESCE(sum(total), 0)::int AS total, COALESCE(sum(answered), 0)::int AS answered,
                   COALESCE(sum(on_time), 0)::int AS on_time, sum(days)::float8 AS days,
                   COALESCE(sum(overdue), 0)::int AS overdue, COALESCE(sum(open), 0)::int AS open
            FROM base GROUP BY GROUPING SETS ((status), (type), (field), (channel), (child), ())`,
      );
    }),
    topTopics(ctx, unit.path, now),
  ]);
  const pick = (dim: string): Count[] =>
    figures
      .filter((g) => g.dim === dim)
      .map((g) => ({ key: g.key, count: g.total }))
      .sort((a, b) => b.count - a.count);
  const s = figures.find((g) => g.dim === 'all') ?? {
    total: 0,
    answered: 0,
    on_time: 0,
    days: null,
    overdue: 0,
    open: 0,
  };
  // Cases handled at the unit itself have no child segment; the rest belong to a unit below.
  const childFigures = figures
    .filter((g) => g.dim === 'unit' && g.key !== '')
    .sort((a, b) => b.total - a.total)
    .slice(0, 200);
  const childNames = await unitNames(
    ctx.db,
    childFigures.map((c) => c.key),
  );
  const children = childFigures.flatMap((c) => {
    const name = childNames.get(c.key);
    return name ? [{ ...c, code: c.key, name }] : [];
  });
  return {
    unit: { code: unit.code, name: unit.name },
    from: q.from ?? null,
    to: q.to ?? null,
    total: s.total,
    open: s.open,
    answered: s.answered,
    overdue: s.overdue,
    onTimeRate: s.answered ? s.on_time / s.answered : null,
    averageDaysToAnswer:
      s.days === null || !s.answered ? null : Math.round((Number(s.days) / s.answered) * 10) / 10,
    byStatus: pick('status'),
    byType: pick('type'),
    byField: pick('field'),
    byChannel: pick('channel'),
    byUnit: children.map((c) => ({
      code: c.code,
      name: c.name,
      total: c.total,
      overdue: c.overdue,
      onTimeRate: c.answered ? c.on_time / c.answered : null,
    })),
    topTopics: topics,
  };
}

/** Fields most reported this month, next to last month's count. */
async function topTopics(ctx: AppContext, path: string, now: Date) {
  const month = dayjs(now).tz(TIME_ZONE).startOf('month');
  const thisStart = dayjs.tz(month.format('YYYY-MM-DD 00:00'), TIME_ZONE).toDate();
  const lastStart = dayjs
    .tz(month.subtract(1, 'month').format('YYYY-MM-DD 00:00'), TIME_ZONE)
    .toDate();
  const found = await rows<{ field: string; this_month: number; last_month: number }>(
    ctx.db,
    sql`SELECT c.field,
               count(*) FILTER (WHERE c.received_at >= ${thisStart})::int AS this_month,
               count(*) FILTER (WHERE c.received_at < ${thisStart})::int AS last_month
        FROM feedback_cases c
        WHERE (c.handling_unit_path = ${path} OR c.handling_unit_path LIKE ${`${path}/%`})
          AND c.received_at >= ${lastStart} AND c.received_at <= ${now}
        GROUP BY c.field ORDER BY this_month DESC, last_month DESC LIMIT 10`,
  );
  return found.map((f) => ({ field: f.field, thisMonth: f.this_month, lastMonth: f.last_month }));
}

export type FeedbackStats = Awaited<ReturnType<typeof feedbackStats>>;
