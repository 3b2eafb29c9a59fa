import { sql, type SQL } from 'drizzle-orm';
import { scopeCondition, type CurrentUser } from '../platform/auth/access';
import { rows, type Executor } from '../platform/db/client';
import { STEP_KEYS, STRUCTURE_FIELDS, localDate, type StepKey } from './congress.constants';
import type { CongressRound } from './congress.tables';

export const LATE_KINDS = [
  'noDate',
  'afterDeadline',
  'heldNotReported',
  'reportedNotVerified',
] as const;
export type LateKind = (typeof LATE_KINDS)[number];

export const LATE_LABELS: Record<LateKind, string> = {
  noDate: 'Chưa có ngày đại hội',
  afterDeadline: 'Ngày đại hội sau thời hạn',
  heldNotReported: 'Đã đại hội, chưa báo cáo kết quả',
  reportedNotVerified: 'Đã báo cáo, cấp trên chưa xác nhận',
};

type StructureField = (typeof STRUCTURE_FIELDS)[number];
export type Structure = Record<StructureField, number>;

/** Figures of one aggregate (a province, the nation) or one commune. */
export type Progress = {
  code: string;
  name: string;
  /** Units whose congress has been held. */
  done: number;
  total: number;
  /** Units late in at least one of the four ways. */
  late: number;
  percent: number;
  byStep: Record<StepKey, number>;
  lateByKind: Record<LateKind, number>;
  /** People on the committees whose results were reported, summed (ratios come from these sums). */
  structure: Structure;
};

export type CommuneProgress = Progress & {
  plannedDate: string | null;
  heldOn: string | null;
  pilot: boolean;
  lastStep: StepKey | null;
  lateKinds: LateKind[];
};

const snake = (s: string) => s.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/**
 * One row per commune of the round's level with its step dates and late flags, computed from the
 * base rows (records, steps, results) in Asia/Ho_Chi_Minh; nothing is kept as a running counter.
 */
function communeRows(round: CongressRound, today: string, filter: SQL): SQL {
  // Step dates come from the record's step_dates (kept by a trigger on congress_steps).
  const stepColumns = STEP_KEYS.map((k) => sql.raw(`(r.step_dates->>'${k}')::date AS ${k}`));
  const structure = STRUCTURE_FIELDS.map((f) =>
    sql.raw(
      `CASE WHEN s.results_reported IS NOT NULL THEN coalesce(res.${snake(f)}, 0) ELSE 0 END AS ${snake(f)}`,
    ),
  );
  const reportDays = round.targets.reportWithinDays ?? 7;
  const verifyDays = round.targets.verifyWithinDays ?? 7;
  const deadline = sql`${round.deadline}::date`;
  const day = sql`${today}::date`;
  return sql`
    WITH s AS (
      SELECT r.id, r.unit_code, r.planned_date, r.pilot, ${sql.join(stepColumns, sql`, `)}
      FROM congress_records r
      WHERE r.round_id = ${round.id}
    ),
    c AS (
      SELECT u.code, u.name, u.path, u.parent_code, u.sort_key, s.planned_date::text AS planned_date,
        coalesce(s.pilot, false) AS pilot,
        ${sql.join(
          STEP_KEYS.map((k) => sql.raw(`s.${k}::text AS ${k}`)),
          sql`, `,
        )},
        ${sql.join(structure, sql`, `)},
        (s.congress_held IS NULL AND s.planned_date IS NULL) AS late_no_date,
        (s.congress_held > ${deadline} OR (s.congress_held IS NULL AND s.planned_date IS NOT NULL
          AND (s.planned_date > ${deadline} OR ${day} > ${deadline}))) AS late_after_deadline,
        (s.congress_held IS NOT NULL AND s.results_reported IS NULL
          AND ${day} > s.congress_held + ${reportDays}::int) AS late_held_not_reported,
        (s.results_reported IS NOT NULL AND s.results_verified IS NULL
          AND ${day} > s.results_reported + ${verifyDays}::int) AS late_reported_not_verified
      FROM units u
      LEFT JOIN s ON s.unit_code = u.code
      LEFT JOIN congress_results res ON res.record_id = s.id
      WHERE u.level = ${round.level} AND (u.valid_to IS NULL OR u.valid_to > ${day}) AND ${filter}
    )`;
}

function aggregateColumns(): SQL {
  const steps = STEP_KEYS.map((k) => sql.raw(`count(${k})::int AS step_${k}`));
  const sums = STRUCTURE_FIELDS.map((f) =>
    sql.raw(`coalesce(sum(${snake(f)}), 0)::int AS ${snake(f)}`),
  );
  return sql`count(*)::int AS total, count(congress_held)::int AS done,
    count(*) FILTER (WHERE late_no_date OR late_after_deadline OR late_held_not_reported
      OR late_reported_not_verified)::int AS late,
    count(*) FILTER (WHERE late_no_date)::int AS late_no_date,
    count(*) FILTER (WHERE late_after_deadline)::int AS late_after_deadline,
    count(*) FILTER (WHERE late_held_not_reported)::int AS late_held_not_reported,
    count(*) FILTER (WHERE late_reported_not_verified)::int AS late_reported_not_verified,
    ${sql.join(steps, sql`, `)}, ${sql.join(sums, sql`, `)}`;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

function toProgress(code: string, name: string, r: Row): Progress {
  const total = num(r.total);
  const done = num(r.done);
  return {
    code,
    name,
    done,
    total,
    late: num(r.late),
    percent: total ? Math.round((done / total) * 1000) / 10 : 0,
    byStep: Object.fromEntries(STEP_KEYS.map((k) => [k, num(r[`step_${k}`])])) as Record<
      StepKey,
      number
    >,
    lateByKind: Object.fromEntries(
      LATE_KINDS.map((k) => [k, num(r[`late_${snake(k)}`])]),
    ) as Record<LateKind, number>,
    structure: Object.fromEntries(STRUCTURE_FIELDS.map((f) => [f, num(r[snake(f)])])) as Structure,
  };
}

/** Sums aggregates; the nation is the sum of its provinces, which are sums of their communes. */
export function sumProgress(code: string, name: string, parts: Progress[]): Progress {
  const zero = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  const out = {
    code,
    name,
    done: 0,
    total: 0,
    late: 0,
    percent: 0,
    byStep: zero(STEP_KEYS),
    lateByKind: zero(LATE_KINDS),
    structure: zero(STRUCTURE_FIELDS),
  } as Progress;
  for (const p of parts) {
    out.done += p.done;
    out.total += p.total;
    out.late += p.late;
    for (const k of STEP_KEYS) out.byStep[k] += p.byStep[k];
    for (const k of LATE_KINDS) out.lateByKind[k] += p.lateByKind[k];
    for (const k of STRUCTURE_FIELDS) out.structure[k] += p.structure[k];
  }
  out.percent = out.total ? Math.round((out.done / out.total) * 1000) / 10 : 0;
  return out;
}

type ProvinceFigures = { items: (Progress & { path: string })[]; national: Progress };
const memo = new WeakMap<Executor, Map<string, { key: string; value: ProvinceFigures }>>();

/**
 * A fingerprint of everything the figures depend on: every change to a record, its steps or its
 * results raises the record's version; unit merges add units; the day moves the late rules.
 */
async function fingerprint(db: Executor, round: CongressRound, today: string): Promise<string> {
  const [row] = await rows<{ f: string }>(
    db,
    sql`SELECT concat_ws('|', count(*), sum(version), max(updated_at),
        (SELECT concat_ws(':', count(*), max(created_at), count(valid_to)) FROM units)) AS f
      FROM congress_records WHERE round_id = ${round.id}`,
  );
  return `${today}|${row?.f ?? ''}`;
}

/**
 * Every province with its communes' figures, and the nation. Computed from the base rows; the
 * result is reused only while the fingerprint of those rows is unchanged, so it is never stale.
 */
export async function provinceProgress(
  db: Executor,
  round: CongressRound,
  today = localDate(),
): Promise<ProvinceFigures> {
  const key = await fingerprint(db, round, today);
  const perDb = memo.get(db) ?? new Map<string, { key: string; value: ProvinceFigures }>();
  memo.set(db, perDb);
  const hit = perDb.get(`${round.id}`);
  if (hit?.key === key) return hit.value;
  const value = await computeProvinceProgress(db, round, today);
  perDb.set(`${round.id}`, { key, value });
  return value;
}

async function computeProvinceProgress(
  db: Executor,
  round: CongressRound,
  today = localDate(),
): Promise<{ items: (Progress & { path: string })[]; national: Progress }> {
  if (round.level === 'province') {
    // The provinces' own congresses: each province is one unit of the round.
    const own = sql`${communeRows(round, today, sql`true`)}
      SELECT * FROM c ORDER BY sort_key COLLATE "C", code`;
    const items = (await rows<Row>(db, own)).map((r) => ({
      ...communeProgress(r),
      path: String(r.path),
    }));
    return { items, national: sumProgress('TW', 'Toàn quốc', items) };
  }
  const query = sql`${communeRows(round, today, sql`true`)}
    SELECT p.code, p.name, p.path, a.*
    FROM units p
    LEFT JOIN (SELECT parent_code, ${aggregateColumns()} FROM c GROUP BY parent_code) a ON a.parent_code = p.code
    WHERE p.level = 'province' AND (p.valid_to IS NULL OR p.valid_to > ${today}::date)
    ORDER BY p.sort_key COLLATE "C", p.code`;
  const found = await rows<Row>(db, query);
  const items = found.map((r) => ({
    ...toProgress(String(r.code), String(r.name), r),
    path: String(r.path),
  }));
  return { items, national: sumProgress('TW', 'Toàn quốc', items) };
}

function communeProgress(r: Row): CommuneProgress {
  const held = typeof r.congress_held === 'string' ? r.congress_held : null;
  const flags: Record<LateKind, boolean> = {
    noDate: Boolean(r.late_no_date),
    afterDeadline: Boolean(r.late_after_deadline),
    heldNotReported: Boolean(r.late_held_not_reported),
    reportedNotVerified: Boolean(r.late_reported_not_verified),
  };
  const lateKinds = LATE_KINDS.filter((k) => flags[k]);
  const lastStep = [...STEP_KEYS].reverse().find((k) => r[k]) ?? null;
  return {
    code: String(r.code),
    name: String(r.name),
    done: held ? 1 : 0,
    total: 1,
    late: lateKinds.length ? 1 : 0,
    percent: held ? 100 : 0,
    byStep: Object.fromEntries(STEP_KEYS.map((k) => [k, r[k] ? 1 : 0])) as Record<StepKey, number>,
    lateByKind: Object.fromEntries(LATE_KINDS.map((k) => [k, flags[k] ? 1 : 0])) as Record<
      LateKind,
      number
    >,
    structure: Object.fromEntries(STRUCTURE_FIELDS.map((f) => [f, num(r[snake(f)])])) as Structure,
    plannedDate: typeof r.planned_date === 'string' ? r.planned_date : null,
    heldOn: held,
    pilot: Boolean(r.pilot),
    lastStep,
    lateKinds,
  };
}

/** The communes of one province, each with its status. */
export async function communesOf(
  db: Executor,
  round: CongressRound,
  parentCode: string,
  today = localDate(),
): Promise<CommuneProgress[]> {
  const query = sql`${communeRows(round, today, sql`u.parent_code = ${parentCode}`)}
    SELECT * FROM c ORDER BY sort_key COLLATE "C", code`;
  return (await rows<Row>(db, query)).map(communeProgress);
}

/**
 * Late units of the round in the user's tree, optionally within one unit (its path: a province's
 * communes, or one commune) and of one kind. For the commune round these are communes with their
 * province; for the province round, provinces.
 */
export async function lateCommunes(
  db: Executor,
  user: CurrentUser,
  round: CongressRound,
  q: { withinPath?: string; kind?: LateKind; limit: number },
  today = localDate(),
): Promise<(CommuneProgress & { provinceCode: string; provinceName: string })[]> {
  const scope = scopeCondition(user, sql`u.path`);
  const ownProvince = round.level === 'province';
  const parent = q.withinPath
    ? sql`(u.path = ${q.withinPath} OR u.path LIKE ${`${q.withinPath}/%`})`
    : sql`true`;
  const kind = q.kind
    ? sql.raw(`late_${snake(q.kind)}`)
    : sql`(late_no_date OR late_after_deadline OR late_held_not_reported OR late_reported_not_verified)`;
  const query = sql`${communeRows(round, today, sql`${scope} AND ${parent}`)}
    SELECT c.*, p.code AS province_code, p.name AS province_name
    FROM c JOIN units p ON p.code = ${ownProvince ? sql`c.code` : sql`c.parent_code`}
    WHERE ${kind}
    ORDER BY p.sort_key COLLATE "C", c.sort_key COLLATE "C", c.code
    LIMIT ${q.limit}`;
  return (await rows<Row>(db, query)).map((r) => ({
    ...communeProgress(r),
    provinceCode: String(r.province_code),
    provinceName: String(r.province_name),
  }));
}

/**
 * Writes the day's figures for every province and the nation. Re-running a day replaces that day's
 * rows (upsert on round, unit and day), so nothing is counted twice.
 */
export async function takeSnapshot(
  db: Executor,
  round: CongressRound,
  day = localDate(),
): Promise<number> {
  const { items, national } = await provinceProgress(db, round, day);
  const all = [...items, national];
  const values = all.map(
    (p) =>
      sql`(${day}::date, ${round.id}, ${p.code}, ${p.done}, ${p.total}, ${p.late}, ${JSON.stringify(p.byStep)}::jsonb)`,
  );
  await db.execute(sql`
    INSERT INTO congress_snapshots (day, round_id, unit_code, done, total, late, by_step)
    VALUES ${sql.join(values, sql`, `)}
    ON CONFLICT (round_id, unit_code, day) DO UPDATE SET done = excluded.done, total = excluded.total,
      late = excluded.late, by_step = excluded.by_step`);
  return all.length;
}

export type SnapshotPoint = {
  day: string;
  done: number;
  total: number;
  late: number;
  verified: number;
};

/** Progress over time of the nation ('TW') or a province, oldest first. */
export async function snapshotHistory(
  db: Executor,
  round: CongressRound,
  unitCode: string,
  days = 400,
): Promise<SnapshotPoint[]> {
  const found = await rows<{
    day: string;
    done: number;
    total: number;
    late: number;
    verified: number | null;
  }>(
    db,
    sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, done, total, late, (by_step->>'results_verified')::int AS verified
      FROM congress_snapshots
      WHERE round_id = ${round.id} AND unit_code = ${unitCode} AND day > (${localDate()}::date - ${days}::int)
      ORDER BY day`,
  );
  return found.map((r) => ({ ...r, verified: r.verified ?? 0 }));
}
