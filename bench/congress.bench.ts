/**
 * npm run bench:congress — every one of the 3,356 units with all eight steps and results, and one
 * year of daily snapshots; then the national dashboard request (GET /api/v1/congress/progress
 * ?level=province), a province drill-down (?level=commune&parent=01, 126 communes) and the
 * progress-over-time request, measured one after another (p50/p99) on PGlite and on PostgreSQL.
 * Goal: national dashboard p99 < 100 ms on PostgreSQL. BENCH_ENGINE=pglite|postgres runs one
 * engine; BENCH_REQUESTS sets the number of timed requests per route (default 300).
 *
 * The national figures are memoised on a fingerprint of the records, so repeated dashboard requests
 * are cache hits. The uncached case is measured too: before each of BENCH_UNCACHED_RUNS requests
 * (default 40) one record is changed, outside the timing, so the figures are computed afresh; with
 * so few runs p99 is close to the maximum.
 */
import { sql } from 'drizzle-orm';
import { createContext, openDatabase, prepareData } from '@server/bootstrap';
import { modules } from '@server/modules';
import { SYSTEM_ACTOR } from '@server/platform/audit/audit.service';
import { loadConfig } from '@server/platform/config';
import { buildApp } from '@server/platform/http/app';
import { createLogger } from '@server/platform/http/logger';
import { createUser } from '@server/platform/users/users.service';
import { engines, freshDatabase } from './support';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const UNCACHED_RUNS = Number(process.env.BENCH_UNCACHED_RUNS ?? 40);
const PASSWORD = 'mat-khau-do-tai-1';

type Row = { engine: string; name: string; p50: number; p99: number; mean: number; n: number };

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] ?? 0) * 10) / 10;
}

/** All units: a record, the eight steps and results each; 365 days of snapshots. */
const FILL = [
  sql`INSERT INTO congress_records (round_id, unit_code, parent_code, planned_date, venue, version)
      SELECT r.id, u.code, coalesce(u.parent_code, u.code), DATE '2025-10-01' + (abs(hashtext(u.code)) % 40),
        'Hội trường ' || u.short_name, 1
      FROM units u JOIN congress_rounds r ON r.level = u.level AND r.is_current
      ON CONFLICT DO NOTHING`,
  sql`INSERT INTO congress_steps (record_id, step, done_on, actor_unit_code, actor_name)
      SELECT rec.id, s.step, rec.planned_date + s.shift,
        CASE WHEN s.step IN ('personnel_front', 'results_verified') THEN rec.parent_code ELSE rec.unit_code END,
        'Cán bộ đo tải'
      FROM congress_records rec
      CROSS JOIN (VALUES ('plan_issued', -90), ('documents_drafted', -45), ('personnel_party', -30),
        ('personnel_front', -25), ('congress_held', 0), ('first_meeting', 0), ('results_reported', 3),
        ('results_verified', 8)) AS s(step, shift)
      ON CONFLICT DO NOTHING`,
  sql`INSERT INTO congress_results (record_id, delegates_official, delegates_present, guests, committee_members,
        women, ethnic_minority, religious, non_party, under35, reelected, new_members, standing_board,
        chair_elected, vice_chairs_full_time, vice_chairs_part_time, vacancies, delegation_official,
        delegation_alternates)
      SELECT id, 150, 145, 20, 40, 13, 3, 1, 14, 5, 24, 16, 3, true, 1, 1, 1, 5, 1 FROM congress_records
      ON CONFLICT DO NOTHING`,
  sql`INSERT INTO congress_snapshots (day, round_id, unit_code, done, total, late, by_step)
      SELECT d::date, r.id, p.code, 50, 100, 5, '{"congress_held":50,"results_verified":40}'::jsonb
      FROM generate_series(current_date - 364, current_date, interval '1 day') d
      CROSS JOIN (SELECT code FROM units WHERE level = 'province' UNION ALL SELECT 'TW') p
      JOIN congress_rounds r ON r.level = 'commune' AND r.is_current
      ON CONFLICT DO NOTHING`,
];

type Timing = {
  requests?: number;
  warmup?: number;
  /** Runs before each request, outside the timing (e.g. a write that invalidates a cache). */
  before?: (i: number) => Promise<unknown>;
};

async function measure(
  base: string,
  cookie: string,
  name: string,
  path: string,
  engine: string,
  { requests = REQUESTS, warmup = 20, before }: Timing = {},
): Promise<Row> {
  const times: number[] = [];
  for (let i = 0; i < warmup + requests; i += 1) {
    await before?.(i);
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    if (i >= warmup) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const mean = Math.round((times.reduce((s, t) => s + t, 0) / times.length) * 10) / 10;
  return {
    engine,
    name,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    mean,
    n: times.length,
  };
}

const results: Row[] = [];
for (const engine of engines()) {
  const env = await freshDatabase(engine, 'congress');
  const config = loadConfig({
    ...process.env,
    ...env,
    NODE_ENV: 'development',
    DEMO: '0',
    LOG_LEVEL: 'warn',
  });
  const database = await openDatabase(config);
  const ctx = createContext(config, database, createLogger('warn'));
  const seeded = performance.now();
  await prepareData(ctx);
  for (const statement of FILL) await ctx.db.execute(statement);
  await ctx.db.execute(sql`ANALYZE`);
  const counts = (await ctx.db.execute(sql`SELECT
      (SELECT count(*) FROM congress_records)::int AS records, (SELECT count(*) FROM congress_steps)::int AS steps,
      (SELECT count(*) FROM congress_results)::int AS results, (SELECT count(*) FROM congress_snapshots)::int AS snapshots`)) as {
    rows: Record<string, number>[];
  };
  process.stdout.write(
    `\n${engine}: data ready in ${Math.round(performance.now() - seeded)} ms — ${JSON.stringify(counts.rows[0])}\n`,
  );
  await createUser(
    ctx.db,
    {
      username: 'bench.tw',
      fullName: 'Cán bộ Trung ương',
      password: PASSWORD,
      roles: [{ unitCode: 'TW', role: 'viewer' }],
    },
    config.argon2,
    SYSTEM_ACTOR,
  );
  const app = await buildApp(ctx, modules);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench.tw', password: PASSWORD }),
  });
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  results.push(
    await measure(
      base,
      cookie,
      'national dashboard, cached (memo hit)',
      '/api/v1/congress/progress?level=province',
      engine,
    ),
  );
  // A real change to one record (rotating through them) moves the fingerprint: the next dashboard
  // request computes every province from the base rows again.
  const ids = (
    (await ctx.db.execute(sql`SELECT id FROM congress_records ORDER BY id`)) as {
      rows: { id: number }[];
    }
  ).rows.map((r) => Number(r.id));
  const touch = (i: number) =>
    ctx.db.execute(
      sql`UPDATE congress_records SET version = version + 1, updated_at = now()
        WHERE id = ${ids[i % ids.length] ?? 0}`,
    );
  results.push(
    await measure(
      base,
      cookie,
      'national dashboard, uncached (after a write)',
      '/api/v1/congress/progress?level=province',
      engine,
      { requests: UNCACHED_RUNS, warmup: 3, before: touch },
    ),
  );
  results.push(
    await measure(
      base,
      cookie,
      'province drill-down (01)',
      '/api/v1/congress/progress?level=commune&parent=01',
      engine,
    ),
  );
  results.push(
    await measure(
      base,
      cookie,
      'progress over time (TW)',
      '/api/v1/congress/history?unit=TW',
      engine,
    ),
  );
  await app.close();
  await database.close();
}

process.stdout.write(
  '\n| engine | request | n | p50 ms | p99 ms | mean ms |\n|---|---|---:|---:|---:|---:|\n',
);
for (const r of results)
  process.stdout.write(`| ${r.engine} | ${r.name} | ${r.n} | ${r.p50} | ${r.p99} | ${r.mean} |\n`);
const pg = results.find(
  (r) => r.engine === 'postgres' && r.name.startsWith('national dashboard, cached'),
);
if (pg)
  process.stdout.write(
    `\nPostgreSQL national dashboard cached p99: ${pg.p99} ms (goal < 100 ms): ${pg.p99 < 100 ? 'met' : 'NOT met'}\n`,
  );
const pgCold = results.find(
  (r) => r.engine === 'postgres' && r.name.startsWith('national dashboard, uncached'),
);
if (pgCold)
  process.stdout.write(
    `PostgreSQL national dashboard uncached p99: ${pgCold.p99} ms (goal < 100 ms): ${pgCold.p99 < 100 ? 'met' : 'NOT met'}\n`,
  );
const lite = results.find(
  (r) => r.engine === 'pglite' && r.name.startsWith('national dashboard, cached'),
);
if (pg && lite)
  process.stdout.write(
    `ratio pglite/postgres national p50: ${(lite.p50 / Math.max(pg.p50, 0.1)).toFixed(2)}\n`,
  );
