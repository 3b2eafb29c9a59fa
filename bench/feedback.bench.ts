/**
 * npm run bench:feedback — BENCH_CASES feedback cases (default 1,000,000) over the 3,321
 * communes on PostgreSQL (DATABASE_URL or BENCH_POSTGRES_URL), then:
 *  - public intake (POST /api/v1/feedback) under autocannon, next to raw single-row INSERTs of
 *    the same rows in the same run (the ratio is our overhead);
 *  - a province cadre's inbox, first page with filters: p50/p99 over sequential requests;
 *  - statistics of one province and of the nation.
 * Goals: intake ≥ 500 req/s; inbox p99 < 100 ms; province stats < 200 ms; nation < 1 s.
 */
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { hashPassword } from '@server/platform/auth/password';
import { openPostgres, rows } from '@server/platform/db/client';
import { loadConfig } from '@server/platform/config';
import { createContext, prepareData } from '@server/bootstrap';
import { createLogger } from '@server/platform/http/logger';
import { modules } from '@server/modules';
import { freshDatabase, POSTGRES_URL, startServer, stopServer } from './support';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3191);
const PASSWORD = 'mat-khau-do-tai-1';
const base = `http://127.0.0.1:${PORT}`;
const out = (line: string) => process.stdout.write(`${line}\n`);

process.env.BENCH_POSTGRES_URL ??= process.env.DATABASE_URL ?? POSTGRES_URL;
const env = await freshDatabase('postgres', 'feedback');
const url = env.DATABASE_URL ?? '';
const config = loadConfig({
  ...process.env,
  ...env,
  NODE_ENV: 'development',
  DEMO: '0',
  LOG_LEVEL: 'warn',
});
const database = openPostgres(url, 4);
const ctx = createContext(config, database, createLogger('warn'));
await prepareData(
  ctx,
  modules.filter((m) => m.id === 'platform' || m.id === 'feedback'),
);

out(`Seeding ${CASES.toLocaleString('en')} cases over the communes…`);
let started = Date.now();
await ctx.db.execute(sql`DROP INDEX IF EXISTS feedback_cases_search_trgm_idx`);
const [counted] = await rows<{ n: number }>(
  ctx.db,
  sql`SELECT count(*)::int AS n FROM units WHERE level = 'commune'`,
);
const communeCount = counted?.n ?? 1;
const BATCH = 200_000;
for (let from = 1; from <= CASES; from += BATCH) {
  const to = Math.min(CASES, from + BATCH - 1);
  await ctx.db.execute(sql`
    WITH communes AS (SELECT code, parent_code, path, row_number() OVER (ORDER BY code) AS n
                      FROM units WHERE level = 'commune'),
         titles AS (SELECT ARRAY['Đường ngập sâu sau mưa', 'Rác thải tồn đọng ở khu dân cư', 'Đèn đường hỏng nhiều ngày',
                                 'Chậm chi trả trợ cấp người cao tuổi', 'Xây dựng không phép lấn chiếm vỉa hè',
                                 'Tiếng ồn quán karaoke ban đêm', 'Ổ gà lớn gây tai nạn', 'Thu phí ngoài quy định ở trường học'] AS t,
                           ARRAY['received','classified','accepted','assigned','in_progress','answer_drafted','answered','rated','closed','returned'] AS s,
                           ARRAY['phan_anh','kien_nghi','khieu_nai','to_cao'] AS ty,
                           ARRAY['giao_thong','moi_truong','dat_dai','an_sinh','y_te','giao_duc','an_ninh','khac'] AS f)
    INSERT INTO feedback_cases (tracking_code, type, field, title, content, search_text, province_code, commune_code, channel,
                                consent, petitioner_name, status, handling_unit_code, handling_unit_path, received_at, due_at,
                                answered_at, step)
    SELECT 'PB-' || g, ty[1 + g % 4], f[1 + g % 8], t[1 + g % 8] || ' số ' || g, t[1 + g % 8] || '. Đề nghị kiểm tra xử lý.',
           vn_fold(t[1 + g % 8] || ' so ' || g || ' ' || t[1 + g % 8]), c.parent_code, c.code, 'web', true, 'Người dân ' || g,
           s[1 + (g / 7) % 10], c.code, c.path, r.at, r.at + interval '21 days',
           CASE WHEN (g / 7) % 10 IN (6, 7, 8) THEN r.at + ((g % 30) || ' days')::interval END,
           CASE WHEN (g / 7) % 10 >= 6 THEN 'none' ELSE 'resolve' END
    FROM generate_series(${from}::int, ${to}::int) g
    CROSS JOIN titles
    JOIN communes c ON c.n = 1 + (g::bigint * 7919) % ${communeCount}
    CROSS JOIN LATERAL (SELECT now() - ((g % 365) || ' days')::interval - ((g % 86400) || ' seconds')::interval AS at) r`);
  out(`  ${to.toLocaleString('en')} rows`);
}
await ctx.db.execute(
  sql`CREATE INDEX feedback_cases_search_trgm_idx ON feedback_cases USING gin (search_text gin_trgm_ops)`,
);
await ctx.db.execute(sql`VACUUM ANALYZE feedback_cases`);
const hash = await hashPassword(PASSWORD, config.argon2);
await ctx.db.execute(
  sql`INSERT INTO users (username, full_name, password_hash) VALUES ('bench.tinh', 'Cán bộ tỉnh', ${hash}) ON CONFLICT DO NOTHING`,
);
await ctx.db.execute(
  sql`INSERT INTO user_roles (user_id, unit_code, role) SELECT id, '48', 'cadre' FROM users WHERE username = 'bench.tinh' ON CONFLICT DO NOTHING`,
);
await ctx.db.execute(
  sql`INSERT INTO users (username, full_name, password_hash) VALUES ('bench.tw', 'Cán bộ TW', ${hash}) ON CONFLICT DO NOTHING`,
);
await ctx.db.execute(
  sql`INSERT INTO user_roles (user_id, unit_code, role) SELECT id, 'TW', 'leader' FROM users WHERE username = 'bench.tw' ON CONFLICT DO NOTHING`,
);
out(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const server = await startServer({ ...env, FEEDBACK_INTAKE_RATE_LIMIT: '100000000' }, PORT);
try {
  // 1. Intake under load, then raw INSERTs of as many equivalent rows.
  const body = JSON.stringify({
    type: 'phan_anh',
    field: 'giao_thong',
    title: 'Đường ngập sâu sau mưa lớn',
    content: 'Đoạn đường trước chợ ngập nửa mét, xe máy chết máy.',
    provinceCode: '48',
    communeCode: '20242',
    consent: true,
    petitioner: { name: 'Nguyễn Văn Bình', phone: '0905123456' },
  });
  const intake = await autocannon({
    url: `${base}/api/v1/feedback`,
    method: 'POST',
    connections: 50,
    duration: SECONDS,
    headers: { 'content-type': 'application/json' },
    body,
  });
  const rps = intake.requests.average;
  const rawRows = Math.max(1000, Math.min(intake.requests.total, 20_000));
  const pool = openPostgres(url, 20);
  started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < rawRows) {
        next += 1;
        const i = next;
        await pool.db.execute(sql`
          INSERT INTO feedback_cases (tracking_code, type, field, title, content, search_text, province_code, commune_code, consent,
                                      petitioner_name, petitioner_phone, handling_unit_code, handling_unit_path, due_at)
          VALUES (${`PR-${i}`}, 'phan_anh', 'giao_thong', 'Đường ngập sâu sau mưa lớn', 'Đoạn đường trước chợ ngập nửa mét, xe máy chết máy.',
                  'duong ngap sau sau mua lon doan duong truoc cho ngap nua met', '48', '20242', true, 'Nguyễn Văn Bình', '0905123456',
                  '20242', 'TW/48/20242', now() + interval '7 days')`);
      }
    }),
  );
  const rawRps = rawRows / ((Date.now() - started) / 1000);
  await pool.close();

  // 2. The province cadre's inbox, first page with filters.
  const cookie = async (username: string) => {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    return r.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  };
  const province = await cookie('bench.tinh');
  const nation = await cookie('bench.tw');
  const time = async (path: string, session: string, runs: number) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      const r = await fetch(`${base}${path}`, { headers: { cookie: session } });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99) };
  };
  const inboxes = {
    'inbox: open statuses, sorted by due date':
      '/api/v1/feedback?status=received,classified,accepted,in_progress&sort=dueAt&order=asc&limit=20',
    'inbox: type + field + last 30 days': `/api/v1/feedback?type=phan_anh&field=giao_thong&from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}&limit=20`,
    'inbox: overdue': '/api/v1/feedback?due=overdue&limit=20',
    'inbox: search "duong ngap"': '/api/v1/feedback?q=duong%20ngap&limit=20',
  };
  const inboxResults: [string, { p50: number; p99: number }][] = [];
  for (const [name, path] of Object.entries(inboxes))
    inboxResults.push([name, await time(path, province, 100)]);
  const provinceStats = await time('/api/v1/feedback/stats?unitCode=48', province, 10);
  const nationStats = await time('/api/v1/feedback/stats?unitCode=TW', nation, 5);

  out(
    `\nFeedback benchmark — ${CASES.toLocaleString('en')} seeded cases, PostgreSQL, ${SECONDS} s intake run\n`,
  );
  out('| measure | value | goal |\n|---|---:|---:|');
  out(
    `| intake POST /api/v1/feedback (50 conns) | ${rps.toFixed(0)} req/s, p99 ${intake.latency.p99} ms, errors ${intake.errors + intake.non2xx} | ≥ 500 req/s |`,
  );
  out(`| raw single-row INSERT (20 conns, ${rawRows} rows) | ${rawRps.toFixed(0)} rows/s | — |`);
  out(`| intake / raw ratio | ${(rps / rawRps).toFixed(2)} | — |`);
  for (const [name, r] of inboxResults)
    out(`| ${name} | p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms | p99 < 100 ms |`);
  out(`| statistics, province 48 | p50 ${provinceStats.p50.toFixed(0)} ms | < 200 ms |`);
  out(`| statistics, nation | p50 ${nationStats.p50.toFixed(0)} ms | < 1000 ms |`);
} finally {
  await stopServer(server);
  await database.close();
}
