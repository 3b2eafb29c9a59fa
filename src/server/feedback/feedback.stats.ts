import { eq, sql } from 'drizzle-orm';
import dayjs from 'dayjs';
import { assertUnitAccess, homeGrant, type CurrentUser } from '@server/platform/auth/access';
import type { AppContext } from '@server/platform/context';
import { rows } from '@server/platform/db/client';
import { errors } from '@server/platform/http/errors';
import { units } from '@server/platform/units/units.tables';
import { endOfLocalDay, TIME_ZONE } from './feedback.deadlines';
import { FINISHED } from './feedback.workflow';

export type StatsQuery = { unitCode?: string; from?: string; to?: string };
type Count = { key: string; count: number };

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

  const [groups, summary, children, topics] = await Promise.all([
    rows<{ dim: string; key: string; count: number }>(
      ctx.db,
      sql`SELECT CASE WHEN GROUPING(c.status) = 0 THEN 'status' WHEN GROUPING(c.type) = 0 THEN 'type'
                      WHEN GROUPING(c.field) = 0 THEN 'field' ELSE 'channel' END AS dim,
                 COALESCE(c.status, c.type, c.field, c.channel) AS key, count(*)::int AS count
          FROM feedback_cases c WHERE ${scope}
          GROUP BY GROUPING SETS ((c.status), (c.type), (c.field), (c.channel))`,
    ),
    rows<{
      total: number;
      answered: number;
      on_time: number;
      avg_days: number | null;
      overdue: number;
      open: number;
    }>(
      ctx.db,
      sql`SELECT count(*)::int AS total,
                 count(c.answered_at)::int AS answered,
                 count(*) FILTER (WHERE c.answered_at IS NOT NULL AND (c.due_at IS NULL OR c.answered_at <= c.due_at))::int AS on_time,
                 avg(extract(epoch FROM (c.answered_at - c.received_at)) / 86400.0)::float8 AS avg_days,
                 count(*) FILTER (WHERE c.status NOT IN (${finished}) AND c.due_at < ${now})::int AS overdue,
                 count(*) FILTER (WHERE c.status NOT IN (${finished}))::int AS open
          FROM feedback_cases c WHERE ${scope}`,
    ),
    rows<{
      code: string;
      name: string;
      total: number;
      overdue: number;
      answered: number;
      on_time: number;
    }>(
      ctx.db,
      // One pass: the child unit is the path segment right below the unit (no join on LIKE).
      sql`SELECT u.code, u.name, x.total, x.overdue, x.answered, x.on_time
          FROM (SELECT split_part(c.handling_unit_path, '/', ${depth + 1}) AS code,
                       count(*)::int AS total,
                       count(*) FILTER (WHERE c.status NOT IN (${finished}) AND c.due_at < ${now})::int AS overdue,
                       count(c.answered_at)::int AS answered,
                       count(*) FILTER (WHERE c.answered_at IS NOT NULL AND (c.due_at IS NULL OR c.answered_at <= c.due_at))::int AS on_time
                FROM feedback_cases c WHERE ${scope} AND c.handling_unit_path LIKE ${`${prefix}%`}
                GROUP BY 1) x
          JOIN units u ON u.code = x.code
          ORDER BY x.total DESC LIMIT 200`,
    ),
    topTopics(ctx, unit.path, now),
  ]);
  const pick = (dim: string): Count[] =>
    groups
      .filter((g) => g.dim === dim)
      .map((g) => ({ key: g.key, count: g.count }))
      .sort((a, b) => b.count - a.count);
  const s = summary[0] ?? {
    total: 0,
    answered: 0,
    on_time: 0,
    avg_days: null,
    overdue: 0,
    open: 0,
  };
  return {
    unit: { code: unit.code, name: unit.name },
    from: q.from ?? null,
    to: q.to ?? null,
    total: s.total,
    open: s.open,
    answered: s.answered,
    overdue: s.overdue,
    onTimeRate: s.answered ? s.on_time / s.answered : null,
    averageDaysToAnswer: s.avg_days === null ? null : Math.round(Number(s.avg_days) * 10) / 10,
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
