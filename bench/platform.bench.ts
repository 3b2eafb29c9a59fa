/**
 * npm run bench:platform — the national unit tree and 10,000 users, then GET /api/v1/units
 * (children of a province, name search) and GET /api/v1/me under autocannon at 50 and 200
 * connections, on PGlite and on PostgreSQL. Goal: p99 < 50 ms at 200 connections on PostgreSQL.
 * BENCH_ENGINE=pglite|postgres runs one engine; BENCH_SECONDS sets each run's length.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '@server/platform/config';
import { hashPassword } from '@server/platform/auth/password';
import { createContext, openDatabase, prepareData } from '@server/bootstrap';
import { createLogger } from '@server/platform/http/logger';
import {
  engines,
  freshDatabase,
  load,
  printTable,
  startServer,
  stopServer,
  type LoadResult,
} from './support';

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const PASSWORD = 'mat-khau-do-tai-1';

async function seed(env: Record<string, string>): Promise<void> {
  const config = loadConfig({ ...process.env, ...env, NODE_ENV: 'development', DEMO: '0' });
  const database = await openDatabase(config);
  const ctx = createContext(config, database, createLogger('warn'));
  await prepareData(ctx);
  const hash = await hashPassword(PASSWORD, config.argon2);
  // Users spread over the communes, inserted in bulk with one shared password hash.
  await ctx.db.execute(sql`
    INSERT INTO users (username, full_name, password_hash)
    SELECT 'bench.' || g, 'Cán bộ ' || g, ${hash} FROM generate_series(1, ${USERS}) g
    ON CONFLICT DO NOTHING`);
  await ctx.db.execute(sql`
    INSERT INTO user_roles (user_id, unit_code, role)
    SELECT u.id, c.code, 'cadre'
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE username LIKE 'bench.%') u
    JOIN (SELECT code, row_number() OVER (ORDER BY code) AS n, count(*) OVER () AS total
          FROM units WHERE level = 'commune') c ON c.n = 1 + (u.n % c.total)
    ON CONFLICT DO NOTHING`);
  await database.close();
}

async function login(base: string): Promise<Record<string, string>> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench.1', password: PASSWORD }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  return { cookie };
}

const summary: { engine: string; rows: LoadResult[] }[] = [];
for (const engine of engines()) {
  const env = await freshDatabase(engine, 'platform');
  await seed(env);
  const port = engine === 'pglite' ? 3201 : 3202;
  const server = await startServer(env, port);
  const base = `http://127.0.0.1:${port}`;
  const headers = await login(base);
  const rows: LoadResult[] = [];
  for (const connections of [50, 200]) {
    rows.push(await load('units?parent=48', `${base}/api/v1/units?parent=48`, connections));
    rows.push(await load('units?q=hoa binh', `${base}/api/v1/units?q=hoa%20binh`, connections));
    rows.push(await load('me', `${base}/api/v1/me`, connections, { headers }));
  }
  await stopServer(server);
  printTable(`${engine} (${USERS} users, data in ${path.basename(env.DATA_DIR ?? '')})`, rows);
  summary.push({ engine, rows });
}

const postgres = summary.find((s) => s.engine === 'postgres');
const pglite = summary.find((s) => s.engine === 'pglite');
if (postgres) {
  const worst = Math.max(...postgres.rows.filter((r) => r.connections === 200).map((r) => r.p99));
  process.stdout.write(
    `\nPostgreSQL worst p99 at 200 connections: ${worst} ms (goal < 50 ms): ${worst < 50 ? 'met' : 'NOT met'}\n`,
  );
}
if (postgres && pglite) {
  for (const row of postgres.rows) {
    const other = pglite.rows.find((r) => r.name === row.name && r.connections === row.connections);
    if (other)
      process.stdout.write(
        `ratio postgres/pglite req/s ${row.name} @${row.connections}: ${(row.rps / Math.max(other.rps, 1)).toFixed(2)}\n`,
      );
  }
}
